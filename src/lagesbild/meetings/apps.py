from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lagesbild.meetings"

    def ready(self) -> None:
        from lagesbild.briefings.focus import register_focus_source
        from lagesbild.jobs.registry import register
        from lagesbild.meetings.jobs import MINUTES
        from lagesbild.meetings.services import chosen_focus

        register_focus_source(chosen_focus)
        register(MINUTES)
