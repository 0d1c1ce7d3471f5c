from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from lagesbild.api.models import ApiToken
from lagesbild.testing import Cast


def token(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_secret_once_and_stores_only_its_hash(cast: Cast) -> None:
    output = token(
        "create", "--org", "bevakning", "--name", "Vaktsystemet", "--scope", "report:write"
    )
    secret = output.strip().splitlines()[-1]
    stored = ApiToken.objects.get()
    assert secret.startswith(f"lb_{stored.prefix}_") and stored.scopes == ["report:write"]
    assert (
        stored.organisation == cast.bevakning and secret.split("_", 2)[2] not in stored.token_hash
    )
    assert secret not in token("list")


def test_a_created_token_can_push_and_a_revoked_one_cannot(cast: Cast) -> None:
    secret = token(
        "create", "--org", "bevakning", "--name", "S", "--scope", "report:write"
    ).split()[-1]
    body = {
        "category": "klotter",
        "occurred_from": "2024-09-11T22:15:00+02:00",
        "place_text": "Torget",
    }
    client = Client()

    def post():
        return client.post(
            "/api/v1/reports/",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    assert post().status_code == 201
    assert "revoked" in token("revoke", ApiToken.objects.get().prefix)
    assert post().status_code == 401


def test_list_shows_prefix_organisation_scopes_and_revocation(cast: Cast) -> None:
    token(
        "create", "--org", "bevakning", "--name", "A", "--scope", "report:write", "--scope", "read"
    )
    token("create", "--org", "bostad", "--name", "B", "--scope", "report:write")
    prefix = ApiToken.objects.get(name="A").prefix
    token("revoke", f"lb_{prefix}")
    listing = token("list")
    line = next(row for row in listing.splitlines() if prefix in row)
    assert "bevakning" in line and "read,report:write" in line and not line.endswith("/ -")
    assert "bostad" in listing and "bostad" not in token("list", "--org", "bevakning")


def test_unknown_organisations_scopes_and_prefixes_end_in_one_line_errors(cast: Cast) -> None:
    with pytest.raises(CommandError, match="no single organisation"):
        token("create", "--org", "finns-inte", "--name", "X", "--scope", "report:write")
    with pytest.raises(CommandError):
        token("create", "--org", "bevakning", "--name", "X", "--scope", "allt")
    with pytest.raises(CommandError, match="no token"):
        token("revoke", "00000000")
    assert not ApiToken.objects.exists()
