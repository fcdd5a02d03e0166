"""Reproduction and re-analysis of five Chinese publications on medical consortia; the engine that checks any
paper's printed results the same way.

One subpackage per layer, lowest first; a module imports only its own
subpackage and lower layers (``tests/system/test_architecture.py`` checks it):

==============  ==================================================================================
layer           what it holds
==============  ==================================================================================
``core``        vocabulary (verdicts, categories, severities), the bad-input error, rounding of
                printed numbers, configuration and paths, provenance hashes, caches, atomic writes
``text``        the message catalogue (every sentence and label, English and Chinese, by id),
                sections and places, numbers as a reader sees them, the narrative
``stats``       counts and rates, tests and p-values, effect sizes, diagnosis of a test
``checks``      the engine that judges a printed number, and every kind of check
``data``        the data package and its validation, check specifications, parameters, the
                cross-city coding, the scaffold of a new study
``results``     the consistency ledger, findings, re-analysis, coverage counts, a study's results
``report``      what the study notebook shows (blocks, sections), figures, pages
``crosscity``   the cross-city comparison: agreement, similarity, clustering, consensus, its
                sections, figures and tables
``audit``       a user's table of printed results, checked by the same engine
``extract``     a paper's text (Chinese or English, prose and tables, plain text or PDF) read into rows of
                the audit, checked end to end (one page), many papers at once on Dask, a study proposed
``build``       the transactional build, kernels, table writers, notebook runs, the bench
``cli``         ``python -m analysis <command>``: argument parsing only
==============  ==================================================================================
"""
__all__: list[str] = []
