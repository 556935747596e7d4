#!/usr/bin/env bash
# The platform's RabbitMQ accounts as a definitions document (JSON on stdout), made from the
# environment: one user per process, allowed only what that process needs on one vhost.
#
#   RABBITMQ_DIRECTORY_PASSWORD, RABBITMQ_EVENTS_PASSWORD,        required: 16 to 128 characters
#   RABBITMQ_NOTIFICATIONS_PASSWORD, RABBITMQ_GATEWAY_PASSWORD    of A-Z a-z 0-9 . _ ~ -
#   RABBITMQ_COMMUNITY_PASSWORD
#   RABBITMQ_ADMIN_USER (hub), RABBITMQ_ADMIN_PASSWORD            optional: an administrator
#   HUB_VHOST (/)                                                 the platform's vhost
#   HUB_BROKER_USER_PREFIX ("")                                   prefixes every user (tests)
#
# Used three ways: `make run` pipes it into `rabbitmqctl import_definitions` (scripts/
# run_platform.py); in Compose and Kubernetes deploy/rabbitmq/start.sh writes it where the broker
# loads it at boot (`load_definitions`). No password is ever stored in the repository.
#
# What each user may do (RabbitMQ checks configure = declare/delete, write = publish/bind a queue,
# read = consume/bind to an exchange; regexes on resource names, topic permissions on routing
# keys of the topic exchanges):
#   directory, events, notifications, community ("<s>"): declare and consume their RPC queue rpc-<s> and
#     their reply queues rpc.reply-<s>-<uuid> (and rpc.reply-standalone_rpc_proxy-<uuid> for the
#     health probe); publish RPC requests and replies to nameko-rpc; publish events only to
#     <s>.events. On nameko-rpc they bind only <s>.* and reply keys, and publish only
#     <service>.<method> requests and reply keys.
#   notifications, besides: subscribes to directory.events, events.events and community.events with its own
#     evt-<source>-<event>--notifications.<method> queues and their dead-letter queues
#     dlq.evt-... on the dead-letters exchange.
#   directory (of events, notifications and community: person_erasure_done), events and
#     community (of the directory: person_erased) likewise, each with its own evt-...--<s>.* queues.
#   gateway: publishes RPC requests to nameko-rpc (no reply keys, no events anywhere), consumes
#     its own reply queues rpc.reply-gateway-<hex>, binds its own inbox feed queue
#     gateway-inbox-feed-<hex> to notification_created on notifications.events (its dead letters:
#     dlq.gateway.inbox-feed) and its own session feed queue gateway-session-feed-<hex> to
#     sessions_revoked on directory.events (dead letters: dlq.gateway.session-feed).
# Nobody may use the default exchange (it reaches every queue by name).
set -euo pipefail

vhost="${HUB_VHOST:-/}"
prefix="${HUB_BROKER_USER_PREFIX:-}"
fail() { echo "definitions.sh: $*" >&2; exit 1; }
[[ "$vhost" =~ ^[A-Za-z0-9_./-]{1,100}$ ]] || fail "HUB_VHOST may hold only A-Z a-z 0-9 _ . / -"
[[ "$prefix" =~ ^[A-Za-z0-9_.-]{0,40}$ ]] || fail "HUB_BROKER_USER_PREFIX may hold only A-Z a-z 0-9 _ . -"

check_password() {  # the password in variable $1 (checked here, in the main shell: exits)
  local value="${!1:-}"
  [ -n "$value" ] || fail "$1 is not set (see deploy/secrets.env.example)"
  [[ "$value" =~ ^[A-Za-z0-9._~-]{16,128}$ ]] \
    || fail "$1 must be 16 to 128 characters of A-Z a-z 0-9 . _ ~ - (deploy/secrets.sh makes one)"
}
for name in DIRECTORY EVENTS NOTIFICATIONS COMMUNITY GATEWAY; do check_password "RABBITMQ_${name}_PASSWORD"; done
admin=""
if [ -n "${RABBITMQ_ADMIN_PASSWORD:-}" ]; then
  check_password RABBITMQ_ADMIN_PASSWORD
  admin="${RABBITMQ_ADMIN_USER:-hub}"
  [[ "$admin" =~ ^[A-Za-z0-9_.-]{1,40}$ ]] || fail "RABBITMQ_ADMIN_USER may hold only A-Z a-z 0-9 _ . -"
fi

# JSON strings below: every backslash of a regex is doubled.
UUID='[0-9a-f-]{32,36}'
KEY="[A-Za-z0-9_]+"
SERVICES='(directory|events|notifications|community)'

user() {  # name password tags
  printf '    {"name": "%s%s", "password": "%s", "tags": "%s"}' "$prefix" "$1" "$2" "$3"
}

permission() {  # user configure write read
  printf '    {"user": "%s%s", "vhost": "%s", "configure": "%s", "write": "%s", "read": "%s"}' \
    "$prefix" "$1" "$vhost" "$2" "$3" "$4"
}

topic() {  # user exchange write read
  printf '    {"user": "%s%s", "vhost": "%s", "exchange": "%s", "write": "%s", "read": "%s"}' \
    "$prefix" "$1" "$vhost" "$2" "$3" "$4"
}

service_permission() {  # service [extra configure/write/read alternatives]
  local s="$1" extra_c="${2:-}" extra_w="${3:-}" extra_r="${4:-}"
  local own="rpc-$s|rpc\\\\.reply-($s|standalone_rpc_proxy)-$UUID"
  permission "$s" \
    "^(nameko-rpc|$own|$s\\\\.events$extra_c)\$" \
    "^(nameko-rpc|$own|$s\\\\.events$extra_w)\$" \
    "^(nameko-rpc|$own$extra_r)\$"
}

service_topic() {  # service
  topic "$1" "nameko-rpc" "^($SERVICES\\\\.$KEY|$UUID)\$" "^($1\\\\.\\\\*|$UUID)\$"
}

# a service's subscriptions: its handler queues evt-<source>-<event>--<s>.<method>, their
# dead-letter queues dlq.evt-... on the dead-letters exchange (read too: the daily retention
# sweep takes old dead letters off them), and its sources' exchanges <source>.events
subscriber() {  # service "source ..."
  local s="$1" source exchanges=""
  local from="($(echo $2 | tr ' ' '|'))"
  for source in $2; do exchanges="$exchanges|$source\\\\.events"; done
  local queues="(dlq\\\\.)?evt-$from-$KEY--$s\\\\.$KEY"
  service_permission "$s" "|$queues|dead-letters$exchanges" "|$queues|dead-letters" \
    "|$queues|dead-letters$exchanges"
}

GATEWAY_OWN="rpc\\\\.reply-gateway-[0-9a-f]{32}|gateway-(inbox|session)-feed-[0-9a-f]{32}"
GATEWAY_DLQ="dlq\\\\.gateway\\\\.(inbox|session)-feed"
GATEWAY_FEEDS="notifications\\\\.events|directory\\\\.events"
GATEWAY_C="^(nameko-rpc|$GATEWAY_OWN|$GATEWAY_DLQ|dead-letters|$GATEWAY_FEEDS)\$"
GATEWAY_W="^(nameko-rpc|$GATEWAY_OWN|$GATEWAY_DLQ|dead-letters)\$"
GATEWAY_R="^(nameko-rpc|$GATEWAY_OWN|dead-letters|$GATEWAY_FEEDS)\$"

users=(
  "$(user directory "$RABBITMQ_DIRECTORY_PASSWORD" "")"
  "$(user events "$RABBITMQ_EVENTS_PASSWORD" "")"
  "$(user notifications "$RABBITMQ_NOTIFICATIONS_PASSWORD" "")"
  "$(user community "$RABBITMQ_COMMUNITY_PASSWORD" "")"
  "$(user gateway "$RABBITMQ_GATEWAY_PASSWORD" "")"
)
if [ -n "$admin" ]; then
  users+=("$(user "$admin" "$RABBITMQ_ADMIN_PASSWORD" administrator)")
fi
permissions=(
  "$(subscriber directory "events notifications community")"
  "$(subscriber events directory)"
  "$(subscriber notifications "directory events community")"
  "$(subscriber community directory)"
  "$(permission gateway "$GATEWAY_C" "$GATEWAY_W" "$GATEWAY_R")"
)
if [ -n "$admin" ]; then
  permissions+=("$(permission "$admin" ".*" ".*" ".*")")
fi
topics=(
  "$(service_topic directory)"
  "$(service_topic events)"
  "$(service_topic notifications)"
  "$(service_topic community)"
  "$(topic gateway "nameko-rpc" "^$SERVICES\\\\.$KEY\$" "^[0-9a-f]{32}\$")"
  "$(topic gateway "notifications.events" "^\$" "^notification_created\$")"
  "$(topic gateway "directory.events" "^\$" "^sessions_revoked\$")"
)

join() { local IFS=$'\n'; local out; out="$(printf '%s,\n' "$@")"; printf '%s' "${out%,}"; }
cat <<EOF
{
  "vhosts": [{"name": "$vhost"}],
  "users": [
$(join "${users[@]}")
  ],
  "permissions": [
$(join "${permissions[@]}")
  ],
  "topic_permissions": [
$(join "${topics[@]}")
  ]
}
EOF
