"""A real SAML 2.0 identity provider in another process, for the single sign-on tests.

``saml_provider`` makes the provider's signing key and Lägesbild's key (self-signed certificates
made at the start of the test session), writes Lägesbild's metadata as a service provider where
the provider reads it, starts the provider (``lagesbild.testing_samlidp``) under gunicorn on a
free loopback port and stops it at the end. ``TestSamlProvider.environ()`` holds the
LAGESBILD_SAML_* variables an operator would set, so the tests configure exactly that.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor

from lagesbild.sso.config import saml_settings
from lagesbild.sso.saml import sp_config_dict
from lagesbild.testing_samlidp.app import GROUPS, MAIL, USER_ID
from lagesbild.testing_servers import free_port, stop_server, wait_until_answering

SAML_PROVIDER_NAME = "Testkommunens SAML-konto"
SAML_PASSWORD = "saml-idp-test-password"  # every test user's password at the provider


def make_key_pair(folder: Path, name: str, common_name: str) -> tuple[Path, Path]:
    """Write a new RSA key and a self-signed certificate for it: ``name.key``, ``name.crt``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@dataclass(frozen=True)
class TestSamlProvider:
    url: str
    folder: Path
    lagesbild_url: str

    __test__ = False  # not a test class, whatever pytest thinks of the name

    @property
    def entity_id(self) -> str:
        return f"{self.url}/metadata/"

    def environ(self) -> dict[str, str]:
        """The LAGESBILD_SAML_* variables an operator would set for this provider."""
        return {
            "LAGESBILD_SAML_IDP_METADATA_URL": f"{self.url}/metadata/",
            "LAGESBILD_SAML_IDP_ENTITY_ID": self.entity_id,
            "LAGESBILD_SAML_PROVIDER_NAME": SAML_PROVIDER_NAME,
            "LAGESBILD_SAML_BASE_URL": self.lagesbild_url,
            "LAGESBILD_SAML_SP_KEY_FILE": str(self.folder / "sp.key"),
            "LAGESBILD_SAML_SP_CERT_FILE": str(self.folder / "sp.crt"),
            "LAGESBILD_SAML_USER_ID_ATTRIBUTE": USER_ID,
            "LAGESBILD_SAML_EMAIL_ATTRIBUTE": MAIL,
            "LAGESBILD_SAML_GROUPS_ATTRIBUTE": GROUPS,
        }

    def settings(self) -> dict[str, Any]:
        return saml_settings(self.environ())

    def set_user(self, username: str, password: str, *groups: str, encrypt: bool = False) -> None:
        """Create the provider's user, or change their password and groups; ``encrypt``: their
        assertions are encrypted to Lägesbild's certificate."""
        path = self.folder / "users.json"
        users = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        users[username] = {
            "password": password,
            "id": f"id-{username}",
            "mail": f"{username}@testkommun.se",
            "groups": list(groups),
            "encrypt": encrypt,
        }
        written = path.with_suffix(".tmp")
        written.write_text(json.dumps(users), encoding="utf-8")
        written.replace(path)  # the provider never reads half a file


def write_service_metadata(environ: dict[str, str], path: Path) -> None:
    """Lägesbild's metadata for ``environ``, as /logga-in/saml/metadata/ publishes it."""
    config = SPConfig()
    config.load(copy.deepcopy(sp_config_dict(saml_settings(environ), with_provider=False)))
    path.write_text(str(entity_descriptor(config)), encoding="utf-8")


@contextmanager
def saml_provider(folder: Path, lagesbild_url: str) -> Iterator[TestSamlProvider]:
    """Start the test provider knowing Lägesbild at ``lagesbild_url``; stop it after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    make_key_pair(folder, "idp", "Test SAML identity provider")
    make_key_pair(folder, "sp", "Lägesbild test service")
    started = TestSamlProvider(url, folder, lagesbild_url)
    write_service_metadata(started.environ(), folder / "sp-lagesbild.xml")
    environment = {
        **os.environ,
        "LAGESBILD_TEST_SAMLIDP_URL": url,
        "LAGESBILD_TEST_SAMLIDP_FOLDER": str(folder),
    }
    log = folder / "samlidp.log"
    command = [sys.executable, "-m", "gunicorn", "lagesbild.testing_samlidp.app:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=output, start_new_session=True
        )
    try:
        wait_until_answering(f"{url}/metadata/", process, log, "the test SAML provider")
        yield started
    finally:
        stop_server(process)
