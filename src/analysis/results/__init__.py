"""Results: the consistency ledger, the findings, the re-analysis, the counts of what was checked and the trail
of each checked number.
"""
__all__: list[str] = []
