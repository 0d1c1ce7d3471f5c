"""An area drawn anew, added or removed in the admin moves the reports as the areas import
does: every report with a point is put in the area its point lies in now, the rollup follows."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lagesbild.areas.models import Area
from lagesbild.areas.signals import areas_redrawn
from lagesbild.audit.models import AuditEntry
from lagesbild.reports.models import Report, ReportCount
from lagesbild.testing import Cast, file_report, square

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=ZoneInfo("Europe/Stockholm"))
NORTH_OF_NORR = (56.025, 13.005)


def change_form(client: Client, area: Area, **changes: Any) -> dict[str, Any]:
    form = client.get(f"/admin/areas/area/{area.pk}/change/").context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data["geometry"] = json.dumps(data["geometry"])
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_a_district_redrawn_in_the_admin_takes_its_reports(
    cast: Cast, admin_client: Client
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, NORTH_OF_NORR, "utanför")
    assert report.area is None
    grown = json.dumps(square(13.0, 56.01, 0.02))
    answer = admin_client.post(
        f"/admin/areas/area/{cast.norr.pk}/change/",
        change_form(admin_client, cast.norr, geometry=grown),
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.area == cast.norr
    cells = ReportCount.objects.filter(municipality=cast.municipality, area=cast.norr)
    assert sum(c.reports for c in cells) == Report.objects.filter(area=cast.norr).count()
    assert AuditEntry.objects.get(action="lagesbild.report.relocated").detail == {"moved": 1}


def test_a_name_changed_in_the_admin_moves_nothing(cast: Cast, admin_client: Client) -> None:
    file_report(cast.bevakning, "klotter", WHEN, NORTH_OF_NORR, "utanför")
    data = change_form(admin_client, cast.norr, name="Norra staden")
    assert admin_client.post(f"/admin/areas/area/{cast.norr.pk}/change/", data).status_code == 302
    assert not AuditEntry.objects.filter(action="lagesbild.report.relocated").exists()


def test_a_district_removed_in_the_admin_leaves_its_reports_outside(
    cast: Cast, admin_client: Client
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, (56.015, 13.005), "norr")
    assert report.area == cast.norr
    answer = admin_client.post(f"/admin/areas/area/{cast.norr.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.area is None
    assert not ReportCount.objects.filter(municipality=cast.municipality, area__code="norr")


def inner_square(cast: Cast) -> Area:
    """A square inside Norr, nested in it: a point in both lies in the inner one."""
    return Area.objects.create(
        municipality=cast.municipality,
        parent=cast.norr,
        code="torget",
        name="Torget",
        geometry=square(13.0, 56.01, 0.005),
    )


def delete_from_the_list(client: Client, area: Area) -> Any:
    selected = {"action": "delete_selected", "_selected_action": [area.pk], "post": "yes"}
    return client.post("/admin/areas/area/", selected)


def test_an_area_deleted_from_the_list_moves_its_reports_to_the_area_around(
    cast: Cast, admin_client: Client
) -> None:
    torget = inner_square(cast)
    report = file_report(cast.bevakning, "klotter", WHEN, (56.012, 13.002), "torget")
    assert report.area == torget
    assert delete_from_the_list(admin_client, torget).status_code == 302
    report.refresh_from_db()
    assert report.area == cast.norr
    cells = ReportCount.objects.filter(municipality=cast.municipality, area=cast.norr)
    assert sum(c.reports for c in cells) == 1


def test_a_failed_relocation_leaves_the_areas_deleted_from_the_list_in_place(
    cast: Cast, admin_client: Client
) -> None:
    torget = inner_square(cast)
    report = file_report(cast.bevakning, "klotter", WHEN, (56.012, 13.002), "torget")

    def fail(sender: object, **kwargs: object) -> None:
        raise RuntimeError("the reports could not be moved")

    areas_redrawn.connect(fail, dispatch_uid="test_admin_redraw.fail")
    try:
        with pytest.raises(RuntimeError):
            delete_from_the_list(admin_client, torget)
    finally:
        areas_redrawn.disconnect(dispatch_uid="test_admin_redraw.fail")
    assert Area.objects.filter(pk=torget.pk).exists()
    report.refresh_from_db()
    assert report.area == torget


def test_an_area_stays_in_its_municipality(cast: Cast, admin_client: Client) -> None:
    form = admin_client.get(f"/admin/areas/area/{cast.norr.pk}/change/").context["adminform"]
    assert "municipality" not in form.form.fields
    assert (
        "municipality"
        in admin_client.get("/admin/areas/area/add/").context["adminform"].form.fields
    )
