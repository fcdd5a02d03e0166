"""Data: the data package and its validation, check specifications, notebook parameters, the cross-city coding and
the scaffold of a new study.
"""
__all__: list[str] = []
