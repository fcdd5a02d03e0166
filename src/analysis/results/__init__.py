"""Results: the consistency ledger, the findings, the re-analysis and the counts of what was checked.
"""
__all__: list[str] = []
