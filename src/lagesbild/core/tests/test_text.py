"""The one set of text rules: NUL and control characters refused, tab and line breaks kept."""

from __future__ import annotations

import pytest

from lagesbild.core.text import TextIssue, TextProblem, check_text, text_problem


@pytest.mark.parametrize("text", ["", "Klotter vid Storgatan", "rad 1\r\nrad 2\ttabb", "😀 åäö"])
def test_ordinary_text_passes_unchanged(text: str) -> None:
    assert check_text(text, max_length=40) == text


@pytest.mark.parametrize(
    ("text", "issue", "line", "column"),
    [
        ("ab\x00c", TextIssue.NUL, 1, 3),
        ("a\nb\x0bc", TextIssue.CONTROL, 2, 2),
        ("\x1b[31m", TextIssue.CONTROL, 1, 1),
        ("x\x7f", TextIssue.CONTROL, 1, 2),
        ("x\x85", TextIssue.CONTROL, 1, 2),
        ("x\ud800", TextIssue.SURROGATE, 1, 2),
        ("\x1bfirst, then \x00", TextIssue.NUL, 1, 14),  # NUL is named first: databases choke
    ],
)
def test_refused_characters_are_named_with_line_and_column(
    text: str, issue: TextIssue, line: int, column: int
) -> None:
    problem = text_problem(text)
    assert problem is not None and (problem.issue, problem.line, problem.column) == (
        issue,
        line,
        column,
    )
    with pytest.raises(TextProblem, match=f"line {line}, column {column}"):
        check_text(text)


def test_length_is_counted_in_characters() -> None:
    assert text_problem("å" * 5, max_length=5) is None
    problem = text_problem("å" * 6, max_length=5)
    assert problem is not None and problem.issue is TextIssue.TOO_LONG
    assert str(problem) == "text is 6 characters long, at most 5 are allowed"
