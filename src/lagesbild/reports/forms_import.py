"""The upload form of a partner's file, and who may import for which organisation."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lagesbild.organisations.access import Viewer
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import ImportMapping


def importing_organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """Return the organisations ``viewer`` may import for.

    Members with a filing role import for their own organisation; coordinators and admins for
    every organisation of their municipality (they load files partners e-mail them).
    """
    own = viewer.filing_organisation_ids
    coordinated = viewer.managed_municipality_ids
    return Organisation.objects.filter(Q(pk__in=own) | Q(municipality_id__in=coordinated)).order_by(
        "name"
    )


def preselect_sole(field: forms.Field, organisations: QuerySet) -> None:
    """Choose the organisation for a person who imports for one only (a partner's reporter)."""
    sole = list(organisations[:2])
    if len(sole) == 1:
        field.initial = sole[0].pk


class MappingChoiceField(forms.ModelChoiceField):
    """A saved mapping, named with its organisation (the page offers several organisations')."""

    def label_from_instance(self, obj: ImportMapping) -> str:
        return f"{obj.organisation} – {obj.name}"


class ImportForm(forms.Form):
    """Choose the organisation, the file's mapping and what to do with bad rows."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Importera för")
    )
    mapping = MappingChoiceField(
        queryset=ImportMapping.objects.none(),
        required=False,
        label=_("Kolumnmappning"),
        empty_label=_("Lägesbilds mall (standard)"),
    )
    file = forms.FileField(
        label=_("Fil (CSV eller Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    quarantine = forms.BooleanField(
        required=False,
        label=_("Importera de godkända raderna och lägg felaktiga rader i karantän"),
        help_text=_("Utan detta importeras ingenting om någon rad är felaktig."),
    )

    def __init__(self, *args, organisations: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        organisation.queryset = organisations
        preselect_sole(organisation, organisations)
        # The saved mappings of the organisations offered (the page explains each one too).
        self.mappings = ImportMapping.objects.filter(organisation__in=organisations).select_related(
            "organisation"
        )
        cast(MappingChoiceField, self.fields["mapping"]).queryset = self.mappings

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen är %(size).1f MB; den största tillåtna storleken är %(limit).1f MB.")
                % {"size": upload.size / 1e6, "limit": limit / 1e6}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mapping, organisation = data.get("mapping"), data.get("organisation")
        if mapping and organisation and mapping.organisation_id != organisation.pk:
            self.add_error("mapping", _("Mappningen hör till en annan organisation."))
        return data
