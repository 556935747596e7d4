#!/usr/bin/env bash
# `make test`: a broker for the integration and end-to-end tiers (started here when none answers, and
# stopped again afterwards), then every test. Each test run starts its own SecantusDB on a free port.
# `COVERAGE=1 scripts/test.sh [paths]` measures coverage as well (make coverage does).
set -euo pipefail
cd "$(dirname "$0")/.."
export AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
# the browser tier drives Debian's headless Chromium (never a browser Playwright downloads)
if [ ! -x /usr/bin/chromium ]; then
  echo "[test] installing Debian's chromium for the browser tests (about a minute)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
broker=$(scripts/rabbitmq.sh ensure)
[ "$broker" = started ] && trap 'scripts/rabbitmq.sh stop' EXIT
# COVERAGE=1 (make coverage): under coverage.py, eventlet-aware; pytest prints the short report at its end
if [ "${COVERAGE:-0}" = 1 ]; then
  rm -f var/coverage/.coverage
  .venv/bin/python -m coverage run -m pytest --amqp-uri "$AMQP_URI" "$@"
else
  .venv/bin/python -m pytest --amqp-uri "$AMQP_URI" "$@"
fi
