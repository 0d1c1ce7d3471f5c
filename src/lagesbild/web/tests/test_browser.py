"""The pages as people use them: Debian's chromium driven by Playwright against a live server.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/web/tests/test_browser.py -x -q
Fixtures (one browser per session, a fresh context per page) are in conftest.py here.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from lagesbild.core.privacy import is_valid_personnummer
from lagesbild.core.weeks import IsoWeek
from lagesbild.places.models import Place
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, file_report
from lagesbild.testing_browser import DESKTOP

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so a test cannot hide in a rolled-back
    # transaction; serialized_rollback restores the categories the data migration seeds after
    # each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PERSONNUMMER = "850709-9805"
DESCRIPTION = f"Mannen, {PERSONNUMMER}, sprang mot Storgatan."
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def an_hour_ago() -> datetime:
    """A moment safely in the past, local time, to the minute (what the form's field holds)."""
    now = timezone.now().astimezone(STOCKHOLM)
    return (now - timedelta(hours=1)).replace(second=0, microsecond=0)


def week_of(moment: datetime) -> str:
    return str(IsoWeek.containing(moment.astimezone(STOCKHOLM).date()))


def earlier_in_its_week(moment: datetime, share: float) -> datetime:
    """A local moment ``share`` of the way from the start of ``moment``'s ISO week to it: before
    it and in its week at any time of day (two hours before 01:30 on a Monday is last week)."""
    local = moment.astimezone(STOCKHOLM)
    start = datetime.combine(IsoWeek.containing(local.date()).monday, time(), tzinfo=STOCKHOLM)
    return (start + (local - start) * share).replace(second=0, microsecond=0)


def log_in(page: Page, username: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1, name="Lägesbild")).to_be_visible()


def wait_for_report_map(page: Page) -> None:
    page.wait_for_function("() => window.Lagesbild && window.Lagesbild.reportMap")


def place_pin(page: Page, lat: float, lon: float) -> None:
    """Tap the report map where (lat, lon) is drawn, as a finger would."""
    wait_for_report_map(page)
    point = page.evaluate(
        """([lat, lon]) => {
            const p = window.Lagesbild.reportMap.latLngToContainerPoint([lat, lon]);
            return {x: p.x, y: p.y};
        }""",
        [lat, lon],
    )
    page.locator("#report-map").click(position=point)


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now.

    The app sends ``Content-Security-Policy: script-src 'self'``, which blocks an injected
    <script> tag (add_script_tag). ``page.evaluate`` goes through the DevTools protocol, which
    CSP does not govern, so axe gets in while the page keeps its real policy and the audit sees
    what users get; ``bypass_csp`` would also let through inline styles the real page refuses,
    and an audit could pass on a page nobody sees. The trailing ``true`` keeps Playwright from
    taking the library's source for a function to call.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source + "\n;true")
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "), summary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_21_AA,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:3]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
        if len(v["nodes"]) > 3:
            lines.append(f"    … and {len(v['nodes']) - 3} more")
    return "\n".join(lines)


def assert_accessible(page: Page, axe_source: str, what: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe-core: WCAG 2.1 AA violations on {what}:\n{describe(violations)}"


def assert_reflows(page: Page, what: str) -> None:
    """WCAG 1.4.10: at 320 CSS pixels the page must not scroll sideways (tables scroll inside)."""
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{what} is {scroll}px wide in a {client}px viewport"


def unnamed_focusables(page: Page) -> list[str]:
    """What the keyboard reaches that has no accessible name, from chromium's accessibility tree
    (WCAG 4.1.2): axe-core passes an SVG shape made focusable by a script, a screen reader then
    says only "graphic"."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    focusable = [
        node
        for node in nodes
        if not node.get("ignored")
        and any(
            p["name"] == "focusable" and p["value"]["value"] for p in node.get("properties", [])
        )
    ]
    return [
        f"{node['role']['value']} {node.get('description', {}).get('value', '')!r}"
        for node in focusable
        if not node.get("name", {}).get("value", "").strip()
    ]


def district_count(page: Page, district: str) -> str:
    section = page.locator("section[aria-labelledby=by-district]")
    heading = page.locator("th", has_text=re.compile(f"^{district}$"))
    return section.locator("tbody tr").filter(has=heading).locator("td").first.inner_text().strip()


def test_a_reporter_files_a_report_that_the_coordinator_sees_on_the_weekly_page(
    cast: Cast, browsing
) -> None:
    from lagesbild.reports.models import Report

    assert is_valid_personnummer(PERSONNUMMER), "the test's personnummer must pass Luhn"
    occurred = an_hour_ago()
    week = week_of(occurred)

    # Sara, on her round, with her phone.
    page = browsing.page()
    log_in(page, "sara")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapportera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera en händelse")
    page.get_by_label("Vad har hänt?").select_option(label="Klotter")
    place_pin(page, *Cast.NORR_POINT)
    expect(page.locator("#pin-status")).to_contain_text("Nål satt i Norr (56.01")  # the district
    lat, lon = Cast.NORR_POINT
    # A tap lands within a few metres of the point, well inside Norr (about 1 km across).
    assert float(page.locator("#id_latitude").input_value()) == pytest.approx(lat, abs=5e-4)
    assert float(page.locator("#id_longitude").input_value()) == pytest.approx(lon, abs=5e-4)
    page.get_by_label("När?").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("3 – Hög").check()
    page.get_by_label("Beskrivning").fill(DESCRIPTION)
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.locator(".messages")).to_have_text(
        "Tack! Rapporten är registrerad. Personuppgifter i texten ersattes med markören "
        "[personnummer] innan den sparades."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Klotter")

    report = Report.objects.get()
    assert report.area == cast.norr
    assert (report.organisation, report.reporter) == (cast.bevakning, cast.sara)
    assert report.category.code == "klotter"
    assert report.insecurity == 3
    # Compared as wall-clock time: in the repeated autumn hour the instant is ambiguous.
    local = report.occurred_from.astimezone(STOCKHOLM)
    assert local.replace(tzinfo=None) == occurred.replace(tzinfo=None)
    assert PERSONNUMMER not in report.description
    assert "[personnummer]" in report.description

    # Cecilia, at her desk, reads the week.
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"vecka {week}")
    assert district_count(page, "Norr") == "1"
    assert district_count(page, "Söder") == "0"
    rows = page.locator("table.reports tbody tr")
    expect(rows).to_have_count(1)
    for text in ("Klotter", "Norr", "Bevakning AB", "Mannen, [personnummer], sprang mot Storgatan"):
        expect(rows.first).to_contain_text(text)
    assert PERSONNUMMER not in page.content()


def test_a_reporter_cannot_read_another_organisations_report_text(cast: Cast, phone_page) -> None:
    page = phone_page
    secret = "Hyresgästen i trapphus B lämnade porten öppen igen"
    secret_place = "Källargången under hus 7B"
    fragments = (secret, secret_place, "trapphus", "Källargången")
    when = an_hour_ago()
    report = file_report(
        cast.bostad, "klotter", when, point=Cast.NORR_POINT, text=secret, place_text=secret_place
    )

    log_in(page, "sara")
    page.goto(f"/vecka/{week_of(when)}/")
    # The report itself is part of the lägesbild; only its text is withheld.
    rows = page.locator("table.reports tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("(text visas ej)")
    for fragment in fragments:
        assert fragment not in page.content()

    response = page.goto(f"/rapporter/{report.pk}/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Klotter")
    expect(page.locator(".notice")).to_contain_text("Fritexten visas bara")
    for fragment in fragments:
        assert fragment not in page.content()

    page.goto("/rapporter/")
    for fragment in fragments:
        assert fragment not in page.content()


def test_the_login_page_report_form_and_weekly_page_meet_wcag_21_aa(
    cast: Cast, browsing, axe_source: str
) -> None:
    when = an_hour_ago()
    file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT, text="Tagg på elskåp.")
    file_report(cast.bostad, "bostadsinbrott", when, point=Cast.SODER_POINT, text="Förråd brutet.")
    file_report(cast.polisen, "narkotika_forsaljning", when, place_text="Torget", text="Langning.")
    file_report(cast.kommunen, "otrygg_samling", when, text="Utanför områdena.")

    page = browsing.page()
    page.goto("/logga-in/")
    assert_accessible(page, axe_source, "the login page")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("Fel användarnamn eller lösenord.")
    expect(page.get_by_role("alert")).to_contain_text("Efter 5 misslyckade försök i rad")
    assert_accessible(page, axe_source, "the login page with an error")

    log_in(page, "sara")
    page.goto("/rapporter/ny/")
    wait_for_report_map(page)
    assert_accessible(page, axe_source, "the report form")
    assert not unnamed_focusables(page), "the report form"
    # From the map the keyboard goes on to the map's buttons, not through each district.
    page.locator("#report-map").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Zooma in")).to_be_focused()
    page.get_by_label("När?").fill("")
    page.get_by_role("button", name="Skicka rapporten").press("Enter")
    # The refused report is said first: the title, then the summary, which has the focus.
    expect(page).to_have_title("Fel: Rapportera – Lägesbild")
    expect(page.locator("#form-errors")).to_be_focused()
    # Each error is tied to its field, so a screen reader reads it with the field.
    required = re.compile("fält", re.IGNORECASE)  # Django's or DRF's wording of "required"
    expect(page.get_by_label("Vad har hänt?")).to_have_accessible_description(required)
    expect(page.get_by_label("När?")).to_have_accessible_description(required)
    expect(page.get_by_label("Adress eller plats")).to_have_accessible_description(
        re.compile("^Ange var:")
    )
    wait_for_report_map(page)
    assert_accessible(page, axe_source, "the report form with validation errors")

    # Sara's weekly page on the narrowest phone WCAG reckons with: the comparison tables must
    # scroll inside their frames, which must then take keyboard focus.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"/vecka/{week_of(when)}/")
    expect(page.locator("table.reports tbody tr")).to_have_count(3)  # not the sensitive one
    assert_reflows(page, "the weekly page")
    assert_accessible(page, axe_source, "the weekly page at 320 px")

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week_of(when)}/")
    expect(page.locator("table.reports tbody tr")).to_have_count(4)
    expect(page.locator("#week-map path.leaflet-interactive")).to_have_count(2 + 2)
    assert_accessible(page, axe_source, "the weekly page")
    # Each district a tab stop (its tooltip opens on focus) that says which it is and its count.
    assert not unnamed_focusables(page), "the weekly page"
    expect(page.locator("#week-map path[aria-label]").first).to_have_attribute(
        "aria-label", re.compile(r"^(Norr|Söder): \d+$")
    )


def test_the_pages_load_everything_from_the_app_itself_without_errors(
    cast: Cast, browsing, phone_page, live_server
) -> None:
    page = phone_page
    when = an_hour_ago()
    file_report(cast.bevakning, "klotter", when, point=Cast.SODER_POINT, text="Tagg på elskåp.")

    def visit(path: str):
        response = page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, (path, policy)
        return response

    visit("/logga-in/")
    log_in(page, "sara")

    visit("/rapporter/ny/")
    page.get_by_label("Vad har hänt?").select_option(label="Klotter")
    place_pin(page, *Cast.SODER_POINT)
    expect(page.locator("#pin-status")).to_contain_text("Nål satt")
    page.get_by_role("button", name="Ta bort nålen").click()
    expect(page.locator("#pin-status")).to_have_text("")
    # The zoom buttons speak Swedish, and Enter on one zooms without setting a pin ...
    zoom_in = page.get_by_role("button", name="Zooma in")
    zoom = page.evaluate("() => Lagesbild.reportMap.getZoom()")
    zoom_in.press("Enter")
    page.wait_for_function("(zoom) => Lagesbild.reportMap.getZoom() > zoom", arg=zoom)
    expect(page.locator("#id_latitude")).to_have_value("")
    # ... while Enter on the map itself pins the map's centre, for keyboard users.
    page.locator("#report-map").press("Enter")
    expect(page.locator("#pin-status")).to_contain_text("Nål satt")
    expect(page.locator("#id_latitude")).not_to_have_value("")

    visit(f"/vecka/{week_of(when)}/")
    page.locator("#week-map path.leaflet-interactive").last.click()  # the report's dot
    expect(page.locator("#week-map .leaflet-popup")).to_contain_text("Klotter")
    expect(page.get_by_role("button", name="Zooma ut")).to_be_visible()

    traffic = browsing.traffic(page)
    static = [url for url in traffic.requests if "/static/" in url]
    scripts = ("leaflet.js", "maps.js", "report-form.js", "week-map.js")
    for name in ("app.css", "leaflet.css", *scripts):
        assert any(url.endswith(name) for url in static), (name, static)
    foreign = traffic.foreign_requests(live_server.url)
    assert not foreign, f"requests left the live server (a CDN?): {foreign}"
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.page_errors, traffic.page_errors


def test_a_coordinator_merges_duplicates_and_rejects_a_report_whose_reporter_sees_why(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.reports.models import Report

    when = an_hour_ago()
    week = week_of(when)
    near_norr = (Cast.NORR_POINT[0] + 0.0009, Cast.NORR_POINT[1])  # about 100 m away
    guard = file_report(
        cast.bevakning, "containerbrand", when, point=Cast.NORR_POINT, text="Container brinner."
    )
    caretaker = file_report(
        cast.bostad,
        "containerbrand",
        when + timedelta(minutes=20),
        point=near_norr,
        text="Soptunna i brand.",
    )
    mistaken = file_report(
        cast.bevakning, "klotter", when, point=Cast.SODER_POINT, text="Tagg på privat garage."
    )
    reason = "Privat fastighet; anmäl till ägaren."

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Granska").click()
    page.goto(f"/granska/?vecka={week}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"vecka {week}")
    group = page.get_by_role("region", name="Händelse 1: 2 rapporter")
    expect(group.get_by_role("article")).to_have_count(2)
    assert_accessible(page, axe_source, "the review queue")

    group.get_by_role("button", name="Slå ihop händelse 1").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Rapport {caretaker.pk} är sammanslagen med rapport {guard.pk}."
    )

    article = page.get_by_role("article", name=re.compile(f"^#{mistaken.pk} "))
    article.locator("summary", has_text="Avvisa").click()
    article.get_by_role("button", name="Avvisa rapporten").click()
    # Without a reason: 400, and the error is read out with the field.
    article = page.get_by_role("article", name=re.compile(f"^#{mistaken.pk} "))
    field = article.get_by_label("Skäl (rapportören ser det)")
    expect(field).to_have_accessible_description(re.compile("Skriv ett skäl; rapportören ser det."))
    assert_accessible(page, axe_source, "the review queue with a validation error")
    field.fill(reason)
    article.get_by_role("button", name="Avvisa rapporten").click()
    expect(page.locator(".messages")).to_contain_text(f"Rapport {mistaken.pk} är avvisad.")

    statuses = dict(Report.objects.values_list("pk", "review_status"))
    assert statuses == {guard.pk: "accepted", caretaker.pk: "merged", mistaken.pk: "rejected"}

    # Sara, who filed the mistaken report, sees why, and that her fire report was kept.
    page = browsing.page()
    log_in(page, "sara")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Rapporter", exact=True
    ).click()
    page.get_by_role("link", name="Avvisade").click()
    # A reporter's list is phone-first cards, one per report.
    expect(page.locator(".report-card")).to_have_count(1)
    expect(page.locator(".report-card").first).to_contain_text(f"Avvisad: {reason}")
    page.goto(f"/rapporter/{mistaken.pk}/")
    expect(page.locator("dl.facts")).to_contain_text(f"Avvisad: {reason}")
    page.goto(f"/rapporter/{guard.pk}/")
    expect(page.locator("dl.facts")).to_contain_text("Godkänd")


def test_the_batch_page_adds_rows_in_place_and_meets_wcag_21_aa(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.reports.models import Report

    when = an_hour_ago()
    page = browsing.page()
    log_in(page, "sara")
    page.goto("/rapporter/ny/flera/")
    expect(page.locator("fieldset.batch-row")).to_have_count(3)
    assert_accessible(page, axe_source, "the batch page")

    page.get_by_role("button", name="Lägg till rad").click()
    rows = page.locator("fieldset.batch-row")
    expect(rows).to_have_count(4)
    expect(rows.nth(3).locator("legend").first).to_have_text("Rad 4")
    expect(rows.nth(3).get_by_label("Vad har hänt?")).to_be_focused()

    first, fourth = rows.nth(0), rows.nth(3)
    first.get_by_label("Vad har hänt?").select_option(label="Klotter")
    first.get_by_label("När?").fill(when.strftime("%Y-%m-%dT%H:%M"))
    first.get_by_label("Område").select_option(label="Norr")
    fourth.get_by_label("Vad har hänt?").select_option(label="Trasig belysning")
    fourth.get_by_label("När?").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Skicka alla rapporter").click()
    # Row 4 has no place: nothing is saved and the error sits with the row's field.
    expect(page.get_by_role("alert").first).to_contain_text("Inget är sparat: rad 4 har fel.")
    expect(page.locator("#id_rad-3-place_text")).to_have_accessible_description(
        re.compile("^Ange var:")
    )
    assert Report.objects.count() == 0
    assert_accessible(page, axe_source, "the batch page with an error")

    page.locator("#id_rad-3-place_text").fill(f"Gångtunneln, vittne {PERSONNUMMER}")
    # A place the gazetteer does not know needs its district (docs/places.md).
    fourth.get_by_label("Område").select_option(label="Söder")
    page.get_by_role("button", name="Skicka alla rapporter").click()
    expect(page.locator(".messages")).to_have_text("Tack! 2 rapporter är registrerade.")
    assert sorted(Report.objects.values_list("category__code", flat=True)) == [
        "klotter",
        "trasig_belysning",
    ]
    assert not Report.objects.filter(place_text__contains=PERSONNUMMER).exists()
    traffic = browsing.traffic(page)
    assert any(url.endswith("report-batch.js") for url in traffic.requests)
    # Console errors would include the deliberate 400 and the missing favicon: check the script's.
    assert not traffic.page_errors, traffic.page_errors


def seed_graffiti_history(cast: Cast, until: datetime, this_week: int) -> None:
    """One graffiti report a week in Norr for eight weeks, and ``this_week`` so far this week.

    With the reporter's own report on top, this week's count is far above the usual one: the
    weekly analysis raises an alarm that the meeting's agenda must show.
    """
    week_start = IsoWeek.containing(until.date()).bounds(STOCKHOLM)[0]
    lat, lon = Cast.NORR_POINT
    for weeks in range(1, 9):
        file_report(
            cast.bevakning,
            "klotter",
            until - timedelta(weeks=weeks),
            point=(lat + weeks * 1e-4, lon),
        )
    for k in range(this_week):
        when = week_start + (until - week_start) * k / (this_week + 1)
        file_report(cast.bevakning, "klotter", when, point=(lat, lon + k * 1e-5))


def test_the_weekly_cycle_from_a_report_to_a_meeting_decision_and_its_follow_up_next_week(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.measures.models import Measure

    occurred = an_hour_ago()
    week = IsoWeek.containing(occurred.date())
    seed_graffiti_history(cast, occurred, this_week=7)

    # Sara reports graffiti in Norr from her phone.
    page = browsing.page()
    log_in(page, "sara")
    page.goto("/rapporter/ny/")
    page.get_by_label("Vad har hänt?").select_option(label="Klotter")
    place_pin(page, *Cast.NORR_POINT)
    page.get_by_label("När?").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Beskrivning").fill("Nya taggar på skolans fasad.")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.locator(".messages")).to_have_text("Tack! Rapporten är registrerad.")

    # Cecilia sees it on the weekly page ...
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week}/")
    rows = page.locator("table.reports tbody tr")
    expect(rows.filter(has_text="Nya taggar på skolans fasad")).to_have_count(1)

    # ... and creates the week's meeting; the agenda comes from the lägesbild.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Möten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägesbildsmöten – Exempeltorp")
    page.goto(f"/moten/ny/?vecka={week}")
    expect(page.get_by_label("Vecka")).to_have_value(str(week))
    page.get_by_role("button", name="Skapa mötet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f"^Lägesbildsmöte {week}( pågår)?$")
    )
    alerts = page.locator("#agenda-alerts ~ ul")  # a running week has a note before the list
    expect(alerts).to_contain_text(f"Skadegörelse i Norr: 8 rapporter vecka {week.week}")
    assert_accessible(page, axe_source, "the meeting page")

    # The meeting decides a measure with an owner and a due date ...
    decision = page.locator("section[aria-labelledby=decision-form-heading]")
    decision.get_by_label(re.compile("^Åtgärd")).fill("Sanera klotter på skolans fasad")
    decision.get_by_label("Ansvarig organisation").select_option(label="Exempeltorpshem")
    decision.get_by_role("group", name="Stadsdelar").get_by_label("Norr").check()
    categories = decision.get_by_role("group", name="Kategorier")
    categories.get_by_label("Skadegörelse", exact=True).check()
    due = week.sunday + timedelta(days=5)
    decision.get_by_label("Klart senast").fill(due.isoformat())
    decision.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(".messages")).to_have_text("Beslutet är registrerat som en åtgärd.")
    expect(page.locator("table.decisions")).to_contain_text("Sanera klotter på skolans fasad")

    # ... and a focus area for next week, watched by the security company.
    focus = page.locator("section[aria-labelledby=focus-form-heading]")
    focus.get_by_label(re.compile("^Plats")).fill("Skolgården")
    focus.get_by_label("Stadsdel", exact=True).select_option(label="Norr")
    focus.get_by_label("Bevakas av").select_option(label="Bevakning AB")
    focus.get_by_role("button", name="Lägg till fokusområdet").click()
    expect(page.locator("table.focus-areas tbody tr")).to_have_count(1)
    expect(page.locator("table.focus-areas")).to_contain_text("Bevakning AB")
    assert_accessible(page, axe_source, "the meeting page with a decision and a focus area")

    measure = Measure.objects.get()
    assert (measure.owner, measure.status, measure.due_date) == (cast.bostad, "decided", due)
    assert measure.decided_at_meeting is not None
    assert measure.decided_at_meeting.iso_week == str(week)

    # The measure is on the board, among the decided ones; also on a narrow phone.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Åtgärder").click()
    decided = page.locator("section[aria-labelledby=status-decided] .card")
    expect(decided).to_contain_text("Sanera klotter på skolans fasad")
    assert_accessible(page, axe_source, "the measures board")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the measures board")

    # Once next week has begun (a meeting for a week not begun is refused), its meeting follows
    # the measure up first, and last week's focus area. The server shares the test's clock.
    next_monday = datetime.combine(week.next().monday, time(9), tzinfo=STOCKHOLM)
    with time_machine.travel(next_monday, tick=True):
        page = browsing.page(DESKTOP)
        log_in(page, "cecilia")  # the session of a week ago has expired
        page.goto(f"/moten/ny/?vecka={week.next()}")
        page.get_by_role("button", name="Skapa mötet").click()
        follow_up = page.locator("#agenda-measures + .table-wrap tbody tr")
        expect(follow_up).to_have_count(1)
        title = "Sanera klotter på skolans fasad"
        for text in (title, "Beslutad", "Exempeltorpshem", due.isoformat(), f"vecka {week}"):
            expect(follow_up).to_contain_text(text)
        expect(page.locator("#agenda-focus + .table-wrap")).to_contain_text("Skolgården")
        assert_accessible(page, axe_source, "next week's meeting page")


def test_the_weekly_page_shows_alerts_and_hotspots_and_meets_wcag_21_aa(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.areas.models import Area
    from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back
    from lagesbild.testing import square

    # Last week, so that every report lies in the past whatever day the test runs.
    week = IsoWeek.containing(timezone.localdate()).previous()
    east = Area.objects.create(
        municipality=cast.municipality, code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    # Ten quiet weeks of graffiti in Öst, then twelve in one spot: an alarm and a hot cell.
    weeks = weeks_back(week, 10)
    bulk_weekly(cast.bevakning, "klotter", east, (56.015, 13.035), weeks, [2] * 10 + [12])
    # A thin scatter over the town, so that the spot stands out against the rest.
    monday = datetime.combine(week.monday, datetime.min.time(), STOCKHOLM)
    for lat in (56.003, 56.012, 56.021, 56.028):
        for lon in (13.004, 13.025, 13.045):
            file_report(cast.bostad, "nedskrapning", monday + timedelta(hours=10), point=(lat, lon))

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week}/")
    alerts = page.locator("section.alerts table tbody tr")
    east_row = alerts.filter(has_text="Skadegörelse i Öst: 12 rapporter")
    expect(east_row).to_have_count(1)
    cells = east_row.locator("td")
    expect(cells.nth(0)).to_have_text("12")
    expect(cells.nth(1)).to_have_text(re.compile(r"^2,\d$"))  # expected count
    expect(cells.nth(2)).to_have_text(re.compile(r"^\d+$"))  # threshold ("larmgräns")
    expect(east_row.locator("th")).to_contain_text("väntat omkring 2 (larmgräns")
    expect(page.locator("#week-map path.hotspot-cell").first).to_be_visible()
    hot_rows = page.locator("table.hotspots tbody tr")
    assert page.locator("#week-map path.hotspot-cell").count() == hot_rows.count() >= 1
    # No place text and no gazetteer: the hot cell is unnamed, its district beside it, and the
    # coordinator can decide a measure from it.
    expect(hot_rows.first.locator("td").first).to_have_text("Öst")
    expect(hot_rows.first.get_by_role("link", name="Besluta åtgärd")).to_be_visible()
    key = page.locator(".map-key")
    expect(key).to_contain_text("Brännpunkt")
    expect(key).to_contain_text("Rapport, otrygghet 2 (medel): mellanstor brun punkt")
    # The insecurity level is drawn by size as well as colour (1: radius 4, 2: 6, 3: 8.5).
    dot_sizes = page.eval_on_selector_all(
        "#week-map path.report-dot",
        "paths => paths.map(p => [p.classList.contains('level-2'), p.getBBox().width])",
    )
    assert dot_sizes and {round(width) for level_2, width in dot_sizes if level_2} == {12}
    expect(page.get_by_role("heading", name="Polisens händelser i kommunen")).to_be_visible()
    assert_accessible(page, axe_source, "the weekly page with alerts and hotspots")

    page.set_viewport_size({"width": 320, "height": 700})
    page.reload()
    expect(page.locator("#week-map path.hotspot-cell").first).to_be_attached()
    expect(page.get_by_text("Rapport, otrygghet 3 (hög): stor röd punkt")).to_be_visible()
    assert_reflows(page, "the weekly page with alerts and hotspots")
    assert_accessible(page, axe_source, "the weekly page with alerts and hotspots at 320 px")


def test_a_citizen_marks_an_unsafe_place_on_the_map_and_a_coordinator_reviews_it(
    cast: Cast, browsing, axe_source: str
) -> None:
    import time

    from django.core.cache import cache

    from lagesbild.public.antispam import min_seconds
    from lagesbild.reports.models import Report

    cache.clear()  # the public table, rate limits and spent tokens live there
    cast.municipality.public_page_enabled = True
    cast.municipality.save()
    last_month = timezone.now() - timedelta(days=timezone.localdate().day + 3)
    # Six graffiti reports in every month of the year so far: a row and year that hid a small
    # count would hide its first shown month too ("·"), against yearly totals published elsewhere.
    for month in range(1, last_month.month + 1):
        for k in range(6):
            when = last_month.replace(month=month, day=10) + timedelta(hours=k)
            file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT)
    file_report(cast.bostad, "bostadsinbrott", last_month, point=Cast.SODER_POINT)

    # An anonymous citizen, on a phone, reads the public figures ...
    page = browsing.page()
    page.goto("/offentlig/0999/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trygghet i Exempeltorp: rapporter per månad"
    )
    norr = page.get_by_role("table", name="Norr: antal rapporter per kategori och månad")
    expect(norr.locator("tbody tr").first).to_contain_text("6")
    expect(
        page.get_by_role("table", name=re.compile("^Söder")).locator("tbody")
    ).not_to_contain_text("1")
    assert_reflows(page, "the public page")
    assert_accessible(page, axe_source, "the public page")

    # ... and marks a dark underpass on the map.
    page.get_by_role("link", name=re.compile("^Tipsa om en plats som känns otrygg")).click()
    shown = time.monotonic()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tipsa om en otrygg plats")
    wait_for_report_map(page)
    assert_accessible(page, axe_source, "the citizens' form")
    expect(page.locator("input[name=webbplats]")).to_be_hidden()  # the honeypot

    time.sleep(max(0.0, min_seconds() + 0.5 - (time.monotonic() - shown)))
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tipset är inte skickat")
    # The page that comes back says so first: in its title, and by focusing the summary.
    expect(page).to_have_title(re.compile("^Fel: Tipsa om en otrygg plats"))
    expect(page.locator("#form-errors")).to_be_focused()
    # The summary lists each error with a link to its field, as the partners' report form does.
    expect(
        page.locator("#form-errors").get_by_role("link", name="Varför känns platsen otrygg?")
    ).to_have_attribute("href", "#id_reason_0")
    expect(
        page.get_by_role("group", name="Varför känns platsen otrygg?")
    ).to_have_accessible_description("Välj varför platsen känns otrygg.")
    wait_for_report_map(page)
    assert_accessible(page, axe_source, "the citizens' form with errors")

    page.get_by_label("Dålig eller trasig belysning").check()
    place_pin(page, *Cast.SODER_POINT)
    expect(page.locator("#pin-status")).to_contain_text("Nål satt i Söder (56.00")
    page.get_by_label("Plats (gata, park, hållplats …)").fill("Gångtunneln vid skolan")
    page.get_by_label("Berätta mer (frivilligt)").fill(
        f"Mörkt på kvällarna. Ring mig {PERSONNUMMER}."
    )
    page.get_by_role("button", name="Skicka tipset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt tips")

    report = Report.objects.get(source="public")
    assert (report.review_status, report.area, report.reporter) == ("pending", cast.soder, None)
    assert report.category.code == "trasig_belysning"
    assert PERSONNUMMER not in report.description
    traffic = browsing.traffic(page)
    assert not traffic.page_errors, traffic.page_errors
    assert not traffic.foreign_requests(browsing.url)

    # The coordinator finds the tip in the review queue and accepts it.
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/granska/?vecka={week_of(report.occurred_from)}")
    article = page.get_by_role("article", name=re.compile(f"^#{report.pk} "))
    expect(article).to_contain_text("Allmänheten (digital trygghetsvandring)")
    expect(article).to_contain_text("Gångtunneln vid skolan")
    article.get_by_role("button", name="Godkänn").click()
    expect(page.locator(".messages")).to_contain_text(f"Rapport {report.pk} är godkänd.")
    report.refresh_from_db()
    assert report.review_status == "accepted"


def totp_code(secret: str, step: int | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now, or in 30-second ``step``."""
    import time as clock
    from base64 import b32decode

    from django_otp.oath import TOTP

    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = clock.time() if step is None else step * 30
    return f"{totp.token():06d}"


def test_a_coordinator_sets_up_two_factor_login_and_enters_a_code_to_reach_the_weekly_page(
    cast: Cast, browsing, axe_source: str, settings
) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    # django-otp holds a device back a second after a wrong code; this test types one on purpose.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    week = week_of(an_hour_ago())
    page = browsing.page(DESKTOP)
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("cecilia")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    # No device yet: the QR code, drawn by the server, and the key as text for typing by hand.
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg upp tvåstegsverifiering")
    expect(page.get_by_role("img", name=re.compile("QR-kod"))).to_be_visible()
    assert_accessible(page, axe_source, "the two-factor setup page")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Kod från appen").fill("000000")
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_label("Kod från appen")).to_have_accessible_description(
        re.compile("Koden stämmer inte")
    )
    assert_accessible(page, axe_source, "the two-factor setup page with a wrong code")
    page.get_by_label("Kod från appen").fill(totp_code(secret))
    page.get_by_role("button", name="Bekräfta").click()
    # Recovery codes next (their own test in accounts/tests), then the start page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    expect(page.get_by_role("heading", level=1, name="Lägesbild")).to_be_visible()

    # The next login asks for the code before the page asked for.
    page.get_by_role("button", name="Logga ut").click()
    page.goto(f"/vecka/{week}/")
    page.get_by_label("Användarnamn").fill("cecilia")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsverifiering")
    assert_accessible(page, axe_source, "the two-factor code page")
    # The step after the one used at setup: a used code is refused, and the device keeps the
    # drift it measured then (a setup that crossed a 30-second boundary shifts it by one).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    used = TOTPDevice.objects.get(user__username="cecilia").last_t
    page.get_by_label("Kod från appen").fill(totp_code(secret, step=used + 1))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_url(re.compile(f"/vecka/{week}/$"))
    # The current week is marked as in progress ("pågår") beside its heading.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f"^Lägesbild Exempeltorp, vecka {week}( pågår)?$")
    )
    traffic = browsing.traffic(page)
    assert not traffic.foreign_requests(browsing.url) and not traffic.page_errors


def test_a_coordinator_sets_up_a_measures_evaluation_and_reads_the_verdict(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.categories.models import Category
    from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, district, make_measure

    # METHODS.md's worked counts: Norr 207 → 110, Söder 308 → 318, Mellan (the buffer) 178 → 157.
    mellan = district(cast, "mellan", 13.0, 56.02)
    for area, before, after in ((cast.norr, 207, 110), (cast.soder, 308, 318), (mellan, 178, 157)):
        bulk_reports(cast, area, before, BEFORE)
        bulk_reports(cast, area, after, AFTER)
    measure = make_measure(
        cast,
        "Belysning och röjning av sly i Norr",
        areas=[cast.norr],
        categories=[Category.objects.get(code="skadegorelse")],
        start_date=AFTER.start,
    )

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto(f"/atgarder/{measure.pk}/")
    section = page.get_by_role("region", name="Utvärdering: fungerade åtgärden?")
    expect(section).to_contain_text("Ingen utvärdering är inställd")
    section.locator("summary", has_text="Ställ in utvärdering").click()
    # Defaults from the measure: its district, its category, the year before its start.
    expect(page.get_by_role("combobox", name="Målområde", exact=True)).to_have_value(
        str(cast.norr.pk)
    )
    expect(page.get_by_label("Före: från")).to_have_value("2023-01-01")
    expect(page.get_by_label("Skadegörelse")).to_be_checked()
    page.get_by_role("combobox", name="Buffertområde", exact=True).select_option(label="Mellan")
    page.get_by_label("Efter: till").fill("2024-12-31")
    assert_accessible(page, axe_source, "the measure page with the evaluation form")
    page.get_by_role("button", name="Spara och utvärdera").click()

    expect(page.locator(".messages")).to_contain_text("Utvärderingen är inställd.")
    verdict = section.locator(".verdict")
    expect(verdict).to_contain_text("Minskning påvisad")
    expect(verdict).to_contain_text(
        "I målområdet minskade antalet från 207 till 110 medan antalet i jämförelseområdet ökade "
        "från 308 till 318."
    )
    expect(verdict).to_contain_text("Minskningen är statistiskt säkerställd.")
    # No control was chosen: Söder, the one district outside target and buffer, was suggested.
    expect(section.locator("tbody tr").nth(1)).to_contain_text("Söder (föreslaget)")
    expect(section).to_contain_text("1,943 (1,469 till 2,569)")
    # The buffer's change (178 to 157) cannot be told from chance, so no diffusion is named.
    expect(section).to_contain_text("0,258 – går inte att avgöra")
    assert_accessible(page, axe_source, "the measure page with its evaluation")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the measure page with its evaluation")


def test_the_goals_dashboard_shows_each_indicators_status_and_meets_wcag_21_aa(
    cast: Cast, browsing, axe_source: str
) -> None:
    from lagesbild.categories.models import Category
    from lagesbild.goals.models import Goal, Indicator, IndicatorValue

    goal = Goal.objects.create(
        municipality=cast.municipality, title="All narkotikahantering bekämpas"
    )
    seizures = Indicator.objects.create(
        goal=goal,
        name="Narkotikabeslag",
        kind="entered",
        direction="increase",
        unit="beslag",
        baseline_year=2020,
        target_year=2025,
        target_value=300,
    )
    for year, value in ((2020, 210), (2021, 226), (2022, 238)):
        IndicatorValue.objects.create(indicator=seizures, year=year, value=value)
    Indicator.objects.create(
        goal=goal,
        name="Narkotika enligt rapporterna",
        kind="report_count",
        direction="decrease",
        category=Category.objects.get(code="narkotika"),
        baseline_year=2022,
    )
    file_report(cast.polisen, "narkotika_fynd", datetime(2022, 5, 1, 12, tzinfo=STOCKHOLM))

    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Mål", exact=True
    ).click()
    page.get_by_label("Visa år").fill("2023")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mål och indikatorer – Exempeltorp 2023"
    )
    card = page.locator("li.indicator", has_text="Narkotikabeslag")
    expect(card.locator(".status-badge")).to_have_text("Underlag saknas")  # nothing for 2023 yet
    expect(card.get_by_role("img")).to_have_attribute(
        "alt",
        "Narkotikabeslag per år: 2020: 210 beslag, 2021: 226 beslag, 2022: 238 beslag. "
        "Mål: 300 beslag år 2025.",
    )
    assert_accessible(page, axe_source, "the goals dashboard")

    # The police analyst enters 2023's seizures; the indicator is then off its path to 300.
    page = browsing.page(DESKTOP)
    log_in(page, "anders")
    page.goto("/mal/?ar=2023")
    page.locator("li.indicator", has_text="Narkotikabeslag").get_by_role(
        "link", name="Värden och inmatning"
    ).click()
    assert_accessible(page, axe_source, "the page for entering an indicator's values")
    page.get_by_role("spinbutton", name="År").fill("2023")
    page.get_by_role("spinbutton", name="Värde").fill("240")
    page.get_by_role("button", name="Spara värdet").click()
    expect(page.locator(".messages")).to_contain_text("Värdet för 2023 är sparat.")
    page.goto("/mal/?ar=2023")
    card = page.locator("li.indicator", has_text="Narkotikabeslag")
    expect(card.locator(".status-badge")).to_have_text("Inte i fas")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the goals dashboard")
    assert_accessible(page, axe_source, "the goals dashboard at 320 px")


# The names drawn on a map that are shown (not hidden by the declutter step), and how many of
# them overlap, read after two animation frames so that maps.js has placed them.
VISIBLE_MAP_NAMES = """(selector) => new Promise((done) => requestAnimationFrame(() =>
    requestAnimationFrame(() => {
        const names = [...document.querySelectorAll(selector)];
        const shown = names.filter((n) => getComputedStyle(n).visibility !== "hidden")
            .map((n) => n.getBoundingClientRect());
        let overlaps = 0;
        shown.forEach((a, i) => shown.slice(i + 1).forEach((b) => {
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                overlaps += 1;
            }
        }));
        done({ names: names.length, shown: shown.length, overlaps: overlaps });
    })))"""


def test_the_weekly_map_on_a_phone_hides_names_that_would_overlap(
    cast: Cast, phone_page: Page
) -> None:
    # Twelve named places 33 m apart in a line across Norr: at 320 px (about 11 m a pixel)
    # their names lay on top of each other, one unreadable knot.
    for i in range(12):
        Place.objects.create(
            municipality=cast.municipality,
            name=f"Platsen nummer {i}",
            latitude=56.0122 + 0.0003 * i,
            longitude=13.0075,
        )
    when = an_hour_ago()
    file_report(cast.bevakning, "klotter", when, point=(56.0150, 13.0050))
    page = phone_page
    page.set_viewport_size({"width": 320, "height": 700})
    page.emulate_media(reduced_motion="reduce")  # the map then zooms at once, unanimated
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week_of(when)}/")
    expect(page.locator("#week-map .place-label").first).to_be_attached()
    names = page.evaluate(VISIBLE_MAP_NAMES, "#week-map .district-label, #week-map .place-label")
    assert names["names"] == 2 + 12
    assert names["overlaps"] == 0
    # Both districts' names stay; most of the places' give way until the map is zoomed in.
    assert 2 < names["shown"] < names["names"]
    assert page.evaluate(VISIBLE_MAP_NAMES, "#week-map .district-label")["shown"] == 2
    for _ in range(4):  # by keyboard, as the map offers
        page.locator("#week-map").press("+")
    zoomed = page.evaluate(VISIBLE_MAP_NAMES, "#week-map .district-label, #week-map .place-label")
    assert (zoomed["overlaps"], zoomed["shown"] > names["shown"]) == (0, True), (names, zoomed)


def test_a_keyboard_user_reaches_the_week_maps_reports_by_the_link_past_the_map(
    cast: Cast, desktop_page: Page, axe_source: str
) -> None:
    # A dot's popup opens on a click only. The same reports stand in a table under the map, one
    # link past the map's own tab stops away, not a tab stop per dot (a week has hundreds).
    when = datetime(2024, 9, 10, 21, tzinfo=STOCKHOLM)
    file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT, insecurity=3)
    file_report(
        cast.bostad, "bostadsinbrott", when + timedelta(hours=1), Cast.SODER_POINT, insecurity=1
    )
    page = desktop_page
    log_in(page, "cecilia")
    page.goto("/vecka/2024-W37/")
    expect(page.locator("#week-map path.report-dot")).to_have_count(2)
    assert page.locator("#week-map path.report-dot[tabindex]").count() == 0
    reports = page.locator("#week-map-reports")
    expect(reports).not_to_have_attribute("open", "")
    # From the table before the map, Tab reaches the link, and Enter opens the table under the
    # map with the focus on it.
    page.locator("section[aria-labelledby=by-district] .table-wrap").focus()
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("link", name="Hoppa förbi kartan till rapporterna som tabell")
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(reports.locator("summary")).to_be_focused()
    expect(reports).to_have_attribute("open", "")
    table = page.get_by_role(
        "table", name="Rapporterna som punkterna på kartan visar, vecka 2024-W37, i tidsordning"
    )
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").first.locator("td")).to_have_text(
        ["tis 10/9 21:00", "Klotter", "Norr", "3 – Hög"]
    )
    expect(table.locator("tbody tr").last.locator("td")).to_have_text(
        ["tis 10/9 22:00", "Bostadsinbrott", "Söder", "1 – Låg"]
    )
    assert_accessible(page, axe_source, "the weekly page with the map's table open")
