"""The deployment kit: Dockerfile, compose.yaml, deploy/Caddyfile (docs/operations.md).

Read as files: the compose file with PyYAML, the Dockerfile line by line. Where a Docker engine
and its compose plugin answer (CI with docker), the last tests also let Docker itself validate the
compose file and build the image; without them those two are skipped, and they are the only tests
here that may be.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from subprocess import PIPE

import pytest
import yaml

from lagesbild.testing_servers import GUNICORN_CONFIG, DatabaseTemplates

REPO = Path(__file__).resolve().parents[4]
SETTINGS = (REPO / "src" / "lagesbild" / "settings.py").read_text("utf-8")
APP_SERVICES = ("migrate", "web", "worker")
# An image named by a digest, or by a tag that names a version (a digit), not a moving "latest".
PINNED = re.compile(r"[\w./-]+(:[\w.-]*\d[\w.-]*)?(@sha256:[0-9a-f]{64})?")


def _compose() -> dict:
    return yaml.safe_load((REPO / "compose.yaml").read_text("utf-8"))


def _services() -> dict[str, dict]:
    return _compose()["services"]


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments left out."""
    text = (REPO / "Dockerfile").read_text("utf-8")
    joined = re.sub(r"\\\n", " ", text)
    instructions = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            instructions.append((word.upper(), " ".join(rest.split())))
    return instructions


def _is_pinned(image: str) -> bool:
    match = PINNED.fullmatch(image)
    return bool(match and (match.group(1) or match.group(2))) and ":latest" not in image


def test_compose_has_the_database_the_server_the_worker_and_the_proxy() -> None:
    assert set(_services()) == {"db", "migrate", "web", "worker", "proxy"}


def test_every_image_is_pinned_to_a_version() -> None:
    for name, service in _services().items():
        image = service["image"]
        if "build" in service:
            assert name in APP_SERVICES and service["build"] == "."
            continue
        assert _is_pinned(image), f"{name}: {image} is not pinned"
    assert not _is_pinned("postgres") and not _is_pinned("caddy:latest")
    assert _is_pinned("postgres@sha256:" + "a" * 64)


def test_every_long_running_service_has_a_healthcheck() -> None:
    services = _services()
    for name in ("db", "web", "worker", "proxy"):
        assert services[name]["healthcheck"]["test"][0] == "CMD", name
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["migrate"]["restart"] == "no"


def test_the_server_and_the_worker_wait_for_the_database_and_the_migrations() -> None:
    services = _services()
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
    assert services["migrate"]["command"] == ["lagesbild", "migrate", "--noinput"]
    assert services["worker"]["command"] == ["lagesbild", "worker"]
    assert "command" not in services["web"]  # the image's CMD: gunicorn
    assert services["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_the_app_environment_names_only_settings_that_exist_and_needs_its_secrets() -> None:
    environment = _services()["web"]["environment"]
    for name in environment:
        assert f'"{name}"' in SETTINGS, f"{name} is not read by settings.py"
    assert environment["DATABASE_URL"].startswith("postgres://lagesbild:${POSTGRES_PASSWORD:?")
    assert environment["DATABASE_URL"].endswith("@db:5432/lagesbild")
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")  # compose refuses to start
    assert environment["LAGESBILD_LOG_FORMAT"] == "json"
    for name in APP_SERVICES:
        assert _services()[name]["environment"] == environment


def test_volumes_keep_the_database_and_share_the_job_files() -> None:
    services = _services()
    assert services["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    # Jobs write files that the web server hands out: both see the same /data.
    assert services["web"]["volumes"] == services["worker"]["volumes"] == ["appdata:/data"]
    assert set(_compose()["volumes"]) == {"pgdata", "appdata", "caddydata", "caddyconfig"}


def test_only_the_proxy_is_published_and_it_proxies_to_the_web_server() -> None:
    services = _services()
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}
    assert services["proxy"]["ports"] == ["80:80", "443:443"]
    assert services["web"]["expose"] == ["8000"]
    mounts = services["proxy"]["volumes"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in mounts
    caddyfile = (REPO / "deploy" / "Caddyfile").read_text("utf-8")
    assert "reverse_proxy web:8000" in caddyfile
    assert "header_up X-Request-ID {http.request.uuid}" in caddyfile


def test_the_dockerfile_is_multi_stage_slim_pinned_and_runs_as_a_user() -> None:
    instructions = _dockerfile_instructions()
    arguments = dict(a.split("=", 1) for i, a in instructions if i == "ARG" and "=" in a)
    stages = [a for i, a in instructions if i == "FROM"]
    assert len(stages) >= 3 and all(" AS " in stage for stage in stages)
    for stage in stages:
        image = stage.split(" AS ")[0]
        image = re.sub(r"\$\{(\w+)\}", lambda m: arguments[m.group(1)], image)
        assert _is_pinned(image), image
        assert "slim" in image, image
    final = len(instructions) - next(
        n for n, (i, _) in enumerate(reversed(instructions)) if i == "FROM"
    )
    runtime = instructions[final:]
    users = [a for i, a in runtime if i == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert not any("latest" in a for i, a in instructions if i == "FROM")


def test_the_image_installs_from_constraints_collects_static_and_serves_with_gunicorn() -> None:
    instructions = _dockerfile_instructions()
    runs = " ".join(a for i, a in instructions if i == "RUN")
    assert "pip install --constraint constraints.txt ." in runs
    assert "npm ci" in runs
    assert "lagesbild collectstatic --noinput" in runs
    [healthcheck] = [a for i, a in instructions if i == "HEALTHCHECK"]
    assert "/healthz" in healthcheck
    [command] = [a for i, a in instructions if i == "CMD"]
    assert command.startswith(
        f'["gunicorn", "lagesbild.wsgi", "-c", "{GUNICORN_CONFIG}", "--preload"'
    )
    ignored = (REPO / ".dockerignore").read_text("utf-8").split()
    assert {".git", ".venv", "deploy/.env", "data"} <= set(ignored)


def test_the_example_environment_names_what_compose_requires() -> None:
    example = (REPO / "deploy" / "env.example").read_text("utf-8")
    names = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    required = set(re.findall(r"\$\{(\w+):\?", (REPO / "compose.yaml").read_text("utf-8")))
    assert required == {"POSTGRES_PASSWORD", "SECRET_KEY"} and required <= names
    assert "deploy/.env" in (REPO / ".gitignore").read_text("utf-8").split()


def _docker_engine_with_compose() -> bool:
    if shutil.which("docker") is None:
        return False
    checks = (["docker", "info"], ["docker", "compose", "version"])
    return all(
        subprocess.run(check, capture_output=True, timeout=60).returncode == 0 for check in checks
    )


needs_docker = pytest.mark.skipif(
    not _docker_engine_with_compose(),
    reason="no Docker engine with the compose plugin answers here (CI with docker runs these)",
)
DOCKER_ENV = {"SECRET_KEY": "compose-test", "POSTGRES_PASSWORD": "compose-test"}


@needs_docker
def test_docker_compose_accepts_the_file() -> None:
    result = subprocess.run(
        ["docker", "compose", "--file", str(REPO / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**DOCKER_ENV, "PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


@needs_docker
def test_docker_builds_the_image() -> None:
    result = subprocess.run(
        ["docker", "build", "--tag", "lagesbild:test", str(REPO)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert result.returncode == 0, result.stderr[-4000:]


def test_the_workers_healthcheck_fails_without_a_database_and_passes_with_one(
    tmp_path: Path, database_templates: DatabaseTemplates
) -> None:
    """compose's worker check, run as written (``lagesbild`` being the console script).

    It was ``lagesbild check --database default``, which passed with no database at all: Django's
    database checks do not connect on PostgreSQL or SQLite. The four checks run at once, each on
    its own database: none, a missing file, an empty file and a migrated one (a copy of the
    session's database that ``lagesbild migrate`` made).
    """
    command = _services()["worker"]["healthcheck"]["test"][1:]
    assert command[0] == "lagesbild"

    def healthcheck(url: str) -> subprocess.Popen:
        environment = {**os.environ, "DATABASE_URL": url, "LAGESBILD_DATA_DIR": str(tmp_path)}
        environment.pop("REDIS_URL", None)
        run = [sys.executable, "-m", "lagesbild", *command[1:]]
        return subprocess.Popen(run, env=environment, stdout=subprocess.DEVNULL, stderr=PIPE)

    def exit_code(check: subprocess.Popen) -> int:
        check.communicate(timeout=300)
        return check.returncode

    with database_templates.database(tmp_path) as migrated:
        no_server = healthcheck("postgres://lagesbild@127.0.0.1:1/lagesbild")
        no_file = healthcheck(f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}")
        no_tables = healthcheck(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        tables = healthcheck(migrated.url)
        assert exit_code(no_server) != 0
        assert exit_code(no_file) != 0
        assert exit_code(no_tables) != 0  # no tables yet: the migrations wait
        assert exit_code(tables) == 0
