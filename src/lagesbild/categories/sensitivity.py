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


def marked_sensitive(name: str) -> str:
    """``name`` as a list of categories to choose from shows a sensitive category."""
    return gettext("%(name)s (känslig)") % {"name": name}


def who_sees_sensitive() -> str:
    """What a reporter choosing a category is told of the sensitive ones (organisations/access.py:
    the police, the municipality's coordinators and admins, and the filing organisation)."""
    return gettext(
        "Kategorier märkta ”känslig” ser bara polisen, kommunens samordnare och din egen "
        "organisation. Andra samverkanspartner ser dem inte, inte heller som antal."
    )
