from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import locate_area
from lagesbild.public.antispam import has_link
from lagesbild.public.services import REASONS, UnsafePlace
from lagesbild.reports.models import Insecurity
from lagesbild.web.pin import one_pin_error, pin_coordinate
from lagesbild.web.text import FreeTextField

DESCRIPTION_MAX = 500
NO_LINKS = _("Texten får inte innehålla länkar eller webbadresser.")
LINK_REFUSED = "link"  # the error code of NO_LINKS: spam's mark, counted as antispam refusals
PIN_OUTSIDE = _("Nålen ligger utanför kommunens stadsdelar. Flytta den eller välj en stadsdel.")


class UnsafePlaceForm(forms.Form):
    """The digital trygghetsvandring: where, why, how unsafe; no name, no contact details."""

    reason = forms.ChoiceField(
        label=_("Varför känns platsen otrygg?"),
        choices=[(key, reason.label) for key, reason in REASONS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj varför platsen känns otrygg.")},
    )
    latitude = pin_coordinate(90)
    longitude = pin_coordinate(180)
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Stadsdel"),
        empty_label=_("– välj om du inte satt en nål –"),
    )
    place_text = FreeTextField(
        label=_("Plats (gata, park, hållplats …)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    insecurity = forms.TypedChoiceField(
        label=_("Hur otryggt känns det?"),
        choices=Insecurity.choices,
        coerce=int,
        initial=Insecurity.MEDIUM,
        widget=forms.RadioSelect,
    )
    description = FreeTextField(
        label=_("Berätta mer (frivilligt)"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX}),
        help_text=_(
            "Högst 500 tecken. Skriv inte namn eller annat som pekar ut personer; sådant tas "
            "bort automatiskt. Länkar tas inte emot."
        ),
    )
    token = FreeTextField(widget=forms.HiddenInput, required=False)
    # The honeypot (antispam.HONEYPOT_FIELD): hidden by the stylesheet, so only robots fill it.
    webbplats = FreeTextField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        # The field as declared above (``fields`` holds it as a plain Field).
        area = cast(forms.ModelChoiceField, self.fields["area"])
        area.queryset = Area.objects.filter(
            municipality=municipality, kind=Area.Kind.DISTRICT
        ).order_by("name")

    def clean_place_text(self) -> str:
        return self._without_links("place_text")

    def clean_description(self) -> str:
        return self._without_links("description")

    def _without_links(self, name: str) -> str:
        text = self.cleaned_data.get(name) or ""
        if has_link(text):
            raise forms.ValidationError(NO_LINKS, code=LINK_REFUSED)
        return text

    def refused_a_link(self) -> bool:
        """Tell whether a text was refused for a link, as the link filter refuses spam."""
        return any(self.has_error(name, LINK_REFUSED) for name in ("place_text", "description"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        one_pin_error(self)
        data = self.cleaned_data
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            self.add_error(None, _("Kartnålen saknar en koordinat; sätt den igen."))
        elif has_lat and not self._pin_inside(data):
            if data.get("area"):
                # The message below offers a district instead of the pin: a chosen district
                # answers "where", and the stray pin is left out rather than refused again.
                data["latitude"] = data["longitude"] = None
            else:
                self.add_error("area", PIN_OUTSIDE)
        elif not has_lat and not data.get("area"):
            self.add_error("area", _("Ange var: sätt en nål på kartan eller välj en stadsdel."))
        return data

    def _pin_inside(self, data: dict[str, Any]) -> bool:
        return locate_area(self.municipality, data["latitude"], data["longitude"]) is not None

    def unsafe_place(self) -> UnsafePlace:
        """Return what the citizen told, for ``services.submit_unsafe_place``."""
        data = self.cleaned_data
        return UnsafePlace(
            reason=data["reason"],
            area=data.get("area"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            place_text=data.get("place_text", ""),
            description=data.get("description", ""),
            insecurity=data.get("insecurity") or Insecurity.MEDIUM,
        )


class PublicPageForm(forms.Form):
    """The coordinator's switch: publish the municipality's public page or withdraw it."""

    kommun = forms.RegexField(regex=r"^\d{4}$")
    enabled = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
