"""The report list's rows, cards and review statuses, built in Python.

A page of the report list shows 50 reports. As templates, each row cost some 30 template nodes
(lookups, filters, an ``{% include %}``, two ``{% url %}`` reversals, a translated status label),
about two thirds of the page's time. Here a page reverses each address once and formats it per
row, looks each label up once, and escapes exactly what the templates escaped: the output is the
same, character for character (``reports/tests/test_list_content.py``), but for the table's
``data-label`` attributes, which a phone shows before each value (``table.rows-on-phone``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lagesbild.reports.models import Report
from lagesbild.reports.outcomes import ReportOutcome

register = template.Library()

# A number no address of this app contains: reversed once, then replaced by each row's number.
_SENTINEL = 987654321
# The cards show this much of a report's text (the old template's ``truncatechars:140``).
CARD_TEXT_LENGTH = 140


def _address(name: str) -> Callable[[int], str]:
    """Return a function giving the escaped address of ``name`` for a number: one reversal."""
    pattern = reverse(name, args=[_SENTINEL])
    if pattern.count(str(_SENTINEL)) != 1:  # a prefix that happens to hold it: reverse per row
        return lambda pk: conditional_escape(reverse(name, args=[pk]))
    before, after = (conditional_escape(part) for part in pattern.split(str(_SENTINEL)))
    return lambda pk: f"{before}{pk}{after}"


def _local_minute(value: datetime) -> str:
    """``value`` as the templates' ``|date:"Y-m-d H:i"`` showed it: in the current time zone."""
    local = timezone.localtime(value)
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


@register.filter
def review_time(value: datetime) -> str:
    """A review card's time, 'ons 5 dec 10:00', with the year when it is not this year's: a
    mistyped year ('1990') must show where the reviewer decides."""
    local = timezone.localtime(value)
    this_year = local.year == timezone.localdate().year
    return date_format(local, _("D j b H:i") if this_year else _("D j b Y H:i"))


class _Labels:
    """The texts and addresses one page of rows shares, each looked up once per page."""

    def __init__(self) -> None:
        self.report_url = _address("report-detail")
        # Plain gettext calls (not inside f-strings), so that makemessages finds every text.
        escape = conditional_escape
        self.rejected = escape(_("Avvisad"))
        self.duplicate = escape(_("Dubblett"))
        self.duplicate_of = escape(_("Dubblett av"))
        self.another_report = escape(_("en annan rapport"))
        self.text_hidden = escape(_("(text visas ej)"))
        self.unknown_area = escape(_("okänt område"))
        self.led_to = escape(_("Ledde till:"))
        # The table's column headings, which a phone shows before each value (``data-label``).
        self.category = escape(_("Kategori"))
        self.area = escape(_("Område"))
        self.organisation = escape(_("Organisation"))
        self.review_heading = escape(_("Granskning"))
        self.measures = escape(_("Åtgärder"))
        synthetic = escape(_("syntetisk"))
        self.synthetic = f' <span class="badge">{synthetic}</span>'
        self._statuses: dict[str, str] = {}
        self._reviews: dict[str, str] = {}

    def status(self, measure: Any) -> str:
        """The measure's status in lower case, escaped (``get_status_display|lower``)."""
        if measure.status not in self._statuses:
            label = str(measure.get_status_display()).lower()
            self._statuses[measure.status] = conditional_escape(label)
        return self._statuses[measure.status]

    def review(self, report: Report) -> str:
        """The report's review status, escaped (``get_review_status_display``)."""
        if report.review_status not in self._reviews:
            label = report.get_review_status_display()
            self._reviews[report.review_status] = conditional_escape(label)
        return self._reviews[report.review_status]


def _review_status(
    report: Report, reason_visible: bool, primary_visible: bool, labels: _Labels
) -> str:
    escape = conditional_escape
    if report.review_status == Report.Review.REJECTED:
        reason = report.rejection_reason if reason_visible else ""
        shown = f"{labels.rejected}: {escape(reason)}" if reason else labels.rejected
        return f'<span class="review-status rejected">{shown}</span>'
    if report.review_status == Report.Review.MERGED:
        primary = report.duplicate_of_id
        if not primary:
            shown = labels.duplicate
        elif primary_visible:
            link = labels.report_url(primary)
            shown = f'{labels.duplicate_of} <a href="{link}">#{primary}</a>'
        else:
            shown = f"{labels.duplicate_of} {labels.another_report}"
        return f'<span class="review-status merged">{shown}</span>'
    status = escape(report.review_status)
    return f'<span class="review-status {status}">{labels.review(report)}</span>'


@register.simple_tag
def review_status(report: Report, reason_visible: bool, primary_visible: bool) -> SafeString:
    """One report's review status. ``reason_visible``: may the viewer read the report's free
    text (the reason is written for its reporter); ``primary_visible``: may the viewer open the
    report it duplicates."""
    return mark_safe(_review_status(report, reason_visible, primary_visible, _Labels()))


def _table_row(row: ReportOutcome, labels: _Labels) -> str:
    escape = conditional_escape
    report = row.report
    if row.text is None:
        text = f'<span class="muted">{labels.text_hidden}</span>'
    else:
        text = escape(row.text)
    if report.is_synthetic:
        text += labels.synthetic
    measures = "; ".join(f"{escape(m.title)} ({labels.status(m)})" for m in row.measures)
    status = _review_status(report, row.reason_visible, row.primary_visible, labels)
    # On a phone (``table.rows-on-phone``) a row is a block: its date, linked, then each value
    # after its column's heading (``data-label``), the description without one across the screen.
    return (
        "\n    <tr>\n"
        f'      <td><a href="{labels.report_url(report.pk)}">'
        f"{_local_minute(report.occurred_from)}</a></td>\n"
        f'      <td data-label="{labels.category}">{escape(str(report.category))}</td>\n'
        f'      <td data-label="{labels.area}">'
        f"{escape(str(report.area)) if report.area else '–'}</td>\n"
        f'      <td data-label="{labels.organisation}">{escape(str(report.organisation))}</td>\n'
        f"      <td>{text}</td>\n"
        f'      <td data-label="{labels.review_heading}">{status}\n</td>\n'
        f'      <td data-label="{labels.measures}">{measures or "–"}</td>\n'
        "    </tr>\n  "
    )


@register.simple_tag
def report_table_rows(rows: Iterable[ReportOutcome]) -> SafeString:
    """The wide table's rows (``<tr>``), one per report."""
    labels = _Labels()
    return mark_safe("".join(_table_row(row, labels) for row in rows))


def _card(row: ReportOutcome, labels: _Labels, measure_url: Callable[[int], str]) -> str:
    escape = conditional_escape
    report = row.report
    synthetic = labels.synthetic if report.is_synthetic else ""
    area = escape(str(report.area)) if report.area else labels.unknown_area
    text = ""
    if row.text:
        cut = Truncator(row.text).chars(CARD_TEXT_LENGTH)
        text = f'<p class="card-text">{escape(cut)}</p>'
    status = _review_status(report, row.reason_visible, row.primary_visible, labels)
    measures = ""
    if row.measures:
        links = "; ".join(
            f'<a href="{measure_url(m.pk)}">{escape(m.title)}</a> ({labels.status(m)})'
            for m in row.measures
        )
        measures = f'<p class="card-measures">{labels.led_to} {links}</p>'
    return (
        '<li class="report-card">\n'
        f'  <p class="card-head"><a href="{labels.report_url(report.pk)}">'
        f"{escape(str(report.category))}</a>{synthetic}</p>\n"
        f'  <p class="card-meta">{_local_minute(report.occurred_from)} · {area}</p>\n'
        f"  {text}\n"
        f'  <p class="card-status">{status}\n</p>\n'
        f"  {measures}\n"
        "</li>"
    )


@register.simple_tag
def report_card(row: ReportOutcome) -> SafeString:
    """One report as a phone-first card (``<li>``)."""
    return mark_safe(_card(row, _Labels(), _address("measure-detail")))


@register.simple_tag
def report_cards(rows: Iterable[ReportOutcome]) -> SafeString:
    """The cards (``<li>``) of the reports, each followed by a line break."""
    labels = _Labels()
    measure_url = _address("measure-detail")
    return mark_safe("".join(_card(row, labels, measure_url) + "\n" for row in rows))
