#!/usr/bin/env bash
# deploy/secrets.sh [FILE]: writes FILE (default deploy/secrets.env) with fresh random values for
# every secret deploy/secrets.env.example lists, readable by its owner only. An existing file is
# kept as it is (secrets are made once).
set -euo pipefail
file="${1:-$(cd "$(dirname "$0")" && pwd)/secrets.env}"
if [ -e "$file" ]; then
  echo "[secrets] $file exists: kept as it is" >&2
  exit 0
fi
random() { head -c "$1" /dev/urandom | od -An -tx1 -v | tr -d ' \n'; }  # $1 bytes, as hex
umask 077
{
  echo "# Made by deploy/secrets.sh on $(date -u +%F). Private: never commit or share it."
  echo "JWT_SECRET=$(random 48)"
  for name in ADMIN DIRECTORY EVENTS NOTIFICATIONS COMMUNITY GATEWAY; do
    echo "RABBITMQ_${name}_PASSWORD=$(random 24)"
  done
  echo "DEMO_PASSWORD=$(random 12)"
  echo "RABBITMQ_ERLANG_COOKIE=$(random 32)"
  echo "SMTP_PASSWORD="
} > "$file.new"
mv "$file.new" "$file"
echo "[secrets] wrote $file" >&2
