"""The regional view: each municipality the person holds a role in, with their rights there,
and nothing of any other municipality (docs/permissions.md, "Regional roles")."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.areas.models import Municipality
from lagesbild.briefings.caching import cached_week
from lagesbild.core.weeks import last_complete_week
from lagesbild.measures.models import Measure
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.organisations.access import viewer_for
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.regional.services import regional_view
from lagesbild.testing import STOCKHOLM, Cast, file_report, store_bra


@pytest.fixture
def region(cast: Cast) -> Cast:
    """Last week's reports in both municipalities (one in a sensitive category) and a third
    municipality no one in the cast belongs to; measures and Brå figures."""
    today = timezone.localdate()
    week = last_complete_week(today)
    when = datetime.combine(week.monday + timedelta(days=2), time(21), tzinfo=STOCKHOLM)
    file_report(cast.bostad, "klotter", when, Cast.NORR_POINT)
    file_report(cast.bostad, "narkotika_forsaljning", when, Cast.SODER_POINT)
    file_report(cast.bevakning, "klotter", when, Cast.SODER_POINT)
    for _ in range(3):
        file_report(cast.annan, "klotter", when, (57.005, 14.005))
    third = Municipality.objects.create(code="0997", name="Tredjeby", counts_unreviewed=True)
    outsider = Organisation.objects.create(
        municipality=third, slug="tredje", name="Tredjebys bevakning", kind="security"
    )
    file_report(outsider, "klotter", when)
    Measure.objects.create(
        municipality=cast.municipality, title="Belysning", status=Measure.Status.DECIDED,
        due_date=today - timedelta(days=3),
    )  # fmt: skip
    Measure.objects.create(
        municipality=cast.municipality, title="Vandring", status=Measure.Status.ONGOING
    )
    Measure.objects.create(
        municipality=cast.other_municipality, title="Klar", status=Measure.Status.DONE
    )
    year = today.year - 1
    for code, crimes, people in (("0999", 1500, 20_000), ("0998", 900, 12_000)):
        store_bra(code, None, {year: crimes})
        Population.objects.create(municipality_code=code, year=year, population=people)
    return cast


def columns(user) -> dict[str, dict]:
    view = regional_view(viewer_for(user), timezone.localdate())
    return {c.municipality.code: c.as_dict() for c in view.columns}


def test_only_the_municipalities_the_person_holds_a_role_in(region: Cast) -> None:
    assert list(columns(region.vilma)) == ["0998", "0999"]  # Annanstad, Exempeltorp by name
    assert list(columns(region.anders)) == ["0999"]
    assert list(columns(region.olle)) == ["0998"]
    assert columns(region.nemo) == {} and columns(region.ebba) == {}


def test_each_column_has_the_persons_rights_in_that_municipality(region: Cast) -> None:
    """vilma reports for the security company here (no sensitive category, only her own
    organisation's among them) and is a police analyst there (everything)."""
    vilma, anders = columns(region.vilma), columns(region.anders)
    assert vilma["0999"]["reports"]["count"] == 2  # the sensitive report left out
    assert vilma["0999"]["reports"]["sensitive_included"] is False
    assert anders["0999"]["reports"]["count"] == 3
    assert vilma["0998"]["reports"]["count"] == 3
    assert vilma["0998"]["reports"]["sensitive_included"] is True


def test_a_column_is_the_municipalitys_own_week_and_board(region: Cast) -> None:
    today = timezone.localdate()
    viewer = viewer_for(region.vilma)
    for column in regional_view(viewer, today).columns:
        municipality = column.municipality
        picture, analysis = cached_week(
            viewer.within(municipality.pk), municipality, last_complete_week(today)
        )
        assert column.total == picture.total
        assert column.alerts == analysis.alerts
    here = columns(region.vilma)["0999"]
    assert here["measures"] == {"open": 2, "overdue": 1}
    assert columns(region.vilma)["0998"]["measures"] == {"open": 0, "overdue": 0}
    assert here["bra"]["rate_per_100k"] == 7500.0 and here["bra"]["population"] == 20_000


def test_the_page_lists_them_side_by_side_and_nothing_else(region: Cast) -> None:
    client = Client()
    client.force_login(region.vilma)
    page = client.get(reverse("regional-overview")).content.decode()
    assert "Exempeltorp" in page and "Annanstad" in page and "Tredjeby" not in page
    assert "7\u00a0500,0" in page or "7 500,0" in page
    client.force_login(region.anders)
    page = client.get(reverse("regional-overview")).content.decode()
    assert "Exempeltorp" in page and "Annanstad" not in page


def test_the_menu_offers_the_view_to_people_in_several_municipalities(region: Cast) -> None:
    link = f'href="{reverse("regional-overview")}"'
    for person, shown in ((region.vilma, True), (region.anders, False), (region.rut, False)):
        client = Client()
        client.force_login(person)
        assert (link in client.get(reverse("home")).content.decode()) is shown, person.username


def test_a_person_without_membership_gets_404(region: Cast) -> None:
    client = Client()
    client.force_login(region.nemo)
    assert client.get(reverse("regional-overview")).status_code == 404


def test_the_api_answers_the_same_columns(region: Cast) -> None:
    client = Client()
    client.force_login(region.vilma)
    body = client.get(reverse("api-region")).json()
    assert body["week"] == str(last_complete_week(timezone.localdate()))
    assert body["municipalities"] == list(columns(region.vilma).values())


def test_a_county_role_is_a_membership_in_each_municipality_it_covers(region: Cast) -> None:
    """How a county administrative board is set up: its organisation in each municipality."""
    from django.contrib.auth import get_user_model

    lan = get_user_model().objects.create_user("lan", password="x")
    for municipality in (region.municipality, region.other_municipality):
        board = Organisation.objects.create(
            municipality=municipality, slug="lansstyrelsen", name="Länsstyrelsen",
            kind=Organisation.Kind.OTHER,
        )  # fmt: skip
        Membership.objects.create(user=lan, organisation=board, role=Role.READER)
    reader = columns(lan)
    assert list(reader) == ["0998", "0999"]
    assert reader["0999"]["reports"]["count"] == 2  # a reader: no sensitive category


def test_a_preliminary_brå_year_is_marked_on_the_page_and_in_the_json(region: Cast) -> None:
    """Before: "Anmälda brott per 100 000 inv. 2025 (Brå) … 7 500,0" with no word that Brå
    published the year as preliminary (rule 11)."""
    year = timezone.localdate().year - 1
    OfficialStatistic.objects.filter(municipality_code="0999", year=year).update(preliminary=True)
    assert columns(region.vilma)["0999"]["bra"]["preliminary"] is True
    assert columns(region.vilma)["0998"]["bra"]["preliminary"] is False
    client = Client()
    client.force_login(region.vilma)
    page = client.get(reverse("regional-overview")).content.decode()
    assert page.count("(preliminära siffror)") == 1
    assert '500,0 <span class="muted">(preliminära siffror)</span></td>' in page
    body = client.get(reverse("api-region")).json()
    assert [m["bra"]["preliminary"] for m in body["municipalities"]] == [False, True]


def test_the_footer_names_a_county_boards_organisation_and_role_once(cast: Cast) -> None:
    """The demo's lansstyrelsen read "Länsstyrelsen i Exempellän (Analytiker), Länsstyrelsen i
    Exempellän (Analytiker)" at the foot of every page: one organisation per municipality."""
    from django.contrib.auth import get_user_model

    from lagesbild.testing import PASSWORD, client_for

    lan = get_user_model().objects.create_user("lan", password=PASSWORD)
    for municipality in (cast.municipality, cast.other_municipality):
        board = Organisation.objects.create(
            municipality=municipality, slug="lansstyrelsen", name="Länsstyrelsen",
            kind=Organisation.Kind.OTHER,
        )  # fmt: skip
        Membership.objects.create(user=lan, organisation=board, role=Role.ANALYST)
    page = client_for(lan).get("/region/").content.decode()
    assert "Inloggad som lan · Länsstyrelsen (Analytiker) · " in page
    # Different organisations or roles are each still named.
    vilma = client_for(cast.vilma).get("/region/").content.decode()
    assert "Bevakning AB (Rapportör), Lokalpolisområde Annanstad (Analytiker)" in vilma
