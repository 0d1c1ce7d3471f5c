"""Reports placed by their place text: geocoding at entry, the scrubber's allow-list, the form's
demand for a district, and re-geocoding stored reports."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import cast as typed

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.places.importing import import_gazetteer
from lagesbild.places.models import Place
from lagesbild.reports.models import Report, ReportCount
from lagesbild.testing import Cast, client_for, file_report

# Norr is the square 13.00–13.01 E, 56.01–56.02 N; Söder the one south of it.
GAZETTEER = (
    "name,latitude,longitude,kind\n"
    "Storgatan 14,56.015,13.005,address\n"
    "Gångtunneln vid Kvartsvägen,56.005,13.005,place\n"
    "Miljöhuset vid Kvällsvägen,56.016,13.004,place\n"
    "Kvällsvägen 12,56.016,13.004,address\n"
).encode()


def town(cast: Cast) -> Municipality:
    return typed(Municipality, cast.municipality)


def form_data(**overrides) -> dict:
    data = {
        "category": Category.objects.get(code="klotter").pk,
        "occurred_from": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "insecurity": "2",
    }
    return data | overrides


def _load(cast: Cast) -> None:
    assert import_gazetteer(GAZETTEER, "ortnamn.csv", town(cast)).ok


def test_an_address_in_the_gazetteer_without_a_pin_lands_in_its_district(cast: Cast) -> None:
    _load(cast)
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(place_text="Storgatan 14, busskuren")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.place_text == "Storgatan 14, busskuren"
    assert report.area == cast.norr
    assert (report.latitude, report.longitude, report.geocoded) == (56.015, 13.005, True)
    assert ReportCount.objects.get(municipality=town(cast)).area == cast.norr


def test_a_public_place_with_its_address_keeps_both(cast: Cast) -> None:
    _load(cast)
    report = file_report(
        cast.bevakning, "klotter", timezone.now(), place_text="Miljöhuset Kvällsvägen 12"
    )
    assert report.place_text == "Miljöhuset Kvällsvägen 12"
    assert report.area == cast.norr


def test_a_home_address_not_in_the_gazetteer_is_still_scrubbed(cast: Cast) -> None:
    _load(cast)
    report = file_report(
        cast.bevakning,
        "klotter",
        timezone.now(),
        point=(56.005, 13.005),
        text="Bråk hemma på Storgatan 12, vid Storgatan 14 sågs inget.",
        place_text="Storgatan 12 lgh 1102",
    )
    assert report.place_text == "[adress]"
    assert report.description == "Bråk hemma på [adress], vid Storgatan 14 sågs inget."
    assert report.area == cast.soder and not report.geocoded  # the pin decides


def test_a_report_with_neither_pin_nor_known_place_must_name_its_district(cast: Cast) -> None:
    _load(cast)
    client = client_for(cast.sara)
    response = client.post(reverse("report-create"), form_data(place_text="Bakom affären"))
    assert response.status_code == 400
    assert "finns inte i kommunens ortnamnsregister" in response.content.decode()
    assert not Report.objects.exists()
    response = client.post(
        reverse("report-create"),
        form_data(place_text="Bakom affären", area=typed(Area, cast.soder).pk),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.area, report.latitude, report.geocoded) == (cast.soder, None, False)


def test_the_form_offers_the_place_endpoints_of_the_reporters_municipality(cast: Cast) -> None:
    page = client_for(cast.sara).get(reverse("report-create")).content.decode()
    assert reverse("place-suggestions", args=["0999"]) in page
    assert 'list="place-options"' in page


def test_regeocode_places_old_reports_and_follows_the_gazetteer(cast: Cast) -> None:
    old = file_report(
        cast.bevakning, "klotter", timezone.now(), place_text="gångtunneln kvartsvägen"
    )
    pinned = file_report(
        cast.bevakning, "klotter", timezone.now(), point=(56.015, 13.005), place_text="Torget"
    )
    assert old.area is None and old.latitude is None
    _load(cast)
    out = StringIO()
    call_command("gazetteer", "regeocode", "--municipality", "0999", stdout=out)
    assert "2 reports without a pin checked, 1 moved" not in out.getvalue()  # the pin is not one
    assert "1 reports without a pin checked, 1 moved, 0 name no known place" in out.getvalue()
    old.refresh_from_db()
    assert (old.area, old.geocoded, old.latitude) == (cast.soder, True, 56.005)
    assert ReportCount.objects.filter(area=typed(Area, cast.soder)).exists()
    pinned.refresh_from_db()
    assert (pinned.latitude, pinned.geocoded) == (56.015, False)
    # The place leaves the gazetteer: the geocoded point goes, the area stays.
    Place.objects.filter(name__startswith="Gångtunneln").delete()
    call_command("gazetteer", "regeocode", "--municipality", "0999", stdout=StringIO())
    old.refresh_from_db()
    assert (old.latitude, old.geocoded, old.area) == (None, False, cast.soder)
    # Idempotent: nothing more to do.
    out = StringIO()
    call_command("gazetteer", "regeocode", "--municipality", "0999", stdout=out)
    assert "0 moved" in out.getvalue()


# --- the district the reporter chose ---------------------------------------------------------

MOVED_TUNNEL = (
    "name,latitude,longitude,kind\nGångtunneln vid Kvartsvägen,56.015,13.006,place\n"
).encode()


def _regeocode() -> str:
    out = StringIO()
    call_command("gazetteer", "regeocode", "--municipality", "0999", stdout=out)
    return out.getvalue()


def test_a_chosen_district_stands_when_the_report_is_placed_again(cast: Cast) -> None:
    """The tunnel lies in Söder; a reporter who chose Norr keeps Norr, filed or placed again."""
    _load(cast)
    response = client_for(cast.sara).post(
        reverse("report-create"),
        form_data(place_text="Gångtunneln vid Kvartsvägen", area=typed(Area, cast.norr).pk),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.area, report.chosen_area, report.latitude) == (cast.norr, cast.norr, None)
    assert "1 reports without a pin checked, 0 moved" in _regeocode()
    report.refresh_from_db()
    assert (report.area, report.latitude, report.geocoded) == (cast.norr, None, False)


def test_a_place_that_moves_out_of_the_chosen_district_leaves_the_report_in_it(cast: Cast) -> None:
    _load(cast)
    chosen = file_report(
        cast.bevakning,
        "klotter",
        timezone.now(),
        place_text="gångtunneln kvartsvägen",
        area=cast.soder,
    )
    unchosen = file_report(
        cast.bevakning, "klotter", timezone.now(), place_text="gångtunneln kvartsvägen"
    )
    for report in (chosen, unchosen):
        assert (report.area, report.latitude, report.geocoded) == (cast.soder, 56.005, True)
    assert import_gazetteer(MOVED_TUNNEL, "ortnamn.csv", town(cast)).ok  # now in Norr
    assert "2 reports without a pin checked, 2 moved" in _regeocode()
    chosen.refresh_from_db()
    unchosen.refresh_from_db()
    # As if filed now: the chosen district wins over the place, whose point is not in it.
    assert (chosen.area, chosen.latitude, chosen.geocoded) == (cast.soder, None, False)
    assert (unchosen.area, unchosen.latitude, unchosen.geocoded) == (cast.norr, 56.015, True)
    counts = ReportCount.objects.filter(municipality=town(cast))
    assert sorted((c.area_id, c.reports) for c in counts) == sorted(
        [(typed(Area, cast.soder).pk, 1), (typed(Area, cast.norr).pk, 1)]
    )
    assert "0 moved" in _regeocode()  # and once placed, placed for good


def test_a_place_moved_outside_every_area_keeps_the_reports_district(cast: Cast) -> None:
    _load(cast)
    report = file_report(
        cast.bevakning, "klotter", timezone.now(), place_text="gångtunneln kvartsvägen"
    )
    assert report.area == cast.soder
    north_of_norr = (
        "name,latitude,longitude,kind\nGångtunneln vid Kvartsvägen,56.025,13.005,place\n"
    )
    assert import_gazetteer(north_of_norr.encode(), "ortnamn.csv", town(cast)).ok
    _regeocode()
    report.refresh_from_db()
    assert (report.latitude, report.geocoded, report.area) == (56.025, True, cast.soder)


def test_a_reviewers_pin_or_district_is_not_undone_by_the_gazetteer(cast: Cast) -> None:
    from lagesbild.reports.review import Correction, correct_and_accept

    _load(cast)
    pinned, districted = (
        file_report(cast.bevakning, "klotter", timezone.now(), place_text="Storgatan 14")
        for _ in range(2)
    )
    assert pinned.geocoded and pinned.area == cast.norr
    correct_and_accept(pinned, Correction(point=(56.005, 13.002)), cast.cecilia)
    correct_and_accept(districted, Correction(area=typed(Area, cast.soder)), cast.cecilia)
    _regeocode()
    pinned.refresh_from_db()
    districted.refresh_from_db()
    assert (pinned.latitude, pinned.longitude, pinned.geocoded) == (56.005, 13.002, False)
    assert (pinned.area, pinned.chosen_area) == (cast.soder, None)
    assert (districted.area, districted.chosen_area, districted.latitude) == (
        cast.soder,
        cast.soder,
        None,
    )


def test_the_migration_takes_a_district_without_a_point_as_the_reporters_choice(
    cast: Cast,
) -> None:
    from importlib import import_module

    from django.apps import apps

    _load(cast)
    when = timezone.now()
    named = file_report(cast.bevakning, "klotter", when, place_text="Bakom", area=cast.norr)
    placed = file_report(cast.bevakning, "klotter", when, place_text="Storgatan 14")
    pinned = file_report(cast.bevakning, "klotter", when, point=(56.005, 13.005))
    Report.objects.update(chosen_area=None)  # as stored before the field existed
    migration = import_module("lagesbild.reports.migrations.0011_report_chosen_area")
    migration.keep_chosen_districts(apps, None)
    chosen = dict(Report.objects.values_list("pk", "chosen_area_id"))
    assert chosen == {named.pk: typed(Area, cast.norr).pk, placed.pk: None, pinned.pk: None}
