from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lagesbild.demo"
