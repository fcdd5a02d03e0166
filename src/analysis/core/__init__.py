"""Core: the vocabulary, the bad-input error, rounding, paths and configuration, atomic writes.

Imports nothing else of the package.
"""
__all__: list[str] = []
