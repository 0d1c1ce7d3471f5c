"""The analysis map's window says what is wrong with its end week as it says it of its other
fields, named by their labels: a week its year does not have is "2026 har ingen vecka 60", as
the map's week JSON and the week page say it (the page had said "Ange en ISO-vecka som
2024-W37." of a week written as a week should be), and the shown week is named "Visad vecka"."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.urls import reverse

from lagesbild.testing import Cast, client_for

CODE = "0999"
PAGE = reverse("analysis-map", kwargs={"code": CODE})
ERRORS = {
    "sv": {
        "till=2026-W60": "Till och med vecka (till): 2026 har ingen vecka 60.",
        "till=2025-W53": "Till och med vecka (till): 2025 har ingen vecka 53.",
        "till=vecka+37": "Till och med vecka (till): Ange en ISO-vecka som 2024-W37.",
        "visa=x": "Visad vecka (visa): Välj en vecka 0–11.",
    },
    "en": {
        "till=2026-W60": "Up to and including week (till): 2026 has no week 60.",
        "till=2025-W53": "Up to and including week (till): 2025 has no week 53.",
        "till=vecka+37": "Up to and including week (till): Enter an ISO week such as 2024-W37.",
        "visa=x": "Week shown (visa): Choose a week 0–11.",
    },
}
NO_WEEK_60 = {"sv": "2026 har ingen vecka 60.", "en": "2026 has no week 60."}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_map_window_s_errors_say_what_is_wrong(cast: Cast, language: str) -> None:
    client = client_for(cast.anders)
    client.cookies["django_language"] = language
    for query, message in ERRORS[language].items():
        response = client.get(f"{PAGE}?{query}")
        assert response.status_code == 400, query
        assert message in unescape(response.content.decode()), query
    # The map's week JSON says it in the same words.
    week_json = client.get(reverse("analysis-map-week", kwargs={"code": CODE, "week": "2026-W60"}))
    assert json.loads(week_json.content)["detail"] == NO_WEEK_60[language]
