from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lagesbild.reports"

    def ready(self) -> None:
        from lagesbild.areas.signals import areas_redrawn
        from lagesbild.jobs.registry import register
        from lagesbild.reports.geocoding import on_areas_redrawn
        from lagesbild.reports.jobs import EXPORT, IMPORT

        register(EXPORT)
        register(IMPORT)
        areas_redrawn.connect(on_areas_redrawn, dispatch_uid="reports.geocoding.areas_redrawn")
