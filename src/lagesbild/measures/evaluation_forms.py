"""The form a coordinator sets up a measure's evaluation with, and its sensible defaults."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.core.i18n import day_text
from lagesbild.measures.evaluation import (
    RING_MAX_METRES,
    RING_MIN_METRES,
    EvaluationInput,
    Period,
    default_periods,
)
from lagesbild.measures.forms import ChoicesField, DayField
from lagesbild.measures.models import Measure


def evaluable_categories() -> QuerySet[Category]:
    """Top-level categories an evaluation may count: never a sensitive one."""
    return Category.objects.filter(parent__isnull=True, active=True, sensitive=False)


class EvaluationForm(forms.Form):
    """Target, comparison and buffer areas, categories, and the periods before and after."""

    target_area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=None, label=_("Målområde"), empty_label=_("– välj område –")
    )
    control_area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Jämförelseområde"),
        empty_label=_("– föreslå ett automatiskt –"),
        help_text=_(
            "Tomt: den stadsdel vars antal före åtgärden ligger närmast målområdets, "
            "utanför mål- och buffertzonen."
        ),
    )
    buffer_area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Buffertområde"),
        empty_label=_("– inget område –"),
        help_text=_("Där brott kan ha förflyttats, t.ex. en angränsande stadsdel."),
    )
    buffer_metres = forms.IntegerField(
        required=False,
        min_value=RING_MIN_METRES,
        max_value=RING_MAX_METRES,
        label=_("… eller en ring runt målområdet (meter)"),
        # Lazy to the end: "%" on a lazy string would translate once, at import, in Swedish.
        help_text=format_lazy(
            _("{lo}–{hi} meter; lämna tomt för ingen ring."), lo=RING_MIN_METRES, hi=RING_MAX_METRES
        ),
    )
    categories = ChoicesField(
        queryset=None,
        required=False,
        label=_("Kategorier som räknas"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inga valda: alla kategorier utom de känsliga."),
    )
    before_start = DayField(label=_("Före: från"))
    before_end = DayField(label=_("Före: till"))
    after_start = DayField(label=_("Efter: från"))
    after_end = DayField(label=_("Efter: till"))

    def __init__(self, *args, measure: Measure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(municipality_id=measure.municipality_id).order_by(
            "kind", "name"
        )
        for name in ("target_area", "control_area", "buffer_area"):
            cast("forms.ModelChoiceField[Area]", self.fields[name]).queryset = areas
        cast(ChoicesField, self.fields["categories"]).queryset = evaluable_categories()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("buffer_area") and data.get("buffer_metres"):
            self.add_error(
                "buffer_metres", _("Välj antingen ett buffertområde eller en ring, inte båda.")
            )
        after_start = self.cleaned_data.get("after_start")
        if after_start is not None and after_start > timezone.localdate():
            # Nothing after it could be counted: the page would compare the before period
            # with zeros (and call them "so far").
            self.add_error(
                "after_start",
                _(
                    "Efter-perioden har inte börjat än (den börjar %(day)s). Ställ in "
                    "utvärderingen när den har börjat."
                )
                % {"day": day_text(after_start)},
            )
        return data

    def to_input(self) -> EvaluationInput:
        d = self.cleaned_data
        return EvaluationInput(
            target_area=d["target_area"],
            before=Period(d["before_start"], d["before_end"]),
            after=Period(d["after_start"], d["after_end"]),
            control_area=d["control_area"],
            buffer_area=d["buffer_area"],
            buffer_metres=d["buffer_metres"],
            categories=tuple(d["categories"]),
        )

    def checkbox_fields(self) -> list[forms.BoundField]:
        return [self["categories"]]


def evaluation_initial(measure: Measure, today: date) -> dict[str, Any]:
    """Return the form's start values: the current set-up, else defaults from the measure."""
    setup = getattr(measure, "evaluation", None)
    if setup is not None:
        return {
            "target_area": setup.target_area,
            "control_area": None if setup.control_suggested else setup.control_area,
            "buffer_area": setup.buffer_area,
            "buffer_metres": setup.buffer_metres,
            "categories": list(setup.categories.all()),
            "before_start": setup.before_start,
            "before_end": setup.before_end,
            "after_start": setup.after_start,
            "after_end": setup.after_end,
        }
    start = measure.start_date or _decided_on(measure) or today
    before, after = default_periods(start, today)
    return {
        "target_area": measure.areas.first(),
        "categories": [c.top_level for c in measure.categories.all() if not c.top_level.sensitive],
        "before_start": before.start,
        "before_end": before.end,
        "after_start": after.start,
        "after_end": after.end,
    }


def _decided_on(measure: Measure) -> date | None:
    meeting = measure.decided_at_meeting
    return meeting.date if meeting is not None else None
