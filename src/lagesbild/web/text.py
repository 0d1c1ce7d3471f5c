"""The text rules of ``core.text`` for Django: one validator for forms, the API and importers.

``TextRules(max_length)`` is the validator; ``FreeTextField`` is the form field that uses it in
place of Django's own NUL and length validators, so a form, an API push and an imported row are
refused for the same reasons, in the same words (``core.text.text_problem_message``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from lagesbild.core.text import text_problem, text_problem_message

__all__ = [
    "refuse_characters",
    "FreeTextField",
    "TextRules",
    "apply_text_rules",
    "without_builtin_text_checks",
]


@deconstructible
class TextRules(validators.MaxLengthValidator):
    """Validator: no NUL, no control character but tab and line breaks, at most ``max_length``.

    A MaxLengthValidator by kind, so that the OpenAPI schema still shows ``maxLength``.
    """

    def __init__(self, max_length: int | None = None) -> None:
        super().__init__(limit_value=max_length)
        self.max_length = max_length

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        problem = text_problem(value, max_length=self.max_length)
        if problem is not None:
            raise ValidationError(text_problem_message(problem), code=problem.issue.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextRules) and other.max_length == self.max_length

    def __hash__(self) -> int:
        return hash(self.max_length)


# The checks TextRules replaces: Django's NUL check (forms and DRF), DRF's surrogate check and
# the length checks, which would otherwise add a second, differently worded error.
_REPLACED = (
    validators.ProhibitNullCharactersValidator,
    validators.MaxLengthValidator,  # TextRules too: it is replaced by a new one
)


def without_builtin_text_checks(field_validators: list[Any]) -> list[Any]:
    """Return ``field_validators`` without the checks that ``TextRules`` makes."""
    return [
        v
        for v in field_validators
        if not isinstance(v, _REPLACED)
        and type(v).__name__ != "ProhibitSurrogateCharactersValidator"
    ]


def refuse_characters(value: Any) -> None:
    """Check the characters of ``value`` as it arrived, before a field strips its ends.

    Stripping would silently drop a control character at either end (``str.strip`` counts form
    feed and U+0085 as whitespace) while the same character inside the text is refused.
    """
    if isinstance(value, str) and (problem := text_problem(value)) is not None:
        raise ValidationError(text_problem_message(problem), code=problem.issue.value)


class FreeTextField(forms.CharField):
    """A CharField checked by ``TextRules`` (the widget still gets ``maxlength``)."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [*without_builtin_text_checks(self.validators), TextRules(max_length)]

    def to_python(self, value: Any) -> Any:
        refuse_characters(value)
        return super().to_python(value)


def apply_text_rules(form: forms.BaseForm) -> None:
    """Check every text field of ``form`` with ``TextRules`` (for ModelForms' generated fields)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not isinstance(field, FreeTextField):
            field.validators = [
                *without_builtin_text_checks(field.validators),
                TextRules(field.max_length),
            ]
