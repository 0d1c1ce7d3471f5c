from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "lagesbild.goals"

    def ready(self) -> None:
        # Goals, indicators and entered values are in the yearly report: its cached copies go.
        from lagesbild.areas.signals import announce_owners_of
        from lagesbild.goals.models import Goal, Indicator, IndicatorValue

        announce_owners_of(Goal, "municipality_id")
        announce_owners_of(Indicator, "goal__municipality_id")
        announce_owners_of(IndicatorValue, "indicator__goal__municipality_id")
