from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "lagesbild.annual"
    verbose_name = "Årsrapport"
