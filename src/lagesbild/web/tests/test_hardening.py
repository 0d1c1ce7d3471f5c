"""Production hardening: the deploy checks, security headers, sessions and upload limits."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lagesbild.reports.models import Report
from lagesbild.testing import PASSWORD, Cast

# The browser fixtures set DJANGO_ALLOW_ASYNC_UNSAFE for this process; a deployment has none,
# nor the demo's LAGESBILD_REQUIRE_2FA=false.
ENVIRONMENT = {
    k: v
    for k, v in os.environ.items()
    if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "LAGESBILD_REQUIRE_2FA")  # a demo shell sets it
}
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "lagesbild.example.se",
}


def test_the_deploy_checks_pass_without_a_warning_with_production_settings(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lagesbild", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env={**ENVIRONMENT, **PRODUCTION, "LAGESBILD_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    # Only the HSTS preload check is silenced, for the reason given in settings.py.
    assert "System check identified no issues (1 silenced)." in result.stdout


def production_setting(expression: str) -> str:
    code = f"from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        env={**ENVIRONMENT, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "lagesbild.settings"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_cookies_are_secure_and_the_session_lasts_a_working_day() -> None:
    values = "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    values += "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE"
    assert production_setting(values) == (
        "True True True ('HTTP_X_FORWARDED_PROTO', 'https') 28800 True"
    )


def test_every_response_sends_a_permissions_policy_and_the_other_security_headers(db) -> None:
    response = Client().get(reverse("login"))
    policy = response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "camera=()" in policy and "microphone=()" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_uploads_are_kept_in_memory_only() -> None:
    assert django_settings.FILE_UPLOAD_HANDLERS == [
        "django.core.files.uploadhandler.MemoryFileUploadHandler"
    ]
    assert (
        django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )


def test_an_oversized_upload_is_refused_with_413_and_a_message_not_a_crash(
    cast: Cast, settings
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client = Client()
    assert client.login(username=cast.sara.username, password=PASSWORD)
    big = SimpleUploadedFile("export.csv", b"x;" * 75_000, content_type="text/csv")
    response = client.post(
        reverse("report-import"), {"organisation": cast.bevakning.pk, "file": big, "import": "1"}
    )
    assert response.status_code == 413
    assert "Det du skickade är för stort: högst 0,1 MB tas emot." in response.content.decode()
    assert not Report.objects.exists()


def test_an_oversized_api_request_is_answered_in_json(db, settings) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    response = Client().post(
        "/api/v1/reports/", "{" + " " * 500 + "}", content_type="application/json"
    )
    assert response.status_code == 413 and response.json() == {
        "error": "payload_too_large",
        "detail": "Det du skickade är för stort: högst 0,0 MB tas emot.",
    }


def test_an_oversized_api_request_is_refused_in_the_asked_language(db, settings) -> None:
    # It was Swedish, with a decimal point ("högst 10.5 MB"), whatever the program asked for.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    body = "{" + " " * settings.FILE_UPLOAD_MAX_MEMORY_SIZE + "}"
    response = Client().post(
        "/api/v1/reports/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413 and response["Content-Language"] == "en"
    assert response.json()["detail"] == "What you sent is too large: at most 10.5 MB is accepted."
