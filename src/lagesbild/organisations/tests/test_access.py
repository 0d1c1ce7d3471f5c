from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from lagesbild.organisations.access import viewer_for, visible_reports
from lagesbild.testing import STOCKHOLM, Cast, file_report

WHEN = datetime(2024, 9, 11, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def reports(cast: Cast) -> dict:
    return {
        "security_graffiti": file_report(
            cast.bevakning, "klotter", WHEN, text="Klotter vid entrén"
        ),
        "housing_graffiti": file_report(cast.bostad, "klotter", WHEN, text="Klotter i trapphuset"),
        "housing_dealing": file_report(
            cast.bostad, "narkotika_forsaljning", WHEN, text="Misstänkt langning"
        ),
        "police_organised": file_report(cast.polisen, "organiserad", WHEN, text="Känslig uppgift"),
        "elsewhere": file_report(cast.annan, "klotter", WHEN, text="Annan kommun"),
    }


def visible(cast: Cast, user) -> set[str]:
    return set(visible_reports(viewer_for(user)).values_list("description", flat=True))


def test_the_coordinator_and_the_police_analyst_see_everything_in_their_municipality(
    cast, reports
) -> None:
    everything = {r.description for key, r in reports.items() if key != "elsewhere"}
    assert visible(cast, cast.cecilia) == everything
    assert visible(cast, cast.anders) == everything
    for user in (cast.cecilia, cast.anders):
        viewer = viewer_for(user)
        assert all(viewer.can_read_text(r) for key, r in reports.items() if key != "elsewhere")


def test_a_reporter_reads_only_their_own_organisations_text(cast, reports) -> None:
    sara = viewer_for(cast.sara)
    assert sara.can_read_text(reports["security_graffiti"])
    assert not sara.can_read_text(reports["housing_graffiti"])


def test_sensitive_categories_are_hidden_from_other_organisations_reporters_and_readers(
    cast, reports
) -> None:
    for user in (cast.sara, cast.rut):
        seen = visible(cast, user)
        assert "Misstänkt langning" not in seen and "Känslig uppgift" not in seen
        assert "Klotter i trapphuset" in seen  # the report itself is visible, its text is not
    assert "Misstänkt langning" in visible(cast, cast.hugo)  # the organisation that filed it


def test_nobody_sees_another_municipalitys_reports_unless_they_work_there(cast, reports) -> None:
    assert visible(cast, cast.olle) == {"Annan kommun"}
    assert "Annan kommun" not in visible(cast, cast.cecilia)


def test_users_without_membership_and_anonymous_users_see_nothing(cast, reports) -> None:
    assert visible(cast, cast.nemo) == set()
    assert visible(cast, AnonymousUser()) == set()


def test_only_filing_roles_may_file_reports(cast) -> None:
    assert viewer_for(cast.sara).can_file_reports and viewer_for(cast.cecilia).can_file_reports
    assert not viewer_for(cast.rut).can_file_reports and not viewer_for(cast.nemo).can_file_reports
