"""The coordinator's review forms: correct, reject, merge; one form per action and report."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.reports.forms import category_choices
from lagesbild.reports.review import Correction
from lagesbild.web.ids import MAX_ID
from lagesbild.web.text import FreeTextField


class CorrectionForm(forms.Form):
    """Correct the category and/or the place (a district, or a point that decides the district)."""

    category = forms.TypedChoiceField(label=_("Rätt kategori"), coerce=int, required=False)
    area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Rätt område"),
        empty_label=_("– behåll platsen –"),
    )
    latitude = forms.FloatField(
        label=_("eller punkt: latitud"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("longitud"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def __init__(
        self, *args, municipality: Municipality, options: dict | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self._options: dict[str, list[Any]] | None = None
        self._area_field().queryset = Area.objects.filter(
            municipality=municipality, kind=Area.Kind.DISTRICT
        )
        # The queue shows one form per report: ``options`` from choice_options() saves the queries.
        options = options or self.choice_options()
        cast(forms.TypedChoiceField, self.fields["category"]).choices = options["category"]
        self._area_field().choices = options["area"]

    def _area_field(self) -> forms.ModelChoiceField[Area]:
        return cast("forms.ModelChoiceField[Area]", self.fields["area"])

    def choice_options(self) -> dict[str, list[Any]]:
        """Return this form's select options, to pass to the next form of the same page."""
        if self._options is None:
            self._options = {
                "category": [("", _("– behåll kategorin –")), *category_choices()],
                # django-stubs give the getter the setter's input types (a Mapping, a Choices
                # class); Django stores choices normalised, so it returns a list or an iterator.
                "area": list(self._area_field().choices),  # type: ignore[arg-type]
            }
        return self._options

    def clean_category(self) -> Category | None:
        pk = self.cleaned_data.get("category")
        if pk in (None, ""):
            return None
        try:
            return Category.objects.get(pk=pk, active=True)
        except Category.DoesNotExist:
            raise forms.ValidationError(_("Välj en kategori i listan.")) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            self.add_error(
                "longitude" if has_lat else "latitude", _("Ange både latitud och longitud.")
            )
        if has_lat and data.get("area"):
            self.add_error("area", _("Ange antingen ett område eller en punkt, inte båda."))
        if not (data.get("category") or data.get("area") or has_lat or has_lon) and not self.errors:
            self.add_error(None, _("Ange vad som ska rättas: kategori, område eller punkt."))
        return data

    def correction(self) -> Correction:
        data = self.cleaned_data
        point = (data["latitude"], data["longitude"]) if data.get("latitude") is not None else None
        return Correction(category=data.get("category"), area=data.get("area"), point=point)


class RejectForm(forms.Form):
    reason = FreeTextField(
        label=_("Skäl (rapportören ser det)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv ett skäl; rapportören ser det.")},
        help_text=_("Skriv inga namn eller personuppgifter; sådant tas bort automatiskt."),
    )


class IdListField(forms.Field):
    """Report numbers from repeated inputs (checkboxes or hidden fields)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            ids = list(dict.fromkeys(int(v) for v in values))
        except (TypeError, ValueError):
            ids = [0]
        if not all(1 <= pk <= MAX_ID for pk in ids):
            raise forms.ValidationError(_("Ange rapporter med deras nummer."))
        return ids


class MergeForm(forms.Form):
    """Keep ``primary``; every other report in ``reports`` becomes its duplicate."""

    primary = forms.IntegerField(
        label=_("Huvudrapportens nummer"),
        min_value=1,
        max_value=MAX_ID,
        error_messages={"required": _("Välj vilken rapport som ska stå kvar.")},
    )
    reports = IdListField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("primary") is not None:
            data["duplicates"] = [pk for pk in data.get("reports", []) if pk != data["primary"]]
            if not data["duplicates"]:
                self.add_error(None, _("Välj minst en dubblett att slå ihop med huvudrapporten."))
        return data
