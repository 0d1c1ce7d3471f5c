"""Recall and false positives of the scrubber on two labelled Swedish report corpora.

* ``scrub_corpus.jsonl``: sentences built from templates, rich in structured identifiers.
* ``scrub_corpus_reports.jsonl``: sentences written by hand as guards, caretakers, school staff
  and the rescue service write them (some in English); every name is labelled with its
  form (``full``, ``hyphen``, ``double``, ``particle``, ``initial``, ``lower``,
  ``possessive``, ``first``, ``surname``, ``start``, ``english``) and every row carries the
  expected scrubbed text.

A name counts as found only when one finding covers the whole name. Print the figures with
``PYTHONPATH=src python -m lagesbild.core.tests.test_privacy_corpus``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from lagesbild.core.privacy import KINDS, MARKERS, Finding, scrub

DATA = Path(__file__).parent / "data"
CORPORA = {
    "generated": DATA / "scrub_corpus.jsonl",
    "written": DATA / "scrub_corpus_reports.jsonl",
}
STRUCTURED_KINDS = ("personnummer", "samordningsnummer", "phone", "email", "registration")
NAME_FORMS = (
    "full",
    "hyphen",
    "double",
    "particle",
    "initial",
    "lower",
    "possessive",
    "first",
    "surname",
    "start",
    "english",
)
NAME_RECALL_BAR = 0.99
CLEAN_UNCHANGED_BAR = 0.99
TOKEN_FALSE_POSITIVE_BAR = 0.01
_TOKEN_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Entity:
    kind: str
    start: int
    end: int
    form: str = ""


@dataclass(frozen=True)
class Row:
    text: str
    entities: tuple[Entity, ...]
    expected: str | None = None


@dataclass(frozen=True)
class Scores:
    gold: Counter[str]
    found: Counter[str]
    clean_rows: int
    clean_rows_touched: int
    other_tokens: int
    other_tokens_masked: int

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.gold[kind] if self.gold[kind] else 1.0

    @property
    def clean_unchanged(self) -> float:
        return 1 - self.clean_rows_touched / self.clean_rows

    @property
    def token_fp_rate(self) -> float:
        return self.other_tokens_masked / self.other_tokens


def load(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        entities = tuple(Entity(**entity) for entity in data["entities"])
        rows.append(Row(data["text"], entities, data.get("expected")))
    return rows


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _recalled(entity: Entity, findings: tuple[Finding, ...]) -> bool:
    # Right kind, and the whole entity is covered by one finding.
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


def _at_sentence_start(row: Row, entity: Entity) -> bool:
    before = row.text[: entity.start].rstrip()
    return not before or before[-1] in ".!?:"


def _keys(row: Row, entity: Entity) -> list[str]:
    """The kind, and for names also their form and whether they open a sentence."""
    keys = [entity.kind]
    if entity.kind == "name" and entity.form:
        keys.append(f"name/{entity.form}")
    if entity.kind == "name" and _at_sentence_start(row, entity):
        keys.append("name at sentence start")
    return keys


def score(rows: list[Row]) -> Scores:
    gold: Counter[str] = Counter()
    found: Counter[str] = Counter()
    clean = touched = tokens = masked = 0
    for row in rows:
        findings = scrub(row.text).findings
        for entity in row.entities:
            hit = _recalled(entity, findings)
            for key in _keys(row, entity):
                gold[key] += 1
                found[key] += hit
        if not row.entities:
            clean += 1
            touched += bool(findings)
        row_tokens, row_masked = _masked_other_tokens(row, findings)
        tokens += row_tokens
        masked += row_masked
    return Scores(gold, found, clean, touched, tokens, masked)


def table(name: str, scores: Scores, rows: int) -> str:
    lines = [
        f"scrub corpus {name!r}: {rows} sentences",
        f"{'kind':<26}{'found':>7}{'gold':>7}{'recall':>9}",
    ]
    keys = [*KINDS, *sorted(k for k in scores.gold if k not in KINDS)]
    for key in keys:
        if scores.gold[key]:
            lines.append(
                f"{key:<26}{scores.found[key]:>7}{scores.gold[key]:>7}{scores.recall(key):>9.1%}"
            )
    lines.append(
        f"sentences without personal data left unchanged: "
        f"{scores.clean_rows - scores.clean_rows_touched}/{scores.clean_rows}"
        f" = {scores.clean_unchanged:.2%}"
    )
    lines.append(
        f"other tokens masked: {scores.other_tokens_masked}/{scores.other_tokens}"
        f" = {scores.token_fp_rate:.2%}"
    )
    return "\n".join(lines)


def _expected_text(row: Row) -> str:
    text = row.text
    for entity in sorted(row.entities, key=lambda e: e.start, reverse=True):
        text = text[: entity.start] + MARKERS[entity.kind] + text[entity.end :]
    return text


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> tuple[str, list[Row], Scores]:
    rows = load(CORPORA[request.param])
    return request.param, rows, score(rows)


def test_the_corpus_offsets_are_right_and_every_kind_occurs(
    corpus: tuple[str, list[Row], Scores],
) -> None:
    _, rows, _ = corpus
    assert {e.kind for row in rows for e in row.entities} == set(KINDS)
    for row in rows:
        for entity in row.entities:
            span = row.text[entity.start : entity.end]
            assert span and span == span.strip()
        if row.expected is not None:
            assert row.expected == _expected_text(row)


def test_the_generated_corpus_is_big_enough() -> None:
    rows = load(CORPORA["generated"])
    assert len(rows) >= 320
    assert sum(not row.entities for row in rows) >= 120


def test_the_written_corpus_is_big_new_and_covers_every_name_form() -> None:
    rows = load(CORPORA["written"])
    generated = {row.text for row in load(CORPORA["generated"])}
    assert len(rows) >= 300 and not generated & {row.text for row in rows}
    assert sum(not row.entities for row in rows) >= 100
    forms = Counter(e.form for row in rows for e in row.entities if e.kind == "name")
    assert all(forms[form] >= 10 for form in NAME_FORMS), forms
    assert all(row.expected is not None for row in rows)


def test_it_prints_the_recall_and_false_positive_table(
    corpus: tuple[str, list[Row], Scores], capsys: pytest.CaptureFixture[str]
) -> None:
    name, rows, scores = corpus
    with capsys.disabled():
        print("\n" + table(name, scores, len(rows)))
    assert scores.gold["name"] > 0


@pytest.mark.parametrize("kind", STRUCTURED_KINDS)
def test_it_finds_every_structured_identifier(
    corpus: tuple[str, list[Row], Scores], kind: str
) -> None:
    assert corpus[2].recall(kind) == 1.0


def test_it_finds_every_address_with_a_house_number(
    corpus: tuple[str, list[Row], Scores],
) -> None:
    assert corpus[2].recall("address") == 1.0


def test_it_removes_nearly_every_whole_name(corpus: tuple[str, list[Row], Scores]) -> None:
    assert corpus[2].recall("name") >= NAME_RECALL_BAR


def test_it_leaves_nearly_every_sentence_without_personal_data_unchanged(
    corpus: tuple[str, list[Row], Scores],
) -> None:
    assert corpus[2].clean_unchanged >= CLEAN_UNCHANGED_BAR


def test_it_rarely_masks_tokens_that_are_not_personal_data(
    corpus: tuple[str, list[Row], Scores],
) -> None:
    assert corpus[2].token_fp_rate < TOKEN_FALSE_POSITIVE_BAR


def main() -> None:
    for name, path in sorted(CORPORA.items()):
        rows = load(path)
        print(table(name, score(rows), len(rows)), end="\n\n")


if __name__ == "__main__":
    main()
