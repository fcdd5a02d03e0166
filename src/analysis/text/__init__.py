"""Text: every sentence a reader sees, in English and Chinese, and the narrative built from it.
"""
__all__: list[str] = []
