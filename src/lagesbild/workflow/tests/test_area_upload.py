"""A coordinator uploads the districts on the official-data page (no command line): preview
with file:line errors and how many reports would move, then the import as a background job,
for their own municipality only."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.jobs.models import Job
from lagesbild.reports.models import Report
from lagesbild.testing import file_report, run_queued_jobs, square
from lagesbild.workflow.checklist import checklist

pytestmark = pytest.mark.django_db

DATA = reverse("official-data")
WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=ZoneInfo("Europe/Stockholm"))


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def districts(*features: tuple[str, str, Any]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"KOD": c, "NAMN": n}, "geometry": g}
                for c, n, g in features
            ],
        }
    ).encode()


# Norr grows north over a report filed outside every district.
GROWN = districts(
    ("norr", "Norr", square(13.0, 56.01, 0.03)), ("hamnen", "Hamnen", square(13.1, 56.0))
)


def preview(client: Client, data: bytes) -> Any:
    return client.post(
        DATA,
        {
            "source": "areas",
            "file": SimpleUploadedFile("stadsdelar.geojson", data),
            "name_property": "NAMN",
            "code_property": "KOD",
            "preview": "1",
        },
    )


def test_the_preview_says_what_would_change_and_the_job_imports_it(cast: Any) -> None:
    file_report(cast.bevakning, "klotter", WHEN, (56.035, 13.005), "utanför")
    client = client_for(cast.cecilia)
    answer = preview(client, GROWN)
    assert answer.status_code == 200
    summary = answer.context["summary"]
    assert (summary.created, summary.updated, summary.relocated) == (1, 1, 1)
    page = answer.content.decode()
    assert "Rapporter som skulle hamna i ett annat område</dt><dd>1</dd>" in page
    assert not Area.objects.filter(code="hamnen").exists()
    assert Report.objects.get().area is None

    confirm = {k: v for k, v in answer.context["confirm"].initial.items() if v is not None}
    started = client.post(DATA, {**confirm, "import": "1"})
    assert started.status_code == 302
    assert run_queued_jobs() == 1
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    assert Area.objects.get(code="hamnen").municipality == cast.municipality
    assert Report.objects.get().area == cast.norr
    download = client.get(reverse("job-download", args=[job.pk]))
    assert "1 rapporter ligger nu i ett annat område" in download.getvalue().decode()


def test_a_bad_feature_is_named_by_its_position_and_nothing_can_be_imported(cast: Any) -> None:
    bad = districts(("norr", "Norr", square(13.0, 56.01)), ("punkt", "Punkt", {"type": "Point"}))
    answer = preview(client_for(cast.cecilia), bad)
    page = answer.content.decode()
    assert "stadsdelar.geojson:2" in page
    assert "confirm" not in answer.context
    assert set(Area.objects.values_list("code", flat=True)) >= {"norr", "soder"}
    assert not Area.objects.filter(code="punkt").exists()


def test_a_geometry_type_that_is_no_text_is_a_named_error_not_a_crash(cast: Any) -> None:
    listed = {"type": ["Polygon"], "coordinates": square(13.1, 56.0)["coordinates"]}
    answer = preview(client_for(cast.cecilia), districts(("hamnen", "Hamnen", listed)))
    assert answer.status_code == 200
    assert "stadsdelar.geojson:1" in answer.content.decode()
    assert "confirm" not in answer.context
    assert not Area.objects.filter(code="hamnen").exists()


def test_the_wrong_property_names_say_which_to_choose(cast: Any) -> None:
    answer = client_for(cast.cecilia).post(
        DATA,
        {
            "source": "areas",
            "file": SimpleUploadedFile("stadsdelar.geojson", GROWN),
            "preview": "1",
        },
    )
    assert "stadsdelar.geojson:1" in answer.content.decode()
    assert "egenskapen &#x27;code&#x27; med områdets kod saknas" in answer.content.decode()


@pytest.mark.parametrize("who", ["sara", "anders", "rut"])
def test_only_coordinators_upload_districts(cast: Any, who: str) -> None:
    answer = preview(client_for(getattr(cast, who)), GROWN)
    assert answer.status_code == 403
    assert not Area.objects.filter(code="hamnen").exists()


def test_the_checklist_links_missing_districts_to_the_upload(cast: Any) -> None:
    Area.objects.filter(municipality=cast.municipality).delete()
    item = next(
        i
        for i in checklist(cast.municipality, timezone.localdate())
        if not i.ok and "Stadsdelar" in i.message
    )
    assert item.link.endswith("kalla=areas")


def test_the_preview_lists_a_point_far_outside_every_area(cast: Any) -> None:
    """Third audit, finding 1: a pin with latitude and longitude swapped taken before there were
    areas (as it was until then) is named by the districts' preview, not only counted among
    the reports that would move."""
    far = file_report(cast.bevakning, "klotter", WHEN, (56.035, 13.005))
    Report.objects.filter(pk=far.pk).update(latitude=12.6945, longitude=56.0465)
    file_report(cast.bevakning, "klotter", WHEN, (56.035, 13.005))  # near Norr: not listed
    answer = preview(client_for(cast.cecilia), GROWN)
    note = (
        f"1 rapport har en punkt mer än 10 km utanför alla områden: #{far.pk} (12,69450, "
        "56,04650). Har latitud och longitud bytt plats?"
    )
    assert f'<p class="notice" id="far-outside">{note}</p>' in answer.content.decode()
    assert answer.context["summary"].line().endswith(note)
