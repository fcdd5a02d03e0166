"""The results sections of the cross-city report say what the computed comparison holds."""
import html
import re

import pytest

from analysis.build.runs import notebook_defaults
from analysis.crosscity import sections_clusters as sections
from analysis.crosscity.compute import open_cross_city, site_names


@pytest.fixture(scope="module")
def ctx():
    return open_cross_city(**notebook_defaults("cross_city"))


def test_headline_names_the_reading_its_clusters_and_its_numbers(ctx):
    text = html.unescape(sections.headline(ctx).data)
    assert f"Headline reading of 'not reported': {ctx.headline}" in text
    row = ctx.criterion.set_index("reading").loc[ctx.headline]
    assert f"Cophenetic correlation {row['cophenetic_correlation']:.2f}" in text
    assert f"{len(ctx.sites)} sites fall into {ctx.main.clusters.nunique()} clusters" in text
    names = site_names(ctx)
    for site in ctx.sites["site"]:
        assert names[site] in text, site


def test_the_headline_says_when_a_parameter_chose_the_reading():
    forced = open_cross_city(**{**notebook_defaults("cross_city"), "not_reported": "absent"})
    assert forced.chosen_by == "parameter"
    assert "set by the parameter not_reported" in sections.headline(forced).data


@pytest.mark.parametrize("name", sections.__all__)
def test_every_section_renders(ctx, name):
    out = getattr(sections, name)(ctx)
    assert out.data.strip() and "nan" not in re.sub(r"<[^>]+>", " ", out.data).split()


def test_sites_section_lists_every_site(ctx):
    text = sections.sites_section(ctx).data
    for name in ctx.sites["name"]:  # by name, never by identifier
        assert html.escape(name) in text, name
