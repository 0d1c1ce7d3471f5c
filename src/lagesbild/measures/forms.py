from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.measures.access import ALL_FIELDS
from lagesbild.measures.models import Measure
from lagesbild.measures.services import check_dates
from lagesbild.organisations.access import Viewer
from lagesbild.organisations.models import Organisation
from lagesbild.reports.access import visible_reports
from lagesbild.reports.exports import YEARS
from lagesbild.reports.models import Report
from lagesbild.web.ids import MAX_ID
from lagesbild.web.text import FreeTextField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The longest free text of a measure or a meeting's minutes: pages of text, not megabytes.
LONG_TEXT = 20000


class DayField(forms.DateField):
    """A date in the years the app counts with (``YEARS``); a typo such as year 1 is refused.

    Periods and due dates reach date arithmetic and the database: year 1 overflowed there (a 500).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DATE)
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value.year not in YEARS:
            raise forms.ValidationError(
                _("Ange ett datum mellan år %(first)s och %(last)s.")
                % {"first": YEARS.start, "last": YEARS.stop - 1},
                code="year",
            )


def districts(municipality: Municipality) -> QuerySet[Area]:
    return Area.objects.filter(municipality=municipality, kind=Area.Kind.DISTRICT).order_by("name")


def organisations(municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality=municipality).order_by("name")


def top_categories() -> QuerySet[Category]:
    return Category.objects.filter(parent__isnull=True, active=True)


class MeasureFilterForm(forms.Form):
    """The board's filters; the names are the query string's (?agare=…&stadsdel=…&kategori=…)."""

    agare: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Ansvarig"), empty_label=_("Alla")
    )
    stadsdel: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Stadsdel"),
        empty_label=_("Alla"),
        to_field_name="code",
    )
    kategori: forms.ModelChoiceField[Category] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Kategori"),
        empty_label=_("Alla"),
        to_field_name="code",
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The fields as declared above (``fields`` holds them as plain Fields).
        cast(forms.ModelChoiceField, self.fields["agare"]).queryset = organisations(municipality)
        cast(forms.ModelChoiceField, self.fields["stadsdel"]).queryset = districts(municipality)
        cast(forms.ModelChoiceField, self.fields["kategori"]).queryset = top_categories()

    def filter(self, measures):
        """Return ``measures`` narrowed by the valid filters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("agare"):
            measures = measures.filter(owner=data["agare"])
        if data.get("stadsdel"):
            measures = measures.filter(areas=data["stadsdel"])
        if data.get("kategori"):
            top = data["kategori"]
            measures = measures.filter(categories__in=[top, *top.children.all()])
        return measures.distinct()


class ChoicesField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows; a number too large for the database is an invalid choice.

    SQLite raises OverflowError for an id beyond 64 bits in ``pk__in`` (a 500 before).
    """

    # Django's clean() and to_python() both check the ids here, in one query.
    def _check_values(self, value):
        try:
            # django-stubs leave out this private method of ModelMultipleChoiceField.
            return super()._check_values(value)  # type: ignore[misc]
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            ) from None


class ReportIdsField(forms.CharField):
    """Report numbers separated by spaces or commas, each one a report the user may see."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        # The reports the user may see; the form sets them (none until it does).
        self.reports: QuerySet[Report] = Report.objects.none()

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, Iterable) and not isinstance(value, str):
            return " ".join(str(getattr(r, "pk", r)) for r in value)
        return super().prepare_value(value)

    def clean(self, value: Any) -> list:
        text = super().clean(value) or ""
        if re.search(r"[^\d\s,]", text):
            raise forms.ValidationError(
                _("Skriv rapportnummer med siffror, åtskilda av mellanslag eller komma.")
            )
        ids = {int(n) for n in re.findall(r"\d+", text)}
        found = list(self.reports.filter(pk__in=[i for i in ids if i <= MAX_ID])) if ids else []
        missing = ids - {r.pk for r in found}
        if missing:
            raise forms.ValidationError(
                _("Rapporterna finns inte: %(ids)s") % {"ids": ", ".join(map(str, sorted(missing)))}
            )
        return found


class MeasureForm(forms.Form):
    """A measure's fields; only those the user may change are included."""

    title = FreeTextField(label=_("Åtgärd"), max_length=200)
    owner: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=None, label=_("Ansvarig organisation"), empty_label=_("– välj organisation –")
    )
    partners = ChoicesField(
        queryset=None,
        required=False,
        label=_("Samverkansparter"),
        widget=forms.CheckboxSelectMultiple,
    )
    areas = ChoicesField(
        queryset=None, required=False, label=_("Stadsdelar"), widget=forms.CheckboxSelectMultiple
    )
    categories = ChoicesField(
        queryset=None, required=False, label=_("Kategorier"), widget=forms.CheckboxSelectMultiple
    )
    problem = FreeTextField(
        label=_("Problem"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cause = FreeTextField(
        label=_("Orsak"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    operational_goal = FreeTextField(
        label=_("Operativt mål"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    start_date = DayField(label=_("Startdatum"), required=False)
    due_date = DayField(label=_("Klart senast"), required=False)
    done_date = DayField(label=_("Genomförd datum"), required=False)
    follow_up = FreeTextField(
        label=_("Uppföljning"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source_reports = ReportIdsField(
        label=_("Bygger på rapporter"), help_text=_("Rapportnummer, t.ex. 12 15 (valfritt).")
    )
    comment = FreeTextField(
        label=_("Kommentar till ändringen"),
        required=False,
        max_length=300,
        help_text=_("Varför ändras åtgärden? Visas i historiken."),
    )

    def __init__(
        self,
        *args,
        municipality: Municipality,
        viewer: Viewer,
        editable: Iterable[str] = ALL_FIELDS,
        with_comment: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        keep = set(editable) | ({"comment"} if with_comment else set())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        querysets: dict[str, QuerySet[Any]] = {
            "owner": organisations(municipality),
            "partners": organisations(municipality),
            "areas": districts(municipality),
            "categories": top_categories(),
        }
        for name, queryset in querysets.items():
            if name in self.fields:
                cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        if "source_reports" in self.fields:
            source_reports = cast(ReportIdsField, self.fields["source_reports"])
            source_reports.reports = visible_reports(viewer).filter(municipality=municipality)

    def clean(self) -> dict[str, Any] | None:
        """Check the dates' order with the rest of the form, not only after it is valid: one
        round of messages, not two."""
        data = super().clean()
        try:
            check_dates(self.cleaned_data.get("start_date"), self.cleaned_data.get("due_date"))
        except forms.ValidationError as exc:
            add_service_errors(self, exc)
        return data

    def changes(self) -> dict[str, Any]:
        """Return the measure fields of the cleaned form (the comment is not one)."""
        return {k: v for k, v in self.cleaned_data.items() if k in ALL_FIELDS}

    def multiple_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("partners", "areas", "categories") if n in self.fields]

    def text_fields(self) -> list[forms.BoundField]:
        names = ("problem", "cause", "operational_goal")
        return [self[n] for n in names if n in self.fields]


def initial_for(measure: Measure) -> dict[str, Any]:
    """Return the form's initial values for editing ``measure``."""
    initial = {
        name: getattr(measure, name)
        for name in ALL_FIELDS - {"partners", "areas", "categories", "source_reports"}
    }
    initial |= {
        name: list(getattr(measure, name).all())
        for name in ("partners", "areas", "categories", "source_reports")
    }
    return initial


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form: on the field when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class MeasureFromFindingForm(MeasureForm):
    """The measure form opened from a finding of the weekly lägesbild: it also offers to set up
    the evaluation at once (``measures.finding``)."""

    def __init__(self, *args, target: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluate"] = forms.BooleanField(
            required=False,
            initial=True,
            label=_("Ställ in utvärderingen nu"),
            help_text=_(
                "Målområde: %(target)s. Jämförelseområdet föreslås, före-perioden är året före "
                "start och fryses när åtgärden är beslutad och perioden är slut."
            )
            % {"target": target},
        )
