"""Run mypy and compare its errors with the committed baseline, which may only shrink.

A baseline entry is ``path: message [code]`` without the line number, so moving code does
not break it. New errors fail; errors that are gone fail too until the baseline is rewritten
with ``--update``, so a fixed error can never come back unnoticed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:]+):\d+: error: (?P<message>.*)$")


def current_errors() -> Counter[str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):  # 2: mypy itself failed (config, crash)
        sys.exit(f"mypy failed to run:\n{run.stdout}{run.stderr}")
    errors: Counter[str] = Counter()
    for line in run.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors[f"{match['path']}: {match['message']}"] += 1
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the baseline")
    args = parser.parse_args()
    errors = current_errors()
    if args.update:
        BASELINE.write_text("".join(f"{e}\n" for e in sorted(errors.elements())), "utf-8")
        print(f"mypy baseline: {sum(errors.values())} errors written to {BASELINE.name}")
        return 0
    baseline = Counter(BASELINE.read_text("utf-8").splitlines()) if BASELINE.exists() else Counter()
    new, fixed = errors - baseline, baseline - errors
    for error in sorted(new.elements()):
        print(f"new type error: {error}")
    if fixed:
        print(
            f"{sum(fixed.values())} baseline errors are fixed: run "
            "`.venv/bin/python scripts/check_types.py --update` and commit the smaller baseline"
        )
    print(f"mypy: {sum(errors.values())} errors, baseline {sum(baseline.values())}")
    return 1 if new or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
