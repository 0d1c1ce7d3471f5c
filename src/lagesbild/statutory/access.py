"""Who may read and change the statutory lägesbild (docs/permissions.md).

The document holds aggregates only, no report's free text, so every member of the municipality
reads it; coordinators and admins of the municipality generate, edit and decide it. Another
municipality's document is a 404, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lagesbild.areas.models import Municipality
from lagesbild.organisations.access import Viewer, partnership_viewer
from lagesbild.statutory.models import StatutoryDocument


def visible_documents(viewer: Viewer) -> QuerySet:
    """Return the documents ``viewer`` may read: all of their municipalities'."""
    return StatutoryDocument.objects.filter(municipality_id__in=viewer.municipality_ids)


def document_for(viewer: Viewer, pk: int) -> StatutoryDocument:
    """Return document ``pk`` if ``viewer`` may read it; otherwise 404."""
    document = (
        visible_documents(viewer).select_related("municipality", "decided_by").filter(pk=pk).first()
    )
    if document is None:
        raise Http404
    return document


def aggregate_viewer(municipality: Municipality) -> Viewer:
    """Return a viewer of the municipality's reports without sensitive categories or free text.

    The document's figures are read through it: every member reads the document, so it may hold
    only what every member may see.
    """
    return partnership_viewer(municipality.pk, "lägesbild")


def may_edit(viewer: Viewer, municipality_id: int) -> bool:
    """Tell whether ``viewer`` is a coordinator or admin in ``municipality_id``."""
    return viewer.manages(municipality_id)
