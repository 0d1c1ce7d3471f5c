"""Recall and false positives of the scrubber on a labelled Swedish report corpus."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from lagesbild.core.privacy import KINDS, Finding, scrub

CORPUS = Path(__file__).parent / "data" / "scrub_corpus.jsonl"
EXACT_KINDS = ("personnummer", "samordningsnummer", "phone", "email", "registration", "address")
NAME_RECALL_BAR = 0.95
FALSE_POSITIVE_BAR = 0.01
_TOKEN_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Entity:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    text: str
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class Scores:
    gold: Counter[str]
    found: Counter[str]
    clean_rows: int
    clean_rows_touched: int
    other_tokens: int
    other_tokens_masked: int

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.gold[kind]

    @property
    def row_fp_rate(self) -> float:
        return self.clean_rows_touched / self.clean_rows

    @property
    def token_fp_rate(self) -> float:
        return self.other_tokens_masked / self.other_tokens


def _load() -> list[Row]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        entities = tuple(Entity(**entity) for entity in data["entities"])
        rows.append(Row(data["text"], entities))
    return rows


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _recalled(entity: Entity, findings: tuple[Finding, ...]) -> bool:
    # Right kind, and the whole entity is covered.
    return any(
        f.kind == entity.kind and f.start <= entity.start and entity.end <= f.end for f in findings
    )


def _masked_other_tokens(row: Row, findings: tuple[Finding, ...]) -> tuple[int, int]:
    """Tokens outside every labelled entity, and how many of them were masked."""
    total = masked = 0
    for token in _TOKEN_RE.finditer(row.text):
        if any(_overlaps(token.start(), token.end(), e.start, e.end) for e in row.entities):
            continue
        total += 1
        masked += any(_overlaps(token.start(), token.end(), f.start, f.end) for f in findings)
    return total, masked


def _score(rows: list[Row]) -> Scores:
    gold: Counter[str] = Counter()
    found: Counter[str] = Counter()
    clean = touched = tokens = masked = 0
    for row in rows:
        findings = scrub(row.text).findings
        for entity in row.entities:
            gold[entity.kind] += 1
            found[entity.kind] += _recalled(entity, findings)
        if not row.entities:
            clean += 1
            touched += bool(findings)
        row_tokens, row_masked = _masked_other_tokens(row, findings)
        tokens += row_tokens
        masked += row_masked
    return Scores(gold, found, clean, touched, tokens, masked)


def _table(scores: Scores, rows: int) -> str:
    lines = [f"scrub corpus: {rows} sentences", f"{'kind':<18}{'found':>7}{'gold':>7}{'recall':>9}"]
    for kind in KINDS:
        lines.append(
            f"{kind:<18}{scores.found[kind]:>7}{scores.gold[kind]:>7}{scores.recall(kind):>9.1%}"
        )
    lines.append(
        f"sentences without personal data touched: {scores.clean_rows_touched}/{scores.clean_rows}"
        f" = {scores.row_fp_rate:.2%}"
    )
    lines.append(
        f"other tokens masked: {scores.other_tokens_masked}/{scores.other_tokens}"
        f" = {scores.token_fp_rate:.2%}"
    )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return _load()


@pytest.fixture(scope="module")
def scores(rows: list[Row]) -> Scores:
    return _score(rows)


def test_the_corpus_is_big_enough_and_its_offsets_are_right(rows: list[Row]) -> None:
    assert len(rows) >= 320
    assert sum(not row.entities for row in rows) >= 120
    assert {e.kind for row in rows for e in row.entities} == set(KINDS)
    for row in rows:
        for entity in row.entities:
            span = row.text[entity.start : entity.end]
            assert span and span == span.strip()


def test_it_prints_the_recall_and_false_positive_table(
    scores: Scores, rows: list[Row], capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print("\n" + _table(scores, len(rows)))


@pytest.mark.parametrize("kind", EXACT_KINDS)
def test_it_finds_every_structured_identifier(scores: Scores, kind: str) -> None:
    assert scores.recall(kind) == 1.0


def test_it_finds_nearly_every_name(scores: Scores) -> None:
    assert scores.recall("name") >= NAME_RECALL_BAR


def test_it_rarely_touches_sentences_without_personal_data(scores: Scores) -> None:
    assert scores.row_fp_rate < FALSE_POSITIVE_BAR


def test_it_rarely_masks_tokens_that_are_not_personal_data(scores: Scores) -> None:
    assert scores.token_fp_rate < FALSE_POSITIVE_BAR
