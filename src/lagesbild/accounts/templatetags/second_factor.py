"""Whether the page is shown to someone who still owes the second factor (base.html's header)."""

from __future__ import annotations

from typing import Any

from django import template

from lagesbild.accounts.twofactor import must_verify

register = template.Library()


@register.filter
def awaits_second_factor(user: Any) -> bool:
    """True between the password and the code: every link into the application would only
    bounce back to the code page, so the header offers none."""
    return must_verify(user)
