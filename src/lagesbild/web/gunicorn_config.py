"""gunicorn's hooks for Lägesbild's web server (``-c python:lagesbild.web.gunicorn_config``).

Each worker draws one chart before it takes requests (``core.charts.warm_up``), so the first
visitor of a yearly report, the goals or the explorer after a start or a worker's restart does not
wait for vl-convert's engine to start. In the worker, not the master: with ``--preload`` the
workers are forked from the master, and the engine's threads would not survive the fork.
"""

from __future__ import annotations

import logging
import time
from typing import Any

logger = logging.getLogger("lagesbild.server")


def post_worker_init(worker: Any) -> None:
    """Best effort: a hook that raises stops the worker before it boots, and gunicorn then
    stops the whole server; a chart renderer that cannot start must cost the pages with
    charts, never login or filing."""
    from lagesbild.core.charts import warm_up

    started = time.perf_counter()
    try:
        warm_up()
    except Exception:
        logger.warning("worker %s: charts could not be warmed up", worker.pid, exc_info=True)
        return
    logger.info("worker %s: charts ready in %.2f s", worker.pid, time.perf_counter() - started)
