from django.apps import AppConfig


class StatutoryConfig(AppConfig):
    name = "lagesbild.statutory"
    verbose_name = "Lägesbild och åtgärdsplan (Lag 2023:196)"

    def ready(self) -> None:
        from lagesbild.jobs.registry import register
        from lagesbild.statutory.jobs import KINDS

        for kind in KINDS:
            register(kind)
