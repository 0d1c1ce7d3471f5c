"""Every sentence marked for translation has its English, in Python code and in templates.

The source strings are Swedish; a msgid missing from the English catalogue shows Swedish to a
reader who chose English (the public page's form and the file importers' reasons did, until
this test). Found the way ``makemessages`` finds them: ``_``/``gettext``/``ngettext``/
``pgettext`` calls with literal arguments in the code, Django's own ``templatize`` for templates.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation.template import templatize

from lagesbild.core.parsers.scb import parse_population

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.mo"
SINGULAR = {"_", "gettext", "gettext_lazy", "_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
# A literal in templatize's output: it writes each msgid with repr().
_LITERAL = r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
_TEMPLATE_CALL = re.compile(rf"\b(gettext|ngettext|pgettext)\({_LITERAL}(?:, {_LITERAL})?")


def _catalogue_keys() -> set[str | tuple[str, int]]:
    with CATALOGUE.open("rb") as handle:
        return set(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def _source_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.parts
        and not path.name.startswith("testing")
        and "migrations" not in path.parts
    ]


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _code_msgids(path: Path) -> Iterator[str | tuple[str, int]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [_literal(arg) for arg in node.args[:2]]
        if node.func.id in SINGULAR and args and args[0] is not None:
            yield args[0]
        elif node.func.id in PLURAL and len(args) == 2 and args[0] is not None:
            yield (args[0], 0)
        elif node.func.id in CONTEXT and len(args) == 2 and None not in args:
            yield f"{args[0]}\x04{args[1]}"


def _template_msgids(path: Path) -> Iterator[str | tuple[str, int]]:
    for match in _TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        kind, first, second = match.groups()
        first = ast.literal_eval(first)
        if kind == "pgettext":
            yield f"{first}\x04{ast.literal_eval(second)}"
        else:
            yield (first, 0) if kind == "ngettext" else first


def _untranslated(found: dict[str, list[str | tuple[str, int]]]) -> list[str]:
    known = _catalogue_keys()
    return [
        f"{where}: {msgid!r}" for where, ids in found.items() for msgid in ids if msgid not in known
    ]


def test_every_marked_string_in_the_code_has_its_english() -> None:
    found = {str(path.relative_to(PACKAGE)): list(_code_msgids(path)) for path in _source_files()}
    assert sum(map(len, found.values())) > 1000  # the walk finds the marked strings at all
    assert _untranslated(found) == []


def test_every_marked_string_in_the_templates_has_its_english() -> None:
    templates = sorted(PACKAGE.glob("templates/**/*.html")) + sorted(
        PACKAGE.glob("*/templates/**/*.html")
    )
    found = {str(path.relative_to(PACKAGE)): list(_template_msgids(path)) for path in templates}
    assert sum(map(len, found.values())) > 500
    assert _untranslated(found) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sv", "Tid '20x3' är inget årtal"), ("en", "Tid '20x3' is not a year")],
)
def test_a_files_faults_are_told_in_the_readers_language(lang: str, expected: str) -> None:
    data = (
        b'{"class":"dataset","id":["Region","ContentsCode","Tid"],"size":[1,1,1],'
        b'"dimension":{"Region":{"category":{"index":{"0180":0}}},'
        b'"ContentsCode":{"category":{"index":{"BE0101N1":0}}},'
        b'"Tid":{"category":{"index":{"20x3":0}}}},"value":[100]}'
    )
    with translation.override(lang):
        errors = parse_population(data, "scb.json").errors
    assert [error.reason for error in errors] == [expected]
