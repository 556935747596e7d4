#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this machine, for the cluster tier of the tests (tests/cluster).
#   scripts/rabbitmq_cluster.sh start         - start rabbit1..3@localhost and join them into one
#                                               cluster; prints the AMQP_URI listing the three
#   scripts/rabbitmq_cluster.sh stop          - stop every node and what it started; remove its state
#   scripts/rabbitmq_cluster.sh kill-node N   - kill node N at once (SIGKILL: a crash, not a shutdown)
#   scripts/rabbitmq_cluster.sh stop-node N   - stop node N gracefully
#   scripts/rabbitmq_cluster.sh start-node N  - start node N again (it rejoins the cluster)
#   scripts/rabbitmq_cluster.sh leader QUEUE  - the node leading quorum queue QUEUE (rabbitN@localhost)
#   scripts/rabbitmq_cluster.sh ctl ARGS...   - rabbitmqctl against a running node of the cluster
#
# Node N listens for AMQP on 127.0.0.1:$((BASE_PORT + N)) (BASE_PORT 5700: 5701-5703), for
# Erlang distribution on that + 20000, with its own epmd on $EPMD_PORT (4370), so nothing touches
# the single broker of scripts/rabbitmq.sh. State and logs in var/rabbitmq-cluster/ (a fresh
# cluster each start), one Erlang cookie shared by the nodes and the CLI there, no plugins. Runs
# as the calling user (root not needed, except to install Debian's rabbitmq-server when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BASE_PORT="${CLUSTER_BASE_PORT:-5700}"
export ERL_EPMD_PORT="${CLUSTER_EPMD_PORT:-4370}"
DIR="$ROOT/var/rabbitmq-cluster"
BIN=/usr/lib/rabbitmq/bin
NODES=(1 2 3)
log() { echo "[cluster] $*" >&2; }

node_name() { echo "rabbit$1@localhost"; }

node_env() {  # the environment of node $1 (and of the CLI talking to it)
  local n="$1"
  echo HOME="$DIR/home" RABBITMQ_NODENAME="$(node_name "$n")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$((BASE_PORT + n))" \
    RABBITMQ_DIST_PORT="$((BASE_PORT + n + 20000))" \
    RABBITMQ_MNESIA_BASE="$DIR/mnesia" RABBITMQ_LOG_BASE="$DIR/log" \
    RABBITMQ_PID_FILE="$DIR/rabbit$n.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" \
    RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/advanced.config"
}

ctl_on() {  # rabbitmqctl against node $1
  local n="$1"
  shift
  env $(node_env "$n") "$BIN/rabbitmqctl" -n "$(node_name "$n")" "$@"
}

running() { [ -f "$DIR/rabbit$1.pid" ] && kill -0 "$(cat "$DIR/rabbit$1.pid")" 2>/dev/null; }

any_running_node() {
  for n in "${NODES[@]}"; do running "$n" && { echo "$n"; return; }; done
  return 1
}

start_node() {
  local n="$1"
  running "$n" && return 0
  env $(node_env "$n") "$BIN/rabbitmq-server" -detached >>"$DIR/log/start.log" 2>&1
  for _ in $(seq 60); do [ -s "$DIR/rabbit$n.pid" ] && break; sleep 0.5; done
  if ! ctl_on "$n" wait --timeout 120 "$DIR/rabbit$n.pid" >/dev/null 2>&1; then
    log "node $(node_name "$n") did not start (see $DIR/log/)"
    return 1
  fi
}

uri() {
  local hosts=()
  for n in "${NODES[@]}"; do hosts+=("amqp://guest:guest@127.0.0.1:$((BASE_PORT + n))/"); done
  (IFS=';'; echo "${hosts[*]}")
}

start() {
  if [ ! -x "$BIN/rabbitmq-server" ]; then scripts/rabbitmq.sh install; fi
  stop >/dev/null 2>&1 || true
  mkdir -p "$DIR/home" "$DIR/log" "$DIR/mnesia"
  echo '[].' >"$DIR/enabled_plugins"
  : >"$DIR/rabbitmq-env.conf"
  echo 'loopback_users.guest = true' >"$DIR/rabbitmq.conf"
  echo '[].' >"$DIR/advanced.config"
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/home/.erlang.cookie"
  chmod 400 "$DIR/home/.erlang.cookie"
  log "starting $(node_name 1), $(node_name 2), $(node_name 3) (AMQP $((BASE_PORT + 1))-$((BASE_PORT + 3)))"
  for n in "${NODES[@]}"; do start_node "$n" & done
  wait_all=0
  for job in $(jobs -p); do wait "$job" || wait_all=1; done
  [ "$wait_all" = 0 ] || { stop; exit 1; }
  for n in 2 3; do
    ctl_on "$n" stop_app >/dev/null
    ctl_on "$n" join_cluster "$(node_name 1)" >/dev/null
    ctl_on "$n" start_app >/dev/null
  done
  local members
  members=$(ctl_on 1 eval 'length(rabbit_nodes:all_running()).' 2>/dev/null | tr -d '\r')
  [ "$members" = 3 ] || { log "the cluster has $members running nodes, not 3"; stop; exit 1; }
  log "cluster of 3 running; AMQP_URI=$(uri)"
  uri
}

stop() {
  [ -d "$DIR" ] || return 0
  for n in "${NODES[@]}"; do
    if running "$n"; then
      ctl_on "$n" shutdown >/dev/null 2>&1 || kill -9 "$(cat "$DIR/rabbit$n.pid")" 2>/dev/null || true
    fi
  done
  # the epmd the first node started on our port (never the default one of other brokers)
  HOME="$DIR/home" epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
  rm -rf "$DIR"
  log "stopped"
}

kill_node() {
  running "$1" || { log "node $1 is not running"; return 1; }
  kill -9 "$(cat "$DIR/rabbit$1.pid")"
  for _ in $(seq 50); do running "$1" || break; sleep 0.1; done
  log "killed $(node_name "$1")"
}

leader() {
  local n
  n=$(any_running_node) || { log "no node is running"; return 1; }
  ctl_on "$n" list_queues -s name leader 2>/dev/null | awk -F'\t' -v q="$1" '$1 == q { print $2 }'
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill-node) kill_node "$2" ;;
  stop-node) ctl_on "$2" stop >/dev/null && log "stopped $(node_name "$2")" ;;
  start-node) start_node "$2" ;;
  leader) leader "$2" ;;
  ctl) shift; ctl_on "$(any_running_node)" "$@" ;;
  *) echo "usage: $0 start|stop|kill-node N|stop-node N|start-node N|leader QUEUE|ctl ARGS" >&2; exit 2 ;;
esac
