from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "lagesbild.briefings"

    def ready(self) -> None:
        from lagesbild.briefings import stored_texts
        from lagesbild.briefings.caching import connect_model_signals
        from lagesbild.briefings.jobs import KINDS
        from lagesbild.jobs.registry import register

        for kind in KINDS:
            register(kind)
        connect_model_signals()
        stored_texts.connect()
