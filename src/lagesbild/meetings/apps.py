from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lagesbild.meetings"
