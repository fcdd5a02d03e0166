"""The two ways the package stops: bad input (naming the place it was found) and a failed build step.

>>> str(InputError("not a number: 'abc'", file="data/raw/x.csv", row=3, column="mean"))
"data/raw/x.csv, row 3 (line 4), column 'mean': not a number: 'abc'"
"""
from __future__ import annotations

__all__ = ["InputError", "StepFailed", "read_input", "open_input"]


class InputError(ValueError):
    """Bad input that must stop the build, naming file, row and column.

    Parameters
    ----------
    message : str
        What is wrong.
    file : str, optional
        The file (relative to the repository root) that holds the bad value.
    row : int, optional
        The 1-based data row; the file line is ``row + 1`` (the header is line 1).
    column : str, optional
        The column name.
    """

    def __init__(self, message: str, *, file: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        self.message, self.file, self.row, self.column = message, file, row, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return (", ".join(where) + ": " if where else "") + self.message


class StepFailed(RuntimeError):
    """A build step failed (not bad input); the message says which and why."""


def open_input(path, what: str):
    """An input file opened for reading bytes; the errors of :func:`read_input`, in its words."""
    shown = str(path)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError("file not found", file=shown) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {what}", file=shown) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", file=shown) from None


def read_input(path, what: str) -> bytes:
    """The bytes of an input file; an :class:`InputError` naming it (as given) if it is missing, a folder or
    unreadable. ``what`` says what it should have been (``"a CSV file"``)."""
    with open_input(path, what) as fh:
        return fh.read()
