#!/usr/bin/env bash
# The broker in Compose and Kubernetes (image rabbitmq:3-management): writes the platform's
# accounts (deploy/rabbitmq/definitions.sh, passwords from the environment) where only the broker
# can read them, has the broker load them at boot (`load_definitions`: every start, so a changed
# password or permission applies on restart), then runs it as the image would.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
umask 077
mkdir -p /run/hub
bash "$here/definitions.sh" > /run/hub/definitions.json
chown -R rabbitmq:rabbitmq /run/hub
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="${RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:-} -rabbit load_definitions \"/run/hub/definitions.json\""
exec docker-entrypoint.sh rabbitmq-server
