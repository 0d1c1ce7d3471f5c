"""Section 4's opening sentence counts its measures and problems in Swedish number.

The demo's document read "Åtgärdsplanen för 2025 har 0 åtgärder som beslutats eller pågått under
året och 3 prioriterade problem"; one measure was "1 åtgärder", one problem "1 prioriterade
problem".
"""

from __future__ import annotations

from lagesbild.statutory.generation import atgardsplan_text


def test_none_one_and_many_measures_and_problems() -> None:
    figures = {"year": 2025}
    assert atgardsplan_text(figures, 3, 0).startswith(
        "Åtgärdsplanen för 2025 har inga åtgärder som beslutats eller pågått under året och "
        "3 prioriterade problem. "
    )
    assert atgardsplan_text(figures, 1, 1).startswith(
        "Åtgärdsplanen för 2025 har en åtgärd som beslutats eller pågått under året och "
        "ett prioriterat problem. "
    )
    assert (
        atgardsplan_text(figures, 0, 1200)
        .replace("\u00a0", " ")
        .startswith(
            "Åtgärdsplanen för 2025 har 1 200 åtgärder som beslutats eller pågått under året och "
            "inga prioriterade problem. "
        )
    )
