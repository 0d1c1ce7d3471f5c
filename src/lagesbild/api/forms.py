"""The form that makes a personal read token."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lagesbild.api.personal import LIFETIMES
from lagesbild.core.privacy import scrub_text
from lagesbild.web.text import FreeTextField


class PersonalTokenForm(forms.Form):
    name = FreeTextField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Power BI” eller ”R-skript”."),
    )
    days = forms.TypedChoiceField(
        label=_("Giltig i"),
        coerce=int,
        initial=90,
        # Lazy to the end: "%" on a lazy string would translate once, at import, in Swedish.
        choices=[(days, format_lazy(_("{days} dagar"), days=days)) for days in LIFETIMES],
    )

    def clean_name(self) -> str:
        # A name is free text like any other: scrubbed of personal data before it is stored.
        return scrub_text(self.cleaned_data["name"].strip())
