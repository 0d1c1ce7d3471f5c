from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "lagesbild.goals"

    def ready(self) -> None:
        _announce_goal_changes()


def _announce_goal_changes() -> None:
    """Goals, indicators and entered values are in the yearly report: its cached copies go."""
    from django.db.models.signals import post_delete, post_save

    from lagesbild.areas.signals import announce_change
    from lagesbild.goals.models import Goal, Indicator, IndicatorValue

    def goal_changed(sender, instance, **kwargs) -> None:
        announce_change(instance.municipality_id)

    def announce_for(goals) -> None:
        # By id, not ``instance.goal``: deleting a goal deletes its indicators first.
        for municipality_id in goals.values_list("municipality_id", flat=True):
            announce_change(municipality_id)

    def indicator_changed(sender, instance, **kwargs) -> None:
        announce_for(Goal.objects.filter(pk=instance.goal_id))

    def value_changed(sender, instance, **kwargs) -> None:
        announce_for(Goal.objects.filter(indicators=instance.indicator_id))

    receivers = (
        (Goal, goal_changed),
        (Indicator, indicator_changed),
        (IndicatorValue, value_changed),
    )
    for model, receiver in receivers:
        uid = f"goals.{model.__name__}.announce"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
