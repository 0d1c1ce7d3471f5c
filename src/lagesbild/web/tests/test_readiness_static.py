"""``/readyz`` is 503 while a static file the pages need is not collected.

With DEBUG off every page names its CSS and scripts through the manifest ``collectstatic``
writes, and a file missing from it makes those pages answer 500. A server started without
``collectstatic``, or upgraded without it when a release added a file, was ready by this probe
(and by ``check --deploy``) while its login page answered 500.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.checks import Tags, run_checks
from django.core.management import call_command

from lagesbild.web.checks import VENDOR_NOT_FOUND

MANIFEST_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}


@pytest.fixture
def static_root(settings, tmp_path: Path) -> Path:
    """Production's kind of storage (a manifest), collected into a folder of the test's own."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    return settings.STATIC_ROOT


def restart_server(settings) -> None:
    """Make the storage anew, as a new server process does: it reads the manifest then."""
    settings.STORAGES = {**settings.STORAGES}  # Django drops its storages on this change


@pytest.mark.django_db
def test_readyz_waits_for_every_static_file_to_be_collected(
    client, settings, static_root: Path
) -> None:
    never_collected = client.get("/readyz").json()
    assert never_collected["status"] == "unavailable"
    assert " static files not collected (" in never_collected["checks"]["static"]

    call_command("collectstatic", "--noinput", verbosity=0)
    restart_server(settings)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "migrations": "ok",
        "static": "ok",
    }

    # An upgrade that brings a file and is started without collectstatic.
    manifest_file = static_root / "staticfiles.json"
    manifest = json.loads(manifest_file.read_text("utf-8"))
    del manifest["paths"]["lagesbild/css/app.css"]
    manifest_file.write_text(json.dumps(manifest), "utf-8")
    restart_server(settings)
    upgraded = client.get("/readyz")
    assert upgraded.status_code == 503
    assert upgraded.json()["reason"] == (
        "1 static files not collected (lagesbild/css/app.css); run "
        "'lagesbild collectstatic --noinput', then restart the server"
    )


@pytest.mark.django_db
def test_without_npms_folder_the_maps_library_is_named_before_pages_fail(
    client, settings, static_root: Path
) -> None:
    """Where settings do not find node_modules (``pip install .`` looks inside the virtual
    environment), collectstatic collected everything but Leaflet without a word, and the weekly
    page and the report forms answered 500 while /readyz was 200."""
    settings.STATICFILES_DIRS = []  # as when LAGESBILD_NODE_MODULES finds no leaflet/
    settings.NODE_MODULES_DIR = static_root.parent / "node_modules"
    [warning] = [m for m in run_checks(tags=[Tags.staticfiles]) if m.id == VENDOR_NOT_FOUND]
    assert warning.msg == (
        f"Leaflet is not found where LAGESBILD_NODE_MODULES points ({settings.NODE_MODULES_DIR}): "
        "vendor/leaflet/leaflet.css, vendor/leaflet/leaflet.js cannot be collected, and the "
        "weekly page and the report forms answer 500 without them."
    )

    call_command("collectstatic", "--noinput", verbosity=0)
    restart_server(settings)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["reason"] == (
        "2 static files not collected (vendor/leaflet/leaflet.css, vendor/leaflet/leaflet.js); "
        "install Leaflet with 'npm ci' (LAGESBILD_NODE_MODULES), "
        "run 'lagesbild collectstatic --noinput', then restart the server"
    )


def test_the_maps_library_is_found_where_npm_put_it() -> None:
    assert not [m for m in run_checks(tags=[Tags.staticfiles]) if m.id == VENDOR_NOT_FOUND]
