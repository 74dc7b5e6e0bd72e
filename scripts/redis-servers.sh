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

# A port p such that p and its cluster bus port p+10000 are both free.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 25000))
    if ! port_in_use "$p" && ! port_in_use $((p + 10000)); then echo "$p"; return; fi
  done
  echo "redis-servers: no free port found" >&2
  return 1
}

start_server() { # <dir> <name> <port> [extra redis-server args…]
  local dir=$1 name=$2 port=$3
  shift 3
  mkdir -p "$dir/$name"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir/$name" \
    --daemonize yes --pidfile "$dir/$name/redis.pid" --logfile "$dir/$name/redis.log" "$@"
  for _ in $(seq 1 100); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then return; fi
    sleep 0.1
  done
  echo "redis-servers: $name on port $port did not start; its log:" >&2
  cat "$dir/$name/redis.log" >&2
  return 1
}

start() {
  local dir=$1
  mkdir -p "$dir"
  command -v redis-server >/dev/null || { echo "redis-servers: redis-server is not on PATH" >&2; return 1; }
  local single
  single=$(free_port)
  start_server "$dir" single "$single"
  local nodes=() port
  for i in 1 2 3; do
    port=$(free_port)
    start_server "$dir" "cluster$i" "$port" --cluster-enabled yes \
      --cluster-config-file "$dir/cluster$i/nodes.conf" --cluster-node-timeout 5000
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
