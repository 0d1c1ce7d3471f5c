from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from lagesbild.organisations.access import viewer_for
from lagesbild.reports.access import visible_reports
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


# --- rights per municipality ----------------------------------------------------------------


def test_rights_in_one_municipality_give_nothing_in_another(cast, reports) -> None:
    """vilma is a police analyst in Annanstad and a security reporter here: here, a reporter."""
    vilma = viewer_for(cast.vilma)
    assert vilma.municipality_ids == {cast.municipality.pk, cast.other_municipality.pk}
    seen = visible(cast, cast.vilma)
    assert "Misstänkt langning" not in seen and "Känslig uppgift" not in seen
    assert not vilma.can_read_text(reports["housing_graffiti"])
    assert vilma.can_read_text(reports["security_graffiti"])  # her own company's
    assert vilma.can_read_text(reports["elsewhere"])  # an analyst there reads all text
    assert not vilma.sees_sensitive_in(cast.municipality.pk)
    assert vilma.sees_sensitive_in(cast.other_municipality.pk)
    assert not vilma.manages(cast.municipality.pk)


def test_a_viewer_narrowed_to_a_municipality_holds_only_its_rights(cast) -> None:
    here = viewer_for(cast.vilma).within(cast.municipality.pk)
    there = viewer_for(cast.vilma).within(cast.other_municipality.pk)
    assert here.municipality_ids == {cast.municipality.pk}
    assert here.organisation_ids == {cast.bevakning.pk}
    assert not here.reads_all_text and not here.sees_sensitive and here.can_file_reports
    assert there.organisation_ids == {cast.annan_polis.pk}
    assert there.reads_all_text and there.sees_sensitive and not there.is_coordinator
    # Over both municipalities a right holds only where it holds everywhere.
    both = viewer_for(cast.vilma)
    assert not both.reads_all_text and not both.sees_sensitive


def test_a_membership_that_has_ended_gives_no_rights(cast, reports) -> None:
    ebba = viewer_for(cast.ebba)
    assert not ebba.has_access and not ebba.manages(cast.municipality.pk)
    assert visible(cast, cast.ebba) == set()
    assert not any(ebba.can_read_text(r) for r in reports.values())


def test_a_membership_ending_today_still_counts(cast) -> None:
    from django.utils import timezone

    from lagesbild.organisations.models import Membership

    Membership.objects.filter(user=cast.ebba).update(ends_on=timezone.localdate())
    assert viewer_for(cast.ebba).manages(cast.municipality.pk)


def test_only_the_own_municipalitys_coordinators_review(cast) -> None:
    from lagesbild.reports.review import reviewed_municipality_ids

    assert reviewed_municipality_ids(cast.cecilia) == {cast.municipality.pk}
    for user in (cast.vilma, cast.anders, cast.ebba, cast.nemo, AnonymousUser()):
        assert reviewed_municipality_ids(user) == frozenset()
