"""Number formats and text helpers of the statutory document, and who sees its menu link."""

from __future__ import annotations

from typing import Any

from django import template

from lagesbild.core.narrative import format_count
from lagesbild.statutory.generation import PLACEHOLDER, percent_of

register = template.Library()

# Shape as well as colour, so the status reads without colour vision (WCAG 1.4.1).
STATUS_SYMBOLS = {"green": "●", "yellow": "▲", "red": "■", "none": "○"}


@register.filter
def num(value: float | None) -> str:
    """Format a count with a space between thousands; '–' when missing."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return format_count(int(value)).replace(" ", "\u00a0")
    return f"{value:.1f}".replace(".", ",")


@register.filter
def rate(value: float | None) -> str:
    """Format a rate per 100 000 with one decimal and a decimal comma."""
    if value is None:
        return "–"
    whole, _, decimals = f"{value:.1f}".partition(".")
    return f"{format_count(int(whole))},{decimals}".replace(" ", "\u00a0")


@register.filter
def signed_percent(value: int | None) -> str:
    """Format a whole percent change as '−15 %'; '–' when undefined."""
    if value is None:
        return "–"
    sign = "−" if value < 0 else ("+" if value > 0 else "±")
    return f"{sign}{abs(value)}\u00a0%"


@register.filter
def share(value: float | None) -> str:
    """Format a share (0–1) as a whole percent."""
    return "–" if value is None else f"{percent_of(value, 1)}\u00a0%"


@register.filter
def trend(data: dict[str, Any] | None) -> str:
    """Format a trend as '−3,1 % per år (säkerställd)' or '… (ej säkerställd)'."""
    if not data or data.get("annual_change") is None:
        return "–"
    pct = f"{100 * data['annual_change']:+.1f}".replace(".", ",").replace("-", "−")
    verdict = "säkerställd" if data.get("significant") else "ej säkerställd"
    return f"{pct}\u00a0% per år ({verdict})"


@register.filter
def paragraphs(text: str) -> list[dict[str, Any]]:
    """Split text into paragraphs, marking those the coordinator still has to complete."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [{"text": b, "todo": PLACEHOLDER in b} for b in blocks if b]


@register.filter
def status_symbol(status: str) -> str:
    """Return the shape shown beside a follow-up status."""
    return STATUS_SYMBOLS.get(status, "○")


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    """Look ``key`` up in ``mapping``."""
    return mapping.get(key) if mapping else None
