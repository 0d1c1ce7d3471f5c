"""The police decide who holds their rights: on the member page, a role in the police's
organisation (which sees the sensitive categories) is given or widened only by that
organisation's own coordinators or the municipality's admins; every coordinator may narrow
or end one. And "ending" a membership on a day after its end would lengthen it: refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.access import may_widen_in, organisations_to_widen_in, role_widens
from lagesbild.organisations.models import Membership, Role
from lagesbild.organisations.services import MembershipRefused, NewMember, add_member
from lagesbild.testing import PASSWORD, Cast, client_for

User = get_user_model()
LIST = "/medlemmar/?kommun=0999"
REFUSED = "ges och utökas bara av polisens egna samordnare eller en administratör"


def anders_membership(cast: Cast) -> Membership:
    return Membership.objects.get(user=cast.anders, organisation=cast.polisen)


def person(username: str, organisation, role: Role):
    user = User.objects.create_user(username, email=f"{username}@example.se", password=PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def police_coordinator(cast: Cast):
    return person("kommunpolis", cast.polisen, Role.COORDINATOR)


def test_the_municipal_coordinator_is_not_offered_the_police_and_a_forged_post_fails(
    cast: Cast,
) -> None:
    client = client_for(cast.cecilia)
    page = client.get(LIST)
    offered = set(page.context["form"].fields["organisation"].queryset)
    assert offered == {cast.kommunen, cast.bevakning, cast.bostad}
    assert "Polisen ger och utökar själv rollerna" in page.content.decode()
    before = Membership.objects.count()
    forged = client.post(
        LIST, {"email": "ny@polisen.se", "organisation": cast.polisen.pk, "role": "reader"}
    )
    assert forged.status_code == 400
    assert "Välj en av kommunens organisationer." in forged.content.decode()
    assert Membership.objects.count() == before
    assert not User.objects.filter(email="ny@polisen.se").exists()


def test_the_service_itself_refuses_a_police_role_from_the_municipal_coordinator(
    cast: Cast,
) -> None:
    new = NewMember(email="ny@polisen.se", organisation=cast.polisen, role=Role.READER)
    with pytest.raises(MembershipRefused, match=REFUSED):
        add_member(new, cast.cecilia)
    assert not User.objects.filter(email="ny@polisen.se").exists()
    assert not AuditEntry.objects.filter(action__startswith="lagesbild.membership").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"role": "coordinator"},  # a higher role
        {"role": "analyst", "ends_on": "later"},  # a later end than the one set
    ],
)
def test_the_municipal_coordinator_cannot_widen_a_police_role(cast: Cast, change) -> None:
    anders = anders_membership(cast)
    anders.ends_on = timezone.localdate() + timedelta(days=3)
    anders.save()
    data = dict(change)
    if data.get("ends_on") == "later":
        data["ends_on"] = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client_for(cast.cecilia).post(reverse("member-change", args=[anders.pk]), data)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert "Du kan sänka rollen" in response.content.decode()
    anders.refresh_from_db()
    assert (anders.role, anders.ends_on) == (Role.ANALYST, timezone.localdate() + timedelta(3))


def test_the_municipal_coordinator_may_lower_and_end_a_police_role(cast: Cast) -> None:
    anders = anders_membership(cast)
    client = client_for(cast.cecilia)
    lowered = client.post(reverse("member-change", args=[anders.pk]), {"role": "reader"})
    assert lowered.status_code == 302
    assert client.post(reverse("member-end", args=[anders.pk])).status_code == 302
    anders.refresh_from_db()
    assert (anders.role, anders.ends_on) == (Role.READER, timezone.localdate())


def test_an_ended_police_role_is_not_given_again_by_the_municipal_coordinator(
    cast: Cast,
) -> None:
    anders = anders_membership(cast)
    anders.ends_on = timezone.localdate() - timedelta(days=1)
    anders.save()
    cast.anders.email = "anders@polisen.se"
    cast.anders.save()
    client = client_for(cast.cecilia)
    again = client.post(reverse("member-change", args=[anders.pk]), {"role": "analyst"})
    assert again.status_code == 400
    given = NewMember(email="anders@polisen.se", organisation=cast.polisen, role=Role.ANALYST)
    with pytest.raises(MembershipRefused, match=REFUSED):
        add_member(given, cast.cecilia)
    anders.refresh_from_db()
    assert anders.ends_on == timezone.localdate() - timedelta(days=1)


def test_the_polices_own_coordinator_gives_and_widens_police_roles(
    cast: Cast, police_coordinator
) -> None:
    client = client_for(police_coordinator)
    page = client.get(LIST)
    assert cast.polisen in set(page.context["form"].fields["organisation"].queryset)
    assert "Polisen ger och utökar själv rollerna" not in page.content.decode()
    added = client.post(
        LIST, {"email": "ny@polisen.se", "organisation": cast.polisen.pk, "role": "analyst"}
    )
    assert added.status_code == 302
    assert Membership.objects.get(user__email="ny@polisen.se").organisation == cast.polisen
    anders = anders_membership(cast)
    raised = client.post(reverse("member-change", args=[anders.pk]), {"role": "coordinator"})
    assert raised.status_code == 302
    anders.refresh_from_db()
    assert anders.role == Role.COORDINATOR


def test_the_municipalitys_admin_gives_police_roles(cast: Cast) -> None:
    admin = person("chef", cast.kommunen, Role.ADMIN)
    assert may_widen_in(admin.pk, cast.polisen)
    new = NewMember(email="ny@polisen.se", organisation=cast.polisen, role=Role.READER)
    assert add_member(new, admin).membership.organisation == cast.polisen


def test_police_rights_elsewhere_give_nothing_here(cast: Cast) -> None:
    # A coordinator of Annanstad's police, and a coordinator here in the municipal office.
    both = person("dubbel", cast.annan_polis, Role.COORDINATOR)
    Membership.objects.create(user=both, organisation=cast.kommunen, role=Role.COORDINATOR)
    assert not may_widen_in(both.pk, cast.polisen)
    assert cast.polisen not in set(organisations_to_widen_in(both.pk, cast.municipality.pk))
    # An ended police coordinator membership gives nothing either.
    ended = person("slutat", cast.polisen, Role.COORDINATOR)
    Membership.objects.filter(user=ended).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert not may_widen_in(ended.pk, cast.polisen)
    assert not may_widen_in(None, cast.polisen)
    assert may_widen_in(cast.cecilia.pk, cast.bostad)  # the other partners stay hers


def test_ending_on_a_day_after_the_set_end_is_refused(cast: Cast) -> None:
    rut = Membership.objects.get(user=cast.rut, organisation=cast.kommunen)
    soon = timezone.localdate() + timedelta(days=2)
    rut.ends_on = soon
    rut.save()
    later = (soon + timedelta(days=30)).isoformat()
    response = client_for(cast.cecilia).post(
        reverse("member-end", args=[rut.pk]), {"ends_on": later}
    )
    assert response.status_code == 400
    assert "Medlemskapet upphör redan" in response.content.decode()
    rut.refresh_from_db()
    assert rut.ends_on == soon
    # An earlier day is an end, as before.
    assert (
        client_for(cast.cecilia)
        .post(reverse("member-end", args=[rut.pk]), {"ends_on": ""})
        .status_code
        == 302
    )
    rut.refresh_from_db()
    assert rut.ends_on == timezone.localdate()


def test_ending_a_membership_that_has_ended_says_so(cast: Cast) -> None:
    rut = Membership.objects.get(user=cast.rut, organisation=cast.kommunen)
    rut.ends_on = timezone.localdate() - timedelta(days=3)
    rut.save()
    response = client_for(cast.cecilia).post(reverse("member-end", args=[rut.pk]))
    assert response.status_code == 400
    assert "Medlemskapet upphörde redan" in response.content.decode()
    rut.refresh_from_db()
    assert rut.ends_on == timezone.localdate() - timedelta(days=3)


def test_a_police_reporter_made_reader_gains_the_summaries_so_the_police_decide(
    cast: Cast,
) -> None:
    # A reader reads the summaries (tertial, yearly report, statutory document) a reporter does
    # not: from reporter to reader is no lowering, though reader ranks lower.
    anders = anders_membership(cast)
    anders.role = Role.REPORTER
    anders.save()
    response = client_for(cast.cecilia).post(
        reverse("member-change", args=[anders.pk]), {"role": "reader"}
    )
    assert response.status_code == 400 and REFUSED in response.content.decode()
    anders.refresh_from_db()
    assert anders.role == Role.REPORTER


@pytest.mark.parametrize(
    "new, old, widens",
    [
        ("reader", "reporter", True),  # the summaries
        ("reporter", "reader", True),  # filing
        ("reader", "analyst", False),
        ("analyst", "reader", True),
        ("reporter", "coordinator", False),
        ("coordinator", "admin", False),
        ("admin", "coordinator", False),  # the same rights on the member page's terms
    ],
)
def test_a_role_widens_another_when_it_gives_a_right_the_other_does_not(
    new: str, old: str, widens: bool
) -> None:
    assert role_widens(new, old) is widens
