"""Django's form renderer, with selects written in Python.

Django renders a select through its template, which includes one template per option and
another for the option's attributes. A page with many selects pays for every option: the
review queue (a correction form per report, each with the 40 categories and the districts) spent
half a second in those includes for one week of the demo. Here a select's markup is built
directly from the context Django's widget prepares (``Widget.get_context``), with the same
escaping; every other widget still renders through its template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Select
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe


def html_attributes(attrs: Mapping[str, Any]) -> str:
    """`` name="value"`` for each attribute; True is written bare and False left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _options(options: Iterable[Mapping[str, Any]]) -> str:
    return "".join(
        f'<option value="{escape(option["value"])}"{html_attributes(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
        for option in options
    )


def select_html(widget: Mapping[str, Any]) -> SafeString:
    """The markup of a select from its widget context (``Select.get_context()["widget"]``)."""
    parts = [f'<select name="{escape(widget["name"])}"{html_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            label = conditional_escape(group_name)
            parts.append(f'<optgroup label="{label}">{_options(options)}</optgroup>')
        else:
            parts.append(_options(options))
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class FormRenderer(DjangoTemplates):
    """The default renderer (``FORM_RENDERER``), but a select is written by ``select_html``."""

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        if template_name == Select.template_name:  # also SelectMultiple, NullBooleanSelect
            return select_html(context["widget"])
        return super().render(template_name, context, request)
