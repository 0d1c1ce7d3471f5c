"""Settings of the test provider. Its address and database come from the process that starts it
(``lagesbild.testing_sso``); its cookies have names of their own, so that a browser holding both
the provider's session and Lägesbild's on one host keeps them apart."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = "test-identity-provider-only-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ.get("LAGESBILD_TEST_IDP_URL", "http://127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "lagesbild.testing_idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("LAGESBILD_TEST_IDP_DATABASE", str(HERE / "idp.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"

# The groups go into the ID token, as Entra ID sends them; preferred_username comes from the
# userinfo endpoint, as Keycloak's profile scope gives it.
OIDC_IDTOKEN_PROCESSING_HOOK = "lagesbild.testing_idp.claims.add_groups"
OIDC_USERINFO = "lagesbild.testing_idp.claims.userinfo"
