"""The SAML configuration from the environment, who a SAML assertion names, and the SAML login
switched off or unreachable."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID

from lagesbild.sso.config import SAML_OFF, SsoConfigError, saml_settings
from lagesbild.sso.saml import identity_of
from lagesbild.sso.services import ProviderIdentity
from lagesbild.testing import run_cli
from lagesbild.testing_servers import free_port

IDP = {
    "LAGESBILD_SAML_IDP_METADATA_URL": "https://idp.kommun.se/metadata.xml",
    "LAGESBILD_SAML_BASE_URL": "https://lagesbild.kommun.se/",
}


def test_saml_is_off_without_provider_metadata_and_complete_with_it() -> None:
    assert saml_settings({}) == SAML_OFF
    configured = saml_settings(IDP)
    assert configured["LAGESBILD_SAML_ENABLED"]
    assert configured["LAGESBILD_SAML_BASE_URL"] == "https://lagesbild.kommun.se"
    assert configured["LAGESBILD_SAML_SP_ENTITY_ID"] == (
        "https://lagesbild.kommun.se/logga-in/saml/metadata/"
    )
    assert configured["LAGESBILD_SAML_PROVIDER_NAME"] == "SAML"
    # Entra ID's claim names unless told otherwise; the NameID as the user id.
    assert configured["LAGESBILD_SAML_GROUPS_ATTRIBUTE"].endswith("/claims/groups")
    assert configured["LAGESBILD_SAML_USER_ID_ATTRIBUTE"] == ""
    assert not configured["LAGESBILD_SAML_WANT_RESPONSE_SIGNED"]


def test_saml_configuration_errors_name_the_variable(tmp_path) -> None:
    with pytest.raises(SsoConfigError, match="LAGESBILD_SAML_BASE_URL"):
        saml_settings({"LAGESBILD_SAML_IDP_METADATA_URL": "https://idp.kommun.se/md"})
    with pytest.raises(SsoConfigError, match="not both"):
        saml_settings({**IDP, "LAGESBILD_SAML_IDP_METADATA_FILE": str(tmp_path / "md.xml")})
    with pytest.raises(SsoConfigError, match="not a readable file"):
        saml_settings(
            {
                "LAGESBILD_SAML_IDP_METADATA_FILE": str(tmp_path / "md.xml"),
                "LAGESBILD_SAML_BASE_URL": "https://lagesbild.kommun.se",
            }
        )
    key = tmp_path / "sp.key"
    key.write_text("key", encoding="utf-8")
    with pytest.raises(SsoConfigError, match="both"):
        saml_settings({**IDP, "LAGESBILD_SAML_SP_KEY_FILE": str(key)})
    with pytest.raises(SsoConfigError, match="SIGN_REQUESTS needs"):
        saml_settings({**IDP, "LAGESBILD_SAML_SIGN_REQUESTS": "true"})
    with pytest.raises(SsoConfigError, match="true or false"):
        saml_settings({**IDP, "LAGESBILD_SAML_TRUST_IDP_MFA": "kanske"})
    with pytest.raises(SsoConfigError, match="http"):
        saml_settings({**IDP, "LAGESBILD_SAML_IDP_METADATA_URL": "ftp://idp/md"})


def test_without_configuration_there_is_no_saml_button_and_no_route(client: Client, db) -> None:
    page = client.get("/logga-in/")
    assert page.status_code == 200 and 'id="saml-login"' not in page.content.decode()
    assert client.get("/logga-in/saml/").status_code == 404
    assert client.post("/logga-in/saml/svar/", {"SAMLResponse": "x"}).status_code == 404
    assert client.get("/logga-in/saml/metadata/").status_code == 404


def test_a_provider_whose_metadata_cannot_be_read_gives_a_page_not_an_error(
    client: Client, db, settings
) -> None:
    unreachable = {**IDP, "LAGESBILD_SAML_IDP_METADATA_URL": f"http://127.0.0.1:{free_port()}/"}
    for name, value in saml_settings(unreachable).items():
        setattr(settings, name, value)
    page = client.get("/logga-in/")
    assert 'id="saml-login"' in page.content.decode() and "Logga in med SAML" in (
        page.content.decode()
    )
    answer = client.get("/logga-in/saml/?next=/vecka/")
    assert answer.status_code == 503
    assert "Inloggningen misslyckades" in answer.content.decode()
    # Our own metadata needs nothing of the provider's.
    assert client.get("/logga-in/saml/metadata/").status_code == 200


def test_the_app_refuses_to_start_with_half_a_saml_provider(tmp_path) -> None:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LAGESBILD_SAML_")},
        "LAGESBILD_SAML_IDP_METADATA_URL": "https://idp.kommun.se/metadata.xml",
        "LAGESBILD_DATA_DIR": str(tmp_path),
    }
    run = run_cli("check", environment=environment)
    assert run.returncode != 0
    assert "LAGESBILD_SAML_BASE_URL" in run.stderr and "Traceback" not in run.stderr


def _session_info(name_id: NameID, **attributes: list[str]) -> dict:
    return {"issuer": "https://idp.kommun.se/idp", "name_id": name_id, "ava": attributes}


def test_the_person_is_the_providers_entity_and_user_id_never_a_transient_name(settings) -> None:
    for name, value in saml_settings(IDP).items():
        setattr(settings, name, value)
    persistent = NameID(format=NAMEID_FORMAT_PERSISTENT, text="abc-123")
    groups = settings.LAGESBILD_SAML_GROUPS_ATTRIBUTE
    mail = settings.LAGESBILD_SAML_EMAIL_ATTRIBUTE
    identity = identity_of(_session_info(persistent, **{groups: ["g1", "g2"], mail: ["k@x.se"]}))
    assert identity == ProviderIdentity(
        "https://idp.kommun.se/idp", "abc-123", "k@x.se", frozenset({"g1", "g2"})
    )
    transient = NameID(format=NAMEID_FORMAT_TRANSIENT, text="_once")
    with pytest.raises(SuspiciousOperation, match="transient"):
        identity_of(_session_info(transient))
    # A user id attribute, when named, wins over the NameID (transient or not).
    settings.LAGESBILD_SAML_USER_ID_ATTRIBUTE = "oid"
    assert identity_of(_session_info(transient, oid=["u-1"])).subject == "u-1"
    with pytest.raises(SuspiciousOperation, match="user id"):
        identity_of(_session_info(persistent))
    # Only the named provider, when one is named.
    settings.LAGESBILD_SAML_IDP_ENTITY_ID = "https://annan-idp.example.se/"
    with pytest.raises(SuspiciousOperation, match="not the configured provider"):
        identity_of(_session_info(persistent, oid=["u-1"]))
