"""Accounts of single sign-on made before 2026-12-06 had the provider's address as username;
they get the name the login gives new accounts now (``sso.usernames``). Local accounts stay."""

from django.conf import settings
from django.db import migrations

from lagesbild.sso.usernames import drop_addresses


def forward(apps, schema_editor):
    drop_addresses(apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("sso", "SsoIdentity"))


class Migration(migrations.Migration):
    dependencies = [
        ("sso", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
