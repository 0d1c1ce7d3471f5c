"""The scrubber's quick guards change nothing: each only skips a detector that would find nothing.

``privacy._GUARDS`` lets a text skip a detector when it lacks what the detector's pattern needs
(six digits in a row, "@", a street word before a house number, a word a name can start with).
These tests hold the guarded scrubber to the unguarded detectors and to what the scrubber gave
before the guards existed: ``data/scrub_corpus_scrubbed.jsonl`` is the output of ``scrub`` at
main 1a1b18c (before this change) for every text of both corpora.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lagesbild.core import names, privacy
from lagesbild.core.names import find_names, may_hold_name
from lagesbild.core.privacy import scrub, scrub_text

DATA = Path(__file__).parent / "data"


def _reference() -> list[dict]:
    lines = (DATA / "scrub_corpus_scrubbed.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _unguarded(text: str) -> list[privacy._Candidate]:
    return [candidate for detector in privacy._DETECTORS for candidate in detector(text)]


def test_the_reference_covers_both_corpora() -> None:
    texts = {row["text"] for row in _reference()}
    for name in ("scrub_corpus.jsonl", "scrub_corpus_reports.jsonl"):
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        assert {json.loads(line)["text"] for line in lines if line.strip()} <= texts
    assert len(texts) > 800


def test_every_corpus_text_is_scrubbed_exactly_as_before_the_guards() -> None:
    for row in _reference():
        result = scrub(row["text"])
        assert result.text == row["scrubbed"], row["text"]
        assert [[f.kind, f.start, f.end] for f in result.findings] == row["findings"]


def test_the_guards_skip_only_detectors_that_find_nothing_in_the_corpora() -> None:
    skipped = 0
    for row in _reference():
        # Both detection rounds: the text as written and as scrubbed (markers in it).
        for text in (row["text"], row["scrubbed"]):
            assert privacy._candidates(text)[0] == _unguarded(text), text
            skipped += sum(not guard(text) for guard, _ in privacy._GUARDED)
    assert skipped > 1000  # the guards do skip work on ordinary report text


# Text near what the guards look for, with letters whose case rules differ from lower(): the
# long s and dotless i match "s" and "i" under IGNORECASE, the Kelvin sign "k".
NEAR_MISSES = st.lists(
    st.sampled_from(
        [
            *"0123456789 \u00a0-+.,:@/()AaBbKkSsIiÅåÄäÖöÉé",
            *"\u017f\u0131\u0130\u212a\u212b",
            "gata",
            "Gatan",
            "VÄGEN",
            "torg",
            "Storgatan",
            "pla\u017fen",
            "\u212aajen",
            "st\u0131gen",
            "Erik",
            "anna",
            "von",
            "K.",
            "Johansson",
            "ungdomar",
            "Polisen",
            "070",
            "+46",
            "0046",
            "ABC",
            "abc",
            "811228",
            "\n",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=800)
@given(NEAR_MISSES)
def test_the_guards_skip_only_detectors_that_find_nothing_in_near_misses(text: str) -> None:
    assert privacy._candidates(text)[0] == _unguarded(text)
    assert privacy._candidates(scrub(text).text)[0] == _unguarded(scrub(text).text)
    _assert_lasting_guards_hold(text)


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_the_guards_skip_only_detectors_that_find_nothing_in_any_text(text: str) -> None:
    assert privacy._candidates(text)[0] == _unguarded(text)
    _assert_lasting_guards_hold(text)


def _assert_lasting_guards_hold(text: str) -> None:
    """A lasting guard that fails on ``text`` fails on every round's scrubbed text too."""
    failed = [g for g, d in privacy._GUARDED if d in privacy._LASTING_GUARDS and not g(text)]
    result = scrub(text)
    # Every round's text: the findings masked one more at a time, in each order of start.
    for count in range(1, len(result.findings) + 1):
        masked, _ = privacy._apply(text, [_as_candidate(f) for f in result.findings[:count]])
        assert not any(guard(masked) for guard in failed), (text, masked)


def _as_candidate(finding: privacy.Finding) -> privacy._Candidate:
    return privacy._Candidate(finding.kind, finding.start, finding.end, 0)


def test_the_lasting_guards_hold_after_masking_in_the_corpora() -> None:
    for row in _reference():
        _assert_lasting_guards_hold(row["text"])


def test_a_later_round_finds_what_masking_exposes() -> None:
    # The plate and name guards are asked again: masking gave "abc12x" and "Kalle" a start.
    assert scrub("811228-9874abc12x").text == "[personnummer][registreringsnummer]"
    assert scrub_text("Ring Kalle811228-9874 nu") == "Ring [namn][personnummer] nu"


def test_a_text_without_a_word_a_name_starts_with_has_no_name() -> None:
    assert not may_hold_name("Klotter på fasad nummer 12, ring [telefonnummer]")
    assert list(find_names("Klotter på fasad nummer 12, ring [telefonnummer]")) == []
    assert may_hold_name("ring kalle anka")
    assert may_hold_name("Polisen och K. Berg")
    assert may_hold_name("Stina ringde")


@settings(max_examples=500)
@given(
    st.sampled_from(sorted(names._LOWER_FIRST_NAMES)),
    st.sampled_from(["", "s", "'s", "’s", "ss", "x"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöé'’", max_size=6),
)
def test_the_lower_case_openers_are_the_words_the_name_finder_opens_with(
    name: str, ending: str, other: str
) -> None:
    for word in (name + ending, other, other + ending):
        if word.islower():
            assert (word in names._LOWER_OPENERS) == names._may_open_lowercase_name(word), word
