"""``lagesbild stats trend|events``: Brå trends and police event counts for a municipality."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lagesbild.core.narrative import format_count
from lagesbild.core.stats.change import Change
from lagesbild.official import queries
from lagesbild.reports.exports import YEARS


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
    if day.year not in YEARS:  # the calendar's edges have no day before or after to count to
        raise argparse.ArgumentTypeError(
            f"{text!r}: choose a date from {YEARS.start} to {YEARS.stop - 1}"
        )
    return day


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) not in YEARS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: choose a year from {YEARS.start} to {YEARS.stop - 1}"
        )
    return int(text)


def _percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{100 * value:+.1f} %".replace(".", ",").replace("-", "−")


class Command(BaseCommand):
    help = (
        "Print a category's yearly Brå figures with changes, trend, E-test and the sentence for "
        "the report (trend), or count police event notices (events). --json for data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="query", required=True, metavar="FRÅGA")
        # Django's CommandParser gives its subparsers called_from_command_line: a subcommand's
        # option error is one line too (cli.py).
        trend = sub.add_parser(
            "trend",
            help="anmälda brott per år för en kategori (Brå), förändring och trend",
            description="Counts and rates per year, changes, trend and E-test for one category.",
        )
        trend.add_argument("--municipality", required=True, help="code (1283) or name")
        trend.add_argument("--category", required=True, help="category code, e.g. skadegorelse")
        trend.add_argument("--from", dest="first", type=_year, required=True, help="base year")
        trend.add_argument("--to", dest="last", type=_year, required=True, help="last year")
        trend.add_argument("--json", action="store_true", help="print JSON")
        events = sub.add_parser(
            "events",
            help="polisens händelsenotiser per typ, kategori eller månad",
            description="Count police event notices by event time; roll-ups are not counted.",
        )
        events.add_argument("--municipality", required=True, help="code (1283) or name")
        events.add_argument("--from", dest="start", type=_date, required=True, help="YYYY-MM-DD")
        events.add_argument("--to", dest="end", type=_date, required=True, help="YYYY-MM-DD")
        events.add_argument("--by", choices=queries.EVENT_GROUPINGS, default="type")
        events.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            code, _ = queries.resolve_municipality(options["municipality"])
            if options["query"] == "trend":
                self._trend(code, options)
            else:
                self._events(code, options)
        except queries.QueryError as exc:
            raise CommandError(str(exc)) from None

    def _trend(self, code: str, options: dict[str, Any]) -> None:
        summary = queries.trend_summary(
            code, options["category"], options["first"], options["last"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{summary.category_name_sv} i {summary.municipality_name} ({code}), "
            f"{summary.first_year}–{summary.last_year}"
        )
        self.stdout.write(f"Källa: {summary.source}")
        self.stdout.write(f"{'år':<6}{'antal':>10}{'folkmängd':>12}{'per 100 000':>14}")
        for row in summary.years:
            rate = f"{row.rate_per_100k:.1f}".replace(".", ",") if row.rate_per_100k else "–"
            population = format_count(row.population) if row.population else "–"
            mark = " (prel.)" if row.preliminary else ""
            self.stdout.write(
                f"{row.year:<6}{format_count(row.count):>10}{population:>12}{rate:>14}{mark}"
            )
        if summary.missing_years:
            self.stdout.write(f"Saknas: {', '.join(map(str, summary.missing_years))}")
        for label, change in (
            ("föregående år", summary.previous_year),
            ("basåret", summary.base_year),
            ("fem år tidigare", summary.five_years),
        ):
            self.stdout.write(self._change_line(label, change))
        self.stdout.write(self._trend_line(summary.trend))
        self.stdout.write(
            f"E-test {summary.first_year} mot {summary.last_year}: "
            f"p = {summary.etest.p_value:.3f}".replace(".", ",")
        )
        self.stdout.write("")
        self.stdout.write(summary.sentence_sv.text)

    @staticmethod
    def _change_line(label: str, change: Change | None) -> str:
        if change is None:
            return f"Jämfört med {label}: uppgift saknas"
        return (
            f"Jämfört med {label} ({change.from_period}): {_percent(change.relative)} "
            f"({format_count(change.from_value)} → {format_count(change.to_value)})"
        )

    @staticmethod
    def _trend_line(trend: Any) -> str:
        if not trend.estimated:
            return f"Trend: ingen skattning ({trend.method})"
        return (
            f"Trend {trend.first_year}–{trend.last_year}: {_percent(trend.annual_change)} per år "
            f"(95 % KI {_percent(trend.ci_low)} till {_percent(trend.ci_high)}), "
            f"p = {trend.p_value:.3f}, {trend.method}".replace("p = 0.", "p = 0,")
        )

    def _events(self, code: str, options: dict[str, Any]) -> None:
        counts = queries.police_event_counts(code, options["start"], options["end"], options["by"])
        if options["json"]:
            self.stdout.write(json.dumps(counts.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Polisens händelsenotiser i {counts.municipality_name} ({code}), "
            f"{counts.start}–{counts.end}, efter händelsetid"
        )
        self.stdout.write(f"Källa: {counts.source}")
        width = max([len(key) for key, _ in counts.counts] + [5])
        for key, count in counts.counts:
            self.stdout.write(f"{key:<{width}}  {count:>6}")
        self.stdout.write(f"{'totalt':<{width}}  {counts.total:>6}")
        self.stdout.write(
            f"Sammanfattningar som inte räknats: {counts.excluded_summaries}. "
            "Notiserna är pressmeddelanden, inte brottsstatistik."
        )
