"""Template tags for what "sensitive" means (``categories.sensitivity``)."""

from __future__ import annotations

from django import template

from lagesbild.categories.sensitivity import sensitive_left_out_note

register = template.Library()
register.simple_tag(sensitive_left_out_note)
