"""Fill the database of ``test_worker.py`` and queue the job its worker will run.

Run as a program against that database (``python -m lagesbild.jobs.tests.worker_world N``): it
creates the cast, N reports of the housing company and queues the coordinator's export of the
report list, and prints the job's id.
"""

from __future__ import annotations

import sys
from datetime import datetime


def main(count: int) -> int:
    from lagesbild.jobs.services import enqueue
    from lagesbild.testing import STOCKHOLM, Cast, file_report, make_cast

    cast = make_cast()
    when = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
    for number in range(count):
        file_report(cast.bostad, "klotter", when, Cast.NORR_POINT, f"Klotter nummer {number}")
    params = {"fmt": "csv", "filters": {}}
    return enqueue("reports-export", cast.cecilia, None, params, "Rapporter (CSV)").pk


if __name__ == "__main__":
    import django

    django.setup()
    print(main(int(sys.argv[1])))
