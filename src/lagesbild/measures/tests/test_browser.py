"""One click from a hotspot of the weekly page to a decided measure with its evaluation set up
(issue 14's "done when"), as a coordinator does it in the browser."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import STOCKHOLM, Cast, file_report, square
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_one_click_from_a_hotspot_decides_a_measure_with_its_evaluation_set_up(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.areas.models import Area
    from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back
    from lagesbild.measures.models import Measure, MeasureEvaluation

    week = IsoWeek.containing(timezone.localdate()).previous()
    east = Area.objects.create(
        municipality=cast.municipality, code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    bulk_weekly(
        cast.bevakning, "klotter", east, (56.015, 13.035), weeks_back(week, 10), [2] * 10 + [12]
    )
    monday = datetime.combine(week.monday, datetime.min.time(), STOCKHOLM)
    for lat in (56.003, 56.012, 56.021, 56.028):
        for lon in (13.004, 13.025, 13.045):
            file_report(cast.bostad, "nedskrapning", monday + timedelta(hours=10), point=(lat, lon))

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week}/")
    hotspot = page.locator("table.hotspots tbody tr").filter(has_text="Öst").first
    hotspot.get_by_role("link", name="Besluta åtgärd").click()

    # The form opens filled in from the hotspot: title, district, the evaluation offered.
    expect(page.get_by_role("textbox", name="Åtgärd", exact=True)).to_have_value("Åtgärd: Öst")
    expect(page.get_by_role("checkbox", name="Öst")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Ställ in utvärderingen nu")).to_be_checked()
    assert_accessible(page, axe_source, "the measure form opened from a hotspot")
    page.get_by_label("Ansvarig organisation").select_option(label=str(cast.kommunen))
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("heading", name="Utvärdering: fungerade åtgärden?")).to_be_visible()
    measure = Measure.objects.get()
    setup = MeasureEvaluation.objects.get(measure=measure)
    assert measure.status == "decided" and setup.frozen_at is not None
    assert setup.target_area.parent == east and setup.buffer_metres
    assert not any(c.sensitive for c in setup.categories.all())
    expect(page.locator("table.evaluation-counts")).to_contain_text(setup.target_area.name)
    assert_accessible(page, axe_source, "the measure page after a decision from a hotspot")
