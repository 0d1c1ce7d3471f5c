"""The application's top-level crime categories, shared by all source mappings.

Each source (Brå crime types, police.uk categories, police event types)
has its own vocabulary; mappings onto these codes live next to the parser
of that source and are plain dictionaries so a deployment can override them.
"""

from __future__ import annotations

__all__ = ["CATEGORY_LABELS", "TOP_LEVEL_CATEGORIES"]

#: Swedish display labels of the top-level category codes.
CATEGORY_LABELS: dict[str, str] = {
    "skadegorelse": "Skadegörelse",
    "stold": "Stöld och inbrott",
    "vald": "Våld och hot",
    "narkotika": "Narkotika",
    "ordning": "Ordningsstörningar",
    "brand": "Brand",
    "otrygg_miljo": "Otrygg miljö",
    "valfard": "Välfärdsbrott",
    "organiserad": "Organiserad brottslighet",
    "ovrigt": "Övrigt",
}

#: The top-level category codes, in display order.
TOP_LEVEL_CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)
