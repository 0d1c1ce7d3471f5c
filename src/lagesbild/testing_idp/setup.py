"""Prepare the test provider's database: ``python -m lagesbild.testing_idp.setup``.

- ``client CLIENT_ID SECRET REDIRECT_URI``: migrate, make the signing key, register the client
  (no consent page: a municipality's provider asks none for its own applications);
- ``user USERNAME PASSWORD [GROUP …]``: create the user or change their password and groups.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lagesbild.testing_idp.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    command, *args = argv
    if command == "client":
        client_id, secret, redirect_uri = args
        call_command("migrate", verbosity=0)
        call_command("creatersakey")
        client, _ = Client.objects.update_or_create(
            client_id=client_id,
            defaults={
                "name": "Lägesbild",
                "client_secret": secret,
                "client_type": "confidential",
                "jwt_alg": "RS256",
                "require_consent": False,
                "_redirect_uris": redirect_uri,
                "_scope": "openid profile",
            },
        )
        client.response_types.set([ResponseType.objects.get(value="code")])
    elif command == "user":
        username, password, *groups = args
        user = User.objects.filter(username=username).first() or User(username=username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
