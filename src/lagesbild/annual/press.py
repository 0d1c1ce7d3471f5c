"""A draft press release from the yearly report, in the register of a municipality's news item.

Every figure in it is one the report computed (a count, a whole percent, a year, an entered
value, a tally of goals or measures) and every assertion is backed by a claim of the report:
a headline says the number of crimes *falls* only when the trend test over the series supports it
("Trenden fortsätter – …" also needs this year's count to be lower than last year's); otherwise
the headline is neutral. The coordinator edits the draft; the system never publishes it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lagesbild.annual.services import AnnualReport, CategoryReport, ChangeSummary, EnteredFigure
from lagesbild.core.narrative import Claim, format_count

DECREASES = {"decreased", "halved", "more_than_halved"}
INCREASES = {"increased", "doubled", "more_than_doubled"}
HALVINGS = {"halved", "more_than_halved"}
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


def _lower(text: str) -> str:
    # "Skadegörelse" inside a sentence, but keep acronyms such as "LPO".
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def _genitive(name: str) -> str:
    return name if name[-1:].lower() in "sxz" else f"{name}s"


def _number(value: float) -> str:
    if float(value).is_integer():
        return format_count(int(value))
    return f"{value:.1f}".replace(".", ",")


def _sender(report: AnnualReport) -> str:
    sender = f"{_genitive(report.municipality)} kommun"
    return (
        f"{sender} och {_lower(report.police_organisation)}"
        if report.police_organisation
        else sender
    )


def _claims(
    category: CategoryReport, *kinds: str, periods: tuple[int, int] | None = None
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


def _headline(report: AnnualReport) -> tuple[str, list[Claim]]:
    place, total = report.municipality, report.total
    if total is not None and _falling(total):
        if total.previous is not None and total.previous.direction in DECREASES:
            claims = _falling(total) + _change_claims(total, total.previous)
            return f"Trenden fortsätter – antalet anmälda brott i {place} sjunker", claims
        return f"Antalet anmälda brott i {place} minskar över tid", _falling(total)
    if total is not None and _rising(total):
        return f"Antalet anmälda brott i {place} ökar", _rising(total)
    falling = [c for c in report.top_categories if _falling(c)]
    if falling:
        steepest = min(falling, key=lambda c: _falling(c)[0].value)
        return f"{steepest.label} minskar i {place}", _falling(steepest)
    return f"Samverkansrapporten {report.year}: så har de anmälda brotten i {place} utvecklats", []


# --- paragraphs ----------------------------------------------------------------------------------


def _span_words(report: AnnualReport) -> str:
    years = report.year - report.base_year
    return (
        f"de senaste {_NUMBER_WORDS[years]} åren"
        if years in _NUMBER_WORDS
        else f"sedan {report.base_year}"
    )


def _halvings(report: AnnualReport) -> tuple[list[str], list[Claim]]:
    texts, claims = [], []
    for c in report.categories:
        if c.base is None or c.base.direction not in HALVINGS:
            continue
        verb = "mer än halverats" if c.base.direction == "more_than_halved" else "halverats"
        texts.append(
            f"Antalet anmälningar om {_lower(c.label)} i kommunen har {verb} "
            f"{_span_words(report)}, "
            f"från {format_count(c.base.change.from_value)} år {report.base_year} "
            f"till {format_count(c.base.change.to_value)} år {report.year}."
        )
        claims += _change_claims(c, c.base)
    return texts, claims


def _lead(report: AnnualReport) -> tuple[str, list[Claim]]:
    sender, total = _sender(report), report.total
    halving_texts, claims = _halvings(report)
    if total is None or total.previous is None:
        first = (
            f"Den senaste samverkansrapporten från {sender} följer upp de anmälda brotten "
            f"{report.first_year}–{report.year}, polisens arbete och överenskommelsens mål."
        )
        return " ".join([first, *halving_texts]), claims
    prev = total.previous
    claims += _change_claims(total, prev)
    count = format_count(prev.change.to_value)
    y0 = prev.change.from_period
    if prev.direction in DECREASES | INCREASES and not _is_significant(total, prev):
        first = (
            f"Under {report.year} anmäldes {count} brott i {report.municipality}, "
            f"jämfört med {format_count(prev.change.from_value)} år {y0}, visar den senaste "
            f"samverkansrapporten från {sender}. Skillnaden ligger inom den normala variationen "
            "mellan år och är inte statistiskt säkerställd."
        )
        claims += _claims(total, "not_significant", periods=_years(prev))
    elif prev.direction in DECREASES:
        drivers = _largest_decreases(report)
        claims += [c for d in drivers for c in _change_claims(d, d.previous)]
        behind = ""
        if drivers:
            # "samt", since labels such as "stöld och inbrott" have an "och" of their own.
            names = " samt ".join(_lower(d.label) for d in drivers)
            behind = (
                f" Framför allt är det färre anmälningar om {names} som ligger bakom minskningen."
            )
        first = (
            f"Under {report.year} anmäldes {count} brott i {report.municipality}, "
            f"{prev.percent} procent "
            f"färre än år {y0}, visar den senaste samverkansrapporten från {sender}.{behind}"
        )
    elif prev.direction in INCREASES:
        first = (
            f"Under {report.year} anmäldes {count} brott i {report.municipality}, "
            f"{prev.percent} procent "
            f"fler än år {y0}, visar den senaste samverkansrapporten från {sender}."
        )
    else:
        first = (
            f"Under {report.year} anmäldes {count} brott i {report.municipality}, "
            "i stort sett lika många "
            f"som år {y0}, visar den senaste samverkansrapporten från {sender}."
        )
    return " ".join([first, *halving_texts]), claims


def _comparable(report: AnnualReport, directions: set[str]) -> list[CategoryReport]:
    # Small counts swing by chance; a press release should not lead with them.
    return [
        c
        for c in report.top_categories
        if c.previous is not None
        and c.previous.direction in directions
        and not c.previous.change.small_counts
    ]


def _largest_decreases(report: AnnualReport) -> list[CategoryReport]:
    falling = sorted(_comparable(report, DECREASES), key=lambda c: c.previous.change.absolute)
    return falling[:2]


def _verb(summary: ChangeSummary) -> str:
    if summary.direction == "more_than_halved":
        return f"mer än halverats (−{summary.percent} procent)"
    if summary.direction == "halved":
        return "halverats"
    word = "minskat" if summary.direction in DECREASES else "ökat"
    return f"{word} med {summary.percent} procent"


def _significance(category: CategoryReport, summary: ChangeSummary) -> tuple[str, list[Claim]]:
    claims = _claims(category, "significant", "not_significant", periods=_years(summary))
    if not claims:
        return "", []
    if claims[0].kind == "significant":
        return " Förändringen är statistiskt säkerställd.", claims
    return (
        f" Skillnaden mot {summary.change.from_period} ligger dock inom den normala variationen "
        "mellan år och är inte statistiskt säkerställd.",
        claims,
    )


def _relative(category: CategoryReport) -> float:
    """The year-on-year relative change (0 where there is none to compare)."""
    prev = category.previous
    return (prev.change.relative or 0.0) if prev is not None else 0.0


def _is_significant(category: CategoryReport, summary: ChangeSummary | None) -> bool:
    if summary is None:
        return False
    kinds = {c.kind for c in _claims(category, "significant", periods=_years(summary))}
    return "significant" in kinds


def _chosen_categories(report: AnnualReport) -> list[tuple[str, CategoryReport]]:
    """The categories the release names, significant changes first.

    Each comes with its role: "significant", "most" (the largest fall, a ranking made only
    when at least two categories were compared) or "rise" (the largest rise, as a contrast).
    """
    compared = _comparable(report, DECREASES | INCREASES | {"unchanged"})
    falling = sorted(_comparable(report, DECREASES), key=_relative)
    rising = sorted(_comparable(report, INCREASES), key=lambda c: -_relative(c))
    significant = sorted(
        (c for c in falling + rising if _is_significant(c, c.previous)),
        key=lambda c: -abs(_relative(c)),
    )
    chosen = [("significant", c) for c in significant[:2]]
    if falling and falling[0] not in significant[:2]:
        chosen.append(("most" if len(compared) > 1 else "fall", falling[0]))
    if rising and rising[0] not in significant[:2]:
        chosen.append(("rise", rising[0]))
    return chosen[:3]


def _category_sentence(role: str, category: CategoryReport) -> str:
    prev = category.previous
    label = _lower(category.label)
    # A ranking only where categories were compared with each other (role "most").
    ranking = f"Av de jämförda brottskategorierna minskar {label} mest. " if role == "most" else ""
    return (
        f"{ranking}Antalet anmälningar om {label} har {_verb(prev)} "
        f"jämfört med år {prev.change.from_period}, från {format_count(prev.change.from_value)} "
        f"till {format_count(prev.change.to_value)}."
    )


def _categories(report: AnnualReport) -> tuple[str, list[Claim]]:
    parts, claims = [], []
    for role, category in _chosen_categories(report):
        note, note_claims = _significance(category, category.previous)
        parts.append(_category_sentence(role, category) + note)
        claims += _change_claims(category, category.previous) + note_claims
    if not parts:
        parts.append(
            f"Ingen brottskategori har förändrats påtagligt mellan {report.year - 1} "
            f"och {report.year}."
        )
    return " ".join(parts), claims


def _entered(figure: EnteredFigure) -> str:
    name = _lower(figure.name)
    value = _number(figure.value)
    if figure.previous_value is None:
        return f"{name} var {value} år {figure.year}"
    before = _number(figure.previous_value)
    if figure.value > figure.previous_value:
        return f"{name} ökade från {before} år {figure.previous_year} till {value} år {figure.year}"
    if figure.value < figure.previous_value:
        return (
            f"{name} minskade från {before} år {figure.previous_year} till {value} år {figure.year}"
        )
    return f"{name} var {value} år {figure.year}, lika många som året innan"


def _police(report: AnnualReport) -> tuple[str, list[Claim]] | None:
    figures = report.entered_figures
    if not figures:
        return None
    items = [_entered(f) for f in figures]
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]
    claims = [Claim("entered_value", f.value, (f.year,), f.name) for f in figures]
    claims += [
        Claim("entered_value", f.previous_value, (f.previous_year,), f.name)
        for f in figures
        if f.previous_value is not None
    ]
    return (
        f"När det gäller polisens och parternas egna uppgifter visar rapporten att {listed}.",
        claims,
    )


def _measures(n: int) -> str:
    return f"{n} åtgärd" if n == 1 else f"{n} åtgärder"


def _follow_up(report: AnnualReport) -> tuple[str, list[Claim]] | None:
    summary = report.goal_summary
    parts, claims = [], []
    if summary.get("indicators"):
        text = (
            f"Samverkansöverenskommelsens mål följs upp med {summary['indicators']} indikatorer. "
            f"För {report.year} är {summary['on_track']} i fas "
            f"och {summary['off_track']} inte i fas"
        )
        rest = [
            (summary["too_early"], "går ännu inte att bedöma"),
            (summary["no_data"], "saknar underlag"),
        ]
        for n, words in rest:
            if n:
                text += f", medan {n} {words}"
        parts.append(text + ".")
        claims += [Claim(f"goals_{k}", v, (report.year,), "") for k, v in summary.items()]
    decided, done = report.measures_decided_count, report.measures_done_count
    if decided or done:
        parts.append(
            f"Under {report.year} beslutade parterna {_measures(decided)} "
            f"och {_measures(done)} genomfördes."
        )
        claims += [
            Claim("measures_decided", decided, (report.year,), ""),
            Claim("measures_done", done, (report.year,), ""),
        ]
    return (" ".join(parts), claims) if parts else None


def _collaboration(report: AnnualReport) -> tuple[str, list[Claim]]:
    text = (
        f"En viktig del i samarbetet är en gemensam bild av vad som händer på olika håll i "
        f"{report.municipality}. Varje vecka sammanställer parterna en lägesbild "
        "och samordnar åtgärder."
    )
    claims = []
    reports = report.partner_reports
    if reports is not None and reports.total:
        text += (
            f" Under {report.year} lämnade parterna {format_count(reports.total)} "
            "rapporter till lägesbilden."
        )
        claims.append(Claim("partner_reports", reports.total, (report.year,), ""))
    return text + " " + " ".join(report.sources) + ".", claims


def press_release(report: AnnualReport, lang: str = "sv") -> PressRelease:
    """Draft a press release (headline and three to five paragraphs) from the report's claims."""
    if lang != "sv":
        raise ValueError("the press release is written in Swedish only (lang='sv')")
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
