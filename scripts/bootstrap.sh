#!/usr/bin/env bash
# Creates .venv and installs every package pinned in constraints.txt, the seven project packages
# editable. Re-runs only when a dependency file changed (make compares it with .venv/.installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/pip --disable-pip-version-check -q)
echo "[setup] installing pinned dependencies (about a minute the first time)"
"${PIP[@]}" install -c constraints.txt setuptools wheel
"${PIP[@]}" install -c constraints.txt --no-build-isolation -r requirements-dev.txt \
  -e contracts -e runtime -e services/directory -e services/events -e services/notifications -e services/community \
  -e services/gateway
.venv/bin/pip check >/dev/null
touch .venv/.installed
echo "[setup] ready"
