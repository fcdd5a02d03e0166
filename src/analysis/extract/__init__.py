"""From a paper's text to its checks: read the printed results of a plain-text or PDF source (Chinese or
English, prose and tables) as rows of the audit's input format, and check them with the same engine.

==============  ====================================================================================
module          what it holds
==============  ====================================================================================
``source``      reading a source: UTF-8 or GB18030 text, or the text layer of a PDF; bad input
``normal``      the printed forms normalised (full-width signs, the typographic minus, χ²)
``rows``        an extracted row: the audit's columns plus ``source_line``, ``location``, ``raw``
``inline``      tests printed in a sentence: APA (``t(58) = 2.14, p = .037``) and Chinese
                (``t=4.498, P<0.001`` with full-width signs, ``t`` and ``P`` "values are")
``tables``      tables: group rows with n and ``mean ± SD`` or ``n(%)`` cells over statistic and P
                rows, growth rows; variables in rows with the groups' n in the header
``prose``       growth, decline and share statements; significance statements; the methods' alpha
``paper``       one paper extracted: every reader, numbers restated, claims resolved to their rows
``check``       ``check-paper``: extract, audit, findings, and the bilingual page
``corpus``      ``check-corpus``: many papers at once on a Dask cluster
``propose``     ``new-study --from-text``: the scaffold filled with the extracted values, proposed
==============  ====================================================================================
"""
__all__: list[str] = []
