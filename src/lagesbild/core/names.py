"""Find personal names in free text: whole names, not just the first name.

A name is found from an *anchor* and then extended over everything that continues it:

* **Anchors.** A listed first name ("Kalle", also "Kalles"); a cue before any capitalised word
  ("grannen", "rektor", "Mrs"); an initial before a capitalised word ("K. Anka"); a listed
  surname or one shaped like a surname ("Johansson", "Begić") on its own or after an unknown
  first name; a lower-case listed first name in SMS-style text ("kalle anka").
* **Continuation.** After the anchor, each following word separated by one space that is
  capitalised ("Anka", "Berg-Lind", "Ankas", "O'Connor"), an initial ("K."), or a run of
  particles before a capitalised word ("von", "af", "de la", "van der") belongs to the name,
  unless it is an ordinary word, an organisation or a place ("Polisen", "Securitas", "Han",
  "Storgatan"). In Swedish only proper nouns are capitalised inside a sentence, so a
  capitalised word right after a first name is nearly always its surname.
* **Not a name.** A first name before a street or place word ("Gustav Adolfs torg",
  "Elsa Brändströms skola"); a first name after "kv" or, for parish names, after "i"/"på";
  a first name that is also an ordinary word ("Sten", "Björn", "Per") at the start of a
  sentence with neither a surname nor a verb only a person does ("Stig ringde") after it;
  surnames that are words or towns ("Lund", "Berg", "Ek") on their own without a cue;
  a single capital letter after a word that names things by letter ("hus B. Sedan ...").

:func:`find_names` returns character spans; :mod:`lagesbild.core.privacy` masks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NamedTuple

from lagesbild.core.name_lists import (
    AMBIGUOUS_FIRST_NAMES,
    BRAND_FIRST_NAMES,
    FIRST_NAMES,
    LOWERCASE_AMBIGUOUS_FIRST_NAMES,
    MONTH_FIRST_NAMES,
    NAME_CUES,
    NAME_PARTICLES,
    NAME_PREFIXES,
    PERSON_VERBS,
    PLACE_FIRST_NAMES,
    STRONG_PARTICLES,
    SURNAMES,
    WORDLIKE_SURNAMES,
)

__all__ = ["find_names", "is_first_name", "may_hold_name"]

_MAX_NAME_TOKENS: Final = 5
_CAP: Final = r"[A-ZÅÄÖÉ]"
_LETTERS: Final = r"[^\W\d_]"

# Capitalised words that are never part of a name: sentence openers, pronouns, function
# words (Swedish and English), organisations, brands and weekdays.
NOT_NAME_WORDS: Final = frozenset(
    """
    vid på i utanför mellan mot från till hos nära bakom framför längs efter under över
    genom inne ute igår idag inatt ikväll imorse ingen inga inget en ett man kvinna flera
    några polisen polis väktare väktaren väktarna larm inbrott klotter skadegörelse brand
    bråk ungdomar personal personalen kl och men samt eller det den de dem anmälan ärende
    vittne händelse bil bilen buss bussen tåget rektor rektorn vaktmästare vaktmästaren
    grannen kollegan eleven eleverna vittnet herr fru fröken målsägande målsäganden
    anmälaren han hon hen vi jag ni du dom man sedan sen då när om att som så nu här där
    även också inte ej alla alltid aldrig ibland enligt dessutom därefter trots ring ringde
    har hade var är blev kom gick tog såg hörde med utan för av ok okej hej tack mvh
    hälsningar nattetid både båda två tre ja nej fredag lördag söndag måndag tisdag onsdag
    torsdag kommunen kommun region länsstyrelsen skolan förskolan fritidsgården
    räddningstjänsten räddningstjänst socialtjänsten socialjouren larmcentralen
    ambulansen sos securitas avarn nokas loomis g4s ica coop willys lidl hemköp
    pressbyrån systembolaget mcdonald's volvo saab bmw audi toyota tesla scania
    stockholm göteborg malmö uppsala
    the a an and or but of on in at to from with by for is was are were he she it they
    we you i his her their this that there then when after before not no yes monday
    tuesday wednesday thursday friday saturday sunday police school fire rescue
    """.split()
)

_PLACE_WORDS: Final = (
    "torg|torget|gata|gatan|väg|vägen|plats|platsen|park|parken|skola|skolan|kyrka|kyrkan|"
    "gymnasium|gymnasiet|centrum|allé|allén|gränd|gränden|backe|backen|församling|förskola|"
    "hallen|sjukhus|sjukhuset|kyrkogata|bangata|gård|gården|stadion|bibliotek|biblioteket|"
    "bro|bron|kaj|kajen|park|hage|hagen|äng|ängen|udde|udden|street|road|square|park|school"
)
_PLACE_SUFFIXES: Final = (
    "gatan|gata|vägen|väg|gränden|gränd|torget|torg|stigen|backen|allén|alléen|platsen|"
    "leden|gången|esplanaden|promenaden|kajen|slingan|stråket|skolan|kyrkan|parken|"
    "gymnasiet|hallen|centrum"
)
_PLACE_AFTER_RE: Final = re.compile(
    rf"[ ]+(?:{_CAP}{_LETTERS}*s[ ]+)?(?i:{_PLACE_WORDS})\b"
    rf"|[ ]+{_CAP}{_LETTERS}*(?:{_PLACE_SUFFIXES})\b"
)
_PLACE_TOKEN_RE: Final = re.compile(rf"{_LETTERS}(?:{_PLACE_SUFFIXES})$")
_LOCATION_BEFORE_RE: Final = re.compile(r"\b(?:i|på|vid)[ ]+$", re.IGNORECASE)
# Blocks are often named after people: "kv Stig", "kvarteret Linnea".
_BLOCK_BEFORE_RE: Final = re.compile(r"\b(?:kv\.?|kvarter|kvarteret)[ ]+$", re.IGNORECASE)
# Words that name things by a letter: "hus B", "sal C", "klass 7 B".
_DESIGNATION_BEFORE_RE: Final = re.compile(
    r"(?:\b(?:hus|huset|port|porten|trapphus|trapphuset|trappa|trappan|uppgång|uppgången|"
    r"plan|sal|rum|hiss|block|entré|ingång|ingången|del|zon|avdelning|korridor|bilaga|"
    r"alternativ|grupp|klass|lag|kategori|nivå|bana|hall|flygel|byggnad|byggnaden|skåp|"
    r"sektion|typ|modell|punkt|fas|steg|linje|spår|område|kvarter|betyget|betyg|house|"
    r"building|block|room|gate|entrance|stair|floor|level)|\d)[ ]+$",
    re.IGNORECASE,
)
_MONTH_CONTEXT_BEFORE_RE: Final = re.compile(
    r"(?:\d|\b(?:in|during|since|until|of|last|next|early|late|mid|this|by))[ ]+$", re.I
)
_DIGIT_AFTER_RE: Final = re.compile(r"[ ]+\d")
_SENTENCE_END_CHARS: Final = ".!?:;\n\"'(•–-"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_ABBREVIATED_CUES: Final = frozenset("mr mrs ms dr hr".split())
_PERSON_VERB_RE: Final = re.compile(rf"[ ]+(?:{_alternation(PERSON_VERBS)})\b")

# Surname shapes strong enough to mark a surname on their own.
_STRONG_SURNAME_RE: Final = re.compile(
    r"(?:sson|sdotter|dottir|ović|vić|ić|äinen|ski|wicz|oğlu|"
    r"oglu|zadeh|yan)$"
)

_LOWER_FIRST_NAMES: Final = frozenset(name.lower() for name in FIRST_NAMES)
_LOWER_SURNAMES: Final = frozenset(name.lower() for name in SURNAMES)
_LOWER_WORDLIKE_SURNAMES: Final = frozenset(name.lower() for name in WORDLIKE_SURNAMES)
# Frequent lower-case words that may follow a name in SMS-style text and are not surnames.
_COMMON_LOWER_WORDS: Final = frozenset(
    """
    och att som på i med till vid från om men eller så då nu här där ju ska skulle kan
    kunde vill ville måste får fick sa såg tog gick kom slog drog bad satt stod låg sprang
    bar gav blev var hade har är ej inte också igen idag igår ikväll inatt snart sen sedan
    efter innan under över mot hos bakom utanför innanför framför bredvid nära hem hemma ute
    inne upp ner ned ut in bort fram tillbaka direkt ca kl klockan ok okej hej tack jag du
    han hon vi ni de dem den det en ett min din sin vår deras hennes sig mig dig oss ingen
    inga inget alla någon några något vad vem vilken hur varför bara redan fortfarande
    kanske nog väl mycket lite mer mest flera många två tre fyra fem sex sju åtta nio tio
    ihop själv själva enligt via per typ ja nej tyvärr dock just åt ba va mm asap snälla
    springa gå komma ringa titta hjälpa öppna stänga låsa kolla fixa hämta ta se göra säga
    prata vara bli ha åka köra stanna vänta sova äta leka röka sälja köpa slå hota bråka
    kasta sparka bryta stjäla gömma följa lämna skriva svara fråga meddela larma kontakta
    hälsa veta kunna skrika gråta fly
    """.split()
)
# Verb and definite-noun endings: "ringde", "säger", "nyckeln", "bilen" are not surnames.
_NOT_LOWER_SURNAME_RE: Final = re.compile(r"(?:r|s|t|de|te|en|et|na|ng)$")


class _Token(NamedTuple):
    word: str
    start: int
    end: int
    shape: str  # "cap", "lower", "initial" or "other"


_TOKEN_RE: Final = re.compile(
    rf"(?P<initial>(?<![\w.]){_CAP}\.(?:-?{_CAP}\.)*(?!\w))"
    # An apostrophe after a letter joins a word ("O'Connor"); after anything else it is a quote.
    r"|(?<![\w@.\-])(?<!\w['’])"
    r"(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*)"
    r"(?![\w@\-])"
)
_APOSTROPHE_RE: Final = re.compile(r"['’]")


def _capitalised_piece(piece: str) -> bool:
    return len(piece) > 1 and piece[0].isupper() and piece[1:].islower()


def _capitalised_part(part: str) -> bool:
    head, *rest = _APOSTROPHE_RE.split(part)
    if rest and len(head) == 1 and head.isupper():  # O'Connor, D'Angelo
        head, rest = rest[0], rest[1:]
    return _capitalised_piece(head) and all(p.islower() or _capitalised_piece(p) for p in rest)


def _is_capitalised(word: str) -> bool:
    parts = word.split("-")
    if len(parts) > 1 and parts[0] in NAME_PREFIXES:  # al-Hassan
        parts = parts[1:]
    return all(_capitalised_part(part) for part in parts)


def _shape(word: str) -> str:
    if word.islower():
        return "lower"
    if word[0].isupper() and word[1:].islower() and word.isalpha():
        return "cap"  # the common case, without splitting
    if _is_capitalised(word):
        return "cap"
    return "lower" if word.islower() else "other"


# Reading a text with ``_TOKEN_RE`` is slow, so it is read by whitespace-separated chunks: no token
# holds whitespace, and the pattern's look-arounds (two characters back, one ahead) stop at it as
# at the ends of the text, so the tokens of a text are those of its chunks, each read on its own.
# A chunk of letters between some of these characters (none of which a token holds, nor is kept
# from by) is one token; a chunk of digits and punctuation ("070-123", "22.30,") holds none, as
# every token holds a letter. A single capital before "." is an initial ("K."), so a one-letter
# chunk with a "." is left to the pattern.
_OPENING: Final = '(["'
_CLOSING: Final = ',;:!?)]".'
_NO_LETTERS: Final = "0123456789-\u2013/+.,:;!?()[]\"'%"


# ``_Token(...)`` goes through the named tuple's ``__new__``, a Python function; ``tuple.__new__``
# makes the same tuple in a third of the time, which counts at a token of every word.
_new_token: Final = tuple.__new__


def _tokens(text: str) -> list[_Token]:
    tokens = []
    end = 0
    for chunk in text.split():
        start = text.find(chunk, end)  # only whitespace lies between ``end`` and the chunk
        end = start + len(chunk)
        word = chunk.lstrip(_OPENING)
        at = end - len(word)
        word = word.rstrip(_CLOSING)
        if word.isalpha() and (len(word) > 1 or "." not in chunk):
            shape = "lower" if word.islower() else _shape(word)  # most words, without a call
            tokens.append(_new_token(_Token, (word, at, at + len(word), shape)))
        elif chunk.strip(_NO_LETTERS):
            tokens += _pattern_tokens(text, start, end)
    return tokens


def _pattern_tokens(text: str, start: int = 0, end: int | None = None) -> list[_Token]:
    """The tokens of ``text[start:end]`` as ``_TOKEN_RE`` reads them."""
    tokens = []
    for match in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        word = match.group()
        # ``lastgroup`` names the alternative that matched.
        shape = "initial" if match.lastgroup == "initial" else _shape(word)
        tokens.append(_Token(word, match.start(), match.end(), shape))
    return tokens


# ------------------------------------------------------------------ word tests


def _without_genitive(word: str) -> str | None:
    if word.endswith(("'s", "’s")):
        return word[:-2]
    # Names ending in s, x or z take no extra s: "Klass" is no genitive of "Klas".
    if word.endswith("s") and len(word) > 2 and word[-2] not in "sxz":
        return word[:-1]
    return None


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a listed first name ("Anna", "Lars-Erik", "Lise-Lotte")."""
    parts = word.split("-")
    if all(part in FIRST_NAMES for part in parts):
        return True
    # "Britt-Inger", "Ann-Kristin": one listed part is enough in a double first name.
    return len(parts) > 1 and parts[0] in FIRST_NAMES and _is_capitalised(word)


def _first_name_base(word: str) -> str | None:
    """The listed first name ``word`` is, or is the genitive of ("Kalles" → "Kalle")."""
    if is_first_name(word):
        return word
    base = _without_genitive(word)
    return base if base is not None and is_first_name(base) else None


def _is_surname(word: str) -> bool:
    """A listed surname that is no ordinary word, or a surname by its shape."""
    parts = word.split("-")
    return any(
        (part in SURNAMES and part not in WORDLIKE_SURNAMES) or _STRONG_SURNAME_RE.search(part)
        for part in parts
    )


def _is_lone_surname(word: str) -> bool:
    if _is_surname(word):
        return True
    base = _without_genitive(word)
    return base is not None and _is_surname(base)


def _is_placelike(word: str) -> bool:
    return any(_PLACE_TOKEN_RE.search(part.lower()) for part in word.split("-"))


# Street types written as words of their own and capitalised, as street signs and the police
# write them ("Peter Åbergs Väg", "Gustav Adolfs Torg"): they end a name, and the place after
# it then makes the whole a street.
_STREET_TYPES: Final = frozenset(
    "gata gatan väg vägen torg torget plats platsen allé allén gränd gränden".split()
)


def _continues_name(token: _Token) -> bool:
    if token.shape == "initial":
        return True
    word = token.word
    lower = word.lower()
    return (
        token.shape == "cap"
        and lower not in NOT_NAME_WORDS
        and lower not in _STREET_TYPES
        and not _is_placelike(word)
    )


# ------------------------------------------------------------------ context tests


def _before(text: str, start: int, width: int = 32) -> str:
    return text[max(0, start - width) : start]


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00a0")
    return not before or before[-1] in _SENTENCE_END_CHARS


def _is_cued(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """Whether the word before token ``i`` is a cue: "grannen Kalle", "Mrs. Hägg"."""
    if i == 0:
        return False
    cue = tokens[i - 1]
    gap = text[cue.end : tokens[i].start]
    word = cue.word.lower()
    if gap in (" ", ", "):
        return word in NAME_CUES or (word == "sig" and i > 1 and tokens[i - 2].word == "kallar")
    return gap == ". " and word in _ABBREVIATED_CUES


def _place_follows(text: str, end: int) -> bool:
    return _PLACE_AFTER_RE.match(text, end) is not None


def _month_context(text: str, token: _Token) -> bool:
    """A month, not a person: "12 Jan", "in August 2024"."""
    return bool(
        _MONTH_CONTEXT_BEFORE_RE.search(_before(text, token.start, 12))
        or _DIGIT_AFTER_RE.match(text, token.end)
    )


# ------------------------------------------------------------------ name lengths


def _chain(text: str, tokens: Sequence[_Token], i: int) -> list[_Token]:
    """Tokens from ``i`` on, each separated from the previous one by spaces only."""
    run = [tokens[i]]
    for token in tokens[i + 1 : i + _MAX_NAME_TOKENS]:
        if not _is_word_gap(text[run[-1].end : token.start]):
            break
        run.append(token)
    return run


def _is_word_gap(gap: str) -> bool:
    # One space as a rule; a no-break space or a doubled space in careless typing.
    return gap == " " or (0 < len(gap) <= 3 and not gap.strip(" \u00a0"))


def _tail(run: Sequence[_Token], k: int) -> int:
    """Index just past the tokens from ``k`` on that continue a name."""
    while k < len(run):
        if _continues_name(run[k]):
            k += 1
            continue
        j = k
        while j < len(run) and run[j].shape == "lower" and run[j].word in NAME_PARTICLES:
            j += 1
        if j == k or j == len(run) or run[j].shape != "cap" or not _continues_name(run[j]):
            break
        k = j + 1  # "von Platen", "de la Gardie"
    return k


def _has_capitalised(run: Sequence[_Token]) -> bool:
    return any(token.shape == "cap" for token in run)


def _cued_length(run: Sequence[_Token]) -> int:
    length = _tail(run, 0)
    return length if _has_capitalised(run[:length]) or length == 1 else 0


def _first_name_length(text: str, run: Sequence[_Token], base: str) -> int:
    head = run[0]
    length = _tail(run, 1)
    if _is_placelike(head.word) or _BLOCK_BEFORE_RE.search(_before(text, head.start, 12)):
        return 0
    if length > 1:
        return length
    if base in BRAND_FIRST_NAMES:
        return 0
    if base in MONTH_FIRST_NAMES and _month_context(text, head):
        return 0
    if base in PLACE_FIRST_NAMES and _LOCATION_BEFORE_RE.search(_before(text, head.start, 6)):
        return 0  # "i Sofia", "på Klara"
    if (
        base in AMBIGUOUS_FIRST_NAMES
        and _at_sentence_start(text, head.start)
        and not _PERSON_VERB_RE.match(text, head.end)
    ):
        return 0  # "Sten låg på vägen", "Per dygn"
    return 1


def _marks_surname(run: Sequence[_Token], k: int) -> bool:
    """Whether the token at ``k`` shows that the one before it is a first name."""
    if k >= len(run):
        return False
    token = run[k]
    if token.shape == "cap":
        return _is_surname(token.word) and token.word.lower() not in NOT_NAME_WORDS
    return (
        token.word in STRONG_PARTICLES
        and k + 1 < len(run)
        and run[k + 1].shape == "cap"
        and _continues_name(run[k + 1])
    )


def _capitalised_name_length(text: str, run: Sequence[_Token]) -> int:
    head = run[0]
    if head.word.lower() in NOT_NAME_WORDS:
        return 0
    base = _first_name_base(head.word)
    if base is not None:
        return _first_name_length(text, run, base)
    if head.word.lower() in NAME_CUES:
        return 0  # "Hyresgästen Eriksson" opening a sentence: the cue names the one after it
    if _is_lone_surname(head.word) or _marks_surname(run, 1):
        return _tail(run, 1)  # "Johansson", "Andersson Erik", "Nermin Begić"
    return 0


def _initial_length(text: str, run: Sequence[_Token]) -> int:
    if _DESIGNATION_BEFORE_RE.search(_before(text, run[0].start, 16)):
        return 0  # "hus B. Sedan ..."
    length = _tail(run, 1)
    return length if _has_capitalised(run[1:length]) else 0


def _is_lower_surname(word: str, wordlike_too: bool) -> bool:
    if word in _LOWER_SURNAMES:
        return wordlike_too or word not in _LOWER_WORDLIKE_SURNAMES
    return _STRONG_SURNAME_RE.search(word) is not None


def _could_be_lower_surname(word: str) -> bool:
    return (
        len(word) > 2
        and word not in _COMMON_LOWER_WORDS
        and word not in _LOWER_FIRST_NAMES
        and _NOT_LOWER_SURNAME_RE.search(word) is None
    )


def _lowercase_name_length(run: Sequence[_Token]) -> int:
    """SMS style: "kalle anka ringde", "såg erik johansson"."""
    head = run[0].word
    base = head if head in _LOWER_FIRST_NAMES else _without_genitive(head)
    if base is None or base not in _LOWER_FIRST_NAMES:
        return 0
    ambiguous = base in LOWERCASE_AMBIGUOUS_FIRST_NAMES
    k = 1
    while (
        k < len(run) and run[k].shape == "lower" and _is_lower_surname(run[k].word, not ambiguous)
    ):
        k += 1
    if ambiguous:
        return k if k > 1 else 0  # "per" alone is a preposition, "hans" a pronoun
    if k == 1 and len(run) > 1 and run[1].shape == "lower" and _could_be_lower_surname(run[1].word):
        k = 2
    return k


def _may_open_lowercase_name(word: str) -> bool:
    if word in _LOWER_FIRST_NAMES or word in NAME_PARTICLES:
        return True
    base = _without_genitive(word)
    return base is not None and base in _LOWER_FIRST_NAMES


def _name_length(text: str, tokens: Sequence[_Token], i: int) -> int:
    """Number of tokens from ``i`` that form a person's name (0 for none)."""
    head = tokens[i]
    if head.shape == "other" or (head.shape == "lower" and not _may_open_lowercase_name(head.word)):
        return 0  # most words: decided without looking further
    run = _chain(text, tokens, i)
    if (head.shape != "lower" or head.word in NAME_PARTICLES) and _is_cued(text, tokens, i):
        length = _cued_length(run)
        if length:
            return 0 if _place_follows(text, run[length - 1].end) else length
    if head.shape == "lower":
        return _lowercase_name_length(run)
    length = _initial_length(text, run) if head.shape == "initial" else 0
    if head.shape == "cap":
        length = _capitalised_name_length(text, run)
    if length and _place_follows(text, run[length - 1].end):
        return 0  # "Gustav Adolfs torg", "Olof Palmes gata"
    return length


# Every lower-case word ``_may_open_lowercase_name`` accepts: the first names, their genitives
# (as ``_without_genitive`` strips them) and the particles.
_LOWER_OPENERS: Final = frozenset(
    {
        *_LOWER_FIRST_NAMES,
        *NAME_PARTICLES,
        *(name + ending for name in _LOWER_FIRST_NAMES for ending in ("'s", "’s")),
        *(name + "s" for name in _LOWER_FIRST_NAMES if len(name) > 1 and name[-1] not in "sxz"),
    }
)


def may_hold_name(text: str) -> bool:
    """Tell whether ``text`` has a word a name can start with; without one, ``find_names`` finds
    nothing, so callers may skip it.

    A name starts at an initial, a capitalised word, or a lower-case word that may open an
    SMS-style name (``_name_length`` gives 0 for any other token at once); a word of
    ``NOT_NAME_WORDS`` never starts one, whether cued or not. Words are ``find_names``' own tokens.

    The text is read by chunks as ``_tokens`` reads it; the chunks that are neither one word nor
    without letters are read by the pattern, all in one go.
    """
    others = []
    for chunk in text.split():
        word = chunk.lstrip(_OPENING).rstrip(_CLOSING)
        if not (word.isalpha() and (len(word) > 1 or "." not in chunk)):  # as in ``_tokens``
            if chunk.strip(_NO_LETTERS):
                others.append(chunk)
        elif word in _LOWER_OPENERS if word.islower() else word.lower() not in NOT_NAME_WORDS:
            return True
    return bool(others) and _may_hold_name_by_tokens(" ".join(others))


def _may_hold_name_by_tokens(text: str) -> bool:
    for initial, word in _TOKEN_RE.findall(text):
        if initial:
            return True
        if word.islower():
            if word in _LOWER_OPENERS:
                return True
        elif word.lower() not in NOT_NAME_WORDS:
            return True
    return False


def _plain_capitalised(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """Whether the capitalised token ``i`` is a word no name starts with, as ``_name_length`` and
    ``_capitalised_name_length`` decide, without building its run of following tokens: it is no
    listed first name (or its genitive) nor surname, nothing before it cues a name and the token
    after it neither is a surname nor a strong particle ("Samling av", "Boende har")."""
    word = tokens[i].word
    if _is_cued(text, tokens, i) or _first_name_base(word) is not None or _is_lone_surname(word):
        return False
    if i + 1 == len(tokens):
        return True
    after = tokens[i + 1]
    # ``_marks_surname`` asks the same of the next token when it follows as part of the run.
    return after.word not in STRONG_PARTICLES and not (
        after.shape == "cap" and _is_surname(after.word)
    )


def find_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the personal names in ``text``.

    Examples
    --------
    >>> text = "Grannen Kalle Anka och Johan von Platen såg K. Berg-Lind."
    >>> [text[start:end] for start, end in find_names(text)]
    ['Kalle Anka', 'Johan von Platen', 'K. Berg-Lind']
    >>> list(find_names("En sten låg på vägen. Sten och grus vid Gustav Adolfs torg."))
    []
    """
    tokens = _tokens(text)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        head = tokens[i]
        # Most tokens are words no name starts with, for which ``_name_length`` would give 0 (see
        # ``may_hold_name``, which holds the same rule): skipped here without a call.
        if head.shape == "other" or (
            head.word not in _LOWER_OPENERS
            if head.shape == "lower"
            else head.shape == "cap"
            and (head.word.lower() in NOT_NAME_WORDS or _plain_capitalised(text, tokens, i))
        ):
            i += 1
            continue
        length = _name_length(text, tokens, i)
        if length:
            spans.append((tokens[i].start, tokens[i + length - 1].end))
            i += length
        else:
            i += 1
    spans += _repeated_surnames(tokens, spans)
    return iter(sorted(spans))


def _repeated_surnames(
    tokens: Sequence[_Token], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Surnames of names found in this text, where they recur on their own.

    "Kalle Anka ringde. Ankas bil brann.": the second "Anka" is the same person.
    """
    surnames = set()
    for start, end in spans:
        last = [t for t in tokens if start <= t.start and t.end <= end][-1]
        if last.shape == "cap" and last.start > start:
            surnames.add(_without_genitive(last.word) or last.word)
    if not surnames:
        return []
    found = []
    for token in tokens:
        if token.shape != "cap" or token.word.lower() in NOT_NAME_WORDS:
            continue
        if token.word in surnames or _without_genitive(token.word) in surnames:
            if not any(start <= token.start < end for start, end in spans):
                found.append((token.start, token.end))
    return found
