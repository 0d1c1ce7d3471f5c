"""The one set of text rules: NUL and control characters refused, tab and line breaks kept."""

from __future__ import annotations

import pytest

from lagesbild.core.text import TextIssue, TextProblem, check_text, text_problem, utf8_is_clean


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


def test_the_utf8_check_refuses_exactly_the_characters_text_problem_refuses() -> None:
    # Every character UTF-8 can hold, alone and between others, as a file's bytes.
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates: not UTF-8, refused by the decoder before any check
        char = chr(code)
        refused = text_problem(char) is not None
        assert utf8_is_clean(char.encode()) is not refused, hex(code)
    for char in ("\x00", "\x1f", "\x7f", "\x85", "\x9f"):
        text = f"Storgatan 1;Klotter ”på” fasaden\r\n{char}åäö €\n"
        assert not utf8_is_clean(text.encode())
    assert utf8_is_clean("Storgatan 1;\tKlotter ”på” fasaden\r\nåäö € 𝄞\n".encode())
    # C2 A0 (a no-break space) then C3 82 (Â): a 0xC2 and a 0x82, but no C1 control.
    assert utf8_is_clean("\u00a0Â".encode())
