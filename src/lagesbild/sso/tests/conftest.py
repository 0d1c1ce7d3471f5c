"""The test provider, started once per test session, and Lägesbild configured for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lagesbild.sso.config import OIDC_BACKEND
from lagesbild.sso.models import GroupMapping
from lagesbild.testing import make_cast
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


@pytest.fixture
def mapped(configured: TestProvider):
    """The cast, with the provider's group "lb-samordnare" mapped to the municipality's
    coordinator and "lb-lasare" to its reader."""
    cast = make_cast()
    GroupMapping.objects.create(
        group="lb-samordnare", organisation=cast.kommunen, role="coordinator"
    )
    GroupMapping.objects.create(group="lb-lasare", organisation=cast.kommunen, role="reader")
    return cast
