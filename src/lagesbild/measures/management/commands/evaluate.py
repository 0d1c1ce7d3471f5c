from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lagesbild.measures.evaluation import evaluate_measure
from lagesbild.measures.models import Measure


class Command(BaseCommand):
    help = (
        "Evaluate a measure now: count its after period (the before period from the frozen "
        "baseline), compute RES, DiD, WDQ and WDD, store the result and print it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("measure_id", type=int, help="the measure's number (as in its address)")
        parser.add_argument("--json", action="store_true", help="print the stored result as JSON")

    def handle(self, *args, **options) -> None:
        measure = Measure.objects.filter(pk=options["measure_id"]).first()
        if measure is None:
            raise CommandError(f"no measure {options['measure_id']}")
        try:
            evaluate_measure(measure)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        result = measure.evaluation.result
        if options["json"]:
            payload = {"measure": {"id": measure.pk, "title": measure.title}} | result
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self._print_text(measure, result)

    def _print_text(self, measure: Measure, result: dict) -> None:
        periods, areas = result["periods"], result["areas"]
        counts = result["evaluation"]["counts"]
        self.stdout.write(f"{measure.pk} {measure.title}")
        self.stdout.write(
            f"före {periods['before'][0]}–{periods['before'][1]}, "
            f"efter {periods['after'][0]}–{periods['after'][1]}"
            + ("" if result["baseline_frozen"] else " (utgångsläget inte fryst)")
        )
        for key in ("target", "control", "buffer"):
            if key in areas:
                before, after = counts[f"{key}_before"], counts[f"{key}_after"]
                self.stdout.write(f"  {key:<8} {areas[key]}: {before} → {after}")
        self.stdout.write(f"bedömning: {result['evaluation']['verdict']}")
        self.stdout.write(result["text_sv"])
        for caveat in result["caveats"]:
            self.stdout.write(f"  ! {caveat}")
