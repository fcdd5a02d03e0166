"""Writing outputs atomically.

Every generated file is written to a temporary file in the same folder and
renamed into place, so a failed build never leaves a half-written file and the
last good output stays until a new one is complete.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "x.txt", "hello\\n"); (d / "x.txt").read_text()
'hello\\n'
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_write", "atomic_files", "csv_text", "csv_lines"]


def atomic_write(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Parameters
    ----------
    path : Path or str
        Destination; its folder is created if needed.
    data : str or bytes
        Text (written as UTF-8 with ``\\n`` line ends) or bytes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_files(*paths):
    """Text files written as they are computed and put in place only when all are complete.

    Yields one handle per path (UTF-8, no newline translation), each on a temporary file in its folder;
    when the block ends normally they are renamed into place in order, and on any exception they are removed,
    so the last good outputs stay intact and nothing half-written is ever left. An ``OSError`` while writing
    or renaming names the destination, never the temporary file (``filename`` is the path given).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_files(d / "a.csv", d / "b.html") as (a, b):
    ...     _ = a.write("x\\n"), b.write("<p>")
    >>> (d / "a.csv").read_text(), sorted(p.name for p in d.iterdir())
    ('x\\n', ['a.csv', 'b.html'])
    """
    made: list[tuple[Path, str, object]] = []
    current = None
    try:
        for path in map(Path, paths):
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            made.append((path, tmp, open(fd, "w", encoding="utf-8", newline="")))
        yield [fh for _, _, fh in made]
        for path, tmp, fh in made:
            current = path
            fh.close()
            os.chmod(tmp, 0o644)
        for path, tmp, _ in made:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        _discard(made)
        raise OSError(exc.errno, exc.strerror or str(exc), str(current)) from None
    except BaseException:
        _discard(made)
        raise


def _discard(made: list) -> None:
    for _, tmp, fh in made:
        fh.close()
        Path(tmp).unlink(missing_ok=True)


def csv_lines(columns: list) -> str:
    """Rows given as columns of text, as :func:`csv.writer` (minimal quoting, ``\\n`` line ends) writes them.

    A cell is quoted when it holds a comma, a double quote (doubled inside) or a line feed; a row of one empty
    cell is written ``""``. Each column is looked at cell by cell only when one of its cells needs quoting,
    which is what makes this faster than the writer (it looks at every character of every cell).

    >>> csv_lines([("a", 'b"c', ""), ("x,y", "z", "")])
    'a,"x,y"\\n"b""c",z\\n,\\n'
    >>> csv_lines([("", "1")])
    '""\\n1\\n'
    """
    out = []
    for col in columns:
        joined = "\x1f".join(col)
        if "," in joined or '"' in joined or "\n" in joined:
            col = ['"' + c.replace('"', '""') + '"' if "," in c or '"' in c or "\n" in c else c for c in col]
        if len(columns) == 1:
            col = [c or '""' for c in col]
        out.append(col)
    return "\n".join(map(",".join, zip(*out))) + "\n" if out and len(out[0]) else ""


def csv_text(columns: list[str], rows: list[dict]) -> str:
    """Rows as CSV text: the header ``columns``, ``\\n`` line ends, cells not in ``columns`` left out.

    >>> csv_text(["a", "b"], [{"a": 1, "b": "x,y", "c": 3}])
    'a,b\\n1,"x,y"\\n'
    """
    import csv
    import io
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
