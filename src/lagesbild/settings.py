"""Django settings, read from the environment. Every variable is documented in
docs/configuration.md."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from lagesbild.env import (
    ConfigError,
    env_bool,
    env_file,
    env_int,
    env_list,
    env_networks,
    env_rate,
    env_secret,
    env_str,
    env_url,
)
from lagesbild.sso.config import (
    OIDC_BACKEND,
    SAML_BACKEND,
    SsoConfigError,
    oidc_settings,
    saml_settings,
)
from lagesbild.web.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("LAGESBILD_DATA_DIR", str(REPO_DIR / "data"))).resolve()

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"
# Keys used before a rotation, separated by whitespace: what was signed or keyed with them still
# counts (sessions, and the ids of imported rows without one: reports.importing).
SECRET_KEY_FALLBACKS = env_secret("SECRET_KEY_FALLBACKS").split()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must be set when DEBUG is off")
for _host in ALLOWED_HOSTS:
    # An address or a port never matches a request's host: every page would answer 400.
    if "/" in _host or (":" in _host and not _host.startswith("[")):
        raise ConfigError(
            f"ALLOWED_HOSTS holds host names without scheme, port or path "
            f"(lagesbild.kommun.se), not {_host!r}"
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The reverse proxies (addresses or networks) whose X-Forwarded-For names the client: the login
# lockout, the rate limits and the audit log then see the client, not the proxy (web/proxies.py).
LAGESBILD_TRUSTED_PROXIES = env_networks("LAGESBILD_TRUSTED_PROXIES")
# Who may reach /admin/ (web/proxies.py: AdminNetworksMiddleware); empty: everyone.
LAGESBILD_ADMIN_NETWORKS = env_networks("LAGESBILD_ADMIN_NETWORKS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "lagesbild.web",
    "lagesbild.audit",
    "lagesbild.organisations",
    "lagesbild.areas",
    "lagesbild.places",
    "lagesbild.categories",
    "lagesbild.reports",
    "lagesbild.official",
    "lagesbild.measures",
    "lagesbild.meetings",
    "lagesbild.goals",
    "lagesbild.briefings",
    "lagesbild.analysis",
    "lagesbild.regional",
    "lagesbild.annual",
    "lagesbild.statutory",
    "lagesbild.demo",
    "lagesbild.workflow",
    "lagesbild.public",
    "rest_framework",
    "drf_spectacular",
    "lagesbild.api",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "lagesbild.accounts",
    "lagesbild.sso",
    "lagesbild.privacy",
    "django_q",
    "lagesbild.jobs",
]

MIDDLEWARE = [
    # Before everything that reads the client's address (the lockout, rate limits, the audit).
    "lagesbild.web.proxies.ForwardedClientMiddleware",
    # Next: every log line of a request names its id; the health probes answer before the host
    # check and the HTTPS redirect (a container probes http://localhost, docs/operations.md).
    "lagesbild.web.logs.RequestIdMiddleware",
    "lagesbild.web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML's own session cookie (SameSite=None): the provider's answer is a cross-site POST.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "lagesbild.web.middleware.SwedishFirstLocaleMiddleware",
    # Before CommonMiddleware: an /api/ address without its slash is a 308 in JSON, not a 301.
    "lagesbild.api.errors.ApiAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lagesbild.accounts.sessions.ActiveSessionMiddleware",
    # After the session and the language: its 404 is the site's own page.
    "lagesbild.web.proxies.AdminNetworksMiddleware",
    "lagesbild.web.middleware.PrivateResponsesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lagesbild.accounts.middleware.TwoFactorRequiredMiddleware",
    # After the login and its second factor: someone in several municipalities finds a page
    # opened on the one they chose last.
    "lagesbild.web.chosen_municipality.ChosenMunicipalityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lagesbild.web.middleware.ContentSecurityPolicyMiddleware",
    # An API body over the limit is refused in JSON, a page's in HTML, with the same sentence.
    "lagesbild.api.errors.ApiBodyLimitMiddleware",
    "lagesbild.web.middleware.UploadSizeLimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lagesbild.urls"
WSGI_APPLICATION = "lagesbild.wsgi.application"

# Selects written in Python: the review queue's many selects (web/form_renderer.py).
FORM_RENDERER = "lagesbild.web.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lagesbild.web.context_processors.membership",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, Any]:
    """DATABASES["default"] for DATABASE_URL: a PostgreSQL database or an SQLite file.

    Anything else stops the app with one line that does not repeat the address (it may hold a
    password): another engine's driver is not installed, and ``sqlite://`` alone would be a
    database in memory that every command starts anew.
    """
    example = "postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3"
    try:
        # A connection is kept for a minute between requests and checked before a request uses
        # it: after a database restart each server process otherwise answered its next request
        # with 500 (and that request's user was logged out, the session unreadable).
        database: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except ValueError:
        raise ConfigError(f"DATABASE_URL is not a database address like {example}") from None
    scheme = url.partition(":")[0]
    if database["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ConfigError(
            f"DATABASE_URL names a {scheme!r} database; Lägesbild runs on PostgreSQL or SQLite: "
            f"{example}"
        )
    if database["NAME"] in {"", ":memory:"}:
        raise ConfigError(f"DATABASE_URL names no database; write it like {example}")
    return database


# Or DATABASE_URL_FILE: the password then stays out of the environment (a systemd/Docker secret).
DATABASE_URL = env_secret("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
    # Long reads (the alert series) go through a server-side cursor on PostgreSQL; a connection
    # pooler in transaction mode (PgBouncer) cannot keep one, so say so there.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "LAGESBILD_DB_TRANSACTION_POOLING", False
    )
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "lagesbild.sqlite3"}
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # However SQLite is configured: WAL lets readers go on while one process writes; a write
    # transaction takes the write lock when it begins (IMMEDIATE), so a second writer waits for
    # it up to the busy timeout (seconds) instead of failing with "database is locked".
    # synchronous=NORMAL: in WAL mode a commit is then written without waiting for the disk
    # (the log is synced at checkpoints); a crash of the app loses nothing, a power cut may lose
    # the last commits but never corrupts the file (sqlite.org/wal.html). Every page view writes
    # its audit entry, so a sync per commit would bound the whole site by the disk.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# A password reset link (accounts/password_reset.py) works for one day, not Django's three.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# The site's public address for links in e-mails (password reset, invitations, reminders), e.g.
# https://lagesbild.kommun.se; empty: the request's host (checked against ALLOWED_HOSTS).
LAGESBILD_BASE_URL = env_url("LAGESBILD_BASE_URL")
# The accessibility statement (/tillganglighet/, lagen 2018:1937 om tillgänglighet till digital
# offentlig service): who runs this installation, and where to ask for content in another form
# or report a barrier (an e-mail address or a web address).
LAGESBILD_OPERATOR = env_str("LAGESBILD_OPERATOR").strip()
LAGESBILD_ACCESSIBILITY_CONTACT = env_str("LAGESBILD_ACCESSIBILITY_CONTACT").strip()
# E-mails an hour: the member page's to one account and from one coordinator, and password reset
# requests per address and per client (organisations.services, accounts.password_reset).
LAGESBILD_MEMBER_MAIL_LIMIT = env_int("LAGESBILD_MEMBER_MAIL_LIMIT", 3, minimum=1)
LAGESBILD_MEMBER_MAIL_SENDER_LIMIT = env_int("LAGESBILD_MEMBER_MAIL_SENDER_LIMIT", 50, minimum=1)
LAGESBILD_PASSWORD_RESET_ADDRESS_LIMIT = env_int(
    "LAGESBILD_PASSWORD_RESET_ADDRESS_LIMIT", 3, minimum=1
)
LAGESBILD_PASSWORD_RESET_CLIENT_LIMIT = env_int(
    "LAGESBILD_PASSWORD_RESET_CLIENT_LIMIT", 10, minimum=1
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes checks every login first: after LAGESBILD_LOGIN_FAILURE_LIMIT failures of one
# username from one address, that pair is locked for the cool-off even with the right password.
# The pair (not the address alone) keeps one office behind a NAT from locking out everyone.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on through an OpenID Connect provider (Entra ID, Keycloak, …), off unless
# LAGESBILD_OIDC_CLIENT_ID is set; the provider's groups map to roles (lagesbild.sso).
try:
    _OIDC = oidc_settings(os.environ, env_secret("LAGESBILD_OIDC_CLIENT_SECRET"))
except SsoConfigError as exc:
    raise ConfigError(str(exc)) from None
LAGESBILD_OIDC_ENABLED: bool = _OIDC["LAGESBILD_OIDC_ENABLED"]
LAGESBILD_OIDC_CLIENT_ID: str = _OIDC["LAGESBILD_OIDC_CLIENT_ID"]
LAGESBILD_OIDC_PROVIDER_NAME: str = _OIDC["LAGESBILD_OIDC_PROVIDER_NAME"]
LAGESBILD_OIDC_ISSUER: str = _OIDC["LAGESBILD_OIDC_ISSUER"]
LAGESBILD_OIDC_GROUPS_CLAIM: str = _OIDC["LAGESBILD_OIDC_GROUPS_CLAIM"]
LAGESBILD_OIDC_USERNAME_CLAIM: str = _OIDC["LAGESBILD_OIDC_USERNAME_CLAIM"]
LAGESBILD_OIDC_TRUST_IDP_MFA: bool = _OIDC["LAGESBILD_OIDC_TRUST_IDP_MFA"]
globals().update({name: value for name, value in _OIDC.items() if name.startswith("OIDC_")})
if LAGESBILD_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append(OIDC_BACKEND)

# Single sign-on through a SAML 2.0 identity provider (Entra ID, ADFS, Shibboleth), off unless
# LAGESBILD_SAML_IDP_METADATA_URL or _FILE is set; the same group mapping (lagesbild.sso.saml).
try:
    _SAML = saml_settings(os.environ)
except SsoConfigError as exc:
    raise ConfigError(str(exc)) from None
LAGESBILD_SAML_ENABLED: bool = _SAML["LAGESBILD_SAML_ENABLED"]
LAGESBILD_SAML_PROVIDER_NAME: str = _SAML["LAGESBILD_SAML_PROVIDER_NAME"]
LAGESBILD_SAML_IDP_METADATA_URL: str = _SAML["LAGESBILD_SAML_IDP_METADATA_URL"]
LAGESBILD_SAML_IDP_METADATA_FILE: str = _SAML["LAGESBILD_SAML_IDP_METADATA_FILE"]
LAGESBILD_SAML_IDP_ENTITY_ID: str = _SAML["LAGESBILD_SAML_IDP_ENTITY_ID"]
LAGESBILD_SAML_BASE_URL: str = _SAML["LAGESBILD_SAML_BASE_URL"]
LAGESBILD_SAML_SP_ENTITY_ID: str = _SAML["LAGESBILD_SAML_SP_ENTITY_ID"]
LAGESBILD_SAML_SP_KEY_FILE: str = _SAML["LAGESBILD_SAML_SP_KEY_FILE"]
LAGESBILD_SAML_SP_CERT_FILE: str = _SAML["LAGESBILD_SAML_SP_CERT_FILE"]
LAGESBILD_SAML_SIGN_REQUESTS: bool = _SAML["LAGESBILD_SAML_SIGN_REQUESTS"]
LAGESBILD_SAML_WANT_RESPONSE_SIGNED: bool = _SAML["LAGESBILD_SAML_WANT_RESPONSE_SIGNED"]
LAGESBILD_SAML_USER_ID_ATTRIBUTE: str = _SAML["LAGESBILD_SAML_USER_ID_ATTRIBUTE"]
LAGESBILD_SAML_EMAIL_ATTRIBUTE: str = _SAML["LAGESBILD_SAML_EMAIL_ATTRIBUTE"]
LAGESBILD_SAML_GROUPS_ATTRIBUTE: str = _SAML["LAGESBILD_SAML_GROUPS_ATTRIBUTE"]
LAGESBILD_SAML_TRUST_IDP_MFA: bool = _SAML["LAGESBILD_SAML_TRUST_IDP_MFA"]
if LAGESBILD_SAML_ENABLED:
    AUTHENTICATION_BACKENDS.append(SAML_BACKEND)
# djangosaml2: the configuration from LAGESBILD_SAML_* (sso.saml.sp_config); the AuthnRequest
# by HTTP-Redirect, which Entra ID, ADFS and Shibboleth all take; the project sets its own CSP.
SAML_CONFIG_LOADER = "lagesbild.sso.saml.sp_config"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CSP_HANDLER = ""
AXES_FAILURE_LIMIT = env_int("LAGESBILD_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LAGESBILD_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lagesbild.accounts.views.locked_out"
# A username that is no account's is stored and keyed scrubbed (a personnummer typed into the
# field): lagesbild.accounts.attempts.
AXES_USERNAME_CALLABLE = "lagesbild.accounts.attempts.stored_username"
# A login through the identity provider is no password guess (lagesbild.sso.lockout).
AXES_WHITELIST_CALLABLE = "lagesbild.sso.lockout.not_a_password_login"

# Staff and everyone who reads all text or sensitive categories confirm every login with a TOTP
# code or a recovery code (django-otp; organisations.access.requires_second_factor).
LAGESBILD_REQUIRE_2FA = env_bool("LAGESBILD_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("LAGESBILD_TOTP_ISSUER", "Lägesbild")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The container image collects static files into the image (LAGESBILD_STATIC_ROOT), apart from
# the data volume.
STATIC_ROOT = Path(env_str("LAGESBILD_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES_DIR = Path(env_str("LAGESBILD_NODE_MODULES", str(REPO_DIR / "node_modules")))
# Front-end libraries come from the npm registry at install time and are served by the app:
# no CDN, nothing fetched at run time.
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES_DIR / path)
    for name, path in {"leaflet": "leaflet/dist"}.items()
    if (NODE_MODULES_DIR / path).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Decided here, not when the middleware starts: under tests DEBUG is switched off after the
# settings load, and WhiteNoise would then list every static file through the finders for each
# new test client (half the time of a test that asks as ten people).
WHITENOISE_AUTOREFRESH = DEBUG

# Map tiles are off by default: a municipal network may not reach any tile server, and CSP stays
# 'self'. Set a URL template such as https://tiles.example.se/{z}/{x}/{y}.png to show a base map.
MAP_TILE_URL = env_str("LAGESBILD_MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env_str("LAGESBILD_MAP_TILE_ATTRIBUTION")
# Or the municipality's WMS (used when no tile URL is set): its base URL and comma-separated layers.
MAP_WMS_URL = env_str("LAGESBILD_MAP_WMS_URL")
MAP_WMS_LAYERS = env_str("LAGESBILD_MAP_WMS_LAYERS")

# The statutory document's Word file: the municipality's logo in its header and, optionally, the
# municipality's own Word template (styles, page setup) as the base document.
LAGESBILD_LOGO_PATH = env_file("LAGESBILD_LOGO_PATH", (".png", ".jpg", ".jpeg"))
LAGESBILD_DOCX_TEMPLATE = env_file("LAGESBILD_DOCX_TEMPLATE", (".docx",))

SESSION_COOKIE_HTTPONLY = True
# A login ends after a working day without activity and, however active, a night shift after it
# began (accounts/sessions.py); also when the browser closes unless configured otherwise.
SESSION_COOKIE_AGE = env_int("LAGESBILD_SESSION_HOURS", 8, minimum=1) * 3600
SESSION_MAX_AGE = env_int("LAGESBILD_SESSION_MAX_HOURS", 16, minimum=1) * 3600
if SESSION_MAX_AGE < SESSION_COOKIE_AGE:
    raise ConfigError(
        "LAGESBILD_SESSION_MAX_HOURS must be at least LAGESBILD_SESSION_HOURS "
        f"({SESSION_COOKIE_AGE // 3600}), not {SESSION_MAX_AGE // 3600}"
    )
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("LAGESBILD_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is an opt-in for the whole registrable domain (often the municipality's
        # own, shared with other services) and hard to undo, so it is the operator's decision.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The API speaks JSON only, authenticates organisations' tokens and the web session (so a signed-in
# user reads the documented endpoints), limits the call rate per token or user, and answers every
# error as JSON. Rates are "<n>/<second|minute|hour|day>".
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["lagesbild.api.parsers.StrictJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A person's read token first: it answers only for lbp_ tokens, the next for lb_ ones.
        "lagesbild.api.authentication.PersonalTokenAuthentication",
        "lagesbild.api.authentication.OrganisationTokenAuthentication",
        "lagesbild.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "lagesbild.api.throttling.ApiRateThrottle",
        "lagesbild.api.throttling.AnonApiRateThrottle",
    ],
    # The address REMOTE_ADDR holds (web/proxies.py), never a client's own X-Forwarded-For, which
    # REST framework otherwise reads as the address: a new one for each call escaped the limit.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {
        "api": env_rate("LAGESBILD_API_RATE", "600/minute"),
        "api_anon": env_rate("LAGESBILD_API_ANON_RATE", "60/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lagesbild.api.exceptions.json_exception_handler",
}
SPECTACULAR_SETTINGS = {
    # ASCII: client generators make a package name of the title (pip refuses "lägesbild-api").
    "TITLE": "Lagesbild API",
    "VERSION": "1",
    "DESCRIPTION": "Reports, the weekly lägesbild, measures, meetings, goals and official "
    "statistics of a municipality, as the caller may see them; exports as CSV, Excel, GeoJSON.",
    # The schema is public (it holds no data); the docs page is /api/docs/, served without a CDN.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Tags and generated operationIds come from the path after /api/v1/: one tag per resource
    # (reports, weeks, measures, …) and ids such as reports_retrieve that a v2 would keep.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("LAGESBILD_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Uploads stay in memory: a partner's raw file never lands in a temporary file on disk. A body
# larger than FILE_UPLOAD_MAX_MEMORY_SIZE is refused (413) by UploadSizeLimitMiddleware first.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

# Raw free text (report descriptions and place texts, quarantined import rows) is emptied by
# `lagesbild purge_text` this many days after it was received; figures are kept.
LAGESBILD_TEXT_RETENTION_DAYS = env_int("LAGESBILD_TEXT_RETENTION_DAYS", 365)
if LAGESBILD_TEXT_RETENTION_DAYS < 1:
    raise ConfigError("LAGESBILD_TEXT_RETENTION_DAYS must be at least 1")

# Files made by background jobs (exports, PDFs) are kept here and served only by the job's download
# view to the person who asked; nothing under it is published as static or media URLs.
MEDIA_ROOT = Path(env_str("LAGESBILD_MEDIA_DIR", str(DATA_DIR / "files"))).resolve()

# Background jobs (docs/operations.md, "Background jobs"): django-q2 with its ORM broker, so the
# queue lives in the same database (SQLite or PostgreSQL) and `lagesbild worker` needs no server.
LAGESBILD_EXPORT_JOB_THRESHOLD = env_int("LAGESBILD_EXPORT_JOB_THRESHOLD", 5000, minimum=0)
LAGESBILD_API_EXPORT_MAX_ROWS = env_int("LAGESBILD_API_EXPORT_MAX_ROWS", 100_000, minimum=1)
LAGESBILD_JOB_WORKERS = env_int("LAGESBILD_JOB_WORKERS", 2)
LAGESBILD_JOB_TIMEOUT = env_int("LAGESBILD_JOB_TIMEOUT", 600)
LAGESBILD_JOB_RETRY = env_int("LAGESBILD_JOB_RETRY", 660)
LAGESBILD_JOB_MAX_ATTEMPTS = env_int("LAGESBILD_JOB_MAX_ATTEMPTS", 3)
LAGESBILD_JOB_RESULT_DAYS = env_int("LAGESBILD_JOB_RESULT_DAYS", 7)
# Tests only: while this file does not exist, a job waits at its first progress report.
LAGESBILD_JOB_PAUSE_FILE = env_str("LAGESBILD_JOB_PAUSE_FILE")
# Municipalities (names or codes) whose police events the shipped schedule syncs every hour.
LAGESBILD_POLICE_SYNC = env_list("LAGESBILD_POLICE_SYNC", [])
if not 0 < LAGESBILD_JOB_TIMEOUT < LAGESBILD_JOB_RETRY:
    # django-q2 re-delivers a task that is not acknowledged within `retry` seconds; a task still
    # running then would run twice, so it must be stopped (`timeout`) before.
    raise ConfigError("LAGESBILD_JOB_TIMEOUT must be above 0 and below LAGESBILD_JOB_RETRY")
if LAGESBILD_JOB_WORKERS < 1 or LAGESBILD_JOB_MAX_ATTEMPTS < 1 or LAGESBILD_JOB_RESULT_DAYS < 1:
    raise ConfigError(
        "LAGESBILD_JOB_WORKERS, LAGESBILD_JOB_MAX_ATTEMPTS and LAGESBILD_JOB_RESULT_DAYS "
        "must be at least 1"
    )
Q_CLUSTER = {
    "name": "lagesbild",
    "orm": "default",
    "workers": LAGESBILD_JOB_WORKERS,
    "timeout": LAGESBILD_JOB_TIMEOUT,
    "retry": LAGESBILD_JOB_RETRY,
    # Our own count (Job.attempts) gives up first and acknowledges the task; this is a backstop.
    "max_attempts": LAGESBILD_JOB_MAX_ATTEMPTS + 1,
    # A worker that was down for days runs each missed schedule once, not once per missed day.
    "catch_up": False,
    "save_limit": 250,
    "label": "Bakgrundsjobb",
    # Its status loop writes the cluster's status every few seconds: to the shared cache by
    # default, a database row each time, and an ERROR twice a second while Redis is down. Nothing
    # reads it but django-q2's own qinfo/qmonitor (blind to other hosts' workers with this); the
    # jobs' state is in the database (jobs.Job, the ORM broker).
    "cache": "worker",
}

# Rate limits (API, citizen form), spent form tokens and the public page's figures live in the
# cache, which every server process and machine must share: a table in the database (made by
# `lagesbild migrate`), or Redis when REDIS_URL is set. The login lockout is in the database.
REDIS_URL = env_str("REDIS_URL")
# Checked here: a wrong scheme would otherwise surface only at the first cache call of a page.
if REDIS_URL and any(
    not part.strip().startswith(("redis://", "rediss://", "unix://"))
    for part in REDIS_URL.split(",")
):
    raise ConfigError("REDIS_URL must be like redis://host:6379/0 (or rediss://, unix://)")
if REDIS_URL:
    # Only then: redis-py takes a tenth of a second to import, at every command's start.
    from redis.connection import parse_url as redis_url_options

    for part in REDIS_URL.split(","):
        try:  # a wrong port or option (?socket_timeout=) would fail the first cache call
            redis_url_options(part.strip())
        except ValueError as exc:
            raise ConfigError(f"REDIS_URL is not a Redis address: {exc}") from None
DATABASE_CACHE = {
    # Django's, with writes that do not wait for the disk (web/cache_backend.py).
    "BACKEND": "lagesbild.web.cache_backend.UnhurriedDatabaseCache",
    "LOCATION": "lagesbild_cache",
    # Past this many entries the table is culled (expired entries first): far above what an
    # hour of rate limits and two hours of spent form tokens take.
    "OPTIONS": {"MAX_ENTRIES": 50_000},
}
REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL,
    # A hung Redis holds a call for at most a second (redis-py waits 5 s), not every request
    # for long: a healthy one answers in well under a millisecond, and a page or API call makes
    # a few cache calls. An outage then costs what lagesbild/shared_cache.py says, never a 500.
    # To wait longer, name it in the URL, which wins: redis://host:6379/0?socket_timeout=3.
    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
}
CACHES = {
    "default": {
        **(REDIS_CACHE if REDIS_URL else DATABASE_CACHE),
        "KEY_PREFIX": env_str("LAGESBILD_CACHE_PREFIX"),
    },
    # Each server process's own memory, in front of the shared cache, for what may be served
    # stale by nobody: weeks under keys that name their data's generation (briefings.caching)
    # and the menu, which changes only with the code. Bounded: a week of a large municipality
    # pickles to a few hundred kB.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lagesbild-local",
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
    # The report lists' pages (reports.list_cache), apart so that they never push a week out:
    # a page of 50 rows is some 30 kB; pages of more than 100 rows are not kept.
    "lists": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lagesbild-lists",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
    # django-q2's cluster status (Q_CLUSTER["cache"]): which of its processes run, a few keys.
    "worker": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lagesbild-worker",
        "OPTIONS": {"MAX_ENTRIES": 50},
    },
}

# E-mail (reminders about measures): printed on the console unless an SMTP server is named.
# EMAIL_HOST set means SMTP; EMAIL_BACKEND may still name another backend explicitly.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ConfigError(
        "EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (implicit TLS) exclude each other"
    )
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lagesbild@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Logs go to standard error, as text or (LAGESBILD_LOG_FORMAT=json) one JSON object per line,
# each with the request id (web/logs.py).
try:
    LOGGING = logging_config(
        env_str("LAGESBILD_LOG_FORMAT", "text"), env_str("LOG_LEVEL", "WARNING")
    )
except ValueError as exc:
    raise ConfigError(str(exc)) from None

# Errors to Sentry only when SENTRY_DSN is set, scrubbed of personal data (web/monitoring.py).
SENTRY_DSN = env_secret("SENTRY_DSN")
try:
    SENTRY_TRACES_SAMPLE_RATE = float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or "0")
except ValueError:
    raise ConfigError("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1") from None
if not 0 <= SENTRY_TRACES_SAMPLE_RATE <= 1:
    raise ConfigError("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1")
if SENTRY_DSN:
    # Imported only here: without a DSN neither the SDK nor the scrubber is loaded.
    from lagesbild.web.monitoring import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT"),
        release=env_str("SENTRY_RELEASE"),
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )
