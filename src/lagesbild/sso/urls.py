from __future__ import annotations

from django.urls import path

from lagesbild.sso import oidc, saml

urlpatterns = [
    path("logga-in/oidc/", oidc.login, name="oidc-login"),
    path("logga-in/oidc/svar/", oidc.callback, name="oidc-callback"),
    path("logga-in/saml/", saml.login, name="saml-login"),
    path("logga-in/saml/svar/", saml.response, name="saml-response"),
    path("logga-in/saml/metadata/", saml.metadata, name="saml-metadata"),
]
