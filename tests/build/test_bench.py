"""``make bench``: ratios to the floor, timing a command, the report table, and the floor's own imports."""
import subprocess
import sys

import pytest

from analysis.build import bench


def test_ratio_to_the_floor():
    assert bench.Bench.ratio(30.0, 12.0) == "2.5x" and bench.Bench.ratio(3.0, None) == "-"


def test_a_command_is_timed_with_its_cpu_and_memory(tmp_path, capsys):
    b = bench.Bench(tmp_path, sys.executable, repeat=2)
    row = b.time("python, nothing", [sys.executable, "-c", "pass"])
    assert len(row.times) == len(row.cpu) == 2 and all(t > 0 for t in row.times) and row.peak_mb > 1
    assert "python, nothing" in capsys.readouterr().out
    b.floor, b.floor_cpu = min(row.times), min(row.cpu)
    lines = b.report().splitlines()
    assert lines[0].startswith("measure") and lines[1].startswith("python, nothing") and "1.0x" in lines[1]
    with pytest.raises(RuntimeError, match="failed"):
        b.run([sys.executable, "-c", "raise SystemExit(3)"])


def test_every_section_is_a_function_of_the_bench():
    assert [s.__name__ for s in bench.SECTIONS] == ["floor", "build_times", "suite", "environment"]


def test_the_floor_imports_run_in_a_fresh_process():
    r = subprocess.run([sys.executable, "-c", bench.IMPORTS], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-500:]
