from __future__ import annotations

from django.test import Client
from django.urls import reverse

from lagesbild.categories.models import Category
from lagesbild.measures.models import Measure
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import Cast, client_for


def board(client: Client, **query) -> dict[str, list[str]]:
    response = client.get(reverse("measure-board"), query)
    assert response.status_code == 200
    return {g["status"]: [m.title for m in g["measures"]] for g in response.context["groups"]}


def test_the_board_groups_measures_by_status_for_everyone_in_the_municipality(cast: Cast) -> None:
    make_measure(cast, "Belysning i parken", status="proposed")
    make_measure(cast, "Klottersanering", status="decided")
    make_measure(cast, "Extra patrull", status="done", owner=cast.polisen)
    for user in (cast.cecilia, cast.sara, cast.rut):
        assert board(client_for(user)) == {
            "proposed": ["Belysning i parken"],
            "decided": ["Klottersanering"],
            "ongoing": [],
            "done": ["Extra patrull"],
            "cancelled": [],
        }


def test_the_board_filters_by_owner_district_and_category(cast: Cast) -> None:
    graffiti = Category.objects.get(code="klotter")  # a subcategory of skadegorelse
    make_measure(cast, "Sanering Norr", areas=[cast.norr], categories=[graffiti])
    make_measure(
        cast,
        "Patrull Söder",
        owner=cast.polisen,
        areas=[cast.soder],
        categories=[Category.objects.get(code="narkotika")],
    )
    client = client_for(cast.cecilia)
    assert board(client, agare=cast.polisen.pk)["decided"] == ["Patrull Söder"]
    assert board(client, stadsdel="norr")["decided"] == ["Sanering Norr"]
    assert board(client, kategori="skadegorelse")["decided"] == ["Sanering Norr"]
    assert board(client, stadsdel="soder", kategori="skadegorelse")["decided"] == []


def test_an_invalid_filter_is_answered_with_400_and_a_message(cast: Cast) -> None:
    make_measure(cast)
    response = client_for(cast.cecilia).get(
        reverse("measure-board"), {"stadsdel": "atlantis", "agare": "x"}
    )
    assert response.status_code == 400
    assert "Filtret är ogiltigt" in response.content.decode()


def test_a_measure_of_another_municipality_is_404_and_anonymous_users_are_sent_to_login(
    cast: Cast,
) -> None:
    measure = make_measure(cast)
    assert (
        client_for(cast.olle).get(reverse("measure-detail", args=[measure.pk])).status_code == 404
    )
    assert client_for(cast.olle).get(reverse("measure-edit", args=[measure.pk])).status_code == 404
    assert client_for(cast.nemo).get(reverse("measure-board")).status_code == 404
    response = Client().get(reverse("measure-board"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_reporter_cannot_create_or_edit_measures(cast: Cast) -> None:
    measure = make_measure(cast, owner=cast.bevakning)  # sara's company, but she only reports
    client = client_for(cast.sara)
    assert client.get(reverse("measure-create")).status_code == 403
    assert (
        client.post(
            reverse("measure-create"),
            {"title": "X", "owner": cast.bevakning.pk, "status": "proposed"},
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("measure-edit", args=[measure.pk]), {"status": "done"}).status_code
        == 403
    )
    assert Measure.objects.count() == 1


def test_the_coordinator_creates_a_measure_through_the_form(cast: Cast) -> None:
    response = client_for(cast.cecilia).post(
        reverse("measure-create"),
        {
            "title": "Röj buskar vid gångtunneln",
            "owner": cast.kommunen.pk,
            "status": "decided",
            "areas": [cast.soder.pk],
            "categories": [Category.objects.get(code="otrygg_miljo").pk],
            "due_date": "2024-10-01",
            "problem": "Mörkt och skymd sikt",
        },
    )
    measure = Measure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "measure-detail", args=[measure.pk]
    )
    assert (measure.owner, measure.status, str(measure.due_date)) == (
        cast.kommunen,
        "decided",
        "2024-10-01",
    )
    assert list(measure.areas.all()) == [cast.soder]
    assert measure.created_by == cast.cecilia


def test_invalid_measure_input_is_answered_with_400_and_messages_never_500(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    response = client.post(
        reverse("measure-create"),
        {
            "title": "",
            "owner": cast.annan.pk,
            "status": "nonsense",
            "due_date": "31/31",
            "source_reports": "abc",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"title", "owner", "status", "due_date", "source_reports"}
    response = client.post(
        reverse("measure-create"),
        {
            "title": "Omvänd tid",
            "owner": cast.kommunen.pk,
            "status": "decided",
            "start_date": "2024-10-01",
            "due_date": "2024-09-01",
        },
    )
    assert response.status_code == 400
    assert "Slutdatum kan inte ligga före startdatum" in response.content.decode()
    assert not Measure.objects.exists()


def test_the_owner_organisations_analyst_gets_a_follow_up_form_and_the_history_shows_the_change(
    cast: Cast,
) -> None:
    measure = make_measure(cast, owner=cast.polisen)
    client = client_for(cast.anders)
    form = client.get(reverse("measure-edit", args=[measure.pk])).context["form"]
    assert set(form.fields) == {"status", "done_date", "follow_up", "comment"}
    response = client.post(
        reverse("measure-edit", args=[measure.pk]),
        {
            "status": "ongoing",
            "follow_up": "Två extra patruller",
            "comment": "Startat",
            "title": "Kapat",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (
        measure.title == "Klottersanering vid skolan"
    )  # not his to change; the field is not in his form
    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()
    assert "anders: Startat" in page
    assert "Status: Beslutad → Pågående" in page
