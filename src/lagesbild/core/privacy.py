"""Scrub personal data from free-text reports before they are stored.

Partners write short free-text reports; the situation picture needs the *what*,
*where* and *when*, never the *who*. :func:`scrub` replaces personal data with
bracketed markers and reports where it found them.

Kinds and markers
-----------------
======================  =========================
kind                    marker
======================  =========================
``personnummer``        ``[personnummer]``
``samordningsnummer``   ``[samordningsnummer]``
``phone``               ``[telefonnummer]``
``email``               ``[e-post]``
``registration``        ``[registreringsnummer]``
``address``             ``[adress]``
``name``                ``[namn]``
======================  =========================

Decisions
---------
* **Personnummer with a bad checksum.** A number *with* a separator
  (``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDD-NNNN``) and a plausible date is
  masked even when the Luhn check fails: that spelling is characteristic of a
  personnummer, and a mistyped digit must not leak the rest of it. The hyphen
  may be any dash (en dash, minus sign, as word processors and phones type it)
  with or without a space on each side. A bare run
  of 10 or 12 digits (or one split by a space) is masked only when it also
  passes Luhn, because such runs are often case or order numbers.
  :func:`is_valid_personnummer` itself is strict (Luhn and date).
* **Bare 10-digit numbers starting with 07** that pass as both a mobile number
  and a personnummer (someone born 2007) are reported as ``phone``; either
  way they are masked.
* **Phone numbers** must start with ``0``, ``+46`` or ``0046`` and have the
  digit count of a Swedish number (mobile: ten digits); groups may be separated
  by spaces, hyphens, slashes or dots (``070.123.45.67``). Times (``22.30``,
  ``08.30-09.15``), dates (``2024-09-12``, ``08-12-2024``, ``08.12.2024``),
  counts, amounts and years never start that way or are rejected by shape.
  Police case numbers such as ``K123456-24`` or ``5000-K123456-24`` are
  *not* personal data and stay.
* **Registration numbers** are accepted in upper case (``ABC123``,
  ``ABC 123``, ``ABC-123``, ``ABC12A``) and in lower case written together
  (``abc123``); lower case with a space or hyphen (``abc 123``) only right
  after a cue (``bil``, ``reg``, ``regnr``, ``skylt``, ``plåt`` …) and when
  the letters are no word: otherwise it would eat ordinary words
  (``med 100``, ``bil med 100 liter``). Letters I, Q, V, Å, Ä, Ö never occur; a
  trailing letter is never O. Acronyms and words such as SOS, SEK, SMS or
  ``och`` are excluded unless a cue (``reg``, ``bil``, ``fordon``) precedes
  them: ``SEK 500`` stays, ``reg USD 007`` goes.
* **Addresses** need a house number: ``vid Storgatan`` is place information
  and stays, ``Storgatan 12`` goes, including a letter, a range and a
  trailing ``lgh 1102``.
* **Names** are removed whole by :mod:`lagesbild.core.names`: an anchor (a
  listed first name, a cue such as ``grannen`` or ``rektor``, an initial, a
  listed or surname-shaped surname, a lower-case first name in SMS-style
  text) is extended over the capitalised words, initials and particles
  (``von``, ``af``, ``de la``) that follow it, so ``Kalle Anka``,
  ``Anna Berg-Lind``, ``Maria Svensson Holm``, ``Johan von Platen``,
  ``K. Anka`` and ``Kalle Ankas`` each become one ``[namn]``. First names
  that are also words (``Sten``, ``Björn``, ``Per``) need a surname or a
  person's verb at the start of a sentence; surnames that are words or towns
  (``Lund``, ``Berg``, ``Ek``) need a first name or a cue; a name before a
  street or place word (``Gustav Adolfs torg``) is a place. Unlisted names
  without a cue, a listed name or a surname shape are missed: names are the
  one kind whose recall is below 100 % (see ``docs/privacy.md``).
* **Overlaps** are resolved by keeping the longest finding, then the most
  specific kind (e-mail, personnummer, phone, registration, address, name).
* **Idempotence.** Masking can expose a new match (a phone number glued to
  a masked personnummer), so detection is repeated on the scrubbed text
  until nothing more is found; scrubbing scrubbed text changes nothing.

Examples
--------
>>> scrub_text("Man, 811228-9874, hotade väktare vid Storgatan 12 kl 22.30.")
'Man, [personnummer], hotade väktare vid [adress] kl 22.30.'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple, cast

from lagesbild.core.name_lists import FIRST_NAMES
from lagesbild.core.names import NOT_NAME_WORDS, find_names, may_hold_name
from lagesbild.core.places import Gazetteer

__all__ = [
    "KINDS",
    "MARKERS",
    "PLACE_LOOKALIKES",
    "added_markers",
    "Finding",
    "ScrubResult",
    "is_valid_personnummer",
    "scrub",
    "scrub_file_name",
    "scrub_text",
    "scrubbed_texts",
]

MARKERS: Final[dict[str, str]] = {
    "personnummer": "[personnummer]",
    "samordningsnummer": "[samordningsnummer]",
    "phone": "[telefonnummer]",
    "email": "[e-post]",
    "registration": "[registreringsnummer]",
    "address": "[adress]",
    "name": "[namn]",
}
KINDS: Final[tuple[str, ...]] = tuple(MARKERS)

# Lower wins when two candidates of equal length overlap.
_PRIORITY: Final[dict[str, int]] = {
    "email": 0,
    "personnummer": 1,
    "samordningsnummer": 1,
    "phone": 3,
    "registration": 5,
    "address": 6,
    "name": 7,
}
_WEAK_PNR_PRIORITY: Final[int] = 4  # below phone: bare 07... numbers
_MAX_ROUNDS: Final[int] = 8


@dataclass(frozen=True)
class Finding:
    """One piece of personal data, as a span of the original text.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    start, end : int
        Half-open character span in the text given to :func:`scrub`.

    Examples
    --------
    >>> Finding("email", 0, 11)
    Finding(kind='email', start=0, end=11)
    """

    kind: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in MARKERS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was removed from the original.

    Parameters
    ----------
    text : str
        The text with every finding replaced by its marker.
    findings : tuple of Finding
        Sorted by start offset; spans refer to the original text.

    Examples
    --------
    >>> scrub("Ring 070-123 45 67").findings
    (Finding(kind='phone', start=5, end=18),)
    """

    text: str
    findings: tuple[Finding, ...]


class _Candidate(NamedTuple):
    kind: str
    start: int
    end: int
    priority: int


# ---------------------------------------------------------------- personnummer

# The hyphen as people type it: word processors and phones turn "-" into a dash (en dash, minus
# sign, non-breaking hyphen), and some put spaces around it; all of them spell a personnummer.
_PNR_DASHES: Final = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_PNR_RE: Final = re.compile(
    r"(?<![0-9+])"  # a longer digit run or +46 is something else
    r"(?P<century>18|19|20)?(?P<date>\d{6})"
    rf"(?P<sep>[ \u00a0]?[{_PNR_DASHES}+][ \u00a0]?|[ \u00a0]?)(?P<tail>\d{{4}})"
    r"(?![0-9])"
)
_PNR_FULL_RE: Final = re.compile(r"(?P<century>18|19|20)?(?P<date>\d{6})[-+]?(?P<tail>\d{4})")
# A word that says what follows is one: then a run of digits with a typo is masked too.
_PNR_CUE_RE: Final = re.compile(
    r"(?:person(?:nummer|nr)|pers\.? ?nr|p-?nr|samordnings(?:nummer|nr)|födelsenummer)"
    r"[.:]?[ \u00a0]*$",
    re.IGNORECASE,
)


def _luhn_ok(digits: str) -> bool:
    # Swedish personnummer: weights 2,1,2,1,... from the left over ten digits.
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _pnr_kind(century: str | None, date6: str) -> str | None:
    """Kind by birth date, or None when the date is implausible."""
    year, month, day = int(date6[:2]), int(date6[2:4]), int(date6[4:])
    kind = "personnummer"
    if 61 <= day <= 91:
        kind, day = "samordningsnummer", day - 60
    if not 1 <= month <= 12 or day < 1:
        return None
    # Without a century, allow 29 February in every year divisible by four.
    leap = calendar.isleap(int(century + date6[:2])) if century else year % 4 == 0
    days = 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
    return kind if day <= days else None


def is_valid_personnummer(value: str) -> bool:
    """Whether ``value`` is a Luhn-valid personnummer or samordningsnummer.

    Parameters
    ----------
    value : str
        ``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDDNNNN``, ``YYYYMMDD-NNNN`` or
        ten digits; surrounding whitespace is ignored.

    Returns
    -------
    bool
        True when the check digit is right over the ten-digit form and the
        month and day are plausible (day 61-91 for a samordningsnummer).

    Notes
    -----
    The scrubber is more generous than this check; see the module notes.

    Examples
    --------
    >>> is_valid_personnummer("811228-9874"), is_valid_personnummer("811228-9873")
    (True, False)
    >>> is_valid_personnummer("198112289874"), is_valid_personnummer("811288-9871")
    (True, True)
    >>> is_valid_personnummer("811328-9874")
    False
    """
    match = _PNR_FULL_RE.fullmatch(value.strip())
    if match is None:
        return False
    century, date6, tail = match.group("century", "date", "tail")
    return _pnr_kind(century, date6) is not None and _luhn_ok(date6 + tail)


def _find_personnummer(text: str, start: int = 0) -> Iterator[_Candidate]:
    for match in _PNR_RE.finditer(text, start):
        century, date6, sep, tail = match.group("century", "date", "sep", "tail")
        kind = _pnr_kind(century, date6)
        if kind is None:
            continue
        # A hyphen (or a dash) or plus is the personnummer spelling, and so is a cue before
        # it ("pnr 8503121234"): mask even with a typo.
        if not sep.strip() and not _luhn_ok(date6 + tail) and not _after_pnr_cue(text, match):
            continue
        weak = not century and not sep and date6.startswith("07")
        priority = _WEAK_PNR_PRIORITY if weak else _PRIORITY[kind]
        yield _Candidate(kind, match.start(), match.end(), priority)


def _after_pnr_cue(text: str, match: re.Match[str]) -> bool:
    return _PNR_CUE_RE.search(text, max(0, match.start() - 20), match.start()) is not None


# ---------------------------------------------------------------------- phone

# A dot separates groups too ("070.123.45.67", "08.123 456 78", "+46.70.123.45.67"), but only
# without spaces around it: "kl 08. 12 personer" is two sentences' worth of numbers.
_SEP: Final = r"(?:[ \u00a0]?[-\u2013/][ \u00a0]?|[ \u00a0.])"
_PHONE_RE: Final = re.compile(
    r"(?<![\w+])(?<!\d[-\u2013.:/,])"  # not the tail of a date, time or number
    rf"(?:(?P<intl>(?:\+|00)46){_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?\d){{5,9}}"
    rf"|0[1-9](?:{_SEP}?\d){{5,9}})"
    r"(?!\d)"
)
_PHONE_GROUP_RE: Final = re.compile(r"\d+")
# What a candidate must not start with: a date ("08-12-2024", "08.12.2024"; with dots, not when a
# fourth group follows: "08.12.34.56" is a Stockholm number) or a time written with a dot and not
# followed by another dotted group ("08.30-09.15", "08.00 - 17.00", "kl 08.45 1200 kr": the
# numbers after a time are another number). Hence "08.12 34 56" stays: a Stockholm number is
# written "08-12 34 56", and a time before a number is the likelier reading.
_DATE_OR_TIME_RE: Final = re.compile(
    r"\d{1,2}(?:[-/]\d{1,2}[-/]\d{2,4}|\.\d{1,2}\.\d{2,4}(?!\.\d))(?!\d)"
    r"|(?:[01]\d|2[0-3])\.[0-5]\d(?!\d|\.\d)"
)


def _phone_groups(value: str, intl: str | None) -> list[str]:
    """Digit groups of a candidate, without the country code."""
    # The country code may be glued to the area code ("+46701234567").
    groups = _PHONE_GROUP_RE.findall(value, len(intl or ""))
    if intl and groups and groups[0] == "0":  # the "+46 (0)70" spelling
        groups = groups[1:]
    return groups


def _trim_phone_groups(groups: list[str]) -> list[str]:
    # Area code plus at most three subscriber groups of two or more digits;
    # anything more is a following count ("08-12 34 56 3 personer").
    kept = groups[:4]
    while len(kept) > 1 and len(kept[-1]) < 2:
        kept.pop()
    return kept


def _phone_digits_ok(national: str, first_group: str, grouped: bool) -> bool:
    """Digit count and area code of a national number (leading 0 included)."""
    if not 8 <= len(national) <= 10:
        return False
    if national.startswith("07"):
        return len(national) == 10
    # Only Stockholm has a two-digit area code.
    return not (grouped and len(first_group) == 2 and first_group != "08")


def _phone_span(match: re.Match[str]) -> tuple[int, int] | None:
    value = match.group()
    if _DATE_OR_TIME_RE.match(value):
        return None  # 08-12-2024 is the eighth of December, 08.30-09.15 half an hour and more
    intl = match.group("intl")
    groups = _phone_groups(value, intl)
    kept = _trim_phone_groups(groups)
    if not kept:
        return None
    digits = "".join(kept)
    national = "0" + digits if intl else digits
    first = ("0" if intl else "") + kept[0]
    if not _phone_digits_ok(national, first, len(kept) > 1):
        return None
    if len(kept) == len(groups):
        return match.span()  # the pattern ends with a digit: the last group ends the match
    # A following count was dropped: the number ends with the last kept group (its index counts
    # the "(0)" that ``_phone_groups`` drops).
    ends = [group.end() for group in _PHONE_GROUP_RE.finditer(value, len(intl or ""))]
    return match.start(), match.start() + ends[len(ends) - len(groups) + len(kept) - 1]


def _find_phones(text: str, start: int = 0) -> Iterator[_Candidate]:
    for match in _PHONE_RE.finditer(text, start):
        span = _phone_span(match)
        if span is not None:
            yield _Candidate("phone", span[0], span[1], _PRIORITY["phone"])


# ---------------------------------------------------------------------- email

_EMAIL_RE: Final = re.compile(
    r"(?<![\w.+\-])[\w.+\-]*\w@\w[\w\-]*(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?![\w@])"
)


def _find_emails(text: str) -> Iterator[_Candidate]:
    for match in _EMAIL_RE.finditer(text):
        yield _Candidate("email", match.start(), match.end(), _PRIORITY["email"])


# --------------------------------------------------------------- registration

# Plates never use I, Q, V, Å, Ä, Ö; the last letter of ABC12A is never O.
_PLATE_UPPER_RE: Final = re.compile(
    r"(?<!\w)[A-HJ-PR-UW-Z]{3}[ \-]?\d\d[0-9A-HJ-NPR-UW-Z](?![\w\-])"
)
# In lower case a separator needs a cue right before it ("bil abc 123", "regnr: abc 12a"), and
# the letters must not be a word: without a cue the pattern would eat "med 100", "har 120",
# "rum 123", "kap 3" in every other report, and after "bil" it would still eat "bil med 100 liter".
# Written together ("abc123") the letters and digits are a plate's spelling, not a word and a count.
_PLATE_LOWER_RE: Final = re.compile(
    r"(?<!\w)[a-hj-pr-uw-z]{3}(?P<sep>[ \-]?)\d\d[0-9a-hj-npr-uw-z](?![\w\-])"
)
_PLATE_STOP: Final = frozenset(
    "sos sek eur usd gbp nok dkk sms mms pin gps dna usb atm lgh tel tfn dnr "
    "ref avd kap nrk och den det som hus rum bil sal van tom max ggr mob "
    "ctr pol brf min kpi".split()
)
# Lower-case words a number may follow after a cue ("bilen har 120 hk", "bil nr typ 3"): never a
# spaced lower-case plate. The ordinary words of the name finder spelt with plate letters, and more.
_PLATE_LOWER_WORDS: Final = (
    _PLATE_STOP
    | frozenset(word for word in NOT_NAME_WORDS if re.fullmatch(r"[a-hj-pr-uw-z]{3}", word))
    | frozenset("tar kan ska gav fem sex sju nio tio mil ton dag per typ reg nya ena upp".split())
)


_PLATE_CUE_RE: Final = re.compile(
    r"\b(?:reg(?:\.|-| |\. )?nr|reg|reg\.|regnummer|registreringsnr|registreringsnummer|"
    r"registreringsnumret|bil|bilen|fordon|fordonet|"
    r"(?:nummer|registrerings)?(?:skylt|skylten|plåt|plåten))[.:]?[ ]*$",
    re.IGNORECASE,
)


def _is_plate(text: str, match: re.Match[str]) -> bool:
    letters = match.group()[:3]
    if match.re is _PLATE_LOWER_RE and match.group("sep"):
        # "bil abc 123", never "med 100" or "bil med 100 liter" (see ``_PLATE_LOWER_RE``).
        return letters not in _PLATE_LOWER_WORDS and _after_plate_cue(text, match)
    # "SEK 500" is an amount, but "reg USD 007" is a real plate.
    return letters.lower() not in _PLATE_STOP or _after_plate_cue(text, match)


def _after_plate_cue(text: str, match: re.Match[str]) -> bool:
    return _PLATE_CUE_RE.search(text, max(0, match.start() - 24), match.start()) is not None


def _find_plates(text: str, start: int = 0) -> Iterator[_Candidate]:
    for pattern in (_PLATE_UPPER_RE, _PLATE_LOWER_RE):
        for match in pattern.finditer(text, start):
            if _is_plate(text, match):
                yield _Candidate(
                    "registration", match.start(), match.end(), _PRIORITY["registration"]
                )


# -------------------------------------------------------------------- address

_STREET_SUFFIXES: Final = (
    "gatan gata vägen väg gränden gränd torget torg stigen stig backen backe "
    "allén allé alléen plan planen platsen leden gången esplanaden promenaden "
    "kajen kaj slingan stråket ringen liden höjden bron"
).split()
_STREET_TYPE_WORDS: Final = (
    "gatan gata vägen väg gränd gränden torget torg stig stigen backe backen "
    "allé allén plan plats platsen led leden gång gången esplanad kaj kajen"
).split()
# Capitalised compounds that end like streets but are ordinary nouns.
_NOT_STREETS: Final = frozenset(
    "parkeringsplatsen busshållplatsen hållplatsen lekplatsen arbetsplatsen "
    "ingången uppgången utgången nedgången källargången våningsplan "
    "bottenplan källarplan entréplan markplan cykelbron gångbron".split()
)
# Words that may stand before a street name as part of it.
_STREET_PREFIXES: Final = frozenset(
    "norra södra östra västra stora lilla gamla nya övre nedre sankt sankta "
    "s:t lille drottning kung prins prinsessan doktor kapten fru".split()
)
_LETTERS: Final = r"[^\W\d_]"
_CAP: Final = r"[A-ZÅÄÖÉ]"


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "gatan" wins over "gata".
    return "|".join(sorted(set(words), key=len, reverse=True))


_ADDRESS_RE: Final = re.compile(
    r"(?<!\w)"
    rf"(?P<street>(?:{_CAP}{_LETTERS}*(?::{_LETTERS}+)?[ ]+){{0,3}}"
    rf"(?:{_CAP}{_LETTERS}*?(?:{_alternation(_STREET_SUFFIXES)})"
    rf"|(?i:{_alternation(_STREET_TYPE_WORDS)})))"
    r"[ \u00a0]+(?P<number>\d{1,4}(?:[-\u2013]\d{1,4})?(?:[ ]?[A-H]|[a-h])?)"
    r"(?P<flat>,?[ ]*(?:lgh|lägenhet|lägenhetsnummer)\.?[ ]*(?:nr\.?[ ]*)?\d{3,4})?"
    r"(?!\w|[.:,]\d)",
)
_WORD_RE: Final = re.compile(r"\S+")


def _street_start(match: re.Match[str]) -> int | None:
    """Start of the street name proper, dropping capitalised words before it."""
    words = list(_WORD_RE.finditer(match.group("street")))
    last = words[-1].group()
    if last.lower() in _NOT_STREETS:
        return None
    bare_type = last.lower() in _STREET_TYPE_WORDS and last[1:].islower()
    keep = len(words) - 1
    while keep > 0 and _is_street_prefix(
        words[keep - 1].group(), bare_type and keep == len(words) - 1
    ):
        keep -= 1
    if bare_type and keep == len(words) - 1:
        return None  # "Vid torget 3": a type word with no name is no address
    return match.start() + words[keep].start()


def _is_street_prefix(word: str, before_type_word: bool) -> bool:
    if word.lower() in _STREET_PREFIXES or word in FIRST_NAMES:
        return True
    if word.lower() in NOT_NAME_WORDS:
        return False
    # "Olof Palmes gata", "Drottning Kristinas väg", "Stora torget".
    return word.endswith("s") or before_type_word


def _find_addresses(text: str) -> Iterator[_Candidate]:
    for match in _ADDRESS_RE.finditer(text):
        start = _street_start(match)
        if start is not None:
            yield _Candidate("address", start, match.end(), _PRIORITY["address"])


# ---------------------------------------------------------------------- names


def _find_names(text: str) -> Iterator[_Candidate]:
    for start, end in find_names(text):
        yield _Candidate("name", start, end, _PRIORITY["name"])


# ------------------------------------------------------------------ assembly

_DETECTORS: Final = (
    _find_personnummer,
    _find_phones,
    _find_emails,
    _find_plates,
    _find_addresses,
    _find_names,
)

# What each detector's pattern cannot match without: a quick test that lets a text skip the
# detector. Each is implied by its detector's pattern (a personnummer has six digits in a row,
# a phone number starts "0[1-9]", "+46" or "0046", a plate is three letters after no word
# character and then two digits, an address has a street word, spaces and a digit), so skipping
# changes no result; ``test_privacy_guards`` compares both over the corpora.
_SIX_DIGITS: Final = re.compile(r"\d{6}")
_PHONE_START: Final = re.compile(r"0[1-9]|\+46|0046")
_PLATE_CORE: Final = re.compile(r"(?<!\w)[A-Za-z]{3}[ \-]?\d\d")
# An address's street word ends right before the spaces and the house number. It is compared in
# lower case when the text before is plain (ASCII and Swedish letters, where that is what the
# pattern's IGNORECASE does), else by the pattern's own case rules.
_STREET_WORDS: Final = tuple(sorted({*_STREET_SUFFIXES, *_STREET_TYPE_WORDS}))
# Spaces and a digit after a letter a street word ends with, in any case (as IGNORECASE and
# lower() see it): most spaced numbers ("kl 22", "ca 15", "070 123") are after another letter.
_SPACED_NUMBER: Final = re.compile(
    rf"(?<=(?i:[{''.join(sorted({word[-1] for word in _STREET_WORDS}))}]))[ \u00a0]+\d"
)
_LONGEST_STREET_WORD: Final = max(map(len, _STREET_WORDS))
_STREET_WORD_END: Final = re.compile(rf"(?i:{_alternation(_STREET_WORDS)})\Z")
_PLAIN_TEXT: Final = re.compile(r"[\x00-\x7fåäöéÅÄÖÉ]*")


def _may_hold_address(text: str) -> bool:
    for match in _SPACED_NUMBER.finditer(text):
        before = text[max(0, match.start() - _LONGEST_STREET_WORD) : match.start()]
        if before.lower().endswith(_STREET_WORDS):
            return True
        if not _PLAIN_TEXT.fullmatch(before) and _STREET_WORD_END.search(before):
            return True
    return False


Detector = Callable[..., Iterator[_Candidate]]

_GUARDS: Final[dict[Detector, Callable[[str], object]]] = {
    _find_personnummer: _SIX_DIGITS.search,
    _find_phones: _PHONE_START.search,
    _find_emails: lambda text: "@" in text,
    _find_plates: _PLATE_CORE.search,
    _find_addresses: _may_hold_address,
    _find_names: may_hold_name,
}
_GUARDED: Final = tuple((_GUARDS[detector], detector) for detector in _DETECTORS)
# Guards whose "no" holds for the scrubbed text too: what they look for contains no character of
# a marker and they read no context around it, so a match in the scrubbed text lies inside text
# that was kept, where it matched before. A later round of ``_scrub`` does not ask them again.
# The others read the context a marker changes: "Kalle811228-9874" gives "Kalle" a word end
# and "4abc12" a plate start once the personnummer is masked.
_LASTING_GUARDS: Final = frozenset(
    {_find_personnummer, _find_phones, _find_emails, _find_addresses}
)


# Every guard but the e-mail and name guards wants a digit: a text without one skips all four
# detectors with one search, and so does every later round (a marker holds no digit).
_DIGIT: Final = re.compile(r"\d")
_NEED_A_DIGIT: Final = frozenset({_find_personnummer, _find_phones, _find_plates, _find_addresses})
# Detectors that may start reading where their guard's first match starts: each match of theirs
# holds a match of the guard that starts where it starts (a personnummer's first six digits, a
# phone number's "0[1-9]", "+46" or "0046", a plate's letters), and ``finditer(text, start)``
# still sees the characters before ``start`` in its look-behinds.
_STARTS_AT_GUARD: Final = frozenset({_find_personnummer, _find_phones, _find_plates})


def _candidates(
    text: str, absent: frozenset[Detector] = frozenset()
) -> tuple[list[_Candidate], frozenset[Detector]]:
    """Every detector's candidates in ``text``, and the detectors whose lasting guard failed
    (with ``absent``, known to fail already); a detector whose guard fails finds none."""
    found: list[_Candidate] = []
    failed = set(absent)
    if not failed >= _NEED_A_DIGIT and _DIGIT.search(text) is None:
        failed |= _NEED_A_DIGIT
    for guard, detector in _GUARDED:
        if detector in failed:
            continue
        hit = guard(text)
        if not hit:
            if detector in _LASTING_GUARDS:
                failed.add(detector)
        elif detector in _STARTS_AT_GUARD:
            found += detector(text, cast(re.Match[str], hit).start())
        else:
            found += detector(text)
    return found, frozenset(failed)


def _resolve(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: longest first, then most specific."""
    if len(candidates) <= 1:  # the usual case: nothing to choose between
        return list(candidates)
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start))
    chosen: list[_Candidate] = []
    for candidate in ordered:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


#: Kinds a public place can be mistaken for: "Storgatan 14" (the bus shelter's address) or
#: "Gustav Adolfs torg" read as a name. Numbers, e-mail and plates are never a place.
PLACE_LOOKALIKES: Final = frozenset({"address", "name"})


def _detect(
    text: str, places: Gazetteer | None = None, absent: frozenset[Detector] = frozenset()
) -> tuple[list[_Candidate], frozenset[Detector]]:
    """The chosen findings in ``text``, and the detectors that later rounds may skip."""
    candidates, absent = _candidates(text, absent)
    if places:
        public = [(start, end) for start, end, _ in places.spans(text)]
        candidates = [c for c in candidates if not _is_public_place(c, public)]
    return _resolve(candidates), absent


def _is_public_place(candidate: _Candidate, public: Sequence[tuple[int, int]]) -> bool:
    """Tell whether an address or name finding lies inside a gazetteer place named in the text."""
    return candidate.kind in PLACE_LOOKALIKES and any(
        start <= candidate.start and candidate.end <= end for start, end in public
    )


def _apply(text: str, found: Sequence[_Candidate]) -> tuple[str, list[tuple[int, int, int]]]:
    """Replace findings by markers; also return the kept stretches.

    Each stretch is ``(start_in_new, end_in_new, start_in_old)``.
    """
    pieces: list[str] = []
    stretches: list[tuple[int, int, int]] = []
    position = length = 0
    for candidate in found:
        kept = text[position : candidate.start]
        stretches.append((length, length + len(kept), position))
        marker = MARKERS[candidate.kind]
        pieces += [kept, marker]
        length += len(kept) + len(marker)
        position = candidate.end
    stretches.append((length, length + len(text) - position, position))
    pieces.append(text[position:])
    return "".join(pieces), stretches


def _to_old(candidate: _Candidate, stretches: Sequence[tuple[int, int, int]]) -> _Candidate:
    # Detectors never match across the brackets of a marker, so a new
    # candidate lies inside one kept stretch and maps back by a shift.
    for new_start, new_end, old_start in stretches:
        if new_start <= candidate.start and candidate.end <= new_end:
            shift = old_start - new_start
            return _Candidate(
                candidate.kind, candidate.start + shift, candidate.end + shift, candidate.priority
            )
    raise AssertionError("a finding straddles a marker")  # pragma: no cover


class _Tally:
    """How many texts :func:`scrub` was given in this process (see :func:`scrubbed_texts`)."""

    count = 0


def scrubbed_texts() -> int:
    """Return how many texts :func:`scrub` has been given in this process so far.

    A plain counter, so callers and tests can see how much scrubbing a piece of work did (an
    unchanged re-import scrubs nothing): read it before and after.

    Examples
    --------
    >>> before = scrubbed_texts()
    >>> _ = scrub_text("Ring 070-123 45 67"), scrub_text("Klotter")
    >>> scrubbed_texts() - before
    2
    """
    return _Tally.count


#: The public places a scrub keeps: a gazetteer, or a function that returns one, called only when
#: a finding might be a public place (so a caller that reads the gazetteer lazily seldom reads it).
PlacesArgument = Gazetteer | Callable[[], Gazetteer] | None


def scrub(text: str, places: PlacesArgument = None) -> ScrubResult:
    """Replace personal data in ``text`` with markers.

    Parameters
    ----------
    text : str
        Free text as written by a partner.
    places : Gazetteer or a function returning one, optional
        The municipality's public places and addresses: an address or name finding that lies
        inside one of them stays ("Storgatan 14" where the gazetteer lists the bus shelter there);
        an address not in it is still removed. A function is called only when the text has an
        address or name finding.

    Returns
    -------
    ScrubResult
        The scrubbed text and the findings, with spans in ``text``.

    Notes
    -----
    Everything that is not a finding is kept exactly: whitespace,
    punctuation, letters. Detection is repeated on the scrubbed text until it
    finds nothing, which makes ``scrub`` idempotent.

    Examples
    --------
    >>> result = scrub("Erik Johansson, tel 0701234567, bil ABC123.")
    >>> result.text
    '[namn], tel [telefonnummer], bil [registreringsnummer].'
    >>> [(f.kind, "Erik Johansson, tel 0701234567, bil ABC123."[f.start:f.end])
    ...  for f in result.findings]
    [('name', 'Erik Johansson'), ('phone', '0701234567'), ('registration', 'ABC123')]
    """
    _Tally.count += 1
    plain = _scrub(text, None)
    # The gazetteer only keeps address and name findings inside public places: without any such
    # finding it changes nothing (the findings it would drop were never chosen), so it is neither
    # asked for nor searched.
    if places is None or not any(f.kind in PLACE_LOOKALIKES for f in plain.findings):
        return plain
    gazetteer = places() if callable(places) else places
    return _scrub(text, gazetteer) if gazetteer else plain


def _scrub(text: str, places: Gazetteer | None) -> ScrubResult:
    found, absent = _detect(text, places)
    if not found:  # most texts: nothing to mask, so no second round
        return ScrubResult(text, ())
    current, stretches = _apply(text, found)
    for _ in range(_MAX_ROUNDS):
        extra, absent = _detect(current, places, absent)
        if not extra:
            break
        found = sorted([*found, *(_to_old(c, stretches) for c in extra)], key=lambda c: c.start)
        current, stretches = _apply(text, found)
    findings = tuple(Finding(c.kind, c.start, c.end) for c in found)
    return ScrubResult(current, findings)


def scrub_text(text: str, places: PlacesArgument = None) -> str:
    """Return ``text`` with personal data replaced by markers.

    Parameters
    ----------
    text : str
        Free text as written by a partner.
    places : Gazetteer, optional
        Public places and addresses that stay (see :func:`scrub`).

    Returns
    -------
    str
        The scrubbed text; see :func:`scrub` for the findings.

    Examples
    --------
    >>> scrub_text("Kontakta anna.berg@kommun.se eller 08-123 456 78.")
    'Kontakta [e-post] eller [telefonnummer].'
    >>> scrub_text("Otrygg samling av ca 15 ungdomar vid Centrum kl 22.30.")
    'Otrygg samling av ca 15 ungdomar vid Centrum kl 22.30.'
    """
    return scrub(text, places).text


def scrub_file_name(name: str) -> str:
    """Return a file's name with personal data replaced by markers, its extension kept.

    People name files after what they hold ("Anna_Svensson_850312-1234.xlsx"), and the name is
    kept where the file is not (the import's audit entry, its job, quarantined rows). Underscores
    are read as the spaces they stand for; the extension is never read as part of a finding (an
    e-mail address would take it as its domain), so the file is still read by its type.

    Examples
    --------
    >>> scrub_file_name("Anna_Svensson_850312-1234.xlsx")
    '[namn]_[personnummer].xlsx'
    >>> scrub_file_name("incidenter vecka 49.csv")
    'incidenter vecka 49.csv'
    """
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    pieces, position = [], 0
    # Not counted by ``scrubbed_texts``, which counts the texts of what is imported, not its name.
    # Underscores as spaces keep the length: the findings' spans fit ``stem``.
    for finding in _scrub(stem.replace("_", " "), None).findings:
        pieces += [stem[position : finding.start], MARKERS[finding.kind]]
        position = finding.end
    return "".join([*pieces, stem[position:], dot, extension])


def added_markers(before: str, after: str) -> list[str]:
    """Return the markers that ``after`` holds more often than ``before``, in the order they first
    occur in ``after``: what scrubbing put into a text, so that the writer can be told.

    Examples
    --------
    >>> added_markers("Kalle ringde 070-123 45 67", "[namn] ringde [telefonnummer]")
    ['[namn]', '[telefonnummer]']
    >>> added_markers("", "Klotter")
    []
    """
    added = [m for m in MARKERS.values() if after.count(m) > before.count(m)]
    return sorted(added, key=after.index)
