"""The pages on the screens of the weekly meeting: partners' phones, the analyst's laptop, the
coordinator's projector, and the printed week. Layout only; what the pages say is tested elsewhere.

Run: .venv/bin/pytest -p no:cacheprovider src/lagesbild/web/tests/test_browser_layout.py -q
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import STOCKHOLM, Cast, file_report
from lagesbild.testing_browser import DESKTOP, PHONE
from lagesbild.web.tests.test_browser import assert_accessible, log_in
from lagesbild.web.tests.test_scroll_frames import make_scrolling_lists

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROJECTOR = {"width": 1920, "height": 1080}
A4_AT_96_DPI = {"width": 794, "height": 1123}
FINGER = 44  # px, WCAG 2.5.5's target size

# What a finger taps: the menus' links and every form control in the page's content (a link in a
# sentence may be as small as its text, WCAG 2.5.8's inline exception).
TAP_TARGETS = (
    "nav a, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
    " main select, main textarea, main button"
)


def too_small_to_tap(page: Page, selector: str = TAP_TARGETS) -> list[str]:
    """The visible elements matching ``selector`` less than a finger high, described."""
    return page.evaluate(
        """([selector, finger]) => [...document.querySelectorAll(selector)]
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([el, box]) => box.width > 0 && box.height < finger)
            .map(([el, box]) => `${el.tagName.toLowerCase()} "${(el.textContent || el.name || "")
                .trim().slice(0, 40)}" ${Math.round(box.height)}px high`)""",
        [selector, FINGER],
    )


def page_width(page: Page) -> tuple[int, int]:
    return page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")


def scrolling_tables(page: Page, selector: str) -> list[str]:
    """The table frames matching ``selector`` whose table does not fit and scrolls sideways."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((wrap) => wrap.scrollWidth > wrap.clientWidth)
            .map((wrap) => `${wrap.getAttribute("aria-labelledby") || wrap.className}: `
                + `${wrap.scrollWidth}px in ${wrap.clientWidth}px`)""",
        selector,
    )


def captions_past_their_frame(page: Page) -> list[str]:
    """The captions of scrolling tables whose text runs past the frame's visible right edge: read
    only by scrolling the table sideways (WCAG 1.4.10)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("main .table-wrap > table > caption")]
            .map((caption) => {
                const text = document.createRange();
                text.selectNodeContents(caption);
                const frame = caption.closest(".table-wrap").getBoundingClientRect();
                return [caption, text.getBoundingClientRect().right - frame.right];
            })
            .filter(([caption, past]) => past > 1)
            .map(([caption, past]) =>
                `"${caption.textContent.trim().slice(0, 40)}" ${Math.round(past)}px past`)"""
    )


PHONE_WIDTHS = (320, 360, 390)


def at_phone_widths(page: Page, name: str) -> Iterator[int]:
    """Show the page at each phone width in turn, check that neither it nor a table frame in
    its main part scrolls sideways, and give the width for the caller's own checks."""
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert not scrolling_tables(page, "main .table-wrap"), width
        scroll, client = page_width(page)
        assert scroll <= client, f"{name} is {scroll}px wide on a {client}px phone"
        yield width


def fits_phones(page: Page, name: str) -> None:
    """``at_phone_widths`` with no checks of the caller's own."""
    for _width in at_phone_widths(page, name):
        pass


def a_week_with_a_hotspot(cast: Cast) -> IsoWeek:
    """Last week with an alert, a hot spot and a repeated place in Öst, a scatter over the town
    and one report with a long description: every table of the week page has rows."""
    from lagesbild.areas.models import Area
    from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back
    from lagesbild.testing import square

    week = IsoWeek.containing(timezone.localdate()).previous()
    east = Area.objects.create(
        municipality=cast.municipality, code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    weeks = weeks_back(week, 10)
    bulk_weekly(cast.bevakning, "klotter", east, (56.015, 13.035), weeks, [2] * 10 + [12])
    monday = datetime.combine(week.monday, datetime.min.time(), STOCKHOLM)
    for lat in (56.003, 56.012, 56.021):
        for lon in (13.004, 13.025, 13.045):
            file_report(cast.bostad, "nedskrapning", monday + timedelta(hours=10), point=(lat, lon))
    file_report(
        cast.bevakning,
        "klotter",
        monday + timedelta(hours=20),
        point=cast.NORR_POINT,
        text="Ny tagg på gavelns nedre del mot cykelbanan, samma signatur som förra månaden; "
        "fastighetsägaren är underrättad och sanering beställd till fredag.",
    )
    return week


def test_the_week_page_fits_a_phone_a_laptop_a_projector_and_paper(cast: Cast, browsing) -> None:
    week = a_week_with_a_hotspot(cast)
    page = browsing.page(PHONE)
    log_in(page, "cecilia")
    page.goto(f"/vecka/{week}/")
    expect(page.locator("table.hotspots tbody tr").first).to_be_visible()

    # A phone: nothing wider than the screen, every control a finger's size (the one-click
    # "Besluta åtgärd" in a table row too), and a wide table's prose gets room instead of
    # running down the screen a word a line while the table scrolls sideways anyway.
    scroll, width = page_width(page)
    assert scroll <= width, f"the week page is {scroll}px wide on a {width}px phone"
    # A wide table scrolls in its frame, but what it is (its caption) is read without scrolling.
    assert scrolling_tables(page, "main .table-wrap:has(caption)"), "no captioned table scrolls"
    assert not captions_past_their_frame(page)
    assert not too_small_to_tap(page)
    assert not too_small_to_tap(page, ".finding-action")
    # The coordinator's menu is one sideways row under the brand, not a third of the screen.
    assert page.locator(".site-header").bounding_box()["height"] < 3 * FINGER
    description = page.locator("table.reports td.prose").filter(has_text="Ny tagg på gavelns")
    assert description.bounding_box()["width"] >= 16 * 16
    when = page.locator("table.reports td.nowrap a").first
    assert when.evaluate("(a) => a.getClientRects().length") == 1, "the report's time wraps"
    # The hotspot's district is a name among numbers: it reads from the left, and it may wrap,
    # while a number ("6 950", with a thousands' space) never does.
    district = page.locator("table.hotspots tbody td.text").first
    expect(district).to_have_css("text-align", "left")
    expect(district).to_have_css("white-space", "normal")
    expect(page.locator("table.hotspots tbody td:not(.text)").first).to_have_css(
        "white-space", "nowrap"
    )
    # Two columns headed "Förändring": a screen reader hears which change each one is.
    for compared in ("förra veckan", "tidigare år"):
        header = page.get_by_role("columnheader", name=f"Förändring mot {compared}", exact=True)
        expect(header).to_have_count(2)
    # The brief and PDF links share one line; a <form> inside a <p> had left an empty paragraph.
    expect(page.locator("main p:empty")).to_have_count(0)

    # A laptop and a projector: the two six-column comparisons are read whole, never through a
    # scrollbar; on the projector side by side, on a page that uses the screen's width.
    for viewport in (DESKTOP, PROJECTOR):
        page.set_viewport_size(viewport)
        assert not scrolling_tables(page, ".grid-tables .table-wrap"), viewport
    categories, districts = (
        page.locator(f"section[aria-labelledby={name}]").bounding_box()
        for name in ("by-category", "by-district")
    )
    assert categories["y"] == districts["y"] and categories["x"] < districts["x"]
    assert page.locator("main").bounding_box()["width"] > 0.85 * PROJECTOR["width"]
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 2 * FINGER, "on the projector the menu takes more than one row"

    # Paper: the screen's actions are left out and no table is cut at the page's edge.
    page.set_viewport_size(A4_AT_96_DPI)
    page.emulate_media(media="print")
    expect(page.locator(".screen-only").first).to_be_hidden()
    expect(page.locator(".finding-action").first).to_be_hidden()
    expect(page.locator(".leaflet-control-zoom")).to_be_hidden()
    assert not scrolling_tables(page, "main .table-wrap")

    # The week's meeting on paper: its agenda's buttons ("Gör till fokusområde") are left out.
    from lagesbild.meetings.services import create_meeting

    meeting = create_meeting(cast.municipality, week, week.sunday)
    page.emulate_media(media="screen")
    page.goto(f"/moten/{meeting.pk}/")
    focus = page.get_by_role("button", name="Gör till fokusområde").first
    expect(focus).to_be_visible()
    page.emulate_media(media="print")
    expect(focus).to_be_hidden()


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "cecilia",
            [
                "/",
                "/vecka/{week}/underlag/",
                "/rapporter/",
                "/rapporter/ny/",
                "/granska/",
                "/atgarder/",
                "/moten/",
                "/mal/",
                "/medlemmar/",
                "/data/",
            ],
        ),
        (
            "anders",
            [
                "/analys/{code}/",
                "/analys/{code}/karta/",
                "/analys/{code}/narupprepning/",
                "/analys/{code}/tidsprofil/",
                "/analys/{code}/statistik/",
            ],
        ),
        ("sara", ["/", "/rapporter/ny/", "/rapporter/"]),
    ],
)
def test_the_main_pages_fit_a_phone_and_their_controls_are_big_enough_to_tap(
    cast: Cast, browsing, username: str, paths: list[str]
) -> None:
    week = a_week_with_a_hotspot(cast)
    page = browsing.page(PHONE)
    log_in(page, username)
    for template in paths:
        path = template.format(week=week, code=cast.municipality.code)
        response = page.goto(path)
        assert response is not None and response.ok, path
        scroll, width = page_width(page)
        assert scroll <= width, f"{path} is {scroll}px wide on a {width}px phone"
        small = too_small_to_tap(page)
        assert not small, f"{path}: too small to tap on a phone: {small}"


def words_split_across_lines(page: Page, selector: str) -> list[str]:
    """The words in the elements matching ``selector`` that start on one line and end on the next
    (without a hyphenation dictionary the browser breaks a long word anywhere)."""
    return page.evaluate(
        r"""(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
            const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), split = [];
            for (let node = texts.nextNode(); node; node = texts.nextNode()) {
                for (const word of node.data.matchAll(/\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, word.index);
                    range.setEnd(node, word.index + word[0].length);
                    const lines = new Set([...range.getClientRects()].map((box) => box.top));
                    if (lines.size > 1) split.push(word[0]);
                }
            }
            return split;
        })""",
        selector,
    )


def test_the_measures_board_breaks_its_card_titles_between_words_on_a_laptop(
    cast: Cast, browsing
) -> None:
    from lagesbild.measures.models import Measure

    # The demo's titles that broke inside "Trygghetsvandrin|g" and "Försäkringskassa|n" when five
    # columns shared a 1280 px laptop's page.
    for title, status in (
        ("Kartläggning av välfärdsbrott tillsammans med Försäkringskassan", "proposed"),
        ("Trygghetsvandring i Solbacken med boende och bostadsbolaget", "decided"),
        ("Extra polispatrullering vid Resecentrum helgkvällar", "ongoing"),
    ):
        Measure.objects.create(
            municipality=cast.municipality, title=title, owner=cast.kommunen, status=status
        )
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.goto("/atgarder/")
    expect(page.locator(".board .card")).to_have_count(3)
    assert not words_split_across_lines(page, ".board .card h3")
    tops = {round(status.bounding_box()["y"]) for status in page.locator(".board > section").all()}
    assert len(tops) == 1, "the five statuses are not side by side on a laptop"
    expect(page.locator(".board .card h3").first).to_have_attribute("lang", "sv")


def test_the_tertial_page_prints_on_a4_without_its_downloads(cast: Cast, browsing) -> None:
    # A tertial with a report: one before the first report has no tables to print.
    when = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
    file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT, text="Tagg.")
    page = browsing.page(A4_AT_96_DPI)
    log_in(page, "cecilia")
    page.goto("/tertial/2024-T3/")
    page.emulate_media(media="print")
    # The downloads were left as "· Ladda ned som Excel" on paper, and the districts × categories
    # matrix ran 280 px past the paper's edge.
    expect(page.get_by_role("link", name="Ladda ned som Excel")).to_be_hidden()
    expect(page.locator("main p:empty")).to_have_count(0)
    assert not scrolling_tables(page, "main .table-wrap")
    scroll, width = page_width(page)
    assert scroll <= width, f"the printed tertial is {scroll}px wide on {width}px of paper"
    period = page.locator("table.ranking th.period").first
    expect(period).to_have_css("white-space", "nowrap")


def test_the_public_page_settings_fit_a_phone_once_published(cast: Cast, browsing) -> None:
    # Published, a row holds the page's address and "Stäng sidan för …": three columns were 35 px
    # wider than the phone; each row is a block there now.
    cast.municipality.public_page_enabled = True
    cast.municipality.save(update_fields=["public_page_enabled"])
    page = browsing.page(PHONE)
    log_in(page, "cecilia")
    page.goto("/offentlig/installningar/")
    close = page.get_by_role("button", name=f"Stäng sidan för {cast.municipality.name}")
    expect(close).to_be_visible()
    scroll, width = page_width(page)
    assert scroll <= width, f"the public page's settings are {scroll}px wide on a {width}px phone"
    assert not too_small_to_tap(page)


def test_the_public_page_reads_its_months_without_scrolling_on_a_laptop_and_paper(
    cast: Cast, browsing
) -> None:
    from lagesbild.areas.models import Area
    from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back

    week = a_week_with_a_hotspot(cast)
    # A report a week for 60 weeks: twelve whole months in each district's table.
    east = Area.objects.get(code="ost")
    bulk_weekly(cast.bevakning, "klotter", east, (56.015, 13.035), weeks_back(week, 60), [1] * 61)
    cast.municipality.public_page_enabled = True
    cast.municipality.save(update_fields=["public_page_enabled"])
    page = browsing.page(DESKTOP)
    page.goto(f"/offentlig/{cast.municipality.code}/")
    expect(page.locator("table.public-table").first).to_be_visible()
    # A month's header on one line had made the twelve months 1355 px wide, in 1120 px.
    assert not scrolling_tables(page, "main .table-wrap")
    page.set_viewport_size(A4_AT_96_DPI)
    page.emulate_media(media="print")
    assert not scrolling_tables(page, "main .table-wrap")
    scroll, width = page_width(page)
    assert scroll <= width, f"the printed public page is {scroll}px wide on {width}px of paper"


def test_the_citizens_form_fits_a_phone_with_its_reasons_as_choices(cast: Cast, browsing) -> None:
    cast.municipality.public_page_enabled = True
    cast.municipality.save(update_fields=["public_page_enabled"])
    page = browsing.page(PHONE)
    page.goto(f"/offentlig/{cast.municipality.code}/otrygg-plats/")
    scroll, width = page_width(page)
    assert scroll <= width, f"the citizens' form is {scroll}px wide on a {width}px phone"
    assert not too_small_to_tap(page, "main label.radio")
    # The six reasons were bold like the question above them: choices read as the text does.
    reason = page.get_by_label("Klotter", exact=True).locator("xpath=..")
    expect(reason).to_have_css("font-weight", "400")
    expect(page.locator("fieldset legend").first).to_have_css("font-weight", "600")


def test_my_files_fit_a_phone_with_a_finished_and_a_running_job(cast: Cast, browsing) -> None:
    from lagesbild.jobs.models import Job

    for key, title, status, progress in (  # the demo's, and one still running
        ("minutes", "Protokoll, möte vecka 2026-W19 (PDF)", Job.Status.DONE, 100),
        ("draft", "Nytt utkast till lägesbild och åtgärdsplan 2025", Job.Status.DONE, 100),
        ("tertial", "Tertialanalys 2026-T2 (PDF)", Job.Status.DONE, 100),
        ("annual", "Samverkansrapport 2025 (PDF)", Job.Status.RUNNING, 40),
    ):
        Job.objects.create(
            key=key,
            kind="annual-pdf",
            title=title,
            created_by=cast.cecilia,
            status=status,
            progress=progress,
        )
    page = browsing.page(PHONE)
    log_in(page, "cecilia")
    page.goto("/jobb/")
    expect(page.get_by_role("cell", name="Pågår (40 %)")).to_be_visible()
    # The list was 3 px wider than a 390 px phone and 54 px wider than a 320 px one; its date
    # broke as "2026-12-" / "06 19:05". A job is a block there: its title, then "Status: Klar"
    # and "Beställd: 2026-12-06 19:05".
    for width in at_phone_widths(page, "Mina filer"):
        assert not words_split_across_lines(page, "main table td"), width
    expect(page.locator("table.jobs td[data-label='Beställd']").first).to_be_visible()


def test_the_members_fit_a_phone_each_member_a_block(cast: Cast, browsing, axe_source) -> None:
    cast.cecilia.email = "cecilia.samordnare-brottsforebyggande@kommunledningsforvaltningen.se"
    cast.cecilia.save(update_fields=["email"])
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "cecilia")
    page.goto("/medlemmar/")
    # Seven columns were 531-672 px wide in a 328 px frame on a 360 px phone (the demo's): each
    # member is a block there, the name, then "E-post: …", "Roll: Samordnare" and the dates, then
    # the link to change the membership, named after the member.
    fits_phones(page, "/medlemmar/")
    expect(page.locator("table.members td[data-label='Roll']").first).to_be_visible()
    expect(page.get_by_role("link", name="Ändra eller avsluta rut")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra ebba")).to_be_visible()  # an ended membership
    assert_accessible(page, axe_source, "the members on a phone")
    page.set_viewport_size(DESKTOP)
    expect(page.locator("table.members thead").first).to_be_visible()
    assert not scrolling_tables(page, "main .table-wrap")


def test_the_coordinators_report_list_fits_a_phone_each_report_a_block(
    cast: Cast, browsing, axe_source
) -> None:
    from lagesbild.measures.models import Measure
    from lagesbild.reports import review

    when = timezone.now() - timedelta(hours=3)
    lamp = file_report(
        cast.kommunen,
        "trasig_belysning",
        when,
        point=Cast.SODER_POINT,
        text="Gatlyktan vid gångtunneln under järnvägen har varit släckt i två veckor; "
        "skolbarnen går runt genom parken i stället, där det också är mörkt.",
    )
    Measure.objects.create(
        municipality=cast.municipality,
        title="Ny belysning i gångtunneln",
        owner=cast.kommunen,
        status=Measure.Status.DECIDED,
    ).source_reports.add(lamp)
    tagged = file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT, text="Tagg.")
    review.reject_report(tagged, "Samma tagg som i förra veckans rapport", cast.cecilia)
    file_report(cast.polisen, "narkotika_forsaljning", when, place_text="Torget", text="Langning.")
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "cecilia")
    page.goto("/rapporter/")
    # Seven columns were 1161 px wide in a 328 px frame on a 360 px phone with the demo (these
    # three reports: 1134 px in 288 px on a 320 px one). Each
    # report is a block there, its date (the link), then "Kategori: …", "Område: …" and
    # "Organisation: …", the description across the screen, "Granskning: …" and "Åtgärder: …".
    description = page.get_by_role("cell", name=re.compile("^Gatlyktan vid gångtunneln"))
    for width in at_phone_widths(page, "/rapporter/"):
        assert not words_split_across_lines(page, "main table td"), width
        row = description.locator("xpath=..").bounding_box()
        text = description.bounding_box()
        assert row and text and text["width"] >= row["width"] - 1, (width, row, text)
    head = page.locator("table.report-table thead").bounding_box()
    assert head and head["height"] <= 1, head  # only heard
    expect(page.locator("td[data-label='Kategori']", has_text="Trasig belysning")).to_be_visible()
    expect(page.locator("td[data-label='Åtgärder']", has_text="Ny belysning")).to_be_visible()
    expect(page.locator("td[data-label='Granskning']", has_text="Avvisad")).to_be_visible()
    assert_accessible(page, axe_source, "the coordinator's report list on a phone")
    page.set_viewport_size(DESKTOP)
    head = page.locator("table.report-table thead").bounding_box()
    assert head and head["height"] > 1, head
    expect(description).to_have_css("display", "table-cell")
    assert not scrolling_tables(page, "main .table-wrap")


def test_the_error_pages_fit_a_phone(cast: Cast, browsing) -> None:
    page = browsing.page(PHONE)
    log_in(page, "sara")  # a reporter: the members' page is not hers
    for path, status in (("/medlemmar/", 403), ("/finns-inte/", 404)):
        response = page.goto(path)
        assert response is not None and response.status == status, path
        scroll, width = page_width(page)
        assert scroll <= width, f"{path} is {scroll}px wide on a {width}px phone"
        assert not too_small_to_tap(page), path


def test_the_public_page_reads_24_months_as_two_years_of_tables_on_a_laptop_and_paper(
    cast: Cast, browsing, axe_source
) -> None:
    from lagesbild.areas.models import Area
    from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back

    week = a_week_with_a_hotspot(cast)
    # A report a week for 120 weeks: 24 whole months in each district's table.
    east = Area.objects.get(code="ost")
    bulk_weekly(cast.bevakning, "klotter", east, (56.015, 13.035), weeks_back(week, 120), [1] * 121)
    cast.municipality.public_page_enabled = True
    cast.municipality.save(update_fields=["public_page_enabled"])
    page = browsing.page(DESKTOP)
    page.goto(f"/offentlig/{cast.municipality.code}/?manader=24")
    expect(page.locator("table.public-table").first).to_be_visible()
    # In one table the 24 months were 1644 px wide in 1120 px.
    assert not scrolling_tables(page, "main .table-wrap")
    scroll, width = page_width(page)
    assert scroll <= width, (
        f"the public page with 24 months is {scroll}px wide on a {width}px laptop"
    )
    # Each district shows its months twelve to a table, the latest twelve last; every month
    # is there once.
    east_tables = page.locator("section[aria-labelledby=stadsdel-ost] table.public-table")
    expect(east_tables).to_have_count(2)
    months = east_tables.locator("thead th[scope=col]:not(:first-child):not(:last-child)")
    expect(months).to_have_count(24)
    # Each table is named with its months, and so is the frame a keyboard scrolls.
    twelve = re.compile(
        r"^Öst: antal rapporter per kategori och månad, [a-z]{3} \d{4}–[a-z]{3} \d{4}$"
    )
    expect(page.get_by_role("table", name=twelve)).to_have_count(2)
    expect(page.get_by_role("group", name=twelve)).to_have_count(2)
    assert_accessible(page, axe_source, "the public page with 24 months")
    page.set_viewport_size(A4_AT_96_DPI)
    page.emulate_media(media="print")
    assert not scrolling_tables(page, "main .table-wrap")
    scroll, width = page_width(page)
    assert scroll <= width, f"the printed public page is {scroll}px wide on {width}px of paper"


def test_the_lists_that_scroll_on_a_narrow_phone_are_reached_by_keyboard(
    cast: Cast, browsing, axe_source
) -> None:
    make_scrolling_lists(cast)
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "cecilia")
    # Each table was wider than its frame on a 320 px phone (the demo's meetings 345 px in
    # 288, the versions 357, the mappings 784) while only the links inside took focus: the
    # keyboard could not scroll to the columns past the edge.
    for path, name in (
        ("/moten/", "Lägesbildsmöten – Exempeltorp"),
        ("/lagesbild-atgardsplan/", "Versioner"),
        ("/rapporter/import/mappningar/", "1 kolumnmappning"),
    ):
        page.goto(path)
        frame = page.get_by_role("group", name=name, exact=True)
        assert scrolling_tables(page, "main .table-wrap"), f"{path}: nothing scrolls at 320 px"
        # The table scrolls anyway: a week or a date is not broken at its hyphen ("2026-" over
        # "W49", "2026-" over "12-07" in the meetings).
        assert not words_split_across_lines(page, "main table td"), path
        frame.focus()
        page.keyboard.press("ArrowRight")
        # The arrow key scrolls the focused frame (smoothly: wait until it has moved).
        page.wait_for_function("(wrap) => wrap.scrollLeft > 0", arg=frame.element_handle())
        assert_accessible(page, axe_source, f"{path} on a 320 px phone")
        page.set_viewport_size(DESKTOP)
        assert not scrolling_tables(page, "main .table-wrap"), path
        page.set_viewport_size({"width": 320, "height": 800})


def test_the_accessibility_statement_fits_a_narrow_phone(cast: Cast, browsing) -> None:
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "sara")
    page.goto("/tillganglighet/")
    # Without a contact the notice names the setting LAGESBILD_ACCESSIBILITY_CONTACT, one word
    # that made the page 334 px wide on a 320 px phone; a long word now wraps in a paragraph.
    expect(page.locator("#contact-missing")).to_contain_text("LAGESBILD_ACCESSIBILITY_CONTACT")
    fits_phones(page, "/tillganglighet/")


def test_a_reports_facts_and_a_measures_card_put_each_label_above_its_value_on_a_phone(
    cast: Cast, browsing
) -> None:
    report = file_report(
        cast.kommunen,
        "klotter",
        timezone.now() - timedelta(hours=2),
        point=Cast.NORR_POINT,
        place_text="Lekplatsen vid Glimmervägen",
        text="Övrig iakttagelse som delas för lägesbilden.",
    )
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "cecilia")
    page.goto(f"/rapporter/{report.pk}/")
    # Beside the widest label ("Upplevd otrygghet") the values had 100 px: the organisation
    # read "Kommunled|ningsförvalt|ningen", the description a word a line.
    organisation = page.locator("dl.facts dd", has_text="Kommunledningsförvaltningen")
    for width in at_phone_widths(page, "a report"):
        assert not words_split_across_lines(page, "dl.facts dd"), width
        label = page.locator("dl.facts dt", has_text="Organisation").bounding_box()
        value = organisation.bounding_box()
        assert label and value and value["y"] > label["y"], width  # below its label
    page.set_viewport_size(DESKTOP)  # a laptop keeps the two columns
    label = page.locator("dl.facts dt", has_text="Organisation").bounding_box()
    value = organisation.bounding_box()
    assert label and value and value["x"] > label["x"] and abs(value["y"] - label["y"]) < 2

    # A measure's card on the board, the same: its owner had read "Kommunledningsför|valtningen".
    from lagesbild.measures.models import Measure

    Measure.objects.create(
        municipality=cast.municipality,
        title="Kartläggning av välfärdsbrott",
        owner=cast.kommunen,
        status=Measure.Status.PROPOSED,
    )
    page.goto("/atgarder/")
    for width in at_phone_widths(page, "the measures"):
        assert not words_split_across_lines(page, ".board .card dd"), width


def test_the_goals_cards_fit_a_narrow_phone_in_english_too(cast: Cast, browsing) -> None:
    from lagesbild.categories.models import Category
    from lagesbild.goals.models import Goal, Indicator

    goal = Goal.objects.create(municipality=cast.municipality, title="En trygg kommun")
    Indicator.objects.create(
        goal=goal,
        name="Rapporter om otrygg miljö i Norr",
        kind=Indicator.Kind.REPORT_COUNT,
        direction=Indicator.Direction.DECREASE,
        category=Category.objects.get(code="otrygg_miljo"),
        area=cast.norr,
        unit="rapporter",
        baseline_year=2024,
        baseline_value=41,
        target_year=2028,
        target_value=35,
    )
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "rut")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt").click()
    page.goto("/mal/")
    source = page.locator(".indicator dd", has_text="Partners' reports per year")
    expect(source).to_be_visible()
    # Each label beside its value ("Expected by the plan") made the page 326 px wide on a
    # 320 px phone, the values a word a line: each label goes above its value there.
    for width in at_phone_widths(page, "the goals"):
        label = page.locator(".indicator dt").first.bounding_box()
        value = page.locator(".indicator dd").first.bounding_box()
        assert label and value and value["y"] > label["y"], width


def labels_apart_from_their_fields(page: Page, selector: str) -> list[str]:
    """The labels in ``selector`` whose field is neither right below them nor right beside them
    on the same line (the map's week slider, a group of its own, left out)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(`${selector} label`)]
            .filter((label) => label.control && label.getBoundingClientRect().width)
            .filter((label) => !label.closest(".slider"))
            .filter((label) => {
                const own = label.getBoundingClientRect();
                const field = label.control.getBoundingClientRect();
                const below = field.top >= own.bottom - 1 && Math.abs(field.left - own.left) < 2;
                const beside = field.left >= own.right - 1 && field.left - own.right < 16
                    && field.top < own.bottom && field.bottom > own.top;
                return !(below || beside);
            })
            .map((label) => label.textContent.trim())""",
        selector,
    )


def test_the_analysis_filters_keep_each_label_with_its_field(cast: Cast, browsing) -> None:
    page = browsing.page({"width": 320, "height": 800})
    log_in(page, "anders")
    for path in ("tidsprofil", "karta", "polishandelser"):
        page.goto(f"/analys/{cast.municipality.code}/{path}/")
        # Labels and fields wrapped as one row: on a phone "Antal veckor" had stood at the end
        # of a line beside the week's field, its own field at the start of the next; on a
        # laptop "Typ" ended the row above its select, which took a row of its own.
        for width in (*PHONE_WIDTHS, DESKTOP["width"]):
            page.set_viewport_size({"width": width, "height": 800})
            assert not labels_apart_from_their_fields(page, "form.filters"), (path, width)
            scroll, client = page_width(page)
            assert scroll <= client, f"{path} is {scroll}px wide on a {client}px screen"
