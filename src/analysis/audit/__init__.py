"""Audit: a user's table of printed results checked by the same engine.
"""
__all__: list[str] = []
