"""The second reader's packet: every finding with its source and evidence, never our grading (issue 17, item 9)."""
import re
import subprocess
import sys

import pandas as pd

from analysis.build.review import packet
from analysis.core.config import current
from analysis.core.vocab import Category, Criterion, Severity


def _sections(text):
    return {m.group(1): body for m, body in zip(re.finditer(r"^## F\d+ · `([^`]+)`$", text, re.M),
                                                 re.split(r"^## F\d+ · `[^`]+`$", text, flags=re.M)[1:])}


def test_every_finding_has_its_source_and_evidence_and_no_grading():
    found = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    sections = _sections(packet())
    assert list(sections) == list(found.finding)
    for f in found.itertuples():
        body = sections[f.finding]
        assert f"`shared/sources/{f.study}.txt`" in body and f.location in body
        for cid in f.checks.split(";"):
            assert cid in body  # the evidence of each check
        words = [f.category, f.severity, f.criterion, f.reason_en, f.summary_en, "verdict", "finding  "]
        words += [c.value for c in Category] + [s.value for s in Severity if s.value != "note"]
        words += [c.value for c in Criterion]
        for w in words:
            assert w not in body, (f.finding, w)
        assert re.search(r"\bnote\b", body) is None, f.finding  # the engine's notes name what went wrong


def test_the_packet_gives_the_printed_and_recomputed_numbers_and_the_claims_in_our_words():
    sections = _sections(packet())
    t1 = sections["zigong_hf_alliance:t1_total_2022"]
    assert "437 (a count, exact)" in t1 and "279 + 194 = 473" in t1
    q = sections["qingpu_medical_group:contracting_rise_two_years"]
    assert "The contracting rate is said to have risen 29.57%" in q


def test_the_command_writes_build_review_packet(tmp_path):
    out = tmp_path / "packet.md"
    r = subprocess.run([sys.executable, "-m", "analysis", "review-packet", "-o", str(out)], capture_output=True,
                       text=True, cwd=current().root)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == packet()
