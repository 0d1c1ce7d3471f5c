from __future__ import annotations

from django.urls import path

from lagesbild.accounts import views

urlpatterns = [
    path("logga-in/tvafaktor/", views.verify, name="two-factor"),
    path("logga-in/tvafaktor/ny/", views.setup, name="two-factor-setup"),
    path("logga-in/tvafaktor/reservkoder/", views.recovery_codes, name="two-factor-recovery"),
    path("konto/losenord/", views.PasswordChange.as_view(), name="password-change"),
    path("konto/aterstall/", views.PasswordReset.as_view(), name="password-reset"),
    path("konto/aterstall/skickat/", views.PasswordResetDone.as_view(), name="password-reset-done"),
    path(
        "konto/aterstall/klart/",
        views.PasswordResetComplete.as_view(),
        name="password-reset-complete",
    ),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
]
