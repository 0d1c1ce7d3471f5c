from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lagesbild.reports"

    def ready(self) -> None:
        from lagesbild.jobs.registry import register
        from lagesbild.reports.jobs import EXPORT, IMPORT

        register(EXPORT)
        register(IMPORT)
