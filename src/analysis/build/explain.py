"""``python -m analysis explain CHECK_ID``: the whole trail of one checked number, as the committed report has it.

The study is the part of the id before the colon (an id without it is looked
up in every study); the study is opened with the parameters of its committed
report (:func:`analysis.build.runs.study_parameters`), so the trail is the one
its ledger row in ``reports/<study>.html`` links to. An id without its part
(``zigong_hf_alliance:t1_age_t``) gives every part of the check. An unknown id
is bad input: one line naming it and the closest known ids.

>>> text = explain("zigong_hf_alliance:t2_inpatient_county_growth")
>>> print(next(line for line in text.splitlines() if "printed values" in line))
  with the printed values       100 × (1792 − 1331) / 1331 = 34.64
"""
from __future__ import annotations

from analysis.build.runs import study_parameters
from analysis.core.errors import InputError
from analysis.data.datapackage import study_ids
from analysis.results import trail
from analysis.results.study import open_study
from analysis.text.catalogue import say

__all__ = ["explain", "command"]


def explain(check_id: str, lang: str = "en") -> str:
    """The trail(s) of ``check_id`` as text in ``lang`` (``en``, ``zh`` or ``both``).

    Raises
    ------
    InputError
        For an unknown id, naming the closest known ids.
    """
    check_id = check_id.strip()
    study, sep, _ = check_id.partition(":")
    studies = [study] if sep and study in study_ids() else study_ids()
    found, known = [], []
    for sid in studies:
        ctx = open_study(**study_parameters(sid))
        ids = trail.known_ids(ctx)
        known += ids
        wanted = check_id if sep else f"{sid}:{check_id}"
        if wanted in ids:
            found += trail.select(ctx, wanted)
    if not found:
        said = "en" if lang == "both" else lang
        near = trail.closest(check_id, known if sep else [i.split(":", 1)[1] for i in known])
        raise InputError(say("trail.unknown", said, check_id=check_id, closest=", ".join(near)) if near else
                         say("trail.unknown_none", said, check_id=check_id))
    return trail.render_text(found, lang)


def command(check_id: str, lang: str = "en") -> int:
    """``python -m analysis explain``: print the trail; returns the exit status."""
    print(explain(check_id, lang))
    return 0
