from django.apps import AppConfig


class OfficialConfig(AppConfig):
    name = "lagesbild.official"
