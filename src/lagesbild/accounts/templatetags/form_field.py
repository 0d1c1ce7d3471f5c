"""The input of templates/field.html, tied to its hint and error text for screen readers."""

from __future__ import annotations

from django import template
from django.forms import BoundField, Form
from django.utils.safestring import SafeString

register = template.Library()


def description_ids(field: BoundField) -> str:
    """The ids of the field's hint and error text (field.html's), after any the widget names."""
    ids = [field.field.widget.attrs.get("aria-describedby", "")]
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(i for i in ids if i)


@register.filter
def described_input(field: BoundField) -> SafeString:
    """The field's input with ``aria-describedby`` naming its hint and error text and, with an
    error, ``aria-invalid="true"`` (Django's). Django leaves out the error's id when the widget
    names ids of its own; a group of radio buttons or checkboxes is described on its fieldset."""
    if field.is_hidden or field.use_fieldset or not field.auto_id:
        return field.as_widget()
    ids = description_ids(field)
    return field.as_widget(attrs={"aria-describedby": ids} if ids else None)


@register.filter
def describedby(field: BoundField) -> str:
    """``description_ids`` for a fieldset's attribute."""
    return description_ids(field) if field.auto_id else ""


@register.filter
def fields_in_error(form: Form) -> list[BoundField]:
    """The form's visible fields with an error, in the form's order (form_errors.html's list)."""
    return [field for field in form.visible_fields() if field.errors]


@register.filter
def error_target(field: BoundField) -> str:
    """The id a link to the field's error goes to: its input, or a group's first choice (a group
    of radio buttons has no one label to point at)."""
    return field.id_for_label or f"{field.auto_id}_0"
