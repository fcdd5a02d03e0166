"""``python -m analysis review-packet``: what a second reader of the findings is given, and nothing more.

For each finding of ``tables/findings.csv`` the packet (``build/review/packet.md``) gives the source to read
and where its numbers are printed, and the evidence of each of its checks: the printed numbers with where they
were transcribed, the recomputed numbers with the formula and the printed values substituted, the range the
rounded inputs allow, and a claim in our words. It never gives the finding's category, severity, criterion,
summary or our reason, nor the verdicts and notes (which name what went wrong): the reader grades category and
severity from the definitions at the top, on their own, into ``data/review/findings_review.csv``
(:mod:`analysis.results.review`). The studies are opened with the parameters of their committed reports
(:func:`analysis.build.runs.study_parameters`), as ``explain`` opens them.

>>> first = packet().split("## F1 ")[1].split("## F2 ")[0]
>>> "zigong_hf_alliance:t1_total_2022" in first and "contradiction" not in first
True
"""
from __future__ import annotations

from pathlib import Path

from analysis.build.runs import study_parameters
from analysis.core.config import current
from analysis.core.outputs import atomic_write
from analysis.core.vocab import Category, Severity
from analysis.data.datapackage import study_ids, study_meta
from analysis.results import trail
from analysis.results.study import open_study
from analysis.text.catalogue import say

__all__ = ["EVIDENCE_KEYS", "packet", "command"]

EVIDENCE_KEYS = ("what", "claim", "printed", "inputs", "others", "specification", "formula", "values",
                 "recomputed", "range", "stands_for")
"""The lines of a trail (:func:`analysis.results.trail.lines`) a reader is given: what was printed and
recomputed, never the verdict, the rule it was reached under, the notes or the finding."""


def _evidence(t: trail.Trail) -> list[str]:
    out = []
    for key, label, value in trail.lines(t, "en"):
        if key.split("_")[0] in EVIDENCE_KEYS or key in EVIDENCE_KEYS:
            out.append(f"  {label:<28}  {value}" if label else f"  {'':<28}  {value}")
    return out


def packet() -> str:
    """The packet, as Markdown."""
    parts = [f"# {say('review.packet_title', 'en')}", "", say("review.packet_intro", "en"), "",
             f"## {say('review.categories', 'en')}", ""]
    parts += [f"- `{c.value}`: {say(f'category_def.{c.value}', 'en')}" for c in Category]
    parts += ["", f"## {say('review.severities', 'en')}", ""]
    parts += [f"- `{s.value}`: {say(f'severity_def.{s.value}', 'en')}" for s in sorted(Severity, key=lambda s: -s.rank)]
    n = 0
    for sid in study_ids():
        ctx = open_study(**study_parameters(sid))
        by_id = {t.check_id: t for t in trail.trails(ctx)}
        source = study_meta(sid).get("source", "")
        for f in ctx.findings.itertuples():
            n += 1
            parts += ["", f"## F{n} · `{f.finding}`", "",
                      f"- {say('review.source', 'en')}: `{source}`",
                      f"- {say('review.where', 'en')}: {f.location} / {f.location_zh}", "", "```"]
            for cid in f.checks.split(";"):
                parts += [f"{cid}", *_evidence(by_id[cid]), ""]
            parts[-1] = "```"
            parts += ["", say("review.grade_it", "en", finding=f.finding)]
    return "\n".join(parts) + "\n"


def command(output: str | None = None) -> int:
    """Write the packet (default ``build/review/packet.md``) and say where; returns the exit status."""
    out = Path(output) if output else current().build / "review" / "packet.md"
    atomic_write(out, packet())
    print(f"  wrote {current().relative(out.resolve()) if out.is_absolute() else out}")
    return 0

