"""One set of rules for text, wherever it comes from: forms, the API, imported files.

The rules:

* **NUL** (U+0000) is refused everywhere. PostgreSQL cannot store it in a text column (the
  insert fails) and SQLite stores it silently, so the same file behaved differently per database.
* **Other control characters** (C0 and C1, U+0001–U+001F and U+007F–U+009F) are refused too,
  except tab, line feed and carriage return. They are never typed on purpose: they come from a
  binary file, a cut file or a wrong encoding (C1 characters are what Windows-1252 bytes read
  as Latin-1 turn into), and stripping them would hide that. Refusing is the one consistent
  choice: forms, the API and every importer answer with the same reason.
* **Lone surrogates** (U+D800–U+DFFF, which JSON can spell as ``\\ud800``) are refused: they
  are not characters and no database can encode them.
* **Length**: a field's limit, counted in characters, is checked by the same function.

:func:`text_problem` finds the first offending character with its line and column, so an
importer reports ``file:line: reason`` and a form shows the reason next to the field.
Nothing here imports Django.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from lagesbild.core.i18n import gettext as _

__all__ = [
    "ALLOWED_CONTROLS",
    "TextIssue",
    "TextProblem",
    "check_text",
    "describe_char",
    "text_problem",
    "text_problem_message",
    "utf8_is_clean",
]

#: The control characters text may contain.
ALLOWED_CONTROLS = frozenset("\t\n\r")

# Every character the rules refuse (NUL included), in one class so a search is one scan.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# The same characters as they are written in UTF-8: the C0 controls and DEL are single bytes,
# the C1 controls U+0080-U+009F two (0xC2 then 0x80-0x9F; 0xC2 is never a continuation byte),
# and a surrogate is not UTF-8 at all. Scanning the bytes is several times faster than scanning
# the decoded text, which Python holds two bytes a character once one is beyond Latin-1.
_NOT_C0_OR_DEL = bytes(b for b in range(256) if not (b < 0x20 or b == 0x7F) or chr(b) in "\t\n\r")
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


class TextIssue(StrEnum):
    """Why a text is refused."""

    NUL = "nul"
    CONTROL = "control"
    SURROGATE = "surrogate"
    TOO_LONG = "too_long"


class TextProblem(ValueError):
    """A text breaks a rule; ``line`` and ``column`` are 1-based, in the text that was checked.

    ``str()`` gives an English reason for logs; :func:`text_problem_message` words it for people.
    """

    def __init__(
        self,
        issue: TextIssue,
        char: str = "",
        line: int = 1,
        column: int = 1,
        *,
        length: int = 0,
        limit: int = 0,
    ) -> None:
        self.issue, self.char, self.line, self.column = issue, char, line, column
        self.length, self.limit = length, limit
        super().__init__(self.reason())

    def what(self) -> str:
        """Return why the text is refused, in English, without where."""
        if self.issue is TextIssue.TOO_LONG:
            return f"text is {self.length} characters long, at most {self.limit} are allowed"
        if self.issue is TextIssue.NUL:
            return "contains a NUL character (U+0000)"
        if self.issue is TextIssue.SURROGATE:
            return f"contains an unpaired surrogate {describe_char(self.char)}"
        return f"contains the control character {describe_char(self.char)}"

    def reason(self) -> str:
        """Return :meth:`what` and, for a character, its line and column."""
        if self.issue is TextIssue.TOO_LONG:
            return self.what()
        return f"{self.what()} at line {self.line}, column {self.column}"


def describe_char(char: str) -> str:
    """Return ``U+000B`` and, when Unicode knows one, the character's name or alias."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _issue_of(char: str) -> TextIssue:
    if char == "\x00":
        return TextIssue.NUL
    if "\ud800" <= char <= "\udfff":
        return TextIssue.SURROGATE
    return TextIssue.CONTROL


def text_problem(text: str, *, max_length: int | None = None) -> TextProblem | None:
    """Return the first rule ``text`` breaks, or None.

    A NUL anywhere is reported before any other character: it is the one a database chokes on.
    """
    nul = text.find("\x00")
    found = _REFUSED.search(text)
    position = nul if nul != -1 else (found.start() if found else -1)
    if position != -1:
        char = text[position]
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        return TextProblem(_issue_of(char), char, line, column)
    if max_length is not None and len(text) > max_length:
        return TextProblem(TextIssue.TOO_LONG, length=len(text), limit=max_length)
    return None


def utf8_is_clean(data: bytes) -> bool:
    """Whether valid UTF-8 ``data`` decodes to text without a character the rules refuse:
    ``text_problem(data.decode()) is None`` apart from the length, for a fraction of the cost.
    A caller that needs to know which character and where decodes and asks ``text_problem``."""
    return not data.translate(None, _NOT_C0_OR_DEL) and _C1_IN_UTF8.search(data) is None


def check_text(text: str, *, max_length: int | None = None) -> str:
    """Return ``text`` unchanged when it keeps every rule; raise :class:`TextProblem` otherwise."""
    problem = text_problem(text, max_length=max_length)
    if problem is not None:
        raise problem
    return text


def text_problem_message(problem: TextProblem, *, position: bool = True, line: bool = True) -> str:
    """Return why the text is refused, in the user's language.

    ``position=False`` leaves out the line and character, for a caller that names them itself
    (an importer's cell, at its ``file:line:``); ``line=False`` leaves out only the line, for a
    caller that names it (a whole file's ``file:line:``) but not the character on it.
    """
    if problem.issue is TextIssue.TOO_LONG:
        return _("Texten är %(length)d tecken lång; högst %(limit)d tecken är tillåtna.") % {
            "length": problem.length,
            "limit": problem.limit,
        }
    if problem.issue is TextIssue.NUL:
        what = _("Texten innehåller ett NUL-tecken (U+0000), som inte är tillåtet")
    elif problem.issue is TextIssue.SURROGATE:
        what = _("Texten innehåller ett ogiltigt tecken, %(char)s") % {
            "char": describe_char(problem.char)
        }
    else:
        what = _("Texten innehåller styrtecknet %(char)s, som inte är tillåtet") % {
            "char": describe_char(problem.char)
        }
    if not position:
        return f"{what}."
    if not line:
        column = _("tecken %(column)d") % {"column": problem.column}
        return f"{what} ({column})."
    where = _("rad %(line)d, tecken %(column)d") % {"line": problem.line, "column": problem.column}
    return f"{what} ({where})."
