"""The two hidden coordinates a form's map sets when a person places its pin.

Nobody types them, so whatever is wrong with them (a value that is not a number, or out of
range, from a changed page or a broken browser) is one thing to the person: the pin could not be
read. They carry no label, so a form's error box shows the sentence alone (form_errors.html).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PIN_UNREADABLE = _("Kartnålens position gick inte att läsa; sätt nålen igen.")
_PIN_ERRORS = {key: PIN_UNREADABLE for key in ("invalid", "min_value", "max_value")}


def pin_coordinate(limit: int) -> forms.FloatField:
    """A latitude (``limit`` 90) or longitude (180) of the pin, optional."""
    return forms.FloatField(
        required=False,
        min_value=-limit,
        max_value=limit,
        widget=forms.HiddenInput,
        error_messages=_PIN_ERRORS,
    )


def one_pin_error(form: forms.Form) -> None:
    """Keep one "could not be read" when both coordinates failed: it is one pin."""
    if form.errors.get("latitude") == form.errors.get("longitude") == [PIN_UNREADABLE]:
        del form.errors["longitude"]
