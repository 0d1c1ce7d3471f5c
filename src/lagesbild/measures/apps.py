from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "lagesbild.measures"
