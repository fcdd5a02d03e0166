"""Build: the transactional pipeline, the kernels that execute the notebooks, the table writers, runs and the bench.
"""
__all__: list[str] = []
