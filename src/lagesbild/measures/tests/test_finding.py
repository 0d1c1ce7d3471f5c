"""One click from a finding of the weekly lägesbild to a decided measure with its evaluation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.finding import SUGGESTED_BUFFER_METRES, finding_query
from lagesbild.measures.models import Measure, MeasureEvaluation
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WEEK = IsoWeek(2024, 37)
TUNNEL = (56.0150, 13.0050)  # inside Norr


def hotspot_link(**overrides: Any) -> str:
    values: dict[str, Any] = {
        "district": "norr",
        "categories": ("skadegorelse",),
        "place": "Gångtunneln vid Kvartsvägen",
        "centre": TUNNEL,
        "radius": 150,
    } | overrides
    return reverse("measure-create") + "?" + finding_query("0999", "brannpunkt", WEEK, **values)


def months_ago(months: int) -> datetime:
    when = timezone.localdate() - timedelta(days=30 * months)
    return datetime(when.year, when.month, when.day, 21, tzinfo=STOCKHOLM)


def _decided(cast: Cast, initial: dict) -> dict:
    """The form as the link fills it, decided in Norr from today with an evaluation."""
    return {
        "title": initial["title"],
        "owner": cast.kommunen.pk,
        "status": "decided",
        "areas": [cast.norr.pk],
        "categories": [c.pk for c in initial["categories"]],
        "start_date": timezone.localdate().isoformat(),
        "problem": initial["problem"],
        "evaluate": "on",
    }


def test_the_form_opens_filled_in_from_a_hotspot(cast: Cast) -> None:
    response = client_for(cast.cecilia).get(hotspot_link())
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Åtgärd: Skadegörelse – Gångtunneln vid Kvartsvägen"
    assert form.initial["areas"] == [cast.norr] and form.initial["status"] == "decided"
    assert [c.code for c in form.initial["categories"]] == ["skadegorelse"]
    assert "2024-W37" in form.initial["problem"] and "brännpunkt" in form.initial["problem"]
    assert "evaluate" in form.fields and "150 m runt platsen" in form.fields["evaluate"].help_text


def test_deciding_the_measure_sets_up_its_evaluation_with_a_frozen_baseline(cast: Cast) -> None:
    for i in range(4):  # the year before: in the tunnel and elsewhere, so a control is found
        file_report(cast.bevakning, "klotter", months_ago(3 + i), point=TUNNEL)
        file_report(cast.bevakning, "klotter", months_ago(3 + i), point=Cast.SODER_POINT)
    client = client_for(cast.cecilia)
    initial = client.get(hotspot_link()).context["form"].initial
    response = client.post(hotspot_link(), _decided(cast, initial))
    measure = Measure.objects.get()
    assert response.status_code == 302 and measure.status == "decided"
    setup = MeasureEvaluation.objects.get(measure=measure)
    target = setup.target_area
    assert (target.kind, target.parent, target.name) == (
        Area.Kind.PLACE,
        cast.norr,
        "Gångtunneln vid Kvartsvägen",
    )
    assert setup.control_area == cast.soder and setup.control_suggested
    assert setup.buffer_metres == SUGGESTED_BUFFER_METRES
    assert [c.code for c in setup.categories.all()] == ["skadegorelse"]
    assert setup.frozen_at is not None
    assert setup.frozen_baseline["totals"]["target"] == 4  # the tunnel's pinned reports


def test_a_hand_written_place_is_scrubbed_before_it_names_the_target_area(cast: Cast) -> None:
    # The link's place became the stored area's name as typed.
    link = hotspot_link(place="Anna Svenssons port, tel 070-123 45 67")
    for i in range(2):  # the year before, in the tunnel and elsewhere: a control is found
        file_report(cast.bevakning, "klotter", months_ago(3 + i), point=TUNNEL)
        file_report(cast.bevakning, "klotter", months_ago(3 + i), point=Cast.SODER_POINT)
    client = client_for(cast.cecilia)
    initial = client.get(link).context["form"].initial
    assert initial["title"] == "Åtgärd: Skadegörelse – [namn] port, tel [telefonnummer]"
    assert client.post(link, _decided(cast, initial)).status_code == 302
    target = MeasureEvaluation.objects.get().target_area
    assert target.name == "[namn] port, tel [telefonnummer]"


def test_a_district_finding_targets_the_district(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", months_ago(2), point=Cast.NORR_POINT)
    file_report(cast.bevakning, "klotter", months_ago(2), point=Cast.SODER_POINT)
    link = (
        reverse("measure-create")
        + "?"
        + finding_query("0999", "larm", WEEK, district="norr", categories=("skadegorelse",))
    )
    client = client_for(cast.cecilia)
    client.post(
        link,
        {
            "title": "Klotterpatrull",
            "owner": cast.kommunen.pk,
            "status": "decided",
            "areas": [cast.norr.pk],
            "evaluate": "on",
        },
    )
    assert MeasureEvaluation.objects.get().target_area == cast.norr
    assert not Area.objects.filter(kind=Area.Kind.PLACE).exists()


def test_without_evaluate_no_evaluation_is_set_up(cast: Cast) -> None:
    client_for(cast.cecilia).post(
        hotspot_link(), {"title": "X", "owner": cast.kommunen.pk, "status": "proposed"}
    )
    assert Measure.objects.count() == 1 and not MeasureEvaluation.objects.exists()


def test_a_broken_link_opens_an_empty_form_not_an_error(cast: Cast) -> None:
    link = (
        reverse("measure-create")
        + "?kommun=0999&kalla=brannpunkt&vecka=2024-W99&stadsdel=finns-inte&kategori=nej"
        + "&lat=abc&lon=13&radie=99999&plats=%00"
    )
    response = client_for(cast.cecilia).get(link)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["areas"] == [] and initial["categories"] == []
    assert initial["title"] == "Åtgärd"


def test_sensitive_categories_are_never_counted_by_the_evaluation(cast: Cast) -> None:
    file_report(cast.bevakning, "klotter", months_ago(2), point=TUNNEL)
    file_report(cast.bevakning, "klotter", months_ago(2), point=Cast.SODER_POINT)
    sensitive = Category.objects.filter(parent__isnull=True, sensitive=True).first()
    assert sensitive is not None
    link = hotspot_link(categories=("skadegorelse", sensitive.code))
    client_for(cast.cecilia).post(
        link,
        {"title": "X", "owner": cast.kommunen.pk, "status": "decided", "evaluate": "on"},
    )
    setup = MeasureEvaluation.objects.get()
    assert [c.code for c in setup.categories.all()] == ["skadegorelse"]


def test_only_the_municipalitys_coordinators_may_act_on_a_finding(cast: Cast) -> None:
    assert client_for(cast.rut).get(hotspot_link()).status_code == 403  # reader
    assert client_for(cast.anders).get(hotspot_link()).status_code == 403  # police analyst
    assert client_for(cast.olle).get(hotspot_link()).status_code == 404  # other municipality
    assert client_for(cast.ebba).get(hotspot_link()).status_code == 404  # ended membership
    response = client_for(cast.rut).post(
        hotspot_link(), {"title": "X", "owner": cast.kommunen.pk, "status": "decided"}
    )
    assert response.status_code == 403 and not Measure.objects.exists()
    assert not Area.objects.filter(kind=Area.Kind.PLACE).exists()
