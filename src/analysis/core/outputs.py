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
from pathlib import Path

__all__ = ["atomic_write", "csv_text"]


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
