"""Statistics: counts and rates, tests and p-values, effect sizes, and the diagnosis of a test that does not reproduce.
"""
__all__: list[str] = []
