"""A gazetteer: named places and public addresses, matched against free-text place descriptions.

Pure: the ``places`` app loads a municipality's places and builds a :class:`Gazetteer`; this module
normalises text, finds a place in a description (exact, contained, or a close spelling), suggests
places as a reporter types, finds the place nearest a map pin, tells the scrubber which stretches
of a text are public places, and names a cluster of reports.

Normalising drops case, punctuation and the little words of place talk (``vid``, ``på``, ``i``…),
so "Gångtunneln vid Kvartsvägen", "gångtunneln, Kvartsvägen" and "GÅNGTUNNELN KVARTSVÄGEN" are
one place.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "Gazetteer",
    "GazetteerPlace",
    "cluster_name",
    "distance_m",
    "group_places",
    "normalise_place_text",
    "place_tokens",
]

# Prepositions and fillers that say where relative to a place but do not change which place.
_FILLER: Final = frozenset(
    "vid på i invid intill utanför nära framför bakom bredvid mot mellan under över "
    "ved at near by the".split()
)
_TOKEN_RE: Final = re.compile(r"[^\W_]+")
# The scrubber's markers ("[adress]") say what was removed, not where: they are no place.
_MARKER_RE: Final = re.compile(r"\[[^\]]*\]")
# A close spelling must be this similar (difflib ratio) to count as the same place.
FUZZY_CUTOFF: Final = 0.88
# The longest place name, in words, looked for inside a text.
_MAX_NAME_WORDS: Final = 8


@dataclass(frozen=True)
class GazetteerPlace:
    """A named place or public address with its point (WGS 84)."""

    id: int
    name: str
    latitude: float
    longitude: float
    kind: str = "place"


def place_tokens(text: str) -> list[tuple[str, int, int]]:
    """Return the words of ``text`` that identify a place: (folded word, start, end) in ``text``.

    >>> [t[0] for t in place_tokens("Gångtunneln vid Kvartsvägen 4A")]
    ['gångtunneln', 'kvartsvägen', '4a']
    """
    tokens = []
    for match in _TOKEN_RE.finditer(_MARKER_RE.sub(_blank, text)):
        word = unicodedata.normalize("NFKC", match.group()).casefold()
        if word not in _FILLER:
            tokens.append((word, match.start(), match.end()))
    return tokens


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())  # same length: the offsets stay those of the text


@lru_cache(maxsize=65_536)
def normalise_place_text(text: str) -> str:
    """Return the key that spellings of one place share.

    Remembered: the week's window asks it for every report, and places recur.

    >>> normalise_place_text("  Miljöhuset vid KVÄLLSVÄGEN. ")
    'miljöhuset kvällsvägen'
    >>> normalise_place_text("miljöhuset, Kvällsvägen")
    'miljöhuset kvällsvägen'
    """
    return " ".join(word for word, _, _ in place_tokens(text))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres (haversine; metres matter, not millimetres)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """A municipality's places, looked up by normalised name."""

    def __init__(self, places: Iterable[GazetteerPlace]) -> None:
        self.places: tuple[GazetteerPlace, ...] = tuple(places)
        self._by_key: dict[str, GazetteerPlace] = {}
        for place in self.places:
            key = normalise_place_text(place.name)
            if key:
                self._by_key.setdefault(key, place)
        self._longest = min(_MAX_NAME_WORDS, max((len(k.split()) for k in self._by_key), default=0))

    def __len__(self) -> int:
        return len(self.places)

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def spans(self, text: str) -> list[tuple[int, int, GazetteerPlace]]:
        """Return the stretches of ``text`` that name a place (they may overlap: "Miljöhuset
        Kvällsvägen 12" names the house and its address).

        >>> g = Gazetteer([GazetteerPlace(1, "Storgatan 14", 55.6, 13.0)])
        >>> [(text[s:e]) for text in ["Storgatan 14, busskuren"] for s, e, _ in g.spans(text)]
        ['Storgatan 14']
        """
        tokens = place_tokens(text)
        found: list[tuple[int, int, GazetteerPlace]] = []
        for first in range(len(tokens)):
            for size in range(min(self._longest, len(tokens) - first), 0, -1):
                window = tokens[first : first + size]
                place = self._by_key.get(" ".join(w for w, _, _ in window))
                if place is not None:
                    found.append((window[0][1], window[-1][2], place))
                    break
        return found

    def match(self, text: str) -> GazetteerPlace | None:
        """Return the place ``text`` describes: the whole text, the longest place named in it,
        or a close spelling of the whole text; None when nothing fits."""
        key = normalise_place_text(text)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        named = self.spans(text)
        if named:
            return max(named, key=lambda s: (len(normalise_place_text(text[s[0] : s[1]])), -s[0]))[
                2
            ]
        # A typo in a word is forgiven, a different house number never: Storgatan 12 is not 14.
        numbers = _numbers(key)
        close = [
            k
            for k in difflib.get_close_matches(key, self._by_key, n=3, cutoff=FUZZY_CUTOFF)
            if _numbers(k) == numbers
        ]
        return self._by_key[close[0]] if close else None

    def suggest(self, typed: str, limit: int = 8) -> list[GazetteerPlace]:
        """Return places for what a reporter has typed so far: names starting with it first,
        then names with a word starting with it, shortest first."""
        key = normalise_place_text(typed)
        if not key:
            return []
        starts, within = [], []
        for name_key, place in self._by_key.items():
            if name_key.startswith(key):
                starts.append(place)
            elif f" {key}" in f" {name_key}":
                within.append(place)
        ordered = sorted(starts, key=_name_order) + sorted(within, key=_name_order)
        return ordered[:limit]

    def nearest(
        self, latitude: float, longitude: float, within_m: float = 300
    ) -> GazetteerPlace | None:
        """Return the place nearest a point, if one lies within ``within_m`` metres.

        A named place within reach wins over a nearer bare address: people say "the bus shelter",
        not its house number."""
        best: tuple[int, float, GazetteerPlace] | None = None
        for place in self.places:
            d = distance_m(latitude, longitude, place.latitude, place.longitude)
            if d <= within_m:
                rank = (0 if place.kind == "place" else 1, d, place)
                if best is None or rank[:2] < best[:2]:
                    best = rank
        return best[2] if best else None


def _numbers(key: str) -> list[str]:
    return [word for word in key.split() if word[0].isdigit()]


def _name_order(place: GazetteerPlace) -> tuple[int, str]:
    return (len(place.name), place.name.casefold())


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:")


def _looks_like_a_name(text: str) -> bool:
    """A capital first and not all capitals: "Kiosken vid torget" over "KIOSKEN, vid torget"."""
    return text[:1].isupper() and not text.isupper()


def cluster_name(
    place_texts: Sequence[str],
    centre: tuple[float, float] | None,
    gazetteer: Gazetteer | None,
    within_m: float = 300,
) -> str | None:
    """Name a group of reports: its most frequent place text (by normalised key, in its most
    frequent spelling), else the gazetteer place nearest its centre; None if neither exists.

    Scrubber markers (``[adress]``) are no name.

    >>> cluster_name(["Torget", "torget", "Torget.", "Parken"], None, None)
    'Torget'
    """
    readable = [_tidy(t) for t in place_texts if t and t.strip() and "[" not in t]
    keys = Counter(normalise_place_text(t) for t in readable)
    keys.pop("", None)
    if keys:
        top_key = max(keys, key=lambda k: (keys[k], -len(k), k))
        spellings = Counter(t for t in readable if normalise_place_text(t) == top_key)
        return max(spellings, key=lambda t: (spellings[t], _looks_like_a_name(t), -len(t), t))
    if centre is not None and gazetteer is not None:
        place = gazetteer.nearest(centre[0], centre[1], within_m)
        if place is not None:
            return place.name
    return None


# Pins closer than this are one place (a doorway and the bench beside it).
NEAR_M: Final = 30.0
# Reports with the same place text are one place unless their pins lie further apart than this
# ("Vid Storgatan" at both ends of a long street is two places).
SAME_TEXT_M: Final = 300.0


class _Groups:
    """Union-find over item numbers."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _near(a: tuple[float, float], b: tuple[float, float], metres: float) -> bool:
    return distance_m(a[0], a[1], b[0], b[1]) <= metres


def _join_near_pins(groups: _Groups, pins: dict[int, tuple[float, float]], near_m: float) -> None:
    # Buckets a radius wide: a pin's neighbours lie in its bucket or the eight around it.
    size = near_m / 111_320
    buckets: dict[tuple[int, int], list[int]] = {}
    for i, (lat, lon) in pins.items():
        cos = max(math.cos(math.radians(lat)), 0.01)
        buckets.setdefault((int(lat // size), int(lon * cos // size)), []).append(i)
    for (row, col), members in buckets.items():
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for j in buckets.get((row + dr, col + dc), ()):
                    for i in members:
                        if i < j and _near(pins[i], pins[j], near_m):
                            groups.join(i, j)


def group_places(
    items: Sequence[tuple[float | None, float | None, str]],
    near_m: float = NEAR_M,
    same_text_m: float = SAME_TEXT_M,
) -> list[int | None]:
    """Group reports that are at one place: pins within ``near_m`` of each other, or the same
    normalised place text (pins, if both have one, within ``same_text_m``).

    ``items`` are (latitude, longitude, normalised place text). Returns a group number per item
    (the smallest item number in its group); None for an item with neither pin nor text.

    >>> group_places([(55.0, 13.0, ""), (55.0001, 13.0, ""), (None, None, "torget"),
    ...               (55.1, 13.1, "torget"), (None, None, "")])
    [0, 0, 2, 2, None]
    """
    groups = _Groups(len(items))
    pins = {
        i: (lat, lon)
        for i, (lat, lon, _) in enumerate(items)
        if lat is not None and lon is not None
    }
    _join_near_pins(groups, pins, near_m)
    by_text: dict[str, list[int]] = {}
    for i, (_, _, key) in enumerate(items):
        if key:
            by_text.setdefault(key, []).append(i)
    for members in by_text.values():
        pinned = [i for i in members if i in pins]
        for n, i in enumerate(pinned):
            for j in pinned[n + 1 :]:
                if _near(pins[i], pins[j], same_text_m):
                    groups.join(i, j)
        # Reports without a pin join the first pinned one of their text (not every one, which
        # would chain two far-apart places of the same name into one).
        unpinned = [i for i in members if i not in pins]
        for i in unpinned:
            groups.join(i, (pinned or unpinned)[0])
    return [groups.find(i) if i in pins or items[i][2] else None for i in range(len(items))]
