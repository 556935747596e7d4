#!/usr/bin/env bash
# Rebuilds the committed GOV.UK Frontend CSS and JS in services/gateway/gateway/static/govuk/ from
# npm (govuk-frontend and sass at the versions below): Arial instead of GDS Transport, and none of
# GOV.UK's fonts, crown or images copied. Needs Node and npm; run it only to change the versions.
set -euo pipefail
cd "$(dirname "$0")/.."
GOVUK_FRONTEND=6.3.0
SASS=1.108.2
out=services/gateway/gateway/static/govuk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
  "govuk-frontend@$GOVUK_FRONTEND" "sass@$SASS")
cat >"$work/hub.scss" <<'SCSS'
@use "pkg:govuk-frontend" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-assets-path: "/static/govuk/assets/"
);
SCSS
mkdir -p "$out"
(cd "$work" && npx sass --pkg-importer=node --style=compressed --no-source-map hub.scss hub.css)
cp "$work/hub.css" "$out/govuk-frontend.min.css"
cp "$work/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$out/govuk-frontend.min.js"
echo "govuk-frontend $GOVUK_FRONTEND, sass $SASS" >"$out/VERSION"
ls -l "$out"
