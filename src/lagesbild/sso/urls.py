from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from lagesbild.sso import oidc


def _saml(name: str) -> Callable[..., HttpResponse]:
    """The SAML view ``name``, imported on its first request: pysaml2 takes most of a second to
    import, which every process would pay at start although most installations never use it."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from lagesbild.sso import saml

        return getattr(saml, name)(request, *args, **kwargs)

    return view


urlpatterns = [
    path("logga-in/oidc/", oidc.login, name="oidc-login"),
    path("logga-in/oidc/svar/", oidc.callback, name="oidc-callback"),
    path("logga-in/saml/", _saml("login"), name="saml-login"),
    # The provider posts its answer from its own site, so it carries no CSRF token of ours.
    path("logga-in/saml/svar/", csrf_exempt(_saml("response")), name="saml-response"),
    path("logga-in/saml/metadata/", _saml("metadata"), name="saml-metadata"),
]
