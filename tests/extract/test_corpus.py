"""check-corpus on a real Dask LocalCluster of two worker processes (kept small: three papers)."""
import csv
import shutil

from analysis import cli
from analysis.extract.corpus import SUMMARY_COLUMNS, find_sources
from tests.extract.conftest import FIXTURES


def test_a_folder_of_papers_on_a_local_cluster_of_two_workers(tmp_path, capsys):
    folder = tmp_path / "papers"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "zh_paper.txt", folder / "zh.txt")
    shutil.copy(FIXTURES / "en_apa.txt", folder / "sub" / "en.txt")
    (folder / "broken.txt").write_bytes(b"\x00\x01")
    (folder / "notes.csv").write_text("not a source\n")
    assert [p.name for p in find_sources(folder)] == ["broken.txt", "en.txt", "zh.txt"]
    out = tmp_path / "out.csv"
    status = cli.main(["check-corpus", str(folder), "-o", str(out), "--workers", "2"])
    printed = capsys.readouterr()
    assert status == 0 and "3 paper(s)" in printed.out and "broken.txt: binary file" in printed.err
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert [r["file"] for r in rows].count("zh.txt") == 25 and [r["file"] for r in rows].count("sub/en.txt") == 12
    papers = list(csv.DictReader(open(tmp_path / "out_papers.csv", encoding="utf-8")))
    assert list(papers[0]) == SUMMARY_COLUMNS
    by = {p["file"]: p for p in papers}
    assert by["zh.txt"]["findings"] == "2" and by["zh.txt"]["changes_conclusion"] == "1"
    assert by["sub/en.txt"]["inconsistent_conclusion"] == "1" and by["broken.txt"]["error"].startswith("binary")


def test_an_empty_folder_is_bad_input(tmp_path, capsys):
    assert cli.main(["check-corpus", str(tmp_path), "-o", str(tmp_path / "o.csv")]) == 2
    assert "no source files" in capsys.readouterr().err


def test_an_existing_cluster_is_used_through_its_address(tmp_path, capsys):
    """--scheduler ADDRESS: the same outputs from a cluster the command did not start (here a LocalCluster of two
    worker processes started by the test)."""
    from distributed import LocalCluster
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(FIXTURES / "en_apa.txt", folder / "en.txt")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        status = cli.main(["check-corpus", str(folder), "-o", str(tmp_path / "o.csv"),
                           "--scheduler", cluster.scheduler_address])
    assert status == 0 and "1 paper(s), 12 rows" in capsys.readouterr().out
