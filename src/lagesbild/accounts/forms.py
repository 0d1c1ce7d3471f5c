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
