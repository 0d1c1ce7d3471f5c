#!/usr/bin/env bash
# The whole suite, as `make test` runs it: lint, types, pytest on SQLite (browser tests included)
# and on PostgreSQL. Every step runs even when an earlier one fails, each reports, and the script
# fails if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
POSTGRES_TEST_URL=${POSTGRES_TEST_URL:-postgres://postgres@127.0.0.1:5432/lagesbild}
declare -a RESULTS=()
FAILED=0

step() {
    local name=$1
    shift
    local start=$SECONDS
    echo "=== $name: $*"
    if "$@"; then
        RESULTS+=("ok      $name ($((SECONDS - start)) s)")
    else
        RESULTS+=("FAILED  $name ($((SECONDS - start)) s)")
        FAILED=1
    fi
}

step "ruff check" "$BIN/ruff" check src bench scripts
step "ruff format" "$BIN/ruff" format --check src bench scripts
step "mypy (baseline may only shrink)" "$BIN/python" scripts/check_types.py
# -n 2 with xdist's default "load", which src/conftest.py turns into GroupedScheduling (modules
# that build their data once stay on one worker). Measured 2026-12-07 on SQLite, whole suite:
# "load" 545 s, its two workers ending 5 s apart (4 556 passed); --dist worksteal 550 s and
# --dist loadfile 562 s, both with hundreds of errors (Category.DoesNotExist: a worker ran
# tests after a transactional test had flushed the migrated categories, which pytest-django
# orders last and "load" keeps last) and module data built on both workers.
step "pytest on SQLite" "$BIN/pytest" -n 2
step "pytest on PostgreSQL" env DATABASE_URL="$POSTGRES_TEST_URL" "$BIN/pytest" -n 2

echo "=== summary"
printf '%s\n' "${RESULTS[@]}"
exit $FAILED
