"""What "sensitive" means, defined once for every query, page, export, count and document.

A category is sensitive when it is marked so or its parent is (``Category.save`` keeps the
stored flag inherited), so every question about a report is one look at ``category.sensitive``.
Who may see sensitive reports is decided in ``organisations/access.py``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from lagesbild.categories.models import Category

SENSITIVE_REPORTS = Q(category__sensitive=True)


def without_sensitive(reports: QuerySet) -> QuerySet:
    """Return ``reports`` without any report in a sensitive category."""
    return reports.exclude(SENSITIVE_REPORTS)


def sensitive_codes() -> frozenset[str]:
    """The codes of the sensitive categories: rows that name their category by code are
    sensitive exactly when ``SENSITIVE_REPORTS`` selects their report."""
    return frozenset(Category.objects.filter(sensitive=True).values_list("code", flat=True))


def sensitive_left_out_note() -> str:
    """The sentence under figures counted without other organisations' sensitive reports, in
    the active language: the week page, the brief, the tertial and their files say it alike
    (the page's tag ``{% sensitive_left_out_note %}``, library ``sensitivity``)."""
    return gettext(
        "Rapporter i känsliga kategorier från andra organisationer ingår inte i siffrorna."
    )
