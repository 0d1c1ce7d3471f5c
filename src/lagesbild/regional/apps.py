from django.apps import AppConfig


class RegionalConfig(AppConfig):
    name = "lagesbild.regional"
