#!/usr/bin/env bash
# Real Redis servers for @warp/redis tests and the bench's redis suite: one single server and a
# 3-master Cluster, on free loopback ports, without persistence (--save '' --appendonly no), in
# a temp dir.
#
#   scripts/redis-servers.sh run -- <command…>  start, export WARP_REDIS_URL and WARP_REDIS_CLUSTER,
#                                               run the command, stop the servers on exit (trap)
#   scripts/redis-servers.sh start <dir>        start in <dir>; print KEY=value lines for the env
#   scripts/redis-servers.sh stop <dir>         stop the servers started in <dir>, remove <dir>
set -euo pipefail

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port p such that p and its cluster bus port p+10000 are both free, both below the
# kernel's ephemeral range (32768 and up by default): an outgoing connection's local port
# there is invisible to port_in_use but makes the server's bind fail.
free_port() {
  local p low span
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  span=$((low - 30000))
  [ "$span" -ge 500 ] || span=2768
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % span))
    if ! port_in_use "$p" && ! port_in_use $((p + 10000)); then echo "$p"; return; fi
  done
  echo "redis-servers: no free port found" >&2
  return 1
}

start_server() { # <dir> <name> <port> [extra redis-server args…]; 1 when it did not start
  local dir=$1 name=$2 port=$3
  shift 3
  rm -rf "${dir:?}/$name"
  mkdir -p "$dir/$name"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir/$name" \
    --daemonize yes --pidfile "$dir/$name/redis.pid" --logfile "$dir/$name/redis.log" "$@" ||
    return 1
  for _ in $(seq 1 100); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then return; fi
    # A server that could not bind exits at once: no use waiting for it.
    if grep -q 'aborting' "$dir/$name/redis.log" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# Starts server <name> on a free port and prints the port. Another process can take a port
# between the check and the bind (parallel test runs do), so a failed start picks another.
start_on_free_port() { # <dir> <name> [extra redis-server args…]
  local dir=$1 name=$2 port
  shift 2
  for attempt in 1 2 3 4 5; do
    port=$(free_port) || return 1
    if start_server "$dir" "$name" "$port" "$@"; then echo "$port"; return; fi
    [ -f "$dir/$name/redis.pid" ] && kill "$(cat "$dir/$name/redis.pid")" 2>/dev/null
  done
  echo "redis-servers: $name did not start after $attempt attempts (last port $port); its log:" >&2
  cat "$dir/$name/redis.log" >&2
  return 1
}

start() {
  local dir=$1
  mkdir -p "$dir"
  command -v redis-server >/dev/null || { echo "redis-servers: redis-server is not on PATH" >&2; return 1; }
  local single
  single=$(start_on_free_port "$dir" single)
  local nodes=() port
  for i in 1 2 3; do
    port=$(start_on_free_port "$dir" "cluster$i" --cluster-enabled yes \
      --cluster-config-file "$dir/cluster$i/nodes.conf" --cluster-node-timeout 5000)
    nodes+=("127.0.0.1:$port")
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/cluster-create.log" 2>&1 ||
    { cat "$dir/cluster-create.log" >&2; return 1; }
  for node in "${nodes[@]}"; do
    for _ in $(seq 1 100); do
      if redis-cli -p "${node#*:}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then break; fi
      sleep 0.1
    done
  done
  echo "WARP_REDIS_URL=redis://127.0.0.1:$single"
  echo "WARP_REDIS_CLUSTER=$(IFS=,; echo "${nodes[*]}")"
}

stop() {
  local dir=$1 pidfile pid
  [ -d "$dir" ] || return 0
  for pidfile in "$dir"/*/redis.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/warp-redis.XXXXXX")
    trap 'stop "$dir"' EXIT
    env_lines=$(start "$dir")
    while IFS= read -r line; do export "${line?}"; done <<<"$env_lines"
    echo "redis-servers: $WARP_REDIS_URL, cluster $WARP_REDIS_CLUSTER" >&2
    "$@"
    ;;
  *)
    echo "usage: $0 run -- <command…> | start <dir> | stop <dir>" >&2
    exit 2
    ;;
esac
