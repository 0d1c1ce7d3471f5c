"""Which reports a viewer may see, read and is shown, and the audit of sensitive reads.

The rights themselves come from ``organisations/access.py`` (per municipality) and the meaning
of "sensitive" from ``categories/sensitivity.py``; this module applies them to reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest

from lagesbild.audit.services import SENSITIVE_READ, request_actor, write_entry
from lagesbild.categories.sensitivity import SENSITIVE_REPORTS
from lagesbild.organisations.access import Viewer
from lagesbild.reports.models import Report, ReportQuerySet


def visible_reports(viewer: Viewer) -> ReportQuerySet:
    """Return the reports ``viewer`` may see at all (text is ``Viewer.can_read_text``)."""
    reports = Report.objects.filter(municipality_id__in=viewer.municipality_ids)
    if viewer.sees_sensitive:  # in each of its municipalities: the rule below holds for every row
        return reports  # (and the count of the lists needs no join with the categories)
    return reports.filter(
        ~SENSITIVE_REPORTS
        | Q(municipality_id__in=viewer.sensitive_municipality_ids)
        | Q(organisation_id__in=viewer.organisation_ids)
    )


def readable_reports(viewer: Viewer) -> ReportQuerySet:
    """Return the visible reports whose text ``viewer`` may read: the report list's rows."""
    if viewer.reads_all_text:  # in each of its municipalities: every visible report
        return visible_reports(viewer)
    return visible_reports(viewer).filter(
        Q(municipality_id__in=viewer.text_municipality_ids)
        | Q(organisation_id__in=viewer.organisation_ids)
    )


def report_for_reading(viewer: Viewer, pk: int) -> Report:
    """Return report ``pk`` if ``viewer`` may see it; otherwise 404, with no hint it exists."""
    report = (
        visible_reports(viewer).select_related("category", "area", "organisation").filter(pk=pk)
    ).first()
    if report is None:
        raise Http404
    return report


# --- the audit of sensitive reads -----------------------------------------------------------


def sensitive_reports(report_ids: Iterable[int]) -> list[Report]:
    """Return the reports among ``report_ids`` that are in a sensitive category."""
    return list(
        Report.objects.filter(SENSITIVE_REPORTS, pk__in=list(report_ids)).select_related("category")
    )


def log_sensitive_read(
    actor: Any, reports: Iterable[Any], request: HttpRequest | None = None, where: str = ""
) -> None:
    """Log that ``actor`` was shown reports in sensitive categories (one entry per page or call).

    ``reports`` is any iterable of Report objects, or of rows with the report's ``id`` (the
    weekly page's); nothing is logged when none is sensitive.
    """
    log_sensitive_ids(actor, sensitive_report_ids(list(reports)), request, where)


def log_sensitive_ids(
    actor: Any, sensitive: list[int], request: HttpRequest | None = None, where: str = ""
) -> None:
    """Log that ``actor`` was shown the sensitive reports ``sensitive`` (sorted ids, as
    ``sensitive_report_ids`` gives them): the entry ``log_sensitive_read`` writes, for a page
    that found its sensitive rows once and keeps them with its cached content (the week page)."""
    if not sensitive:
        return
    # One report (its own page) is named as the object, so the admin's id search finds it.
    target = ("reports.report", str(sensitive[0])) if len(sensitive) == 1 else ("", "")
    write_entry(
        actor,
        SENSITIVE_READ,
        target,
        {"reports": sensitive, "where": where},
        request,
        wait_for_disk=False,
    )


def audit_sensitive_read(request: Any, reports: Iterable[Any], where: str) -> None:
    """Log the sensitive reports among ``reports`` that an API or web caller is shown."""
    audit_sensitive_ids(request, sensitive_report_ids(list(reports)), where)


def audit_sensitive_ids(request: Any, sensitive: list[int], where: str) -> None:
    """``audit_sensitive_read`` for a page that kept the ids of its sensitive reports (sorted,
    as ``sensitive_report_ids`` gives them): the cached report lists."""
    actor, who = request_actor(request)
    label = f"{where} ({who['token']}, {who['organisation']})" if who else where
    log_sensitive_ids(actor, sensitive, request, label)


def sensitive_report_ids(reports: list[Any]) -> list[int]:
    """Return the ids of the sensitive reports, asking the database only about plain rows."""
    loaded = [r for r in reports if isinstance(r, Report)]
    ids = [r.pk for r in loaded if r.category.sensitive]
    rows = [r.id for r in reports if not isinstance(r, Report)]
    if rows:
        ids += (
            Report.objects.filter(SENSITIVE_REPORTS, pk__in=rows)
            .order_by()
            .values_list("pk", flat=True)
        )
    return sorted(ids)
