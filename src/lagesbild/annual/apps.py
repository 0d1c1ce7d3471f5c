from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "lagesbild.annual"
    verbose_name = "Årsrapport"

    def ready(self) -> None:
        from lagesbild.annual.jobs import KINDS
        from lagesbild.jobs.registry import register

        for kind in KINDS:
            register(kind)
