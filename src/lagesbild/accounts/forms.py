from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six-digit code from the authenticator app."""

    code = forms.RegexField(
        label=_("Kod från appen"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        help_text=_("Sex siffror. En ny kod visas var 30:e sekund."),
        error_messages={"invalid": _("Skriv de sex siffrorna från appen.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class VerifyForm(forms.Form):
    """The app's six-digit code, or one of the user's recovery codes (eight letters and digits)."""

    code = forms.RegexField(
        label=_("Kod från appen eller reservkod"),
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{4}[\s-]?[A-Za-z2-7]{4})\s*$",
        max_length=20,
        help_text=_(
            "Sex siffror från appen (en ny kod visas var 30:e sekund), eller en av dina "
            "reservkoder, till exempel abcd-efgh."
        ),
        error_messages={
            "invalid": _("Skriv de sex siffrorna från appen, eller en reservkod med åtta tecken.")
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def is_recovery_code(self) -> bool:
        # The pattern lets through six digits or eight characters: the length tells them apart.
        return len(self.cleaned_data["code"]) != 6
