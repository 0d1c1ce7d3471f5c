"""``/healthz`` (liveness) and ``/readyz`` (readiness) for load balancers, containers and monitors.

Both are answered by a middleware placed first, before the host check, the HTTPS redirect, the
session and the two-factor gate: a container's health check calls ``http://localhost:8000/healthz``
inside the container, which is neither an allowed host nor HTTPS. Neither answer holds data.

- ``/healthz`` says only that the process answers; it touches neither the database nor the cache,
  so a database outage does not make the orchestrator restart every web server.
- ``/readyz`` says whether this server can serve: the database answers, the cache stores and reads
  a value, no migration is waiting and, in production, every static file is collected. Otherwise
  503 with the reason as JSON.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

from lagesbild.web.checks import PAGE_VENDOR_FILES

logger = logging.getLogger(__name__)

HEALTH_PATHS = ("/healthz", "/readyz")


def liveness() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database_problem() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver's error: the probe answers, it never raises
        return f"database not reachable: {type(exc).__name__}"
    return None


def _cache_problem() -> str | None:
    key = f"lagesbild:readyz:{uuid.uuid4().hex}"
    cache = caches["default"]
    try:
        cache.set(key, "ok", timeout=10)
        stored = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        return f"cache not reachable: {type(exc).__name__}"
    return None if stored == "ok" else "cache does not keep values"


def _migrations_problem() -> str | None:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return f"migrations cannot be read: {type(exc).__name__}"
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        more = f" and {len(plan) - 5} more" if len(plan) > 5 else ""
        return f"{len(plan)} migrations not applied ({names}{more}); run 'lagesbild migrate'"
    return None


def _static_problem(storage: ManifestFilesMixin) -> str | None:
    """With DEBUG off a page names its CSS and scripts by the manifest that ``collectstatic``
    writes; a file it lacks makes every page using it answer 500. Before, a server started
    without ``collectstatic`` (or after an upgrade, with a new file not collected) was ready
    by this probe while every page failed."""
    try:
        collected = set(storage.hashed_files)  # what this process renders with
        wanted = {
            f"{source.prefix}/{path}" if getattr(source, "prefix", None) else path
            for finder in get_finders()
            for path, source in finder.list(["CVS", ".*", "*~"])  # collectstatic's defaults
        } | set(PAGE_VENDOR_FILES)  # named by pages even when npm's folder is not found
    except Exception as exc:
        return f"static files cannot be read: {type(exc).__name__}"
    missing = sorted(wanted - collected)
    if not missing:
        return None
    examples = ", ".join(missing[:3]) + (", …" if len(missing) > 3 else "")
    npm = (
        "install Leaflet with 'npm ci' (LAGESBILD_NODE_MODULES), "
        if set(missing) & set(PAGE_VENDOR_FILES)
        else ""
    )
    return (
        f"{len(missing)} static files not collected ({examples}); {npm}run "
        "'lagesbild collectstatic --noinput', then restart the server"
    )


def readiness() -> JsonResponse:
    """Check database, cache and migrations; 200 when all are fine, else 503 with the reasons."""
    checks: dict[str, str | None] = {"database": _database_problem()}
    # Without a database the cache (the default is a table) and migrations cannot be asked.
    if checks["database"] is None:
        checks["cache"] = _cache_problem()
        checks["migrations"] = _migrations_problem()
    if isinstance(staticfiles_storage, ManifestFilesMixin):  # DEBUG off: pages need the manifest
        checks["static"] = _static_problem(staticfiles_storage)
    problems = [problem for problem in checks.values() if problem]
    if problems:
        logger.warning("not ready: %s", "; ".join(problems))
        return JsonResponse(
            {
                "status": "unavailable",
                "reason": "; ".join(problems),
                "checks": {name: problem or "ok" for name, problem in checks.items()},
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "checks": {name: "ok" for name in checks}})


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` (GET or HEAD) before every other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in HEALTH_PATHS or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        response = liveness() if path == "/healthz" else readiness()
        response.headers["Cache-Control"] = "no-store"
        return response
