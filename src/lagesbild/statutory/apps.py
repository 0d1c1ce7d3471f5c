from django.apps import AppConfig


class StatutoryConfig(AppConfig):
    name = "lagesbild.statutory"
    verbose_name = "Lägesbild och åtgärdsplan (Lag 2023:196)"
