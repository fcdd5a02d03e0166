"""Text: every sentence a reader sees, in English and Chinese, and the narrative built from it.

:mod:`~analysis.text.catalogue` holds every message by id (``messages/*.toml``, one file per part of the
package: checks, findings, narrative, places, report, pages, figures, cross-city, results, scaffold) with
typed parameters; :mod:`~analysis.text.places` names sections and places, :mod:`~analysis.text.labels`
the vocabularies, :mod:`~analysis.text.numbers` formats recomputed values, and
:mod:`~analysis.text.narrative` writes the paragraphs of a report from the ledger's facts. Chinese appears
in no module of the package outside this one (``tests/text/test_catalogue.py``).
"""
__all__: list[str] = []
