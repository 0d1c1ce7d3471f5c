"""The yearly report's "Om rapporten" names both tests its sentences use.

It said only "Förändringar prövas med Poissons E-test", while most of the demo's sentences read
"test med hänsyn till seriens variation mellan åren, spridningsfaktor 8,7" (rule 9: the
quasi-Poisson test when the series varies more than a Poisson count would).
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.html import strip_tags

from lagesbild.annual.rendering import render_document
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_for


def _about(html: str) -> str:
    section = re.search(r'<section aria-labelledby="about-heading".*?</section>', html, re.S)
    assert section is not None
    return " ".join(strip_tags(section.group(0)).split())


def test_the_about_section_names_the_test_for_overdispersed_series(helsingborg) -> None:
    with translation.override("sv"):
        report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
        about = _about(render_document(report))
    assert "Poissons E-test" in about
    assert "spridningsfaktor" in about and "med hänsyn till seriens variation" in about
    with translation.override("en"):
        report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
        english = _about(render_document(report))
    assert "dispersion" in english and "Förändringar" not in english
