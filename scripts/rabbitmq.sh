#!/usr/bin/env bash
# RabbitMQ for `make run` and `make test`.
#   scripts/rabbitmq.sh ensure  - start a local broker unless one answers on $AMQP_URI (installing
#                                 Debian's rabbitmq-server first when it is missing); prints "started"
#                                 when it started one, "reused" otherwise.
#   scripts/rabbitmq.sh stop    - stop the broker that `ensure` started (and nothing else).
#   scripts/rabbitmq.sh install - install Debian's rabbitmq-server when missing (nothing started).
# On a local broker `ensure` also deletes queues of ours (rpc-*, evt-*, dlq.*) that an older
# version declared with another type than this one does (QUEUE_TYPE, default quorum; see
# runtime/runtime/queues.py) and that nothing consumes: the broker keeps its queues between runs
# (/var/lib/rabbitmq/mnesia), and a classic `rpc-events` left there would make the events service
# fail to start (406 PRECONDITION_FAILED). The services declare them again, of the right type.
set -euo pipefail
cd "$(dirname "$0")/.."
AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
MARK="var/run/rabbitmq.started-by-us"
hostport="${AMQP_URI#*://}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=5672
log() { echo "[rabbitmq] $*" >&2; }

reachable() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

vhost_of_uri() {
  local rest="${AMQP_URI#*://}" path=""
  case "$rest" in */*) path="${rest#*/}" ;; esac
  path="${path%%\?*}"
  if [ -z "$path" ]; then echo /; else printf '%b\n' "${path//%/\\x}"; fi
}

retype_stale_queues() {
  local want vhost stale
  want=$(echo "${QUEUE_TYPE:-quorum}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
  vhost=$(vhost_of_uri)
  command -v rabbitmqctl >/dev/null && [ -x .venv/bin/python ] || return 0
  stale=$(as_root rabbitmqctl list_queues -s -p "$vhost" name type consumers messages 2>/dev/null |
    awk -F'\t' -v want="$want" '$1 ~ /^(rpc-|evt-|dlq\.)/ && $2 != want' || true)
  [ -n "$stale" ] || return 0
  # one AMQP connection deletes them all (a rabbitmqctl call each would take a second apiece)
  echo "$stale" | .venv/bin/python -c '
import sys
from kombu import Connection
uri, vhost, want = sys.argv[1:]
with Connection(uri) as conn:
    for line in sys.stdin:
        name, kind, consumers, messages = line.rstrip("\n").split("\t")
        if consumers != "0":
            print(f"[rabbitmq] queue {name} is a {kind} queue with {consumers} consumer(s): left "
                  "as it is; stop what consumes it and run this again", file=sys.stderr)
            continue
        try:
            with conn.channel() as channel:
                channel.queue_delete(name, if_unused=True)
        except Exception as error:  # in use by now: left, the next start tries again
            print(f"[rabbitmq] queue {name} not deleted: {error}", file=sys.stderr)
            continue
        print(f"[rabbitmq] deleted the {kind} queue {name} (vhost {vhost}, {messages} message(s)) "
              f"an older version left: it comes back as a {want} queue", file=sys.stderr)
' "$AMQP_URI" "$vhost" "$want" || log "could not delete the stale queues listed above"
}

install() {
  if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    log "installing Debian's rabbitmq-server (about 20 s; output in var/log/rabbitmq-install.log)"
    mkdir -p var/log
    if ! { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
           as_root apt-get install -y -qq rabbitmq-server; } >var/log/rabbitmq-install.log 2>&1; then
      tail -n 20 var/log/rabbitmq-install.log >&2
      log "installing rabbitmq-server failed (see var/log/rabbitmq-install.log)"
      exit 1
    fi
  fi
}

ensure() {
  if reachable "$host" "$port"; then
    if ! reachable "$host" 15672 && command -v rabbitmq-plugins >/dev/null; then
      as_root rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || true
    fi
    case "$host" in 127.*|localhost) retype_stale_queues ;; esac
    echo reused; return
  fi
  case "$host" in 127.*|localhost) ;; *) log "nothing answers at $host:$port and it is not local"; exit 1;; esac
  install
  as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  log "starting a local broker"
  for attempt in 1 2 3; do
    # Debian's wrapper runs the server under su, which drops the open-files limit; raise it first.
    as_root su rabbitmq -s /bin/sh -c \
      'ulimit -n $(ulimit -Hn); cd /var/lib/rabbitmq; exec /usr/lib/rabbitmq/bin/rabbitmq-server -detached' >&2
    if as_root rabbitmqctl wait --timeout 120 "/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid" \
         >/dev/null 2>&1; then
      break
    fi
    [ "$attempt" = 3 ] && { log "RabbitMQ did not start (see /var/log/rabbitmq/)"; exit 1; }
    log "RabbitMQ did not come up (a broker still stopping?); trying again"
    sleep 5
  done
  for _ in $(seq 60); do reachable "$host" "$port" && reachable "$host" 15672 && break; sleep 1; done
  mkdir -p var/run && touch "$MARK"
  retype_stale_queues
  echo started
}

stop() {
  [ -f "$MARK" ] || return 0
  log "stopping the broker we started"
  # shutdown (unlike stop) returns only once the node has stopped, so a new start cannot race it
  as_root rabbitmqctl shutdown >/dev/null 2>&1 || true
  rm -f "$MARK"
}

case "${1:-}" in
  ensure) ensure ;;
  install) install ;;
  stop) stop ;;
  *) echo "usage: $0 ensure|install|stop" >&2; exit 2 ;;
esac
