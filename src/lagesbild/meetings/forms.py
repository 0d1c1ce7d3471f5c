from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.core.weeks import IsoWeek, WeekError, not_begun, parse_iso_week
from lagesbild.measures.forms import LONG_TEXT, ChoicesField, DayField, districts, organisations
from lagesbild.organisations.models import Organisation
from lagesbild.reports.exports import YEARS
from lagesbild.web.text import FreeTextField


class WeekField(forms.CharField):
    """An ISO week such as 2024-W37 that has begun, cleaned to an IsoWeek."""

    def clean(self, value) -> IsoWeek:
        text = super().clean(value)
        try:
            week = parse_iso_week(text)
            if week.year not in YEARS:  # the calendar's edge broke the agenda (was a 500)
                raise WeekError(text)
        except WeekError:
            raise forms.ValidationError(
                _("%(value)s är ingen vecka; skriv den som 2024-W37.") % {"value": text}
            ) from None
        # A week that has not begun has no lägesbild: its agenda would be "nothing to discuss".
        message = not_begun(week, timezone.localdate())
        if message:
            raise forms.ValidationError(message)
        return week


# A meeting reviews its week's lägesbild: it is held in that week or within these days after it.
MEETING_DAYS_AFTER_WEEK = 28


def meeting_days(week: IsoWeek) -> tuple[date, date]:
    """Return the first and last day a meeting about ``week`` may be held."""
    return week.monday, week.sunday + timedelta(days=MEETING_DAYS_AFTER_WEEK)


def suggested_date(week: IsoWeek, today: date) -> date:
    """Return the form's first guess at the meeting's date: today, if today fits the week."""
    first, last = meeting_days(week)
    return min(max(today, first), last)


class MeetingForm(forms.Form):
    """A new weekly meeting: which week's lägesbild it reads, and when it is held.

    The date must fit the week: the agenda flags measures overdue on the meeting's date, so a
    mistyped year would flag every measure, or none.
    """

    week = WeekField(
        label=_("Vecka"),
        max_length=10,
        help_text=_("Veckan vars lägesbild mötet går igenom, t.ex. 2024-W37."),
    )
    date = DayField(label=_("Mötesdatum"))
    title = FreeTextField(label=_("Rubrik"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        week, on = self.cleaned_data.get("week"), self.cleaned_data.get("date")
        if week is None or on is None:
            return data
        first, last = meeting_days(week)
        if not first <= on <= last:
            self.add_error(
                "date",
                _(
                    "Mötet om vecka %(week)s hålls mellan %(first)s och %(last)s; "
                    "kontrollera datumet."
                )
                % {"week": week, "first": first.isoformat(), "last": last.isoformat()},
            )
        return data


class MinutesForm(forms.Form):
    """Who took part and what was said; the text is scrubbed of personal data when saved."""

    participants = ChoicesField(
        queryset=None,
        required=False,
        label=_("Deltagande organisationer"),
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = FreeTextField(
        label=_("Anteckningar"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Skriv inte namn, personnummer, telefonnummer eller registreringsnummer. "
            "Sådant tas bort automatiskt."
        ),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The field as declared above (``fields`` holds it as a plain Field).
        participants = cast(ChoicesField, self.fields["participants"])
        participants.queryset = organisations(municipality)


class FocusAreaForm(forms.Form):
    """A place for partners to watch next week, with its priority and who watches it."""

    label = FreeTextField(
        label=_("Plats"), max_length=200, help_text=_("Ett namn alla känner igen, t.ex. Torget.")
    )
    # By code: the agenda's "Gör till fokusområde" buttons post a hotspot's district and cell.
    area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Stadsdel"),
        empty_label=_("– ingen –"),
        to_field_name="code",
    )
    h3_cells = FreeTextField(required=False, max_length=2000, widget=forms.HiddenInput)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Bevakas av"), empty_label=_("– ingen –")
    )
    rank = forms.IntegerField(
        label=_("Prioritet"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("1 är viktigast. Tomt: sist i listan."),
    )
    note = FreeTextField(label=_("Kommentar"), max_length=300, required=False)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The fields as declared above (``fields`` holds them as plain Fields).
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = districts(municipality)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations(
            municipality
        )

    def clean_h3_cells(self) -> tuple[str, ...]:
        return tuple(c for c in re.split(r"[\s,;]+", self.cleaned_data["h3_cells"]) if c)
