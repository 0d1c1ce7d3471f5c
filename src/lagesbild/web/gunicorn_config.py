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
    from lagesbild.core.charts import warm_up

    started = time.perf_counter()
    warm_up()
    logger.info("worker %s: charts ready in %.2f s", worker.pid, time.perf_counter() - started)
