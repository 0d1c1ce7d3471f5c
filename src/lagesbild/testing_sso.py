"""A real OpenID Connect provider in another process, for the single sign-on tests.

``oidc_provider`` prepares the test provider's own SQLite database (``testing_idp``), registers
Lägesbild's callback as a client, starts it under gunicorn on a free loopback port and stops it at
the end. ``TestProvider.settings()`` are the Django settings Lägesbild gets from the environment
for this provider (``sso.config.oidc_settings``), so the tests configure exactly what an
operator would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lagesbild.sso.config import oidc_settings
from lagesbild.testing_servers import free_port, stop_server, wait_until_answering

CLIENT_ID = "lagesbild-test"
CLIENT_SECRET = "test-client-secret-not-a-secret"
PROVIDER_NAME = "Testkommunens konto"
CALLBACK = "/logga-in/oidc/svar/"  # Lägesbild's redirect URI, registered at the provider
PASSWORD = "idp-test-password"  # every test user's password at the provider


@dataclass(frozen=True)
class TestProvider:
    url: str
    environment: dict[str, str]

    __test__ = False  # not a test class, whatever pytest thinks of the name

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def environ(self) -> dict[str, str]:
        """The LAGESBILD_OIDC_* variables an operator would set for this provider."""
        return {
            "LAGESBILD_OIDC_CLIENT_ID": CLIENT_ID,
            "LAGESBILD_OIDC_PROVIDER_NAME": PROVIDER_NAME,
            "LAGESBILD_OIDC_ISSUER": self.issuer,
            "LAGESBILD_OIDC_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "LAGESBILD_OIDC_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "LAGESBILD_OIDC_USERINFO_ENDPOINT": f"{self.issuer}/userinfo",
            "LAGESBILD_OIDC_JWKS_ENDPOINT": f"{self.issuer}/jwks",
        }

    def settings(self) -> dict[str, Any]:
        return oidc_settings(self.environ(), CLIENT_SECRET)

    def set_user(self, username: str, password: str, *groups: str) -> None:
        """Create the provider's user, or change their password and groups."""
        _setup(self.environment, "user", username, password, *groups)


def _setup(environment: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "lagesbild.testing_idp.setup", *args]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"testing_idp.setup {args[0]} failed:\n{result.stderr}")


@contextmanager
def oidc_provider(folder: Path, redirect_uri: str) -> Iterator[TestProvider]:
    """Start the test provider with Lägesbild's ``redirect_uri`` registered; stop it after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lagesbild.testing_idp.settings",
        "LAGESBILD_TEST_IDP_URL": url,
        "LAGESBILD_TEST_IDP_DATABASE": str(folder / "idp.sqlite3"),
    }
    _setup(environment, "client", CLIENT_ID, CLIENT_SECRET, redirect_uri)
    log = folder / "idp.log"
    command = [sys.executable, "-m", "gunicorn", "lagesbild.testing_idp.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=output, start_new_session=True
        )
    try:
        wait_until_answering(
            f"{url}/openid/.well-known/openid-configuration", process, log, "the test OIDC provider"
        )
        yield TestProvider(url, environment)
    finally:
        stop_server(process)
