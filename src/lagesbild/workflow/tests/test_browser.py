"""The pages a municipality starts from, per role, meet WCAG 2.1 AA in the browser (issue 14's
"done when": axe-core finds no violations on the new pages)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lagesbild.testing import Cast
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("username", ["cecilia", "sara", "rut"])
def test_the_home_page_of_each_role_meets_wcag_21_aa(
    cast: Cast, browsing, axe_source: str, username: str
) -> None:
    page = browsing.page()
    log_in(page, username)
    page.goto("/")
    assert_accessible(page, axe_source, f"{username}'s home page on a phone")


def test_the_coordinators_data_settings_and_gazetteer_pages_meet_wcag_21_aa(
    cast: Cast, browsing, axe_source: str
) -> None:
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    for path, heading in (
        ("/data/", "Officiell statistik"),
        ("/installningar/", "Inställningar"),
        (f"/platser/{cast.municipality.code}/", "Ortnamnsregister"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page, axe_source, path)
