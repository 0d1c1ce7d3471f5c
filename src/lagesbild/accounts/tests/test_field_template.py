"""templates/field.html ties a field's error text (and hint) to its input for screen readers."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from lagesbild.testing import PASSWORD, Cast, client_for

pytestmark = pytest.mark.django_db


def input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
    assert match, html
    return match.group(0)


def test_the_password_change_form_names_the_error_and_keeps_the_hint(cast: Cast) -> None:
    data = {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}
    page = client_for(cast.anders).post(reverse("password-change"), data).content.decode()
    # Django puts the rules' error on the second field; the first keeps its hint (the rules).
    new = input_tag(page, "new_password1")
    assert 'aria-describedby="id_new_password1_helptext"' in new and "aria-invalid" not in new
    again = input_tag(page, "new_password2")
    assert 'aria-invalid="true"' in again
    assert 'aria-describedby="id_new_password2_helptext id_new_password2_error"' in again
    assert 'id="id_new_password2_error"' in page and "för kort" in page


class Sample(forms.Form):
    own = forms.CharField(widget=forms.TextInput(attrs={"aria-describedby": "egen-text"}))
    days = forms.MultipleChoiceField(
        choices=[("mon", "måndag"), ("tue", "tisdag")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Välj minst en dag.",
    )


def test_an_id_of_the_widget_is_kept_and_a_group_is_described_on_its_fieldset() -> None:
    form = Sample({"own": "", "days": []})
    assert not form.is_valid()
    own = render_to_string("field.html", {"field": form["own"]})
    assert 'aria-describedby="egen-text id_own_error"' in own and 'aria-invalid="true"' in own
    days = render_to_string("field.html", {"field": form["days"]})
    assert days.startswith('<fieldset class="field has-error"')
    assert 'aria-describedby="id_days_helptext id_days_error"' in days
    assert "<legend>" in days and 'label for=""' not in days
    assert days.count('aria-invalid="true"') == 2  # each checkbox
    valid = render_to_string("field.html", {"field": Sample()["days"]})
    assert 'aria-describedby="id_days_helptext"' in valid and "aria-invalid" not in valid
