"""The test providers (OpenID Connect and SAML), each started once per test session, and
Lägesbild configured for them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lagesbild.sso.config import OIDC_BACKEND, SAML_BACKEND
from lagesbild.sso.models import GroupMapping
from lagesbild.testing import make_cast
from lagesbild.testing_saml import TestSamlProvider, saml_provider
from lagesbild.testing_sso import CALLBACK, TestProvider, oidc_provider


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory, live_server) -> Iterator[TestProvider]:
    folder: Path = tmp_path_factory.mktemp("idp")
    with oidc_provider(folder, f"{live_server.url}{CALLBACK}") as started:
        yield started


@pytest.fixture
def configured(settings, provider: TestProvider) -> TestProvider:
    """Lägesbild with the provider configured and two-factor login required, as in production."""
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, OIDC_BACKEND]
    settings.LAGESBILD_REQUIRE_2FA = True
    return provider


def _cast_with_mapped_groups():
    """The cast, with the provider's group "lb-samordnare" mapped to the municipality's
    coordinator and "lb-lasare" to its reader."""
    cast = make_cast()
    GroupMapping.objects.create(
        group="lb-samordnare", organisation=cast.kommunen, role="coordinator"
    )
    GroupMapping.objects.create(group="lb-lasare", organisation=cast.kommunen, role="reader")
    return cast


@pytest.fixture
def mapped(configured: TestProvider):
    return _cast_with_mapped_groups()


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory: pytest.TempPathFactory, live_server) -> Iterator[TestSamlProvider]:
    folder: Path = tmp_path_factory.mktemp("samlidp")
    with saml_provider(folder, live_server.url) as started:
        yield started


@pytest.fixture
def saml_configured(settings, saml_idp: TestSamlProvider) -> TestSamlProvider:
    """Lägesbild with the SAML provider configured and two-factor login required."""
    for name, value in saml_idp.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, SAML_BACKEND]
    settings.LAGESBILD_REQUIRE_2FA = True
    return saml_idp


@pytest.fixture
def saml_mapped(saml_configured: TestSamlProvider):
    return _cast_with_mapped_groups()
