#!/usr/bin/env bash
# `make test`: a broker for the integration and end-to-end tiers (started here when none answers, and
# stopped again afterwards), then every test. Each test run starts its own SecantusDB on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
export AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
# the browser tier drives Debian's headless Chromium (never a browser Playwright downloads); the
# deploy tier checks docker-compose.yml with Debian's docker-compose (`config`: no engine needed)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[test] installing Debian's ${missing[*]} for the browser and deploy tests (about a minute)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
broker=$(scripts/rabbitmq.sh ensure)
[ "$broker" = started ] && trap 'scripts/rabbitmq.sh stop' EXIT
# `make test` (no arguments): the in-process tiers (unit, integration: their services run in the
# test process) under coverage.py, eventlet-aware, its short report printed at their end; then the
# tiers whose code runs in processes of their own (e2e, browser, deploy), which coverage could not
# see, without it. COVERAGE=0 measures nothing; COVERAGE=1 with paths measures those.
# Each tier ends with its 15 slowest tests (--durations), where to look to make the suite faster.
pytest=(.venv/bin/python -m pytest --amqp-uri "$AMQP_URI" --durations=15)
measured=(.venv/bin/python -m coverage run -m pytest --amqp-uri "$AMQP_URI" --durations=15)
rm -f var/coverage/.coverage
if [ $# -eq 0 ] && [ "${COVERAGE:-1}" != 0 ]; then
  status=0
  "${measured[@]}" tests/unit tests/integration || status=$?
  "${pytest[@]}" tests/e2e tests/browser tests/deploy || status=$?
  # a three-node RabbitMQ cluster of its own (scripts/rabbitmq_cluster.sh; about 2-3 minutes)
  "${pytest[@]}" tests/cluster || status=$?
  exit "$status"
elif [ "${COVERAGE:-0}" = 1 ]; then
  "${measured[@]}" "$@"
else
  "${pytest[@]}" "$@"
fi
