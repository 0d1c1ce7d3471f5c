"""The column mapping form: one heading per field of ours, and rows of category values."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lagesbild.categories.models import Category
from lagesbild.categories.sensitivity import marked_sensitive
from lagesbild.core.parsers.common import normalise_text
from lagesbild.core.privacy import scrub_text
from lagesbild.organisations.models import Organisation
from lagesbild.reports.forms_import import preselect_sole
from lagesbild.reports.importing import COLUMN_HELP, COLUMN_LABELS, TIME_OF_DAY
from lagesbild.reports.mapping import format_error
from lagesbild.reports.models import IMPORT_FIELDS, ImportMapping

# Empty category rows offered below the filled ones, and the most rows a form may post.
BLANK_ROWS = 3
MAX_ROWS = 200
# Headings of a sample carried between posts for the page's suggestions and the check on saving.
MAX_HEADINGS = 100


def column_field(name: str) -> str:
    return f"column_{name}"


def posted_rows(data: Any) -> int:
    """The number of category rows a form posted, within 0..MAX_ROWS."""
    try:
        return max(0, min(int(data.get("rows", 0)), MAX_ROWS))
    except (TypeError, ValueError):
        return 0


def category_choices() -> list[tuple[str, str]]:
    """Our categories by code, a sensitive one marked so (its reports reach fewer partners)."""
    active = Category.objects.filter(active=True).order_by("sort_order", "name_sv")
    return [("", "–")] + [
        (c.code, f"{marked_sensitive(c.name) if c.sensitive else c.name} ({c.code})")
        for c in active
    ]


class MappingForm(forms.Form):
    """Create or change one organisation's mapping; ``rows`` is the number of category rows."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Till exempel systemets namn: ”Export från larmcentralen”."),
    )
    date_format = forms.CharField(
        label=_("Datumformat"),
        max_length=50,
        initial="%Y-%m-%d %H:%M",
        help_text=_(
            "Som filens tider skrivs, med strftime-koder: %Y år, %m månad, %d dag, %H timme, "
            "%M minut. Till exempel %d/%m/%Y %H.%M. Lokal tid."
        ),
    )
    default_category = forms.ModelChoiceField(
        queryset=Category.objects.filter(active=True).order_by("sort_order", "name_sv"),
        required=False,
        label=_("Kategori när kolumnen saknas eller är tom"),
        empty_label=_("Ingen: raden är felaktig"),
    )
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ROWS)

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet,
        instance: ImportMapping | None = None,
        rows: int = BLANK_ROWS,
        headings: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        # The headings of the sample read before saving, if one was: each column is checked
        # against them as the import will check a file.
        self.headings = headings or []
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        preselect_sole(self.fields["organisation"], organisations)
        for name in IMPORT_FIELDS:
            self.fields[column_field(name)] = forms.CharField(
                label=COLUMN_LABELS[name],
                required=False,
                max_length=100,
                help_text=COLUMN_HELP[name],
                # The sample's headings, when one was read (the page's datalist).
                widget=forms.TextInput(attrs={"list": "sample-headings"}),
            )
        if self.is_bound:
            rows = posted_rows(self.data)
        self.fields["rows"].initial = rows
        choices = category_choices()
        for i in range(rows):
            self.fields[f"value_{i}"] = forms.CharField(
                label=_("Ert värde"), required=False, max_length=100
            )
            self.fields[f"code_{i}"] = forms.ChoiceField(
                label=_("Vår kategori"), required=False, choices=choices
            )

    @property
    def column_fields(self) -> list[forms.BoundField]:
        return [self[column_field(name)] for name in IMPORT_FIELDS]

    @property
    def category_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"value_{i}"], self[f"code_{i}"]) for i in range(self.fields["rows"].initial)]

    def clean_name(self) -> str:
        # Free text like any other, kept with the mapping and in its audit entries.
        return scrub_text(self.cleaned_data["name"].strip())

    def clean_date_format(self) -> str:
        value = self.cleaned_data["date_format"].strip()
        if problem := format_error(value):
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["columns"] = self._columns(data)
        data["category_values"] = self._category_values(data)
        self._check_unique_name(data)
        return data

    def _columns(self, data: dict[str, Any]) -> dict[str, str]:
        columns = {
            name: heading
            for name in IMPORT_FIELDS
            if (heading := (data.get(column_field(name)) or "").strip())
        }
        seen: dict[str, str] = {}
        for name, heading in columns.items():
            if (key := normalise_text(heading)) in seen:
                self.add_error(
                    column_field(name),
                    _("Rubriken står redan vid %(other)s; varje kolumn läses till ett fält.")
                    % {"other": COLUMN_LABELS[seen[key]]},
                )
            seen.setdefault(key, name)
        self._check_in_sample(columns)
        if "occurred_from" not in columns:
            self.add_error(column_field("occurred_from"), _("Ange kolumnen med starttiden."))
        if "category" not in columns and not data.get("default_category"):
            self.add_error(
                column_field("category"),
                _("Ange kolumnen med kategorin, eller en kategori när kolumnen saknas."),
            )
        self._check_times_of_day(columns, data.get("date_format") or "")
        return columns

    def _check_times_of_day(self, columns: dict[str, str], date_format: str) -> None:
        """A time of day in its own column is read with its date: both columns, one format."""
        for day, clock in TIME_OF_DAY.items():
            if clock not in columns:
                continue
            if day not in columns:
                self.add_error(
                    column_field(clock),
                    _("Ange också kolumnen med datumet (%(day)s): klockslaget läses ihop med det.")
                    % {"day": COLUMN_LABELS[day]},
                )
            elif date_format and "%H" not in date_format and "%I" not in date_format:
                self.add_error(
                    "date_format",
                    _(
                        "Datum och klockslag läses ihop, så formatet anger båda, t.ex. "
                        "%Y-%m-%d %H:%M."
                    ),
                )
                return

    def _check_in_sample(self, columns: dict[str, str]) -> None:
        """Name a heading the sample lacks or has twice: the import stops such a file."""
        if not self.headings or len(self.headings) >= MAX_HEADINGS:  # none read, or cut short
            return
        counts = Counter(normalise_text(heading) for heading in self.headings)
        for name, heading in columns.items():
            if not counts[normalise_text(heading)]:
                message = _("Exempelfilen har ingen kolumn med rubriken %(heading)s.")
            elif counts[normalise_text(heading)] > 1:
                message = _(
                    "Rubriken %(heading)s står flera gånger i exempelfilen; importen läser "
                    "inte en fil där den inte vet vilken kolumn som menas."
                )
            else:
                continue
            self.add_error(column_field(name), message % {"heading": heading})

    def _category_values(self, data: dict[str, Any]) -> dict[str, str]:
        values: dict[str, str] = {}
        seen: set[str] = set()
        for i in range(self.fields["rows"].initial):
            theirs = (data.get(f"value_{i}") or "").strip()
            code = data.get(f"code_{i}") or ""
            if (not theirs and not code) or f"code_{i}" in self.errors:
                continue
            if not theirs:
                self.add_error(f"value_{i}", _("Ange ert värde för kategorin."))
            elif not code:
                self.add_error(f"code_{i}", _("Välj vilken kategori värdet betyder."))
            elif normalise_text(theirs) in seen:
                self.add_error(f"value_{i}", _("Värdet står redan på en rad ovanför."))
            else:
                seen.add(normalise_text(theirs))
                values[theirs] = code
        return values

    def _check_unique_name(self, data: dict[str, Any]) -> None:
        organisation, name = data.get("organisation"), (data.get("name") or "").strip()
        if not (organisation and name):
            return
        same = ImportMapping.objects.filter(organisation=organisation, name=name)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            self.add_error("name", _("Organisationen har redan en mappning med det namnet."))

    def mapping(self) -> ImportMapping:
        """The mapping with the form's values (not saved)."""
        data = self.cleaned_data
        mapping = self.instance or ImportMapping()
        mapping.organisation = data["organisation"]
        mapping.name = data["name"].strip()
        mapping.date_format = data["date_format"]
        mapping.default_category = data["default_category"]
        mapping.columns = data["columns"]
        mapping.category_values = data["category_values"]
        return mapping


def initial_from(mapping: ImportMapping) -> tuple[dict[str, Any], int]:
    """The form's initial values for ``mapping``, and its number of category rows."""
    initial: dict[str, Any] = {
        "organisation": mapping.organisation_id,
        "name": mapping.name,
        "date_format": mapping.date_format,
        "default_category": mapping.default_category_id,
    }
    initial |= {column_field(name): heading for name, heading in mapping.columns.items()}
    return _with_rows(initial, list(mapping.category_values.items()))


def initial_from_post(data: Any, guessed: dict[str, str], values: list[str]) -> tuple[dict, int]:
    """The form's values after reading a sample: what was typed, blank headings filled with
    the guessed ones, and a row for each unknown category value of the sample."""
    initial = {key: data.get(key) for key in data if key not in ("csrfmiddlewaretoken", "rows")}
    for name, heading in guessed.items():
        if not (initial.get(column_field(name)) or "").strip():
            initial[column_field(name)] = heading
    filled = []
    for i in range(posted_rows(data)):
        theirs, code = (data.get(f"value_{i}") or "").strip(), data.get(f"code_{i}") or ""
        initial.pop(f"value_{i}", None)
        initial.pop(f"code_{i}", None)
        if theirs or code:
            filled.append((theirs, code))
    typed = {normalise_text(theirs) for theirs, _code in filled}
    filled += [(value, "") for value in values if normalise_text(value) not in typed]
    return _with_rows(initial, filled[: MAX_ROWS - BLANK_ROWS])


def _with_rows(initial: dict[str, Any], rows: list[tuple[str, str]]) -> tuple[dict, int]:
    """``initial`` with a category row per (their value, our code), and the number of rows the
    form shows: these and BLANK_ROWS empty ones."""
    for i, (theirs, code) in enumerate(rows):
        initial[f"value_{i}"], initial[f"code_{i}"] = theirs, code
    return initial, len(rows) + BLANK_ROWS
