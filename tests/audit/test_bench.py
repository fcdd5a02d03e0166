"""The audit benchmark's tables: reproducible from their seed, the documented mix, every row auditable; the
benchmark measures what it says (a benchmark, not a timed test: nothing here depends on speed)."""
import collections
import subprocess
import sys

from analysis.audit import bench
from analysis.audit.table import AuditOptions, audit_row


def test_rows_are_reproducible_from_the_seed():
    assert bench.make_rows(200, seed=7) == bench.make_rows(200, seed=7)
    assert bench.make_rows(200, seed=7) != bench.make_rows(200, seed=8)


def test_the_mix_is_the_issues_common_kinds_in_the_documented_proportions():
    kinds = collections.Counter(r["kind"] for r in bench.make_rows(20_000))
    share = sum(bench.WEIGHTS[k] for k in bench.MIX)
    assert abs(kinds["p_from_statistic"] / 20_000 - 40 / share) < 0.02  # 46.5%: 40% of the table of every kind
    assert {"t_from_summaries", "chi2_from_counts", "grim", "growth", "share"} <= set(kinds)
    assert not {"grimmer", "debit"} & set(kinds)  # measured apart (speed per kind), not in the mix
    every = collections.Counter(r["kind"] for r in bench.make_rows(5_000, kinds=bench.KINDS))
    assert {"grimmer", "debit"} <= set(every) and 0.37 < every["p_from_statistic"] / 5_000 < 0.43


def test_every_row_audits_and_the_bad_ones_are_invalid():
    verdicts = collections.Counter()
    for row in bench.make_rows(600, kinds=bench.KINDS):
        res = audit_row(dict(row), AuditOptions())  # as run() passes a CSV row: every column, empty or not
        verdicts[res["verdict"]] += 1
        if row["value"] == "x":
            assert res["verdict"] == "invalid"
    assert sum(verdicts.values()) == 600 and verdicts["consistent"] > 0 and verdicts["inconsistent"] > 0


def test_the_floor_computes_a_value_for_every_valid_row_and_a_p_for_every_test(tmp_path):
    rows = bench.make_rows(2_000)
    bench.write_rows(rows, tmp_path / "t.csv")
    out = subprocess.run([sys.executable, "-c", bench.FLOOR, str(tmp_path / "t.csv")], capture_output=True, text=True,
                         check=True).stdout.split()
    valid = [r for r in rows if r["value"] != "x"]
    tests = [r for r in valid if r["kind"] in ("p_from_statistic", "t_from_summaries", "chi2_from_counts")]
    assert int(out[0]) == len(valid) and int(out[1]) == len(tests)


def test_main_reports_the_floor_the_ratio_the_kinds_and_the_memory(capsys):
    assert bench.main(rows=60, seed=3, repeat=1, memory_rows=60, kind_rows=20) == 0
    out = capsys.readouterr().out
    for said in ("audit benchmark: 60 rows", "floor (pandas + SciPy", "ratio:", "speed per kind", "grimmer",
                 "60 rows:", "peak memory", "load average"):
        assert said in out, said


def test_the_equivalence_run_compares_the_columnar_and_the_per_row_files(capsys):
    assert bench.equivalence(rows=300, seed=5) == (300, 300)
    out = capsys.readouterr().out
    assert "rows identical: 300/300; output files identical" in out
    kinds = {r["kind"] for r in bench.equivalence_rows(300, 5)}
    assert {"grimmer", "debit", "ratio", "decline", "p_from_statistic"} <= kinds


def test_the_memory_of_a_process_counts_its_workers():
    # issue 21: the audit forks workers, so its peak memory is the tree's, summed (read here from /proc directly)
    import os
    import time

    import pytest
    if not os.path.exists("/proc/self/status"):
        pytest.skip("no /proc on this system")
    child = subprocess.Popen([sys.executable, "-c", "x = bytearray(80 * 2**20); x[::4096] = b'1' * len(x[::4096]); "
                              "import time; time.sleep(30)"])
    try:
        for _ in range(100):  # until the child has touched its 80 MiB
            if bench.tree_memory(child.pid) >= 80 * 2**20:
                break
            time.sleep(0.05)
        own = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmRSS:"))
        assert bench.tree_memory(child.pid) >= 80 * 2**20
        assert bench.tree_memory(os.getpid()) >= own + 75 * 2**20
    finally:
        child.kill()
        child.wait()
