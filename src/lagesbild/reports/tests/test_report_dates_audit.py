"""Second audit of 2026-12-07, findings 1, 11, 12 and 13: a mistyped year refused (the form a
year back, files ten), the import's expected time format in the reader's letters, counts with
thousands separators, the report page's ISO week with two digits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lagesbild.reports import list_cache
from lagesbild.reports.importing import import_reports, readable_format, template_csv
from lagesbild.reports.models import QuarantinedRow, Report
from lagesbild.reports.rules import FORM_AGE_LIMIT, IMPORT_AGE_LIMIT, time_problems
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=STOCKHOLM)
YEAR_BACK = (
    "Händelsen ligger mer än ett år tillbaka (1990-12-05). Kontrollera året; äldre händelser "
    "läggs in genom import."
)


@pytest.fixture(autouse=True)
def audit_day() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


# Finding 1: the form.


def test_the_form_refuses_a_report_decades_back_and_says_to_check_the_year(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(occurred_from="1990-12-05T10:00")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_from"] == [YEAR_BACK]
    assert not Report.objects.exists()


def test_the_form_refuses_it_in_english_too(cast: Cast) -> None:
    response = english(client_for(cast.sara)).post(
        reverse("report-create"), form_data(occurred_from="1990-12-05T10:00")
    )
    assert response.context["form"].errors["occurred_from"] == [
        "The event is more than a year back (1990-12-05). Check the year; older events are "
        "added by import."
    ]


def test_the_form_takes_a_report_exactly_a_year_back_but_not_the_day_before(cast: Cast) -> None:
    client = client_for(cast.sara)
    day_before = client.post(reverse("report-create"), form_data(occurred_from="2025-12-06T23:59"))
    assert day_before.context["form"].errors["occurred_from"] == [
        "Händelsen ligger mer än ett år tillbaka (2025-12-06). Kontrollera året; äldre "
        "händelser läggs in genom import."
    ]
    first_day = client.post(reverse("report-create"), form_data(occurred_from="2025-12-07T00:00"))
    assert first_day.status_code == 302
    assert Report.objects.get().occurred_from == datetime(2025, 12, 7, 0, 0, tzinfo=STOCKHOLM)


def test_the_end_of_a_span_is_held_to_the_same_limit() -> None:
    start, end = (
        datetime(1990, 12, 5, 10, tzinfo=STOCKHOLM),
        datetime(1990, 12, 6, tzinfo=STOCKHOLM),
    )
    assert time_problems(start, end, limit=FORM_AGE_LIMIT) == {
        "occurred_from": YEAR_BACK,
        "occurred_to": YEAR_BACK.replace("1990-12-05", "1990-12-06"),
    }


def test_a_day_of_year_one_is_refused_by_its_own_date() -> None:
    # Year 1 at +14:00 has no UTC time: the message writes the day as given.
    moment = datetime.fromisoformat("0001-01-01T00:00:00+14:00")
    assert time_problems(moment, None, limit=IMPORT_AGE_LIMIT) == {
        "occurred_from": "Händelsen ligger mer än tio år tillbaka (0001-01-01). Kontrollera året."
    }


# Finding 1: files and the API.


def template_file(*rows: str) -> bytes:
    return template_csv() + "".join(f"{row}\r\n" for row in rows).encode()


def test_an_import_row_more_than_ten_years_back_is_refused_with_file_line_and_reason(
    cast: Cast,
) -> None:
    data = template_file(
        "A11;klotter;2016-12-07 00:00;;;;Norr;;;;",  # line 2: the first day taken
        "A12;klotter;1990-12-01 10:00;;;;Norr;;;;",  # line 3
    )
    summary = import_reports(data, "bad.csv", cast.bevakning)
    assert [(e.source, e.line, e.reason) for e in summary.errors] == [
        (
            "bad.csv",
            3,
            "Från: Händelsen ligger mer än tio år tillbaka (1990-12-01). Kontrollera året.",
        )
    ]
    assert not Report.objects.exists()  # one bad row stops the file


def test_with_quarantine_the_old_row_waits_and_the_others_are_imported(cast: Cast) -> None:
    data = template_file(
        "A11;klotter;2016-12-07 00:00;;;;Norr;;;;", "A12;klotter;2016-12-06 23:59;;;;Norr;;;;"
    )
    summary = import_reports(data, "bad.csv", cast.bevakning, quarantine=True)
    assert (summary.created, summary.quarantined) == (1, 1)
    assert Report.objects.get().external_id == "A11"
    assert QuarantinedRow.objects.get().reason == (
        "Från: Händelsen ligger mer än tio år tillbaka (2016-12-06). Kontrollera året."
    )


def test_the_api_refuses_a_report_more_than_ten_years_back(cast: Cast) -> None:
    from lagesbild.api.tests.test_api_reports import push, report_body, token_for

    status, body = push(
        token_for(cast.bevakning), report_body(occurred_from="1990-12-05T10:00:00+01:00")
    )
    assert status == 400 and body["error"] == "invalid"
    assert body["detail"]["occurred_from"] == [
        "Händelsen ligger mer än tio år tillbaka (1990-12-05). Kontrollera året."
    ]


# Third audit, finding 6: a time in the future is named like one too far back.


def test_an_import_row_in_the_future_names_its_time(cast: Cast) -> None:
    data = template_file("A13;klotter;2026-12-07 18:30;;;;Norr;;;;")
    summary = import_reports(data, "bad.csv", cast.bevakning)
    assert summary.errors[0].reason == "Från: Tidpunkten ligger i framtiden (2026-12-07 18:30)."
    with translation.override("en"):
        summary = import_reports(data, "bad.csv", cast.bevakning)
    assert summary.errors[0].reason == "Från: The time is in the future (2026-12-07 18:30)."


def test_the_form_names_the_future_time_in_the_local_clock(cast: Cast) -> None:
    moment = datetime(2027, 1, 2, 23, 30, tzinfo=STOCKHOLM)
    assert time_problems(moment, None, limit=FORM_AGE_LIMIT) == {
        "occurred_from": "Tidpunkten ligger i framtiden (2027-01-02 23:30)."
    }


# Finding 1: the review card.


def queue_heading(cast: Cast, week: str, client: Client | None = None) -> str:
    page = (client or client_for(cast.cecilia)).get(reverse("review-queue"), {"vecka": week})
    text = page.content.decode()
    start = text.index('-rubrik">#') + len('-rubrik">')
    return text[start : text.index("</", start)]


def test_the_review_card_gives_the_year_of_a_report_from_another_year(cast: Cast) -> None:
    report = file_report(
        cast.bevakning, "klotter", datetime(1990, 12, 5, 10, tzinfo=STOCKHOLM), place_text="Torget"
    )
    assert queue_heading(cast, "1990-W49") == f"#{report.pk} Klotter – ons 5 dec 1990 10:00"
    english_heading = queue_heading(cast, "1990-W49", english(client_for(cast.cecilia)))
    assert english_heading == f"#{report.pk} Graffiti – Wed 5 Dec 1990 10:00"


def test_the_review_card_leaves_out_this_years_year(cast: Cast) -> None:
    report = file_report(
        cast.bevakning, "klotter", datetime(2026, 12, 7, 9, tzinfo=STOCKHOLM), place_text="Torget"
    )
    assert queue_heading(cast, "2026-W50") == f"#{report.pk} Klotter – mån 7 dec 09:00"


# Finding 11: the expected time format.


def test_a_date_format_is_written_in_the_readers_letters() -> None:
    assert readable_format("%d.%m.%Y %H:%M") == "DD.MM.ÅÅÅÅ TT:MM"
    assert readable_format("%y%m%d %I.%M.%S %p 100%%") == "ÅÅMMDD TT.MM.SS FM/EM 100%"
    assert readable_format("%d %b %Y") == "DD %b ÅÅÅÅ"  # a code without letters stays
    with translation.override("en"):
        assert readable_format("%d.%m.%Y %H:%M") == "DD.MM.YYYY HH:MM"
        assert readable_format("%y %p") == "YY AM/PM"


def test_the_import_error_names_the_expected_format_in_the_readers_language(cast: Cast) -> None:
    data = template_file("A1;klotter;2026-13-01 10:00;;;;Norr;;;;")
    summary = import_reports(data, "bad.csv", cast.bevakning)
    assert summary.errors[0].reason == (
        "Från: kan inte tolka tiden '2026-13-01 10:00' (väntat format ÅÅÅÅ-MM-DD TT:MM)"
    )
    with translation.override("en"):
        summary = import_reports(data, "bad.csv", cast.bevakning)
    assert summary.errors[0].reason == (
        "Från: cannot read the time '2026-13-01 10:00' (expected format YYYY-MM-DD HH:MM)"
    )


# Finding 12: thousands separators.


def test_the_report_list_writes_its_count_with_a_thousands_separator(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_report(cast.bevakning, "klotter", NOW, place_text="Torget")
    monkeypatch.setattr(list_cache.BoundedPaginator, "at_least", property(lambda self: 13305))
    page = client_for(cast.cecilia).get(reverse("report-list")).content.decode()
    assert "13\u00a0305 rapporter" in page
    page = english(client_for(cast.cecilia)).get(reverse("report-list")).content.decode()
    assert "13,305 reports" in page  # the cached page is per language


def test_a_list_beyond_the_count_bound_says_more_than_with_a_separator(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_report(cast.bevakning, "klotter", NOW, place_text="Torget")
    monkeypatch.setattr(list_cache.BoundedPaginator, "at_least", property(lambda self: 100_000))
    monkeypatch.setattr(list_cache.BoundedPaginator, "exact", property(lambda self: False))
    page = client_for(cast.cecilia).get(reverse("report-list")).content.decode()
    assert "Fler än 100\u00a0000 rapporter" in page


def test_the_imports_count_range_has_a_thousands_separator(cast: Cast) -> None:
    data = template_file("A1;klotter;2026-12-01 10:00;;;;Norr;;;;99999999999")
    summary = import_reports(data, "bad.csv", cast.bevakning)
    assert summary.errors[0].reason == (
        "Antal: '99999999999' är inte ett heltal från 1 till 10\u00a0000"
    )


def test_the_forms_largest_count_has_a_thousands_separator(cast: Cast) -> None:
    response = client_for(cast.sara).post(reverse("report-create"), form_data(count="10001"))
    assert response.context["form"].errors["count"] == ["Antalet får vara högst 10\u00a0000."]
    response = english(client_for(cast.sara)).post(
        reverse("report-create"), form_data(count="10001")
    )
    assert response.context["form"].errors["count"] == ["The count may be at most 10,000."]


# Finding 13: the week.


def test_the_report_page_writes_an_early_week_with_two_digits(cast: Cast) -> None:
    report = file_report(
        cast.bevakning, "klotter", datetime(2026, 1, 8, 10, tzinfo=STOCKHOLM), place_text="Torget"
    )
    page = client_for(cast.cecilia).get(reverse("report-detail", args=[report.pk]))
    assert '<a href="/vecka/2026-W02/?kommun=0999">2026-W02</a>' in page.content.decode()
