from __future__ import annotations

from django import forms

from lagesbild.places.models import Place
from lagesbild.web.text import apply_text_rules


class PlaceForm(forms.ModelForm):
    """A coordinator adds or corrects one place of the gazetteer."""

    class Meta:
        model = Place
        fields = ["name", "kind", "latitude", "longitude"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        apply_text_rules(self)
