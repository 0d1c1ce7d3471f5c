"""A measure's status in templates, by the model's own rules."""

from __future__ import annotations

from datetime import date

from django import template

from lagesbild.measures.models import Measure

register = template.Library()


@register.filter
def overdue_on(measure: Measure, day: date) -> bool:
    """``{% if measure|overdue_on:today %}``: ``Measure.is_overdue``."""
    return measure.is_overdue(day)
