"""Fixtures for every test, and the database switch between SQLite and PostgreSQL.

The cast (lagesbild.testing): Exempeltorp (0999) has two districts, Norr and Söder.
Who may see what:
- cecilia is the municipality's coordinator: reads everything, sensitive categories included;
- anders is a police analyst: reads everything;
- sara reports for the security company: her company's text only, no other sensitive reports;
- hugo reports for the housing company: his company's text only;
- rut is a reader in the municipality: the lägesbild, no one else's text, files nothing;
- olle reports for an organisation in another municipality: sees nothing of Exempeltorp;
- nemo has an account but no membership: sees nothing;
- vilma reports for the security company here and is a police analyst in Annanstad (0998): here
  she reads only her company's text and no other sensitive report; there she reads everything;
- ebba was the coordinator here until her membership ended yesterday: she sees nothing.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from hypothesis import settings as hypothesis_settings

from lagesbild.testing import Cast, make_cast

# No property test is timed: speed is measured by the benchmark, and a first example that loads
# a module or a catalogue on a busy machine must not fail as "too slow" (Hypothesis' 200 ms).
hypothesis_settings.register_profile("lagesbild", deadline=None)
hypothesis_settings.load_profile("lagesbild")

# One Debian chromium per test session, shared by every app's browser tests.
pytest_plugins = ["lagesbild.testing_browser"]

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("servers"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def _postgres_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 5432), timeout=3
        ):
            return True
    except OSError:
        return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL run only the tests that touch the database; they are what differs.

    Without a reachable server, say so loudly and skip them, unless CI=true: there it fails.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    selected = [i for i in items if _uses_database(i) and i.get_closest_marker("browser") is None]
    config.hook.pytest_deselected(items=[i for i in items if i not in selected])
    items[:] = selected
    if _postgres_reachable(url):
        return
    message = f"PostgreSQL at {urlsplit(url).netloc} is not reachable"
    if os.environ.get("CI", "").lower() == "true":
        pytest.exit(f"{message}; CI=true requires it.", returncode=3)
    config.issue_config_time_warning(
        pytest.PytestWarning(f"!!! {message}: SKIPPING the PostgreSQL tests !!!"), 2
    )
    for item in items:
        item.add_marker(pytest.mark.skip(reason=message))


# Modules that one xdist worker runs whole, so that what they build once (a module-scoped fixture:
# the demo, the permission world; a template database) is built once rather than once on each
# worker that gets one of their tests. The tests that copy the database templates
# (lagesbild.testing_servers) form one group: the migrations then run once per test run. The
# demo package's modules form one too: two of them share today's demo (a package fixture, built
# once), and test_demo.py, which builds a demo of its own, runs before it is built.
_TEMPLATE_USERS = "database templates"
_DEMO_PACKAGE = "the demo package"
# The yearly report's modules of three tests or more read Helsingborg built once per module
# (annual/tests/conftest.py).
_ANNUAL_BUILT_ONCE = (
    "caching",
    "demo_audit",
    "management_report",
    "missing_base_year",
    "press",
    "press_drivers",
    "press_english",
    "services",
    "views",
    "word",
)
GROUPED_MODULES = {
    **{f"src/lagesbild/annual/tests/test_{name}.py": None for name in _ANNUAL_BUILT_ONCE},
    "src/lagesbild/api/tests/test_api_documented_fields.py": None,
    "src/lagesbild/api/tests/test_exports_demo.py": None,
    "src/lagesbild/briefings/tests/test_judging.py": None,
    # Four of its tests read 85 011 police events parsed once per process (2.5 s each time).
    "src/lagesbild/core/tests/test_parsers_polisen.py": None,
    "src/lagesbild/core/tests/test_privacy_corpus.py": None,
    "src/lagesbild/core/tests/test_synthetic.py": None,
    "src/lagesbild/demo/tests/test_demo.py": _DEMO_PACKAGE,
    "src/lagesbild/demo/tests/test_demo_history.py": _DEMO_PACKAGE,
    "src/lagesbild/demo/tests/test_menu.py": _DEMO_PACKAGE,
    "src/lagesbild/web/tests/test_permission_matrix.py": None,
    "src/lagesbild/jobs/tests/test_worker.py": _TEMPLATE_USERS,
    "src/lagesbild/web/tests/test_backup_restore.py": _TEMPLATE_USERS,
    "src/lagesbild/web/tests/test_bench_smoke.py": _TEMPLATE_USERS,
    "src/lagesbild/web/tests/test_deployment.py": _TEMPLATE_USERS,
    "src/lagesbild/web/tests/test_servers.py": _TEMPLATE_USERS,
}


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With ``-n`` (xdist's "load"), keep each module of GROUPED_MODULES on one worker and hand
    out every other test on its own, as "load" does. The biggest groups go first (xdist's
    loadscope order), so none of them is left for the end of the run.

    Not xdist's own ``--dist loadgroup`` marks: with pytest 9.2 they do nothing (xdist renames
    the test's node id through an attribute that pytest no longer reads).
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupedScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module not in GROUPED_MODULES:
                return nodeid
            return GROUPED_MODULES[module] or module

    return GroupedScheduling(config, log)


def pytest_configure(config: pytest.Config) -> None:
    """Hash test passwords quickly; argon2 stays the production hasher.

    Background jobs' files go to a temporary folder. Two-factor login and the login lockout
    are off for the session: the other tests log coordinators in with ``client.login`` (which
    django-axes refuses, as it passes no request) and test other things. The tests of 2FA and
    lockout switch them on with the settings fixture.

    The cache is the database's table, even when REDIS_URL is set: the tests empty the cache, and
    a Redis is shared with others; the Redis cache is tested with servers in web/tests.
    """
    from django.conf import settings

    if settings.configured:
        # Files of background jobs go to a folder of this test session, not the data folder.
        settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="lagesbild-test-files-")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.LAGESBILD_REQUIRE_2FA = False
        settings.AXES_ENABLED = False
        settings.CACHES = {**settings.CACHES, "default": settings.DATABASE_CACHE}


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Redis this test session started (Debian's redis-server; see Makefile)."""
    from lagesbild.testing_servers import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory):
    """Databases for subprocesses and servers, migrated once per test process and copied for
    each test (lagesbild.testing_servers.DatabaseTemplates)."""
    from lagesbild.testing_servers import DatabaseTemplates

    templates = DatabaseTemplates(tmp_path_factory.mktemp("database-templates"))
    yield templates
    templates.close()


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def admin_client(db, settings):
    """A client signed in as a superuser for ``/admin/`` (pytest-django's own, with the second
    factor off, as the project's admin asks for it)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.LAGESBILD_REQUIRE_2FA = False
    staff = get_user_model().objects.create_superuser("driftansvarig", password="x-staff-pass-1")
    client = Client()
    client.force_login(staff)
    return client


COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _commits(item: pytest.Item) -> bool:
    """Tell whether a test's writes are committed rather than rolled back at its end."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(COMMITTING_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest):
    """Start every test with an empty cache: rate-limit counters must not leak between tests.

    The cache is a database table, so a test in a transaction leaves nothing behind. A test
    that commits (a live server) empties the table before and after it. The process's own
    caches (the menu, copies of weeks, pages of the report lists) are emptied before every test.
    """
    from django.core.cache import cache, caches

    caches["local"].clear()
    caches["lists"].clear()
    if not _commits(request.node):
        yield
        return

    request.getfixturevalue("transactional_db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """Give every test the default language: a request through the test client activates the
    request's language for the rest of the thread, and an English page must not leave later
    tests of the same worker in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
