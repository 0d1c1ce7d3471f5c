"""Forms of the statutory document: generate, edit a section, a problem, a plan row, decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.measures.forms import ChoicesField
from lagesbild.measures.models import Measure
from lagesbild.organisations.models import Organisation
from lagesbild.statutory.models import PlanItem, PrioritisedProblem, StatutoryDocument
from lagesbild.statutory.services import FIRST_YEAR, MAX_SECTION_CHARS
from lagesbild.web.text import FreeTextField, apply_text_rules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=FIRST_YEAR)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Året kan inte ligga i framtiden."))
        return year


class SectionForm(forms.Form):
    text = FreeTextField(
        label=_("Text"),
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class DecideForm(forms.Form):
    decided_at = forms.DateField(label=_("Beslutsdatum"), widget=DateInput())
    reference = FreeTextField(
        label=_("Beslutsparagraf"), max_length=100, help_text=_("T.ex. KF § 123 eller KS § 45.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_at"].initial = timezone.localdate()


class ProblemForm(forms.ModelForm):
    class Meta:
        model = PrioritisedProblem
        fields = ["rank", "title", "description", "categories", "areas", "cause", "consequences"]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "consequences": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"categories": ChoicesField, "areas": ChoicesField}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_text_rules(self)
        # The fields as given in Meta.field_classes (``fields`` holds them as plain Fields).
        categories = cast(ChoicesField, self.fields["categories"])
        categories.queryset = Category.objects.filter(parent__isnull=True, active=True)
        areas = cast(ChoicesField, self.fields["areas"])
        areas.queryset = Area.objects.filter(municipality=municipality)


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = [
            "problem",
            "measure",
            "title",
            "operational_goal",
            "who",
            "start_date",
            "end_date",
            "follow_up",
            "follow_up_status",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "operational_goal": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "follow_up_status": forms.RadioSelect,
        }
        help_texts = {
            "title": _("Lämna tomt för att använda åtgärdens namn i åtgärdsregistret."),
            "who": _("Lämna tomt för att använda åtgärdens ansvariga organisation."),
        }

    def __init__(self, *args, document: StatutoryDocument, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_text_rules(self)
        municipality = document.municipality
        # The model's foreign keys as form fields (``fields`` holds them as plain Fields).
        problem = cast(forms.ModelChoiceField, self.fields["problem"])
        problem.queryset = document.problems.all()
        measure = cast(forms.ModelChoiceField, self.fields["measure"])
        measure.queryset = Measure.objects.filter(municipality=municipality).order_by("title")
        who = cast(forms.ModelChoiceField, self.fields["who"])
        who.queryset = Organisation.objects.filter(municipality=municipality)
        self.fields["title"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("title") and not data.get("measure"):
            self.add_error("title", _("Ange åtgärden eller välj en i åtgärdsregistret."))
        return data
