#!/usr/bin/env bash
# The broker's health check in Compose and Kubernetes: it answers, and every platform user exists
# (the services connect as them).
set -euo pipefail
rabbitmq-diagnostics -q check_port_connectivity
users="$(rabbitmqctl -q list_users --no-table-headers)"
for name in directory events notifications community gateway; do
  grep -q "^${HUB_BROKER_USER_PREFIX:-}${name}[[:space:]]" <<<"$users" || { echo "no user $name" >&2; exit 1; }
done
