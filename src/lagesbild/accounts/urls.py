from __future__ import annotations

from django.urls import path

from lagesbild.accounts import views

urlpatterns = [
    path("logga-in/tvafaktor/", views.verify, name="two-factor"),
    path("logga-in/tvafaktor/ny/", views.setup, name="two-factor-setup"),
    path("logga-in/tvafaktor/reservkoder/", views.recovery_codes, name="two-factor-recovery"),
    path("konto/losenord/", views.PasswordChange.as_view(), name="password-change"),
]
