from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "lagesbild.places"
    verbose_name = _("Ortnamn och adresser")
