"""Forms for goals, indicators and entered values; the services validate again."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.services import FIRST_YEAR, LAST_YEAR, GoalData, IndicatorData
from lagesbild.web.text import FreeTextField


def _year(label, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )


class YearForm(forms.Form):
    """The dashboard's year (?ar=2024)."""

    ar = _year(_("År"))


class GoalForm(forms.Form):
    title = FreeTextField(label=_("Mål"), max_length=300)
    description = FreeTextField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sort_order = forms.IntegerField(
        label=_("Ordning"), min_value=0, max_value=999, initial=0, required=False
    )

    def to_data(self) -> GoalData:
        d = self.cleaned_data
        return GoalData(d["title"], d["description"], d["sort_order"] or 0)


def goal_initial(goal: Goal) -> dict:
    return {"title": goal.title, "description": goal.description, "sort_order": goal.sort_order}


class IndicatorForm(forms.Form):
    name = FreeTextField(label=_("Indikator"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ av underlag"), choices=Indicator.Kind.choices)
    direction = forms.ChoiceField(label=_("Riktning"), choices=Indicator.Direction.choices)
    category: forms.ModelChoiceField[Category] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Kategori"),
        empty_label=_("– ingen –"),
        help_text=_("För rapporträkning, eller Brås antal i kategorin för officiell statistik."),
    )
    area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Område"),
        empty_label=_("– hela kommunen –"),
        help_text=_("Bara för rapporträkning."),
    )
    official_series = FreeTextField(
        label=_("Serie (officiell statistik)"),
        required=False,
        max_length=200,
        help_text=_("T.ex. kategori:narkotika (Brå per kategori) eller ett Kolada-id."),
    )
    unit = FreeTextField(label=_("Enhet"), required=False, max_length=50)
    baseline_year = _year(_("Basår"))
    baseline_value = forms.FloatField(
        label=_("Utgångsvärde"),
        required=False,
        help_text=_("Tomt: seriens värde basåret."),
    )
    target_year = _year(_("Målår"))
    target_value = forms.FloatField(label=_("Målvärde"), required=False)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The fields as declared above (``fields`` holds them as plain Fields).
        category = cast(forms.ModelChoiceField, self.fields["category"])
        category.queryset = Category.objects.filter(active=True, sensitive=False)
        area = cast(forms.ModelChoiceField, self.fields["area"])
        area.queryset = Area.objects.filter(municipality=municipality).order_by("kind", "name")

    def to_data(self) -> IndicatorData:
        return IndicatorData(**self.cleaned_data)


def indicator_initial(indicator: Indicator) -> dict:
    return {name: getattr(indicator, name) for name in IndicatorForm.base_fields}


class ValueForm(forms.Form):
    year = _year(_("År"), required=True)
    value = forms.FloatField(label=_("Värde"))
    note = FreeTextField(
        label=_("Kommentar"),
        required=False,
        max_length=300,
        help_text=_("Varifrån kommer siffran? Inga personuppgifter."),
    )
