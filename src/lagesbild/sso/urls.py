from __future__ import annotations

from django.urls import path

from lagesbild.sso import oidc

urlpatterns = [
    path("logga-in/oidc/", oidc.login, name="oidc-login"),
    path("logga-in/oidc/svar/", oidc.callback, name="oidc-callback"),
]
