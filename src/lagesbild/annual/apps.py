from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "lagesbild.annual"
    verbose_name = "Årsrapport"

    def ready(self) -> None:
        from lagesbild.annual.jobs import ANNUAL
        from lagesbild.jobs.registry import register

        register(ANNUAL)
