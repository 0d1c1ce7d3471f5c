"""Shared building blocks for the pure source parsers.

Every parser in this package follows one contract:

* it takes the raw ``bytes`` of a file or an HTTP response body plus a
  ``source`` label (normally the file name) and returns a
  :class:`ParseResult`;
* a bad row never raises: it becomes a :class:`RowError` with the line it
  came from and a reason, and the good rows are still returned;
* rows that are valid but deliberately not turned into records (a
  "Riket" total, a county where a municipality is expected) become a
  :class:`SkippedRow`, so that callers can tell "ignored on purpose" from
  "broken";
* only a file that cannot be read at all (not JSON, not gzip, unknown
  column layout) raises a single :class:`ParseError`.

Nothing here imports Django or touches the network.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lagesbild.core.i18n import gettext as _
from lagesbild.core.text import text_problem, text_problem_message, utf8_is_clean

__all__ = [
    "GZIP_MAGIC",
    "MISSING_MARKERS",
    "Known",
    "ParseError",
    "ParseResult",
    "RowError",
    "RowProblem",
    "SkippedRow",
    "collect_rows",
    "decode_text",
    "iter_csv_rows",
    "load_json_document",
    "load_json_records",
    "maybe_gunzip",
    "normalise_text",
    "optional_str",
    "parse_swedish_int",
    "parse_swedish_number",
    "refuse_control_characters",
    "refuse_escaped_control_characters",
    "require_float",
    "require_int",
    "require_mapping",
    "require_str",
    "skip_row",
]

T = TypeVar("T")

#: First two bytes of every gzip stream (RFC 1952).
GZIP_MAGIC = b"\x1f\x8b"

#: Cell contents that Swedish statistics producers use for "no value".
#: SCB writes ``..``, Brå and Excel users write ``-`` or a dash; an empty
#: cell means the same thing.
MISSING_MARKERS = frozenset({"", "..", "...", "-", "\u2013", "\u2014", "\u2026"})

# Characters people and spreadsheets put between groups of thousands.
_THOUSANDS_SEPARATORS = (" ", "\u00a0", "\u202f", "\u2009")
# Unicode minus sign (U+2212) is what typeset tables use for negatives.
_MINUS_SIGNS = ("-", "\u2212")
# ASCII digits only: \d would also admit Arabic-Indic and other digits.
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# Any kind of dash that may show up in names ("Malung–Sälen" in Brå's file).
# How an error names the encodings tried (Python's codec name for Windows-1252 is "cp1252").
_ENCODING_NAMES = {"cp1252": "Windows-1252", "utf-16": "UTF-16"}
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)


class ParseError(Exception):
    """The whole input is unreadable (wrong format, not JSON, unknown layout).

    Parameters
    ----------
    source : str
        Label of the input, normally the file name.
    reason : str
        Human-readable explanation.
    line : int, optional
        1-based line where the problem is, when the input has lines (text, or the text a gzip
        stream held up to where it breaks off); ``str()`` is then ``source:line: reason``.
    code : str, optional
        What kind of problem it is (``"mixed_encoding"``, ``"control"``, ``"cut_csv"`` …), so
        that a caller can word the reason in its own language with ``details``.
    details : mapping, optional
        The values the reason is built from (a byte, a character, a count).
    """

    def __init__(
        self,
        source: str,
        reason: str,
        line: int | None = None,
        *,
        code: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{source}:{line}: {reason}" if line else f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.line = line
        self.code = code
        self.details = dict(details or {})


class RowProblem(ValueError):
    """Raised inside a row parser; :func:`collect_rows` turns it into a RowError."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be turned into a record.

    Attributes
    ----------
    source : str
        File name or other label of the input.
    line : int
        1-based line in a text file, 1-based element index in a JSON array,
        1-based line in a JSON-lines file, or the sheet row in Excel.
    reason : str
        Why the row was rejected.
    """

    source: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A valid row that was deliberately not turned into a record.

    Attributes
    ----------
    source : str
        File name or other label of the input.
    line : int
        Same numbering as :attr:`RowError.line`.
    reason : str
        Why the row was left out (for example "riket, not a municipality").
    """

    source: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class ParseResult(Generic[T]):
    """Outcome of parsing one input.

    Attributes
    ----------
    records : tuple
        The valid records, in input order.
    errors : tuple of RowError
        Rows that were rejected.
    skipped : tuple of SkippedRow
        Rows that were valid but intentionally left out.
    """

    records: tuple[T, ...]
    errors: tuple[RowError, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()

    @property
    def ok(self) -> bool:
        """bool : True when no row was rejected."""
        return not self.errors


class _Skip(Exception):
    """Internal signal from a row parser: leave this row out, on purpose."""


def skip_row(reason: str) -> _Skip:
    """Build the signal a row parser raises to skip a row deliberately.

    Parameters
    ----------
    reason : str
        Recorded in the resulting :class:`SkippedRow`.

    Returns
    -------
    Exception
        Raise it from inside a row parser run by :func:`collect_rows`.
    """
    return _Skip(reason)


def collect_rows(
    rows: Iterator[tuple[int, T]] | Sequence[tuple[int, T]],
    source: str,
    parse_row: Callable[[T, int], Any],
) -> tuple[list[Any], list[RowError], list[SkippedRow]]:
    """Run ``parse_row`` over numbered rows and sort the outcomes.

    Parameters
    ----------
    rows : iterable of (int, object)
        ``(line, raw_row)`` pairs.
    source : str
        Label used in errors and skips.
    parse_row : callable
        ``parse_row(raw_row, line)`` returns a record, raises
        :class:`RowProblem` for a bad row or the exception returned by
        :func:`skip_row` to leave the row out.

    Returns
    -------
    tuple of (list, list of RowError, list of SkippedRow)
        Records, errors and skips in input order.
    """
    records: list[Any] = []
    errors: list[RowError] = []
    skipped: list[SkippedRow] = []
    for line, raw in rows:
        try:
            records.append(parse_row(raw, line))
        except RowProblem as problem:
            errors.append(RowError(source, line, str(problem)))
        except _Skip as skip:
            skipped.append(SkippedRow(source, line, str(skip)))
    return records, errors, skipped


def maybe_gunzip(data: bytes, source: str) -> bytes:
    """Return ``data`` decompressed if it is gzip, else unchanged.

    Parameters
    ----------
    data : bytes
        Raw input.
    source : str
        Label used in a :class:`ParseError`.

    Returns
    -------
    bytes
        The plain bytes.

    Raises
    ------
    ParseError
        If the data starts with the gzip magic bytes but is not valid gzip.
    """
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        readable = _gunzip_prefix(data)
        line = readable.count(b"\n") + 1
        raise ParseError(
            source,
            _("gzip-filen är avkortad eller skadad; den tar slut på den här raden"),
            line,
            code="cut_gzip",
        ) from exc


def _gunzip_prefix(data: bytes) -> bytes:
    """Return what a broken gzip stream holds before it breaks (for the error's line)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        return inflater.decompress(data)
    except zlib.error:
        return b""


def decode_text(data: bytes, source: str, *, allow_cp1252: bool = True) -> str:
    """Decode bytes as UTF-8 (BOM optional), falling back to cp1252; refuse control characters.

    UTF-8 is tried first because every official Swedish source delivers it.
    The cp1252 fallback exists because a CSV that a user opened and saved
    again in Excel on Swedish Windows ("CSV (semikolonavgränsad)") is written
    in Windows-1252; such a file is never valid UTF-8 once it contains
    å/ä/ö, so the fallback cannot misread a real UTF-8 file. It applies only
    to a file that holds no UTF-8 at all: a file with UTF-8 in one place and
    Latin-1/cp1252 in another (lines pasted together from two systems) is
    refused at the first line that is not UTF-8, since any single reading
    garbles part of it. A file that ends inside a UTF-8 character was cut off.
    JSON is UTF-8 by definition (RFC 8259), so JSON loaders pass
    ``allow_cp1252=False``. A UTF-16 BOM (Excel's "Unicode text") is honoured
    as well. Gzipped input is decompressed first.

    The decoded text must keep the rules of :mod:`lagesbild.core.text`: no NUL,
    no other control character than tab and line breaks. The first offender
    is reported with its line.

    Parameters
    ----------
    data : bytes
        Raw input, possibly gzipped.
    source : str
        Label used in a :class:`ParseError`.
    allow_cp1252 : bool, optional
        Read a file without any UTF-8 as Windows-1252 (default True).

    Returns
    -------
    str
        The text without a byte order mark.

    Raises
    ------
    ParseError
        With the line: bytes that are not text in one encoding, a cut-off
        character, or a refused control character.
    """
    data = maybe_gunzip(data, source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_or_fail(data, "utf-16", source)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _not_utf8(data, exc, source, allow_cp1252)
        else:
            if utf8_is_clean(data):  # the common case, checked on the bytes
                return text
    refuse_control_characters(text, source)
    return text


# A well-formed UTF-8 sequence for a character outside ASCII.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _line_at(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _not_utf8(data: bytes, error: UnicodeDecodeError, source: str, allow_cp1252: bool) -> str:
    """Read bytes that are not valid UTF-8 as cp1252 when that is safe; else say where and why."""
    line = _line_at(data, error.start)
    byte = f"0x{data[error.start]:02X}"
    if error.end >= len(data) and error.reason == "unexpected end of data":
        raise ParseError(
            source,
            _("filen tar slut mitt i ett tecken (UTF-8): den är avkortad"),
            line,
            code="cut_utf8",
            details={"byte": byte},
        )
    if not allow_cp1252:
        raise ParseError(
            source,
            _("byte %(byte)s är inte UTF-8") % {"byte": byte},
            line,
            code="not_utf8",
            details={"byte": byte},
        )
    if _UTF8_SEQUENCE.search(data):
        raise ParseError(
            source,
            _(
                "blandad teckenkodning: filen är UTF-8 på andra ställen men byte %(byte)s här "
                "är det inte (Latin-1/Windows-1252 inklistrat?); spara hela filen som UTF-8"
            )
            % {"byte": byte},
            line,
            code="mixed_encoding",
            details={"byte": byte},
        )
    return _decode_or_fail(data, "cp1252", source)


def _decode_or_fail(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = f"0x{data[exc.start]:02X}"
        raise ParseError(
            source,
            _("byte %(byte)s är varken UTF-8 eller %(encoding)s")
            % {"byte": byte, "encoding": _ENCODING_NAMES.get(encoding, encoding)},
            _line_at(data, exc.start) if encoding == "cp1252" else None,
            code="not_text",
            details={"byte": byte, "encoding": encoding},
        ) from exc


def refuse_control_characters(text: str, source: str, first_line: int = 1) -> None:
    """Raise ParseError at the first character :mod:`lagesbild.core.text` refuses.

    Parameters
    ----------
    text : str
        Decoded text.
    source : str
        Label used in the error.
    first_line : int, optional
        Line number of the text's first line in the file (for a cell or a record, whose
        character is then counted on its own line).
    """
    problem = text_problem(text)
    if problem is not None:
        # ``source:line:`` names the line; the message adds the character on it, as a form's
        # "(rad 1, tecken 4)" does.
        raise ParseError(
            source,
            text_problem_message(problem, line=False),
            first_line + problem.line - 1,
            code="control",
            details={"problem": problem},
        )


# A JSON string escape, or an escaped backslash: backslash pairs are consumed first, so the JSON
# text \\u0000 (a backslash, then "u0000") is not taken for an escape.
_JSON_ESCAPE = re.compile(r"\\\\|\\u([0-9a-fA-F]{4})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?")


def refuse_escaped_control_characters(text: str, source: str) -> None:
    """Raise ParseError where JSON text spells a refused character as an escape (``\\u0000``).

    Raw control characters are already refused by :func:`decode_text`; JSON can also write
    them as escapes, which only show after parsing, where the line is lost.
    """
    for match in _JSON_ESCAPE.finditer(text):
        if match.group(1) is None or match.group(2) is not None:
            continue  # an escaped backslash, or a surrogate pair (one character beyond U+FFFF)
        problem = text_problem(chr(int(match.group(1), 16)))
        if problem is not None:
            line = text.count("\n", 0, match.start()) + 1
            raise ParseError(
                source,
                _("%(problem)s Skrivet som %(escape)s.")
                % {
                    "problem": text_problem_message(problem, position=False),
                    "escape": match.group(0),
                },
                line,
                code="control",
                details={"problem": problem},
            )


def _json_reason(exc: ValueError | RecursionError) -> str:
    """Why JSON text could not be read (Python's own parser messages stay in English)."""
    return _("värdena är nästlade för djupt") if isinstance(exc, RecursionError) else str(exc)


def _json_line_problem(exc: ValueError | RecursionError) -> str:
    return _("raden är inte giltig JSON: %(error)s") % {"error": _json_reason(exc)}


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; accepting them would let "nan" values
    # slip through as floats.
    raise ValueError(_("%(name)s är ingen tillåten JSON-konstant") % {"name": name})


def _loads(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


def load_json_document(data: bytes, source: str) -> Any:
    """Parse bytes (optionally gzipped, BOM optional) as one JSON document.

    Parameters
    ----------
    data : bytes
        Raw input.
    source : str
        Label used in a :class:`ParseError`.

    Returns
    -------
    object
        The decoded JSON value.

    Raises
    ------
    ParseError
        If the input is not a single valid JSON document.
    """
    return _document_from_text(_json_text(data, source), source)


def _json_text(data: bytes, source: str) -> str:
    text = decode_text(data, source, allow_cp1252=False)
    refuse_escaped_control_characters(text, source)
    return text


def _document_from_text(text: str, source: str) -> Any:
    try:
        return _loads(text)
    except json.JSONDecodeError as exc:
        message = (
            _("ogiltig JSON: filen tar slut för tidigt (avkortad?)")
            if exc.pos >= len(text.rstrip())
            else _("ogiltig JSON: %(error)s") % {"error": exc.msg}
        )
        raise ParseError(source, message, exc.lineno, code="json") from exc
    except (ValueError, RecursionError) as exc:
        raise ParseError(
            source, _("ogiltig JSON: %(error)s") % {"error": _json_reason(exc)}
        ) from exc


def load_json_records(data: bytes, source: str) -> tuple[list[tuple[int, Any]], list[RowError]]:
    """Read a JSON array or JSON lines into numbered items.

    The format is recognised by the first non-blank character: ``[`` means
    one JSON array (items are numbered by array index + 1), anything else is
    read as JSON lines (items are numbered by their 1-based line). A JSON-lines
    file may have a bad line; that line becomes a :class:`RowError` so the
    rest is still usable.

    Parameters
    ----------
    data : bytes
        Raw input, possibly gzipped.
    source : str
        Label used in errors.

    Returns
    -------
    tuple of (list of (int, object), list of RowError)
        Numbered items and the lines that were not valid JSON.

    Raises
    ------
    ParseError
        If an array is not valid JSON, or if no line of a JSON-lines input
        is valid JSON.
    """
    text = _json_text(data, source)
    if text.lstrip().startswith("["):
        document = _document_from_text(text, source)
        return [(index + 1, item) for index, item in enumerate(document)], []
    return _load_json_lines(text, source)


def record_digest(raw: str) -> str:
    """Return the fingerprint of one record's source text (a JSON line, or an array item)."""
    return hashlib.sha1(raw.strip().encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class NewJsonRecords:
    """The records of a JSON input that are not known yet, with their lines and fingerprints."""

    items: list[tuple[int, Any, str]]
    errors: list[RowError]
    known: int


#: An array item's source text as fingerprinted: ``json.dumps(item, sort_keys=True,
#: ensure_ascii=False)``, with one encoder for every item (``dumps`` builds one per call).
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)

#: Fingerprints of stored records: a container, or a function that is given every fingerprint of
#: the input once, with the keys of an array's items (see ``load_new_json_records``; None for
#: JSON lines), and returns those that are stored (so a caller need not read all it stores).
Known = Container[str] | Callable[[list[str], list[Any] | None], Container[str]]


def load_new_json_records(
    data: bytes, source: str, known: Known, key: Callable[[Any], Any] | None = None
) -> NewJsonRecords:
    """Read a JSON array or JSON lines like :func:`load_json_records`, leaving out known records.

    A record is known when the fingerprint (:func:`record_digest`) of its source text is in
    ``known``: a JSON line is fingerprinted as written, before it is decoded, so a re-read of an
    unchanged archive decodes nothing; an array item as its canonical JSON (keys sorted).

    Parameters
    ----------
    data : bytes
        Raw input, possibly gzipped.
    source : str
        Label used in errors.
    known : container of str, or a function
        Fingerprints of records already stored, or a function given the fingerprints of every
        record of the input (and their keys) that returns the stored ones among them.
    key : function, optional
        Of an array item, the key a stored record made from it would have (None when it could
        have none): a function ``known`` is given them beside the fingerprints, so it may look
        up the stored records by key. JSON lines are not decoded before the look-up: no keys.

    Returns
    -------
    NewJsonRecords
        ``(line, item, fingerprint)`` of every new record, the bad lines, and how many known
        records were left out.

    Raises
    ------
    ParseError
        As :func:`load_json_records`.
    """
    text = _json_text(data, source)
    if text.lstrip().startswith("["):
        document = _document_from_text(text, source)
        canonical = _CANONICAL_JSON.encode
        numbered = [
            (index + 1, item, record_digest(canonical(item))) for index, item in enumerate(document)
        ]
        keys = None if key is None else [key(item) for item in document]
        stored = _stored(known, [entry[2] for entry in numbered], keys)
        new = [entry for entry in numbered if entry[2] not in stored]
        return NewJsonRecords(new, [], len(numbered) - len(new))
    lines = [
        (number, line, record_digest(line))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
    stored = _stored(known, [digest for _, _, digest in lines], None)
    items: list[tuple[int, Any, str]] = []
    errors: list[RowError] = []
    skipped = 0
    for number, line, digest in lines:
        if digest in stored:
            skipped += 1
            continue
        try:
            items.append((number, _loads(line), digest))
        except (ValueError, RecursionError) as exc:
            errors.append(RowError(source, number, _json_line_problem(exc)))
    if not items and not skipped:
        raise ParseError(source, _("varken en JSON-lista eller JSON-rader"))
    return NewJsonRecords(items, errors, skipped)


def _stored(known: Known, digests: list[str], keys: list[Any] | None) -> Container[str]:
    return known(digests, keys) if callable(known) else known


def _load_json_lines(text: str, source: str) -> tuple[list[tuple[int, Any]], list[RowError]]:
    items: list[tuple[int, Any]] = []
    errors: list[RowError] = []
    # split("\n") rather than splitlines(): U+2028 inside a JSON string is a
    # legal character, not a line break.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, _loads(line)))
        except (ValueError, RecursionError) as exc:
            errors.append(RowError(source, number, _json_line_problem(exc)))
    if not items:
        raise ParseError(source, _("varken en JSON-lista eller JSON-rader"))
    return items, errors


def iter_csv_rows(text: str, source: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first_line, fields)`` for every non-blank CSV record.

    Parameters
    ----------
    text : str
        Decoded CSV text (LF or CRLF line ends).
    source : str
        Label used in a :class:`ParseError`.
    delimiter : str
        Field separator, ``","`` or ``";"``.

    Yields
    ------
    tuple of (int, list of str)
        The 1-based line where the record starts, and its fields.

    Raises
    ------
    ParseError
        If the csv module cannot tokenise the text at all.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    last: tuple[int, list[str]] | None = None
    previous: tuple[int, list[str]] | None = None
    try:
        for fields in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if any(field.strip() for field in fields):
                if last is not None:
                    yield last
                previous, last = last, (start, fields)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's English
            message = _(
                'ett fält är längre än %(limit)s tecken; oftast öppnar ett citattecken (") ett '
                "fält som aldrig stängs"
            ) % {"limit": f"{csv.field_size_limit():,}".replace(",", " ")}
        else:
            message = _("oläslig CSV: %(error)s") % {"error": exc}
        raise ParseError(source, message, previous_end + 1) from exc
    if last is not None:
        if not text.endswith(("\n", "\r")):
            _refuse_cut_record(text, last, previous, source, delimiter)
        yield last


def _refuse_cut_record(
    text: str,
    last: tuple[int, list[str]],
    previous: tuple[int, list[str]] | None,
    source: str,
    delimiter: str,
) -> None:
    """Refuse the last record of a file without a final line break when it was clearly cut.

    Clearly: it ends inside a quoted field (the closing quote never came), or it has fewer
    fields than the record before it. The lenient reader would otherwise hand on the cut row
    as if it were whole.
    """
    line, fields = last
    # Lines as the csv reader counts them (\n, \r\n or \r), with their own endings.
    record = "".join(io.StringIO(text, newline="").readlines()[line - 1 :]) + "\n"
    try:
        list(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise ParseError(
                source,
                _("filen slutar inuti ett fält inom citattecken och utan radslut: den är avkortad"),
                line,
                code="cut_csv_quote",
            ) from exc
    if previous is not None and len(fields) < len(previous[1]):
        raise ParseError(
            source,
            _(
                "sista raden har %(fields)d fält men raden före har %(expected)d, och filen slutar "
                "utan radslut: den är avkortad"
            )
            % {"fields": len(fields), "expected": len(previous[1])},
            line,
            code="cut_csv_fields",
            details={"fields": len(fields), "expected": len(previous[1])},
        )


def normalise_text(value: str) -> str:
    """Normalise a name for comparison: NFC, casefold, dashes, whitespace.

    Parameters
    ----------
    value : str
        Any label.

    Returns
    -------
    str
        A key that is equal for "Malung–Sälen" and "malung-sälen".
    """
    value = unicodedata.normalize("NFC", value).translate(_DASHES)
    return " ".join(value.replace("\u00a0", " ").split()).casefold()


def parse_swedish_number(text: str | None) -> float | None:
    """Parse a number written the Swedish way.

    Accepted: ``"1 234"`` (space, NBSP, narrow NBSP or thin space as
    thousands separator), ``"1 234,5"``, ``"12,3"``, ``"-4"`` or
    ``"\u22124"``. A single dot is read as a decimal point, because
    machine-written files (pandas, JSON) use it: ``"181.0"``. The markers in
    :data:`MISSING_MARKERS` (``""``, ``".."``, ``"-"`` …) and ``None`` mean
    "no value" and give ``None``.

    Parameters
    ----------
    text : str or None
        The cell content.

    Returns
    -------
    float or None
        The value, or None when the cell says "missing".

    Raises
    ------
    ValueError
        If the text is not a number (also "1,2.3", where the decimal mark is
        ambiguous).
    """
    if text is None:
        return None
    cleaned = text.strip()
    if cleaned in MISSING_MARKERS:
        return None
    negative = cleaned.startswith(_MINUS_SIGNS)
    body = cleaned[1:].lstrip() if negative else cleaned
    for separator in _THOUSANDS_SEPARATORS:
        body = body.replace(separator, "")
    if "," in body:
        if "." in body:
            raise ValueError(
                _("%(value)r har både komma och punkt som decimaltecken") % {"value": text}
            )
        body = body.replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(body):
        raise ValueError(_("%(value)r är inget tal") % {"value": text})
    value = float(body)
    return -value if negative else value


def parse_swedish_int(text: str | None) -> int | None:
    """Parse a whole number written the Swedish way (see parse_swedish_number).

    Parameters
    ----------
    text : str or None
        The cell content; ``"181.0"`` is accepted because pandas writes
        counts that way.

    Returns
    -------
    int or None
        The value, or None when the cell says "missing".

    Raises
    ------
    ValueError
        If the text is not a number or not a whole number.
    """
    value = parse_swedish_number(text)
    if value is None:
        return None
    if not value.is_integer():
        raise ValueError(_("%(value)r är inget heltal") % {"value": text})
    return int(value)


#: The name of a value in an error message: the text, or a function that returns it. A parser
#: that checks every record passes a translated name as ``lambda: _("…")``, so it is translated
#: only for the message of a bad value (a translation costs more than the check itself).
Label = str | Callable[[], str]


def _label(what: Label) -> str:
    return what if isinstance(what, str) else what()


def require_mapping(value: Any, what: Label) -> Mapping[str, Any]:
    """Return ``value`` if it is a JSON object, else raise RowProblem.

    Parameters
    ----------
    value : object
        Decoded JSON value.
    what : str or callable
        Name used in the error message, or a function returning it (see :data:`Label`).

    Returns
    -------
    Mapping
        The same object.
    """
    if type(value) is not dict and not isinstance(value, Mapping):  # decoded JSON: a dict
        raise RowProblem(_("%(what)s är inget JSON-objekt") % {"what": _label(what)})
    return value


def require_str(obj: Mapping[str, Any], key: str, *, allow_empty: bool = False) -> str:
    """Return the string field ``key``; raise RowProblem if absent or wrong.

    Parameters
    ----------
    obj : Mapping
        A JSON object.
    key : str
        Field name.
    allow_empty : bool, optional
        Accept ``""`` (default False).

    Returns
    -------
    str
        The field value.
    """
    value = obj.get(key)
    if not isinstance(value, str):
        raise RowProblem(_("fältet %(key)r saknas eller är ingen text") % {"key": key})
    if not allow_empty and not value.strip():
        raise RowProblem(_("fältet %(key)r är tomt") % {"key": key})
    return value


def optional_str(obj: Mapping[str, Any], key: str) -> str | None:
    """Return the string field ``key``, or None if it is absent, null or blank.

    Parameters
    ----------
    obj : Mapping
        A JSON object.
    key : str
        Field name.

    Returns
    -------
    str or None
        The stripped value, or None.
    """
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowProblem(_("fältet %(key)r är ingen text") % {"key": key})
    return value.strip() or None


def require_int(obj: Mapping[str, Any], key: str) -> int:
    """Return the integer field ``key`` (JSON number without fraction).

    Parameters
    ----------
    obj : Mapping
        A JSON object.
    key : str
        Field name.

    Returns
    -------
    int
        The field value.
    """
    value = obj.get(key)
    # bool is a subclass of int in Python, but true/false is not an id.
    if isinstance(value, bool) or not isinstance(value, int):
        raise RowProblem(_("fältet %(key)r saknas eller är inget heltal") % {"key": key})
    return value


def require_float(text: str, what: Label) -> float:
    """Parse a decimal-point number such as a coordinate string.

    Parameters
    ----------
    text : str
        The text, e.g. ``"56.046467"``.
    what : str or callable
        Name used in the error message, or a function returning it (see :data:`Label`).

    Returns
    -------
    float
        The finite value.
    """
    # A regex rather than bare float(): float() also takes "nan", "1_0"
    # and surrounding blanks, none of which is a valid coordinate.
    if not _DECIMAL.fullmatch(text):
        raise RowProblem(
            _("%(what)s %(value)r är inget decimaltal") % {"what": _label(what), "value": text}
        )
    return float(text)
