"""gunicorn's hooks for Lägesbild's web server (``-c python:lagesbild.web.gunicorn_config``).

Each worker draws one chart before it takes requests (``core.charts.warm_up``), so the first
visitor of a yearly report, the goals or the explorer after a start or a worker's restart does not
wait for vl-convert's engine to start. In the worker, not the master: with ``--preload`` the
workers are forked from the master, and the engine's threads would not survive the fork.

The access log (``--access-logfile``) leaves out a password-reset link's token: the link sets a
new password for whoever holds it for a day, and log files are read, shipped and kept by more
people than the mailbox it was sent to.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from gunicorn.glogging import Logger

logger = logging.getLogger("lagesbild.server")

# accounts/urls.py's "password-reset-confirm": konto/aterstall/<uidb64>/<token>/.
_RESET_TOKEN = re.compile(r"(/konto/aterstall/[^/\s?]+/)[^/\s?]+(?=/)")
_WITH_ADDRESSES = ("r", "U", "f", "{referer}i")


class RedactingLogger(Logger):
    """gunicorn's logger with the reset token replaced by "…" in the request line, the path and
    the referrer, whatever ``--access-logformat`` prints."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _WITH_ADDRESSES:
            value = atoms.get(key)
            if isinstance(value, str):
                atoms[key] = _RESET_TOKEN.sub(r"\1…", value)
        return atoms


logger_class = RedactingLogger


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
