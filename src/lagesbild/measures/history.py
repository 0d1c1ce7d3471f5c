"""A measure's history as rows a page can show: when, who, why, and each field from → to."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, QuerySet
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from lagesbild.categories.models import Category
from lagesbild.measures.models import Measure, MeasureChange

STATUS_LABELS = dict(Measure.Status.choices)
# Many-to-many fields without a Swedish verbose name in the model.
LABELS = {
    "partners": _("samverkansparter"),
    "areas": _("stadsdelar"),
    "categories": _("kategorier"),
    "evaluation": _("utvärdering"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str
    comment: str
    fields: list[FieldChange]


def field_label(name: str) -> str:
    """Return the Swedish (or current language's) name of a measure field."""
    if name in LABELS:
        return str(LABELS[name])
    try:
        field = Measure._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the change was recorded keeps its code name
        return name
    # A relation seen from the other side (or a generic key) has no verbose name: its code name.
    return str(field.verbose_name) if isinstance(field, Field) else name


# What the app itself writes into a history (comments, the evaluation's set-up), in the language
# active when it was written: a reader of the other language gets it again in theirs.
WRITTEN_BY_THE_APP = (
    gettext_noop("Skapad"),
    gettext_noop("Beslutad på mötet vecka %(week)s"),
    gettext_noop("Utvärderingen ställdes in"),
    gettext_noop("Utgångsläget frystes om: det hade frysts %(at)s, innan före-perioden var slut."),
    gettext_noop(
        "mål %(t)s, jämförelse %(c)s, buffert %(b)s, före %(bs)s–%(be)s, efter %(as)s–%(ae)s"
    ),
)


@lru_cache
def _written_pattern(msgid: str, language: str) -> re.Pattern[str]:
    """Match ``msgid`` as written in ``language``, its %(name)s placeholders as named groups."""
    with translation.override(language):
        written = gettext(msgid)
    parts = re.split(r"%\((\w+)\)s", written)
    body = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"{body}\\Z", re.DOTALL)


def in_reader_language(text: str) -> str:
    """Return a text the app wrote into a history in the active language; other text as it is."""
    for msgid in WRITTEN_BY_THE_APP:
        for language, _name in settings.LANGUAGES:
            match = _written_pattern(msgid, language).match(text)
            if match:
                values = match.groupdict()
                return gettext(msgid) % values if values else gettext(msgid)
    return text


def category_names() -> dict[str, str]:
    """Map a category's stored name, Swedish or English, to its name in the active language.

    Histories and agendas keep category names as text (the history in Swedish, an agenda in the
    language it was made in); a page in the other language names them again with this.
    """
    names = {}
    for category in Category.objects.all():
        names[category.name_sv] = names[category.name_en] = category.name
    return names


def shown(
    name: str,
    value: Any,
    categories: Mapping[str, str] | None = None,
    hidden: frozenset[str] = frozenset(),
) -> str:
    """Return a stored history value as text: status labels, lists joined, empty as a dash;
    category names in the active language when ``categories`` (``category_names``) is given;
    without the report labels in ``hidden``."""
    if isinstance(value, list) and name == "source_reports":
        value = [v for v in value if v not in hidden]
    if value in (None, "", []):
        return "–"
    if name == "status":
        return str(STATUS_LABELS.get(value, value))
    if name == "categories" and categories and isinstance(value, list):
        value = [categories.get(str(v), v) for v in value]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return in_reader_language(str(value)) if name == "evaluation" else str(value)


def _hidden_reports(changes: list[MeasureChange], visible: QuerySet | None) -> frozenset[str]:
    """Return the labels (#id) of the history's source reports that the reader may not see at
    all: their numbers are left out, as a report page answers 404 for them."""
    labels = {
        str(label)
        for change in changes
        for side in change.changes.get("source_reports") or []
        for label in side or []
    }
    if visible is None or not labels:
        return frozenset()
    ids = {int(label[1:]) for label in labels if label[1:].isdigit()}
    seen = {f"#{pk}" for pk in visible.filter(pk__in=ids).values_list("pk", flat=True)}
    return frozenset(labels - seen)


def history_rows(measure: Measure, visible_reports: QuerySet | None = None) -> list[HistoryRow]:
    """Return every change of ``measure``, oldest first; with ``visible_reports`` (the reader's,
    ``reports.access.visible_reports``), source reports outside them are not named."""
    changes = list(measure.changes.select_related("changed_by").order_by("at", "pk"))
    categories = category_names()
    hidden = _hidden_reports(changes, visible_reports)
    return [
        HistoryRow(
            at=change.at,
            who=change.changed_by.get_username() if change.changed_by else "system",
            comment=in_reader_language(change.comment),
            fields=[
                FieldChange(
                    field_label(name),
                    shown(name, before, categories, hidden),
                    shown(name, after, categories, hidden),
                )
                for name, (before, after) in change.changes.items()
            ],
        )
        for change in changes
    ]
