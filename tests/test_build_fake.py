"""A fake project for the fault-injection tests of tests/test_build.py (no tests here).

Run as ``python tests/test_build_fake.py ROOT`` so that signals hit a real
process; it imports nothing heavy, so each run takes a fraction of a second.
"""
import signal
import sys
from pathlib import Path

from analysis.errors import InputError
from analysis.pipeline import Engine, Step, StepFailed, hash_files, input_files


def _step_a(root: Path):
    def run(stage: Path) -> None:
        x = (root / "inputs" / "x.txt").read_text()
        (stage / "out").mkdir(parents=True, exist_ok=True)
        (stage / "out" / "a_ledger.csv").write_text(f"ledger of {x}")
        (stage / "out" / "sub").mkdir(exist_ok=True)
        (stage / "out" / "sub" / "a_cross.csv").write_text(f"cross of {x}")
    return run


def _step_b(root: Path):
    def run(stage: Path) -> None:
        y = (root / "inputs" / "y.txt").read_text()
        if y.startswith("bad"):
            raise InputError("a bad value", file="inputs/y.txt", row=1, column="y")
        (stage / "figs").mkdir(parents=True, exist_ok=True)
        (stage / "figs" / "b.png").write_text(f"figure of {y}")
    return run


def fake_engine(root: Path) -> Engine:
    root = Path(root)

    def validate() -> None:
        if (root / "inputs" / "x.txt").read_text().startswith("invalid"):
            raise InputError("not a number", file="inputs/x.txt", row=1, column="x")

    eng = Engine(root, [Step("a", _step_a(root)), Step("b", _step_b(root))],
                 lambda: hash_files(root, input_files(root, ["inputs"])), validate, log=lambda m: None)
    eng.output_roots = ("out", "figs")
    return eng


def fake_main(root: str) -> int:
    """Entry point of the subprocess runs (so signals hit a real process)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job of make starts with SIGINT ignored
    try:
        fake_engine(Path(root)).run()
    except KeyboardInterrupt:
        return 130
    except (InputError, StepFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0




if __name__ == "__main__":
    sys.exit(fake_main(sys.argv[1]))
