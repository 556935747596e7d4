#!/usr/bin/env bash
# RabbitMQ for `make run` and `make test`.
#   scripts/rabbitmq.sh ensure  - start a local broker unless one answers on $AMQP_URI (installing
#                                 Debian's rabbitmq-server first when it is missing); prints "started"
#                                 when it started one, "reused" otherwise.
#   scripts/rabbitmq.sh stop    - stop the broker that `ensure` started (and nothing else).
set -euo pipefail
cd "$(dirname "$0")/.."
AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"
MARK="var/run/rabbitmq.started-by-us"
hostport="${AMQP_URI#*://}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=5672
log() { echo "[rabbitmq] $*" >&2; }

reachable() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

ensure() {
  if reachable "$host" "$port"; then
    if ! reachable "$host" 15672 && command -v rabbitmq-plugins >/dev/null; then
      as_root rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || true
    fi
    echo reused; return
  fi
  case "$host" in 127.*|localhost) ;; *) log "nothing answers at $host:$port and it is not local"; exit 1;; esac
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
  stop) stop ;;
  *) echo "usage: $0 ensure|stop" >&2; exit 2 ;;
esac
