"""The project's form renderer writes selects exactly as Django's templates do, but faster."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from lagesbild.web.form_renderer import FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "– välj –"), ("a", "A & B"), ("b", '"citat"')])
    grouped = forms.ChoiceField(
        choices=[
            ("Skadegörelse", [("1", "Klotter"), ("2", "<b>Övrig</b>")]),
            ("3", gettext_lazy("Övrigt")),
        ]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], required=False)
    yes_no = forms.NullBooleanField(widget=forms.NullBooleanSelect)
    marked = forms.ChoiceField(
        choices=[("s", mark_safe("<em>säker</em>"))],
        widget=forms.Select(attrs={"class": 'a"b', "data-x": True, "hidden": False}),
    )
    number = forms.TypedChoiceField(choices=[(1, "ett"), (2, "två")], coerce=int)


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "a", "grouped": "2", "many": ["x", "z"], "yes_no": "false", "number": "2"},
        {"plain": '"citat"', "grouped": "<b>", "many": ["<"], "yes_no": "x", "marked": "s"},
    ],
)
def test_every_select_is_written_as_djangos_templates_write_it(data: dict) -> None:
    ours = Choices(data or None, renderer=FormRenderer())
    django = Choices(data or None, renderer=DjangoTemplates())
    for name in ours.fields:
        assert _squeezed(str(ours[name])) == _squeezed(str(django[name])), name


def test_the_project_renders_forms_with_it(settings) -> None:
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "lagesbild.web.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
    assert str(Choices()["plain"]).startswith('<select name="plain"')
