from __future__ import annotations

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from lagesbild.audit.models import AuditEntry
from lagesbild.briefings.tests.builders import bulk_weekly, midweek, weeks_back
from lagesbild.briefings.tests.test_analysis import WEEK
from lagesbild.testing import Cast, assert_tagged_pdf, client_for, file_report, job_file


@pytest.fixture
def alarmed_week(cast: Cast) -> None:
    """Ten quiet weeks of graffiti in Norr (2 a week), then 12 in WEEK, a cluster among them."""
    weeks = weeks_back(WEEK, 10)
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks, [2] * 10 + [12])
    file_report(
        cast.bostad,
        "bilbrand",
        midweek(WEEK),
        point=Cast.SODER_POINT,
        text="Bilbrand på Ängsvägen",
        place_text="Ängsvägen",
    )


def png_pages(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    source = tmp_path / "week.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(source), str(tmp_path / "page")], check=True
    )
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]


def darkest(page: Image.Image) -> float:
    """The darkest grey on a one-band page (``getextrema`` gives that band's (min, max))."""
    low, _high = page.getextrema()
    assert isinstance(low, (int, float))
    return low


def test_the_weekly_page_shows_the_alert_with_expected_count_threshold_and_sentence(
    cast: Cast, alarmed_week
) -> None:
    response = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)]))
    page = response.content.decode()
    alert = response.context["analysis"].alerts[0]
    assert "Ovanligt många rapporter" in page and alert.sentence in page
    assert "Skadegörelse i Norr: 12 rapporter vecka 37, väntat omkring 2" in page
    assert f'<td class="num">{alert.alarm_level}</td>' in page and "EARS C1" in page
    assert (
        "Polisens händelser i kommunen" in page
        and "Alla veckans rapporter är granskade" not in page
    )
    assert "1 av veckans rapporter är ännu inte granskad" in page
    map_data = json.loads(
        page.split('id="map-data" type="application/json">')[1].split("</script>")[0]
    )
    assert map_data["hotspots"]["type"] == "FeatureCollection"


def test_the_pdf_is_a_real_pdf_with_swedish_text_rendered_and_the_export_audited(
    cast: Cast, alarmed_week, tmp_path
) -> None:
    response = job_file(client_for(cast.cecilia), reverse("week-pdf", args=[str(WEEK)]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()
    assert pdf.startswith(b"%PDF")
    assert_tagged_pdf(pdf)
    pages = png_pages(pdf, tmp_path)
    assert pages and min(darkest(p) for p in pages) < 100  # dark ink on the page, not blank
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert (
        "Lägesbild Exempeltorp, vecka 2024-W37" in text
        and "Ängsvägen" in text
        and "Skadegörelse i Norr" in text
    )
    entry = AuditEntry.objects.get(action="lagesbild.week.exported")
    assert entry.actor == cast.cecilia and entry.detail == {
        "week": "2024-W37",
        "municipality": "0999",
        "format": "pdf",
        "via": "job",
    }


def test_a_reporter_gets_a_pdf_without_other_organisations_text(cast: Cast, alarmed_week) -> None:
    pdf = job_file(client_for(cast.sara), reverse("week-pdf", args=[str(WEEK)])).getvalue()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Ängsvägen" not in text and "(text visas ej)" in text


def test_the_pdf_of_a_malformed_week_is_400_and_of_a_stranger_404(cast: Cast) -> None:
    assert client_for(cast.cecilia).get("/vecka/2024-W99.pdf").status_code == 400
    assert client_for(cast.nemo).get("/vecka/2024-W37.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="lagesbild.week.exported").exists()


def test_the_cli_json_has_the_analysis(cast: Cast, alarmed_week) -> None:
    out = StringIO()
    call_command("week", str(WEEK), "--municipality", "0999", stdout=out)
    data = json.loads(out.getvalue())
    (alert,) = [a for a in data["analysis"]["alerts"] if a["level"] == "district_category"]
    assert (alert["district"], alert["category"], alert["observed"]) == ("norr", "skadegorelse", 12)
    assert data["analysis"]["hotspot_resolution"] == 9 and "hotspots" in data["analysis"]
    assert data["unreviewed"] == 1


def test_the_cli_writes_pdf_and_html_documents(cast: Cast, alarmed_week, tmp_path) -> None:
    pdf, html = tmp_path / "week.pdf", tmp_path / "week.html"
    call_command("week", str(WEEK), "--municipality", "0999", "--format", "pdf", "-o", str(pdf))
    call_command("week", str(WEEK), "--municipality", "0999", "--format", "html", "-o", str(html))
    assert pdf.read_bytes().startswith(b"%PDF")
    document = html.read_text(encoding="utf-8")
    assert (
        "<svg" in document
        and "Ovanligt många rapporter" in document
        and 'href="/rapporter/' not in document
    )
    assert (
        AuditEntry.objects.filter(action="lagesbild.week.exported", detail__via="cli").count() == 2
    )


def test_the_page_pdf_and_document_share_one_partial(cast: Cast, alarmed_week) -> None:
    base = Path(__file__).resolve().parents[2] / "templates" / "briefings"
    # The page's body (rendered once and cached, briefings.views.week) and the document.
    for name in ("_week_page.html", "week_document.html"):
        assert '{% include "briefings/_week_body.html"' in (base / name).read_text(encoding="utf-8")
