"""The page of a person's personal API tokens ("Mina API-nycklar") in a real browser: it fits a
phone and a laptop, its revoke buttons are named and a finger's size, and it is accessible."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lagesbild.api.models import PersonalToken
from lagesbild.api.personal import create_personal_token, revoke_personal_token
from lagesbild.testing import Cast
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, log_in
from lagesbild.web.tests.test_browser_layout import (
    at_phone_widths,
    scrolling_tables,
    too_small_to_tap,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

IN_USE = "Power BI – veckorapporten till nämnden"


def test_my_api_tokens_fit_a_phone_without_scrolling_sideways(
    cast: Cast, browsing, axe_source
) -> None:
    # Anders the analyst has a token in use, one he revoked and one that ran out.
    used = create_personal_token(cast.anders, IN_USE, 90).token
    PersonalToken.objects.filter(pk=used.pk).update(last_used_at=timezone.now())
    revoked = create_personal_token(cast.anders, "Excel", 30).token
    revoke_personal_token(cast.anders, revoked.pk)
    expired = create_personal_token(cast.anders, "R-skript", 30).token
    PersonalToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "anders")
    page.goto("/konto/api-nycklar/")
    expect(page.get_by_role("heading", level=1, name="Mina API-nycklar")).to_be_visible()

    # Six columns were 572 px wide in a 288 px frame: on a phone each token is a block, its
    # name and then its values, each saying what it is.
    for width in at_phone_widths(page, "Mina API-nycklar"):
        assert not too_small_to_tap(page, "main table button"), width
    row = page.locator("table.tokens tbody tr").filter(has_text=IN_USE)
    expect(row.locator("td[data-label='Skapad']")).to_be_visible()
    # The one action of a row is named after its token for a screen reader, and it works.
    revoke = page.get_by_role("button", name=f"Återkalla {IN_USE}")
    expect(revoke).to_have_text("Återkalla")
    assert_accessible(page, axe_source, "Mina API-nycklar on a phone")
    revoke.click()
    expect(page.get_by_text(f"Nyckeln {IN_USE} är återkallad.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Återkalla {IN_USE}")).to_have_count(0)

    # A laptop keeps the table: a row of six columns, whole, with its header row seen.
    page.set_viewport_size(DESKTOP)
    expect(page.locator("table.tokens thead")).to_be_visible()
    expect(row).to_have_css("display", "table-row")
    assert not scrolling_tables(page, "main .table-wrap")
    assert_accessible(page, axe_source, "Mina API-nycklar on a laptop")
