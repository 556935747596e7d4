#!/usr/bin/env bash
# `make test`: a broker for the integration and end-to-end tiers (started here when none answers, and
# stopped again afterwards), then every test. Each test run starts its own SecantusDB on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
export AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
broker=$(scripts/rabbitmq.sh ensure)
[ "$broker" = started ] && trap 'scripts/rabbitmq.sh stop' EXIT
.venv/bin/python -m pytest --amqp-uri "$AMQP_URI" "$@"
