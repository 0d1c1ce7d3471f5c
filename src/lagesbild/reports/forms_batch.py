"""The week's observations as one batch: rows of the report form, validated all together."""

from __future__ import annotations

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from lagesbild.reports.forms import ReportForm

# A week of one reporter's observations fits easily; more is a file import.
MAX_ROWS = 50
PREFIX = "rad"


class BatchRowForm(ReportForm):
    """One row: the report form's fields and validation; district and place text, no map."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["latitude"], self.fields["longitude"], self.fields["submission"]
        # No preset time: an untouched row must stay empty, and rows are usually earlier days.
        self.fields["occurred_from"].initial = None


class BaseBatchFormSet(BaseFormSet):
    """Every row is a new report: none counts as "initial", so any row may be left empty."""

    def initial_form_count(self) -> int:
        return 0

    def filled_forms(self) -> list[BatchRowForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.filled_forms():
            raise forms.ValidationError(_("Fyll i minst en rad."))


def batch_formset(
    viewer, data=None, rows: list[dict] | None = None, extra: int = 3
) -> BaseBatchFormSet:
    """Return the batch formset: bound to ``data``, or showing ``rows`` and ``extra`` empty rows."""
    rows = rows or []
    formset_class = formset_factory(
        BatchRowForm,
        formset=BaseBatchFormSet,
        extra=len(rows) + extra,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )
    formset = formset_class(
        data, initial=rows or None, prefix=PREFIX, form_kwargs={"viewer": viewer}
    )
    # formset_factory subclasses the formset= class; django-stubs type it as a plain BaseFormSet.
    assert isinstance(formset, BaseBatchFormSet)
    return formset


def posted_rows(data, field_names) -> list[dict]:
    """Return the raw values of the posted rows, to show them again with one more row."""
    try:
        total = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), MAX_ROWS)
    except ValueError:
        total = 0
    return [
        {
            name: data.get(f"{PREFIX}-{i}-{name}")
            for name in field_names
            if data.get(f"{PREFIX}-{i}-{name}")
        }
        for i in range(total)
    ]
