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
        _announce_focus_changes()


def _announce_focus_changes() -> None:
    """A meeting's focus areas are in the next week's analysis: its cached copies go."""
    from lagesbild.areas.signals import announce_owners_of
    from lagesbild.meetings.models import FocusArea, Meeting

    announce_owners_of(Meeting, "municipality_id")
    announce_owners_of(FocusArea, "meeting__municipality_id")
