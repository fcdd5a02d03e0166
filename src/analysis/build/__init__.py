"""Build: the transactional pipeline, the kernels that execute the notebooks, the table writers, runs, the
``explain`` command and the bench.
"""
__all__: list[str] = []
