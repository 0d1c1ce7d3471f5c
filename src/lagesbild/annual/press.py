"""A draft press release from the yearly report, in the register of a municipality's news item.

Every figure in it is one the report computed (a count, a whole percent, a year, an entered
value, a tally of goals or measures) and every assertion is backed by a claim of the report:
a headline says the number of crimes *falls* only when the trend test over the series supports it
("Trenden fortsätter – …" also needs this year's count to be lower than last year's); otherwise
the headline is neutral. The coordinator edits the draft; the system never publishes it.

It is written in the active language (or ``lang``): every sentence is a whole Swedish source
string in the one catalogue (``locale/en/LC_MESSAGES/django.po``) with named placeholders; only
the grammar of names and number words differs by language, in the helpers below.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass

from django.utils.translation import get_language, ngettext, override
from django.utils.translation import gettext as _

from lagesbild.annual.services import (
    DECREASES,
    POLICE_SOURCE,
    AnnualReport,
    CategoryReport,
    ChangeSummary,
    DecreaseDrivers,
    EnteredFigure,
)
from lagesbild.annual.services import is_significant as _is_significant
from lagesbild.core.narrative import Claim, format_count, format_figure, format_level, years_text
from lagesbild.core.stats.change import UNUSUAL_TREND_YEARS

INCREASES = {"increased", "doubled", "more_than_doubled"}
HALVINGS = {"halved", "more_than_halved"}
# The claims that a reference year was unusual: against the mean, or the trend, of the years before.
UNUSUAL_KINDS = ("unusual_reference", "unusual_against_trend")
_NUMBER_WORDS = {
    2: "två",
    3: "tre",
    4: "fyra",
    5: "fem",
    6: "sex",
    7: "sju",
    8: "åtta",
    9: "nio",
    10: "tio",
}
_ENGLISH_NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


@dataclass(frozen=True)
class PressRelease:
    headline: str
    paragraphs: list[str]
    claims: tuple[Claim, ...]

    def as_text(self) -> str:
        return "\n\n".join([self.headline, *self.paragraphs]) + "\n"

    def as_dict(self) -> dict:
        return {
            "headline": self.headline,
            "paragraphs": list(self.paragraphs),
            "claims": [asdict(c) | {"periods": list(c.periods)} for c in self.claims],
        }


# --- wording helpers -----------------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


def _lower(text: str) -> str:
    # "Skadegörelse" inside a sentence, but keep acronyms such as "LPO".
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def _genitive(name: str) -> str:
    if _english():
        return f"{name}'s"
    return name if name[-1:].lower() in "sxz" else f"{name}s"


def _number_words() -> dict[int, str]:
    return _ENGLISH_NUMBER_WORDS if _english() else _NUMBER_WORDS


def _sender(report: AnnualReport) -> str:
    sender = _("%(genitive)s kommun") % {"genitive": _genitive(report.municipality)}
    if not report.police_organisation:
        return sender
    return _("%(municipality)s och %(police)s") % {
        "municipality": sender,
        "police": _lower(report.police_organisation),
    }


def _and(items: list[str]) -> str:
    """``a``, ``a och b``, ``a, b och c`` (in English: ``a, b and c``)."""
    if len(items) == 1:
        return items[0]
    return _("%(items)s och %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _claims(
    category: CategoryReport, *kinds: str, periods: tuple[int, ...] | None = None
) -> list[Claim]:
    return [
        c for c in category.claims if c.kind in kinds and (periods is None or c.periods == periods)
    ]


def _years(summary: ChangeSummary) -> tuple[int, int]:
    return summary.change.from_period, summary.change.to_period


def _change_claims(category: CategoryReport, summary: ChangeSummary) -> list[Claim]:
    """Return the claims behind a sentence on ``summary``: counts, change and direction."""
    years = _years(summary)
    return [
        c
        for c in category.claims
        if (c.kind == "count" and c.periods[0] in years)
        or (c.kind in ("relative_change", summary.direction) and c.periods == years)
    ]


# --- headline ------------------------------------------------------------------------------------


def _falling(category: CategoryReport) -> list[Claim]:
    return [c for c in _claims(category, "trend") if c.value is not None and c.value < 0]


def _rising(category: CategoryReport) -> list[Claim]:
    return [c for c in _claims(category, "trend") if c.value is not None and c.value > 0]


def _trend_value(trend: list[Claim]) -> float:
    """The figure of the first of ``_falling``'s or ``_rising``'s claims, which all have one."""
    value = trend[0].value
    assert value is not None
    return value


def _headline(report: AnnualReport) -> tuple[str, list[Claim]]:
    place, total = {"place": report.municipality}, report.total
    if total is not None and _falling(total):
        if _moved(total, DECREASES) and total.previous is not None:
            claims = _falling(total) + _change_claims(total, total.previous)
            return _(
                "Trenden fortsätter – antalet anmälda brott i %(place)s sjunker"
            ) % place, claims
        return _("Antalet anmälda brott i %(place)s minskar över tid") % place, _falling(total)
    if total is not None and _rising(total):
        if _moved(total, INCREASES):
            return _("Antalet anmälda brott i %(place)s ökar") % place, _rising(total)
        return _("Antalet anmälda brott i %(place)s ökar över tid") % place, _rising(total)
    falling = [c for c in report.top_categories if _falling(c)]
    if falling:
        steepest = min(falling, key=lambda c: _trend_value(_falling(c)))
        figures = place | {"category": steepest.label}
        # The headline's present tense must not contradict this year's change in the body.
        if _moved(steepest, DECREASES):
            return _("%(category)s minskar i %(place)s") % figures, _falling(steepest)
        return _("%(category)s minskar över tid i %(place)s") % figures, _falling(steepest)
    headline = _("Samverkansrapporten %(year)s: så har de anmälda brotten i %(place)s utvecklats")
    return headline % (place | {"year": report.year}), []


def _moved(category: CategoryReport, directions: AbstractSet[str]) -> bool:
    """This year's change went that way, from an ordinary year (not back from an unusual one)."""
    previous = category.previous
    return (
        previous is not None
        and previous.direction in directions
        and _unusual(category, previous) is None
    )


# --- paragraphs ----------------------------------------------------------------------------------


def _span_words(report: AnnualReport) -> str:
    years, words = report.year - report.base_year, _number_words()
    if years in words:
        return _("de senaste %(years)s åren") % {"years": words[years]}
    return _("sedan %(year)s") % {"year": report.base_year}


def _halvings(report: AnnualReport) -> tuple[list[str], list[Claim]]:
    texts, claims = [], []
    for c in report.categories:
        if c.base is None or c.base.direction not in HALVINGS:
            continue
        # A halving from a spike, or one within the noise, is no news (the report says why).
        if not _is_significant(c, c.base) or _unusual(c, c.base) is not None:
            continue
        if c.base.direction == "more_than_halved":
            text = _(
                "Antalet anmälningar om %(category)s i kommunen har mer än halverats %(span)s, "
                "från %(before)s år %(base_year)s till %(now)s år %(year)s."
            )
        else:
            text = _(
                "Antalet anmälningar om %(category)s i kommunen har halverats %(span)s, "
                "från %(before)s år %(base_year)s till %(now)s år %(year)s."
            )
        texts.append(
            text
            % {
                "category": _lower(c.label),
                "span": _span_words(report),
                "before": format_count(c.base.change.from_value),
                "base_year": report.base_year,
                "now": format_count(c.base.change.to_value),
                "year": report.year,
            }
        )
        claims += _change_claims(c, c.base)
    return texts, claims


def _lead(report: AnnualReport) -> tuple[str, list[Claim]]:
    sender, total = _sender(report), report.total
    halving_texts, claims = _halvings(report)
    if total is None or total.previous is None:
        first = _(
            "Den senaste samverkansrapporten från %(sender)s följer upp de anmälda brotten "
            "%(first_year)s–%(year)s, polisens arbete och överenskommelsens mål."
        ) % {"sender": sender, "first_year": report.first_year, "year": report.year}
        return " ".join([first, *halving_texts]), claims
    prev = total.previous
    claims += _change_claims(total, prev)
    figures = {
        "year": report.year,
        "count": format_count(prev.change.to_value),
        "place": report.municipality,
        "before": format_count(prev.change.from_value),
        "previous_year": prev.change.from_period,
        "percent": _percent(prev),
        "sender": sender,
    }
    behind = ""  # the categories credited with a significant fall, if any
    if prev.direction in DECREASES | INCREASES and not _is_significant(total, prev):
        first = _(
            "Under %(year)s anmäldes %(count)s brott i %(place)s, jämfört med %(before)s år "
            "%(previous_year)s, visar den senaste samverkansrapporten från %(sender)s. "
            "Skillnaden ligger inom den normala variationen mellan år och är inte statistiskt "
            "säkerställd."
        )
        claims += _claims(total, "not_significant", periods=_years(prev))
    elif prev.direction in DECREASES:
        first = _(
            "Under %(year)s anmäldes %(count)s brott i %(place)s, %(percent)s procent färre än "
            "år %(previous_year)s, visar den senaste samverkansrapporten från %(sender)s."
        )
        drivers = report.decrease_drivers
        if drivers is not None:
            behind, driver_claims = _behind_the_decrease(report, drivers)
            claims += driver_claims
    elif prev.direction in INCREASES:
        first = _(
            "Under %(year)s anmäldes %(count)s brott i %(place)s, %(percent)s procent fler än "
            "år %(previous_year)s, visar den senaste samverkansrapporten från %(sender)s."
        )
    elif prev.direction == "unchanged":
        first = _(
            "Under %(year)s anmäldes %(count)s brott i %(place)s, i stort sett lika många som "
            "år %(previous_year)s, visar den senaste samverkansrapporten från %(sender)s."
        )
    else:
        # Counts under 20, or a start from 0: the two counts, no percentage and no "lika många".
        first = _(
            "Under %(year)s anmäldes %(count)s brott i %(place)s, jämfört med %(before)s år "
            "%(previous_year)s, visar den senaste samverkansrapporten från %(sender)s."
        )
    caveat, caveat_claims = _unusual_note(total, prev)
    preliminary = _claims(total, "preliminary", periods=(report.year,))
    if preliminary:
        caveat += " " + _("Siffrorna för %(year)s är preliminära.") % {"year": report.year}
    claims += caveat_claims + preliminary
    return " ".join([first % figures + behind + caveat, *halving_texts]), claims


def _behind_the_decrease(report: AnnualReport, drivers: DecreaseDrivers) -> tuple[str, list[Claim]]:
    """Name the categories the report credits with the fall, with the report's own figures."""
    by_code = {c.code: c for c in report.top_categories}
    categories = [by_code[code] for code in drivers.categories]
    names = [_lower(c.label) for c in categories]
    if len(names) > 1:
        # "samt", since labels such as "stöld och inbrott" have an "och" of their own.
        names = [_("%(first)s samt %(second)s") % {"first": names[0], "second": names[1]}]
    text = " " + _(
        "Färre anmälningar om %(categories)s står för %(fall)s av de %(total)s färre anmälda "
        "brotten."
    ) % {
        "categories": names[0],
        "fall": format_count(drivers.fall),
        "total": format_count(drivers.total_fall),
    }
    years = (drivers.from_period, drivers.to_period)
    claims = [c for d in categories if d.previous for c in _change_claims(d, d.previous)]
    return text, [*claims, Claim("decrease_share", drivers.fall, years, "")]


def _unusual(category: CategoryReport, summary: ChangeSummary | None) -> Claim | None:
    """The claim that ``summary``'s reference year was unusual, if the report made it."""
    if summary is None:
        return None
    year = summary.change.from_period
    found = [
        c
        for c in _claims(category, *UNUSUAL_KINDS)
        if year - UNUSUAL_TREND_YEARS <= min(c.periods) and max(c.periods) < year
    ]
    return found[0] if found else None


def _unusual_note(
    category: CategoryReport, summary: ChangeSummary | None
) -> tuple[str, list[Claim]]:
    """The caveat a change from an unusual year needs: that year, and the level before it."""
    unusual = _unusual(category, summary)
    if summary is None or unusual is None or unusual.value is None:
        return "", []
    high = summary.change.from_value > unusual.value
    unusual_year = (
        _("Antalet år %(year)s var ovanligt högt")
        if high
        else _("Antalet år %(year)s var ovanligt lågt")
    )
    if unusual.kind == "unusual_against_trend":
        expected = _("trenden %(years)s pekade mot omkring %(level)s")
    elif len(unusual.periods) == 1:
        expected = _("år %(years)s låg det på %(level)s")
    else:
        expected = _("åren %(years)s låg det på i genomsnitt %(level)s")
    figures = {
        "year": summary.change.from_period,
        "years": years_text(unusual.periods),
        "level": format_level(unusual.value),  # as the yearly report writes it
    }
    return f" {unusual_year % figures}; {expected % figures}.", [unusual]


def _comparable(report: AnnualReport, directions: AbstractSet[str]) -> list[CategoryReport]:
    # Small counts swing by chance; a press release should not lead with them.
    return [
        c
        for c in report.top_categories
        if c.previous is not None
        and c.previous.direction in directions
        and not c.previous.change.small_counts
    ]


def _percent(summary: ChangeSummary) -> str:
    """The whole percent with the thousands separator the sentences use ("9 900 procent")."""
    return format_count(summary.percent) if summary.percent is not None else ""


def _change_sentence(summary: ChangeSummary) -> str:
    """The sentence on a category's change, with the placeholders of ``_category_sentence``."""
    if summary.direction == "more_than_halved":
        return _(
            "Antalet anmälningar om %(category)s har mer än halverats (−%(percent)s procent) "
            "jämfört med år %(previous_year)s, från %(before)s till %(now)s."
        )
    if summary.direction == "halved":
        return _(
            "Antalet anmälningar om %(category)s har halverats jämfört med år "
            "%(previous_year)s, från %(before)s till %(now)s."
        )
    if summary.direction in DECREASES:
        return _(
            "Antalet anmälningar om %(category)s har minskat med %(percent)s procent jämfört "
            "med år %(previous_year)s, från %(before)s till %(now)s."
        )
    return _(
        "Antalet anmälningar om %(category)s har ökat med %(percent)s procent jämfört med år "
        "%(previous_year)s, från %(before)s till %(now)s."
    )


def _significance(category: CategoryReport, summary: ChangeSummary) -> tuple[str, list[Claim]]:
    claims = _claims(category, "significant", "not_significant", periods=_years(summary))
    if not claims:
        return "", []
    if claims[0].kind == "significant":
        return " " + _("Förändringen är statistiskt säkerställd."), claims
    note = _(
        "Skillnaden mot %(previous_year)s ligger dock inom den normala variationen mellan år "
        "och är inte statistiskt säkerställd."
    ) % {"previous_year": summary.change.from_period}
    return " " + note, claims


def _relative(category: CategoryReport) -> float:
    """The year-on-year relative change (0 where there is none to compare)."""
    prev = category.previous
    return (prev.change.relative or 0.0) if prev is not None else 0.0


def _chosen_categories(report: AnnualReport) -> list[tuple[str, CategoryReport]]:
    """The categories the release names, significant changes first.

    Each comes with its role: "significant", "most" (the largest fall, a ranking made only
    when at least two categories were compared and that fall is a finding), "fall" or "rise"
    (the largest fall or rise, as a contrast). A ranking by a change within the noise, or by a
    return from an unusual year, would rank chance: such a fall is named as "fall", with its
    note, and after every significant finding.
    """
    compared = _comparable(report, DECREASES | INCREASES | {"unchanged"})
    falling = sorted(_comparable(report, DECREASES), key=_relative)
    rising = sorted(_comparable(report, INCREASES), key=lambda c: -_relative(c))
    # A significant return from an unusual year is not a finding to lead with.
    significant = sorted(
        (c for c in falling + rising if _is_finding(c)), key=lambda c: -abs(_relative(c))
    )
    chosen = [("significant", c) for c in significant[:2]]
    contrasts = []
    if falling and falling[0] not in significant[:2]:
        ranked = _is_finding(falling[0]) and len(compared) > 1 and _falls_most(falling)
        contrasts.append(("most" if ranked else "fall", falling[0]))
    if rising and rising[0] not in significant[:2]:
        contrasts.append(("rise", rising[0]))
    # A significant contrast before one within the noise; then the larger change first, so a
    # small fall does not lead a larger rise because it is the better news.
    contrasts.sort(key=lambda pair: (not _is_finding(pair[1]), -abs(_relative(pair[1]))))
    return (chosen + contrasts)[:3]


def _is_finding(category: CategoryReport) -> bool:
    """Whether the category's change from last year is significant and not a return from an
    unusual year: a finding to lead with, and to rank."""
    previous = category.previous
    return _is_significant(category, previous) and _unusual(category, previous) is None


def _falls_most(falling: list[CategoryReport]) -> bool:
    """Whether the first of ``falling`` (sorted by relative change) fell by a larger printed
    percent than the next: two categories both down 15 % have no "mest"."""
    if len(falling) < 2:
        return True
    first, second = falling[0].previous, falling[1].previous
    return first is not None and second is not None and first.percent != second.percent


def _category_sentence(role: str, category: CategoryReport) -> str:
    prev = category.previous
    assert prev is not None  # every chosen category has a last year to compare with
    label = _lower(category.label)
    sentence = _change_sentence(prev) % {
        "category": label,
        "percent": _percent(prev),
        "previous_year": prev.change.from_period,
        "before": format_count(prev.change.from_value),
        "now": format_count(prev.change.to_value),
    }
    # A ranking only where categories were compared with each other (role "most").
    if role != "most":
        return sentence
    ranking = _("Av de jämförda brottskategorierna minskar %(category)s mest.")
    return ranking % {"category": label} + " " + sentence


def _categories(report: AnnualReport) -> tuple[str, list[Claim]]:
    parts, claims = [], []
    for role, category in _chosen_categories(report):
        prev = category.previous
        assert prev is not None  # every chosen category has a last year to compare with
        note, note_claims = _significance(category, prev)
        caveat, caveat_claims = _unusual_note(category, prev)
        parts.append(_category_sentence(role, category) + note + caveat)
        claims += _change_claims(category, prev) + note_claims + caveat_claims
    if not parts:
        parts.append(
            _(
                "Ingen brottskategori har förändrats påtagligt mellan %(previous_year)s "
                "och %(year)s."
            )
            % {"previous_year": report.year - 1, "year": report.year}
        )
    return " ".join(parts), claims


def _entered(figure: EnteredFigure) -> str:
    values = {
        "name": _lower(figure.name),
        "value": format_figure(figure.value),
        "year": figure.year,
        "before": format_figure(figure.previous_value),
        "previous_year": figure.previous_year,
    }
    if figure.previous_value is None:
        return _("%(name)s var %(value)s år %(year)s") % values
    # The verb follows the printed figures: 12,46 -> 12,54 is "12,5" both years, not a rise.
    now, before = _printed(figure.value), _printed(figure.previous_value)
    if now > before:
        text = _("%(name)s ökade från %(before)s år %(previous_year)s till %(value)s år %(year)s")
    elif now < before:
        text = _(
            "%(name)s minskade från %(before)s år %(previous_year)s till %(value)s år %(year)s"
        )
    else:
        text = _("%(name)s var %(value)s år %(year)s, lika många som året innan")
    return text % values


def _printed(value: float) -> float:
    """``value`` as :func:`format_figure` prints it (a count, or one decimal; the same rounding,
    which is symmetric about zero)."""
    return value if float(value).is_integer() else round(value, 1)


def _police(report: AnnualReport) -> tuple[str, list[Claim]] | None:
    figures = report.entered_figures
    if not figures:
        return None
    listed = _and([_entered(f) for f in figures])
    claims = [Claim("entered_value", f.value, (f.year,), f.name) for f in figures]
    claims += [
        Claim("entered_value", f.previous_value, (f.previous_year,), f.name)
        for f in figures
        if f.previous_value is not None
    ]
    return _sources_sentence(figures) % {"figures": listed}, claims


def _sources_sentence(figures: tuple[EnteredFigure, ...]) -> str:
    """The sentence that names whose figures it lists: the police's, the partners' or both."""
    police = {f.by_police for f in figures}
    if police == {True}:
        return _("När det gäller polisens egna uppgifter visar rapporten att %(figures)s.")
    if police == {False}:
        return _("När det gäller parternas egna uppgifter visar rapporten att %(figures)s.")
    return _(
        "När det gäller polisens och parternas egna uppgifter visar rapporten att %(figures)s."
    )


def _measures(n: int) -> str:
    return ngettext("%(n)s åtgärd", "%(n)s åtgärder", n) % {"n": n}


def _follow_up(report: AnnualReport) -> tuple[str, list[Claim]] | None:
    summary = report.goal_summary
    parts, claims = [], []
    if summary.get("indicators"):
        text = _("Samverkansöverenskommelsens mål följs upp med %(n)s indikatorer.") % {
            "n": summary["indicators"]
        }
        text += " " + ngettext(
            "För %(year)s är %(on_track)s i fas och %(off_track)s inte i fas",
            "För %(year)s är %(on_track)s i fas och %(off_track)s inte i fas",
            summary["off_track"],
        ) % {
            "year": report.year,
            "on_track": summary["on_track"],
            "off_track": summary["off_track"],
        }
        # One "medan" clause, "inte" before the verb as a subordinate clause has it.
        too_early, no_data = summary["too_early"], summary["no_data"]
        if too_early and no_data:
            text += _(", medan %(n)s ännu inte går att bedöma och %(m)s saknar underlag") % {
                "n": too_early,
                "m": no_data,
            }
        elif too_early:
            text += _(", medan %(n)s ännu inte går att bedöma") % {"n": too_early}
        elif no_data:
            text += _(", medan %(n)s saknar underlag") % {"n": no_data}
        parts.append(text + ".")
        unclear = summary.get("no_clear_change", 0)
        if unclear:
            # Neither in nor off track: the change from the baseline is within chance.
            parts.append(
                ngettext(
                    "För %(n)s indikator är förändringen mot utgångsvärdet inte statistiskt "
                    "säkerställd.",
                    "För %(n)s indikatorer är förändringen mot utgångsvärdet inte statistiskt "
                    "säkerställd.",
                    unclear,
                )
                % {"n": unclear}
            )
        claims += [Claim(f"goals_{k}", v, (report.year,), "") for k, v in summary.items()]
    decided, done = report.measures_decided_count, report.measures_done_count
    if decided or done:
        sentence = ngettext(
            "Under %(year)s beslutade parterna %(decided)s och %(done)s genomfördes.",
            "Under %(year)s beslutade parterna %(decided)s och %(done)s genomfördes.",
            done,
        )
        parts.append(
            sentence % {"year": report.year, "decided": _measures(decided), "done": _measures(done)}
        )
        claims += [
            Claim("measures_decided", decided, (report.year,), ""),
            Claim("measures_done", done, (report.year,), ""),
        ]
    return (" ".join(parts), claims) if parts else None


def _collaboration(report: AnnualReport) -> tuple[str, list[Claim]]:
    text = _(
        "En viktig del i samarbetet är en gemensam bild av vad som händer på olika håll i "
        "%(place)s. Varje vecka sammanställer parterna en lägesbild och samordnar åtgärder."
    ) % {"place": report.municipality}
    claims = []
    reports = report.partner_reports
    if reports is not None and reports.total:
        text += " " + _("Under %(year)s lämnade parterna %(n)s rapporter till lägesbilden.") % {
            "year": report.year,
            "n": format_count(reports.total),
        }
        claims.append(Claim("partner_reports", reports.total, (report.year,), ""))
    # The sources of the figures the release states, as Swedish source strings written in the
    # active language: not the police's notices, of which the report gives figures and the
    # release none.
    cited = [source for source in report.sources if source != POLICE_SOURCE]
    return text + "".join(f" {_(source)}." for source in cited), claims


def press_release(report: AnnualReport, lang: str | None = None) -> PressRelease:
    """Draft a press release (headline and three to five paragraphs) from the report's claims.

    It is written in ``lang`` ("sv" or "en"), by default the active language. The report's own
    labels (category names) are in the language it was built in: build it in the same one.
    """
    if lang is None:
        return _press_release(report)
    with override(lang):
        return _press_release(report)


def _press_release(report: AnnualReport) -> PressRelease:
    headline, claims = _headline(report)
    paragraphs = []
    lead, categories = _lead(report), _categories(report)
    # The significant findings come first: before a total whose change is within the noise.
    total = report.total
    if (
        total is not None
        and total.previous is not None
        and not _is_significant(total, total.previous)
        and any(role == "significant" for role, _ in _chosen_categories(report))
    ):
        lead, categories = categories, lead
    for part in (
        lead,
        categories,
        _police(report),
        _follow_up(report),
        _collaboration(report),
    ):
        if part is not None:
            paragraphs.append(part[0])
            claims = claims + part[1]
    unique = tuple(dict.fromkeys(claims))
    return PressRelease(headline, paragraphs, unique)
