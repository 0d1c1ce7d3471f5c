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
    from django.db.models.signals import post_delete, post_save

    from lagesbild.areas.signals import announce_change
    from lagesbild.meetings.models import FocusArea, Meeting

    def meeting_changed(sender, instance, **kwargs) -> None:
        announce_change(instance.municipality_id)

    def focus_changed(sender, instance, **kwargs) -> None:
        municipality_id = (
            Meeting.objects.filter(pk=instance.meeting_id)
            .values_list("municipality_id", flat=True)
            .first()
        )
        if municipality_id:
            announce_change(municipality_id)

    for model, receiver in ((Meeting, meeting_changed), (FocusArea, focus_changed)):
        uid = f"meetings.{model.__name__}.announce"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
