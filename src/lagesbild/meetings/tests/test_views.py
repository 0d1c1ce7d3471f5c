from __future__ import annotations

from datetime import date
from pathlib import Path

from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.measures.services import MeasureData
from lagesbild.measures.tests.helpers import FakeAnalysis, png_is_blank
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import (
    FocusItem,
    add_focus_area,
    create_meeting,
    decide_measure,
    record_minutes,
)
from lagesbild.testing import Cast, assert_tagged_pdf, client_for, job_file


def test_the_coordinator_creates_the_weeks_meeting_from_the_week_in_the_address(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    page = client.get(reverse("meeting-create"), {"vecka": "2024-W37"})
    assert page.status_code == 200 and page.context["form"]["week"].value() == "2024-W37"
    response = client.post(
        reverse("meeting-create"), {"week": "2024-W37", "date": "2024-09-16", "title": ""}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert (meeting.iso_week, meeting.created_by) == ("2024-W37", cast.cecilia)
    # Asking for the week again leads to the meeting that exists.
    again = client.get(reverse("meeting-create"), {"vecka": "2024-W37"})
    assert again.status_code == 302 and again["Location"] == meeting.get_absolute_url()


def test_invalid_meeting_input_is_answered_with_400_and_a_message(
    cast: Cast, meeting: Meeting
) -> None:
    client = client_for(cast.cecilia)
    response = client.get(reverse("meeting-create"), {"vecka": "2024-W99"})
    assert response.status_code == 400
    assert "2024 har ingen vecka 99." in response.content.decode()
    response = client.post(reverse("meeting-create"), {"week": "vecka 37", "date": "igår"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"week", "date"}
    response = client.post(reverse("meeting-create"), {"week": "2024-W37", "date": "2024-09-16"})
    assert (
        response.status_code == 400
        and "Det finns redan ett möte för vecka 2024-W37" in response.content.decode()
    )
    response = client.post(
        reverse("meeting-focus-add", args=[meeting.pk]),
        {"fokus-label": "Torget", "fokus-h3_cells": "zzz"},
    )
    assert response.status_code == 400 and "Ogiltiga H3-celler: zzz" in response.content.decode()
    response = client.post(
        reverse("meeting-decision", args=[meeting.pk]), {"beslut-title": "Utan ägare"}
    )
    assert response.status_code == 400
    assert "owner" in response.context["decision_form"].errors
    assert not Measure.objects.exists()


def test_a_reporter_cannot_create_meetings_or_decide_measures(cast: Cast, meeting: Meeting) -> None:
    client = client_for(cast.sara)
    assert client.get(reverse("meeting-create"), {"vecka": "2024-W38"}).status_code == 403
    assert (
        client.post(
            reverse("meeting-create"), {"week": "2024-W38", "date": "2024-09-23"}
        ).status_code
        == 403
    )
    decision = {"beslut-title": "X", "beslut-owner": cast.bevakning.pk}
    assert client.post(reverse("meeting-decision", args=[meeting.pk]), decision).status_code == 403
    assert (
        client.post(reverse("meeting-minutes", args=[meeting.pk]), {"minutes": "x"}).status_code
        == 403
    )
    assert client.post(reverse("meeting-agenda", args=[meeting.pk])).status_code == 403
    # She may read the meeting, without the forms.
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "decision_form" not in page.context
    assert Meeting.objects.count() == 1 and not Measure.objects.exists()


def test_another_municipalitys_user_gets_404_and_anonymous_users_are_sent_to_login(
    cast: Cast, meeting: Meeting
) -> None:
    client = client_for(cast.olle)
    for name in ("meeting-detail", "meeting-pdf"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert client.post(reverse("meeting-decision", args=[meeting.pk]), {}).status_code == 404
    response = Client().get(meeting.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_meeting_page_records_minutes_focus_areas_and_a_decision(
    cast: Cast, meeting: Meeting
) -> None:
    client = client_for(cast.cecilia)
    url = meeting.get_absolute_url()
    assert (
        client.post(
            reverse("meeting-minutes", args=[meeting.pk]),
            {
                "participants": [cast.polisen.pk, cast.bostad.pk],
                "minutes": "Genomgång av klottret i Norr.",
            },
        )["Location"]
        == url
    )
    client.post(
        reverse("meeting-focus-add", args=[meeting.pk]),
        {
            "fokus-label": "Torget",
            "fokus-area": cast.norr.code,
            "fokus-organisation": cast.bevakning.pk,
        },
    )
    client.post(
        reverse("meeting-decision", args=[meeting.pk]),
        {
            "beslut-title": "Sanera klotter",
            "beslut-owner": cast.bostad.pk,
            "beslut-areas": [cast.norr.pk],
            "beslut-due_date": "2024-09-27",
        },
    )
    measure = Measure.objects.get()
    assert (measure.decided_at_meeting, measure.status, measure.owner) == (
        meeting,
        "decided",
        cast.bostad,
    )
    page = client.get(url).content.decode()
    for text in (
        "Genomgång av klottret i Norr.",
        "Torget",
        "Sanera klotter",
        "Lokalpolisområde Exempeltorp",
        "Skadegörelse i Norr: 9 rapporter",
    ):
        assert text in page


def test_the_minutes_pdf_renders_swedish_text_on_a_non_blank_page_and_is_audited(
    cast: Cast, meeting: Meeting, tmp_path: Path
) -> None:
    record_minutes(
        meeting,
        "Åtgärder för ökad trygghet i Söder; växtlighet röjs.",
        [cast.polisen],
        cast.cecilia,
    )
    add_focus_area(
        meeting, FocusItem("Gångtunneln", area=cast.soder, organisation=cast.kommunen), cast.cecilia
    )
    decide_measure(
        meeting,
        MeasureData(title="Röj växtlighet", owner=cast.kommunen, due_date=date(2024, 9, 30)),
        cast.cecilia,
    )
    response = job_file(client_for(cast.rut), reverse("meeting-pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()
    assert pdf.startswith(b"%PDF")
    assert_tagged_pdf(pdf)
    assert not png_is_blank(pdf, tmp_path)
    entry = AuditEntry.objects.get(action="lagesbild.meeting.exported")
    assert (entry.actor, entry.object_id, entry.detail["format"]) == (
        cast.rut,
        str(meeting.pk),
        "pdf",
    )


def test_the_minutes_document_uses_dejavu_sans_first(meeting: Meeting) -> None:
    from lagesbild.meetings.rendering import render_document

    html = render_document(meeting)
    assert 'font-family: "DejaVu Sans"' in html
    assert "Uppföljning av åtgärder" in html and "Skadegörelse i Norr" in html


def test_a_hotspot_on_the_agenda_becomes_a_focus_area_in_one_click(cast: Cast) -> None:
    import html
    import re

    hotspot = {
        "cell": "891f2c56663ffff",
        "name": "Gångtunneln vid Kvartsvägen",
        "count": 7,
        "week_count": 3,
        "z": 3.2,
        "p_fdr": 0.01,
        "district": "norr",
        "district_name": "Norr",
        "latitude": 56.015,
        "longitude": 13.005,
    }
    meeting = create_meeting(
        cast.municipality,
        IsoWeek(2024, 37),
        date(2024, 9, 16),
        cast.cecilia,
        analyse=FakeAnalysis(hotspots=[hotspot]),
    )
    page = client_for(cast.cecilia).get(meeting.get_absolute_url()).content.decode()
    assert "891f2c56663ffff" not in re.sub(r'<input type="hidden"[^>]*>', "", page)
    forms = re.findall(
        r'<form method="post" action="([^"]*/fokus/)" class="inline">(.*?)</form>', page, re.S
    )
    assert len(forms) == 1
    action, body = forms[0]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(fokus-[^"]+)" value="([^"]*)"', body)
    }
    assert fields == {
        "fokus-label": "Gångtunneln vid Kvartsvägen",
        "fokus-area": "norr",
        "fokus-h3_cells": "891f2c56663ffff",
    }
    response = client_for(cast.cecilia).post(html.unescape(action), fields)
    assert response.status_code == 302
    focus = meeting.focus_areas.get()
    assert (focus.label, focus.area, focus.h3_cells) == (
        "Gångtunneln vid Kvartsvägen",
        cast.norr,
        ["891f2c56663ffff"],
    )
    for user in (cast.rut, cast.anders):  # no button for those who do not manage meetings
        other = client_for(user).get(meeting.get_absolute_url()).content.decode()
        assert "Gör till fokusområde" not in other, user
    assert client_for(cast.rut).post(html.unescape(action), fields).status_code in (403, 404)
