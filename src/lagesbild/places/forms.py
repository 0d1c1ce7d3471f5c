from __future__ import annotations

from typing import Any

from django import forms

from lagesbild.core.parsers.common import parse_swedish_number
from lagesbild.places.models import Place
from lagesbild.web.text import apply_text_rules


class CoordinateField(forms.FloatField):
    """Decimal degrees typed either way: 56,0465 as Swedish writes it, or 56.0465."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            try:
                value = parse_swedish_number(value)
            except ValueError:
                pass  # not a number either way: FloatField's own message says so
        return super().clean(value)


class PlaceForm(forms.ModelForm):
    """A coordinator adds or corrects one place of the gazetteer."""

    class Meta:
        model = Place
        fields = ["name", "kind", "latitude", "longitude"]
        field_classes = {"latitude": CoordinateField, "longitude": CoordinateField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_text_rules(self)
