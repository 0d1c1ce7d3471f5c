"""The scrubber's fast path gives what the full path gives, text and findings, for every input.

The fast path (``privacy.scrub``) skips work that cannot change the result: the guards and the
one digit search before the detectors, detectors that start reading at their guard's first match,
no sorting out of overlaps among fewer than two candidates, no second round when the first finds
nothing, ``names`` reading a text by whitespace-separated chunks, and ``find_names`` skipping the
words no name starts with. The full path below does none of that: every detector reads the whole
text in every round, the token pattern reads the whole text and every token goes through
``names._name_length``, overlaps are always sorted out, and the scrubbed text is searched again
until nothing more is found. Both are compared over the corpora (the labelled ones, the demo's
texts and real police summaries) and over random strings of risky fragments.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lagesbild.core import names, privacy, synthetic
from lagesbild.core.privacy import scrub
from lagesbild.core.tests.samples import SAMPLES

DATA = Path(__file__).parent / "data"


def _full_tokens(text: str) -> list[names._Token]:
    tokens = []
    for match in names._TOKEN_RE.finditer(text):
        shape = "initial" if match.group("initial") else names._shape(match.group())
        tokens.append(names._Token(match.group(), match.start(), match.end(), shape))
    return tokens


def _full_find_names(text: str) -> list[tuple[int, int]]:
    tokens = _full_tokens(text)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        length = names._name_length(text, tokens, i)
        if length:
            spans.append((tokens[i].start, tokens[i + length - 1].end))
        i += length or 1
    return sorted([*spans, *names._repeated_surnames(tokens, spans)])


def _full_candidates(text: str) -> list[privacy._Candidate]:
    found: list[privacy._Candidate] = []
    for detector in privacy._DETECTORS:
        if detector is privacy._find_names:
            priority = privacy._PRIORITY["name"]
            found += [privacy._Candidate("name", s, e, priority) for s, e in _full_find_names(text)]
        else:
            found += detector(text)
    return found


def _full_resolve(candidates: list[privacy._Candidate]) -> list[privacy._Candidate]:
    """Non-overlapping candidates, longest first, then most specific, sorted by start."""
    chosen: list[privacy._Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start)):
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _full_scrub(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    found = _full_resolve(_full_candidates(text))
    current, stretches = privacy._apply(text, found)
    for _ in range(privacy._MAX_ROUNDS):
        extra = _full_resolve(_full_candidates(current))
        if not extra:
            break
        moved = [privacy._to_old(c, stretches) for c in extra]
        found = sorted([*found, *moved], key=lambda c: c.start)
        current, stretches = privacy._apply(text, found)
    return current, [(c.kind, c.start, c.end) for c in found]


def _fast_scrub(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    result = scrub(text)
    return result.text, [(f.kind, f.start, f.end) for f in result.findings]


@cache
def _corpus() -> list[str]:
    texts = []
    for name in ("scrub_corpus.jsonl", "scrub_corpus_reports.jsonl"):
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    for report in synthetic.generate_reports(date(2025, 1, 1), date(2025, 3, 31)):
        texts += [report.place, report.description]
    for path in sorted((SAMPLES / "polisen").glob("*.json")):
        texts += [event["summary"] for event in json.loads(path.read_text(encoding="utf-8"))]
    return sorted(set(texts))


def test_the_corpora_are_scrubbed_by_the_fast_path_as_by_the_full_path() -> None:
    texts = _corpus()
    assert len(texts) > 3000  # both labelled corpora, the demo's texts, the police summaries
    changed = 0
    for text in texts:
        fast = _fast_scrub(text)
        assert fast == _full_scrub(text), text
        assert scrub(fast[0]).text == fast[0]  # idempotent
        changed += fast[0] != text
    assert changed > 500  # the corpora do hold personal data


# Fragments near what the detectors look for: digits and separators, capitalised words, first
# names and surnames, cues, street words, '@', the markers themselves, and letters whose case
# rules differ from lower() (the long s, the dotless i, the Kelvin sign).
RISKY = st.lists(
    st.sampled_from(
        [
            *"0123456789 \u00a0-\u2013+.,:;@/()'’[]\nAaBbKkSsIiÅåÄäÖöÉé",
            *"\u017f\u0131\u212a",
            *("070", "+46", "0046", "08-", "811228", "-9874", "19", "12", " 3", "lgh 1102"),
            *("gata", "Gatan", "vägen", "torg", "Storgatan", "Olof Palmes", "kv ", "hus "),
            *("Erik", "anna", "kalle", "Sten", "Per", "von", "af", "K.", "Johansson", "Anka"),
            *("Berg-Lind", "O'Connor", "al-", "s", "'s", "grannen", "Mrs. ", "ringde", "Polisen"),
            *("Klotter", "på", "vid", "i ", "ABC", "abc", "SEK", "reg ", "bil "),
            *("x@y.se", "anna.berg@", "kommun.se"),
            *(privacy.MARKERS.values()),
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(RISKY)
def test_risky_strings_are_scrubbed_by_the_fast_path_as_by_the_full_path(text: str) -> None:
    fast = _fast_scrub(text)
    assert fast == _full_scrub(text)
    assert scrub(fast[0]).text == fast[0]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_scrubbed_by_the_fast_path_as_by_the_full_path(text: str) -> None:
    assert _fast_scrub(text) == _full_scrub(text)


def test_the_tokens_are_shaped_as_the_full_rules_shape_them() -> None:
    text = "K. Berg-Lind och O'Connor, anna.berg@x.se ÅSA al-Hassan kalle's [namn] Mc-x"
    assert names._tokens(text) == _full_tokens(text)
    for text in _corpus():
        assert names._tokens(text) == _full_tokens(text), text


def test_a_text_with_nothing_to_mask_is_returned_as_it_is() -> None:
    text = "Klotter på fasad nummer 12, ring kommunen"
    result = scrub(text)
    assert (result.text, result.findings) == (text, ())
    assert scrub("Ring 070-123 45 67").findings == (privacy.Finding("phone", 5, 18),)


# Whitespace of several kinds, the characters ``may_hold_name`` strips around a chunk, and words
# whose case rules are unusual ("I." is an initial, though "i" is no name word).
CHUNKS = st.lists(
    st.sampled_from(
        [
            *" \t\n\u00a0\u2003\x1c.,;:!?)(][\"'’-@_²½5\u0663",
            *("I", "I.", "K.", "Kalle", "kalle", "klotter", "Klotter", "på", "x.", "de", "la"),
            *("O'", "Connor", "ÅSA", "中文", "\u212a", "\u017f", "\u0131", "\u0130"),
            *(privacy.MARKERS.values()),
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(CHUNKS)
def test_chunks_are_read_as_the_token_pattern_reads_the_text(text: str) -> None:
    assert names.may_hold_name(text) == names._may_hold_name_by_tokens(text)
    assert names._tokens(text) == _full_tokens(text)


def test_the_name_guard_reads_the_corpora_as_the_token_pattern_reads_them() -> None:
    texts = _corpus()
    for text in [*texts, *(scrub(text).text for text in texts)]:
        assert names.may_hold_name(text) == names._may_hold_name_by_tokens(text), text


def _full_phone_span(match: re.Match[str]) -> tuple[int, int] | None:
    """A phone candidate's span as the digit groups' own matches give it (no shortcut)."""
    if privacy._DATE_OR_TIME_RE.match(match.group()):
        return None
    skip = len(match.group("intl") or "")
    groups = list(privacy._PHONE_GROUP_RE.finditer(match.group(), skip))
    if skip and groups and groups[0].group() == "0":
        groups = groups[1:]
    kept = groups[:4]
    while len(kept) > 1 and len(kept[-1].group()) < 2:
        kept.pop()
    if not kept:
        return None
    national = ("0" if skip else "") + "".join(group.group() for group in kept)
    first = ("0" if skip else "") + kept[0].group()
    if not privacy._phone_digits_ok(national, first, len(kept) > 1):
        return None
    return match.start(), match.start() + kept[-1].end()


PHONE_LIKE = st.lists(
    st.sampled_from([*"0123456789 \u00a0-\u2013/().:,+", "+46", "0046", "(0)", "070", "08", "  "]),
    min_size=1,
    max_size=16,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(PHONE_LIKE)
def test_a_phone_numbers_span_is_what_its_digit_groups_give(text: str) -> None:
    for match in privacy._PHONE_RE.finditer(text):
        assert privacy._phone_span(match) == _full_phone_span(match)


def test_a_phone_number_ends_with_its_last_kept_group() -> None:
    for text in (
        "08-12 34 56 3 personer",
        "+46 (0)70 123 45 67",
        "+46 (0)8-12 34 56 3",
        "0046 8 12 34 56 7 8",
        "070-123 45 67",
        "08-12-2024",
    ):
        for match in privacy._PHONE_RE.finditer(text):
            assert privacy._phone_span(match) == _full_phone_span(match), text
    assert privacy._phone_span(next(privacy._PHONE_RE.finditer("+46 (0)8-12 34 56 3"))) == (0, 17)
