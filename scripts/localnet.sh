#!/usr/bin/env bash
# A local four-validator OpenLedger network (`--chain local`: Alice, Bob, Charlie, Dave) on
# 127.0.0.1, with persistent databases, one log and pid file per node.
#
# Alice has a fixed network key and is the only bootnode; mDNS is off, so the others find each
# other through her (Kademlia), as they would on a real network.
#
# Usage:
#   scripts/localnet.sh start     [options]   start the nodes that are not running
#   scripts/localnet.sh stop      [options]   SIGINT all nodes and wait (SIGKILL after 30 s)
#   scripts/localnet.sh status    [options]   pid, ports, peers, best and finalized per node
#   scripts/localnet.sh start-one NAME [opts] start one node (alice|bob|charlie|dave)
#   scripts/localnet.sh kill-one  NAME [opts] SIGKILL one node (to test crash recovery)
#   scripts/localnet.sh stop-one  NAME [opts] SIGINT one node and wait
#   scripts/localnet.sh purge     [options]   stop, then delete the base directory
#
# Options:
#   --base DIR             state directory (default $HOME/.local/share/openledger-localnet)
#   --p2p-port N           first p2p port (default 30333; node i uses N+i)
#   --rpc-port N           first RPC port (default 9944)
#   --prometheus-port N    first Prometheus port (default 9615)
#   --no-wait              do not wait for RPC to answer after starting
# Ports given to `start` are remembered in DIR/ports.env and reused by later commands.
#
# Env: OPENLEDGER_NODE (binary; default from scripts/env.sh),
#      OPENLEDGER_NODE_EXTRA_ARGS (extra flags for every node, e.g. "-lgrandpa=debug").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
source "$root/scripts/env.sh"

NAMES=(alice bob charlie dave)
# Fixed network key of Alice, the bootnode (a local test network only; never reuse it).
ALICE_NODE_KEY="0000000000000000000000000000000000000000000000000000000000000001"
# Its peer id, used if `key inspect-node-key` is unavailable.
ALICE_PEER_ID_FALLBACK="12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"
STOP_TIMEOUT=30
START_TIMEOUT=120

say() { printf '[localnet] %s\n' "$*"; }
die() { printf '[localnet] error: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-0}"; }

cmd="${1:-}"
[ -n "$cmd" ] || usage 1
shift
target=""
base="${OPENLEDGER_LOCALNET_BASE:-$HOME/.local/share/openledger-localnet}"
p2p_base="" rpc_base="" prom_base="" wait_rpc=1
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --base=*) base="${1#*=}"; shift ;;
    --p2p-port) p2p_base="$2"; shift 2 ;;
    --rpc-port) rpc_base="$2"; shift 2 ;;
    --prometheus-port) prom_base="$2"; shift 2 ;;
    --no-wait) wait_rpc=0; shift ;;
    -h|--help) usage 0 ;;
    -*) die "unknown option $1" ;;
    *) [ -z "$target" ] || die "unexpected argument $1"; target="$1"; shift ;;
  esac
done
mkdir -p "$base"
base="$(cd "$base" && pwd)"

# Ports: flags > remembered (ports.env) > defaults.
if [ -f "$base/ports.env" ]; then
  # shellcheck disable=SC1091
  source "$base/ports.env"
fi
P2P_BASE="${p2p_base:-${P2P_BASE:-30333}}"
RPC_BASE="${rpc_base:-${RPC_BASE:-9944}}"
PROM_BASE="${prom_base:-${PROM_BASE:-9615}}"

index_of() {
  local i
  for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && { echo "$i"; return 0; }; done
  die "unknown node '$1' (expected one of: ${NAMES[*]})"
}
node_dir() { echo "$base/$1"; }
pid_file() { echo "$base/$1/node.pid"; }
log_file() { echo "$base/$1/node.log"; }
rpc_port() { echo $((RPC_BASE + $(index_of "$1"))); }
p2p_port() { echo $((P2P_BASE + $(index_of "$1"))); }
prom_port() { echo $((PROM_BASE + $(index_of "$1"))); }

# True if $1 is a live (not zombie) process running our node binary.
alive() {
  local pid="$1" state
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$pid/stat" 2>/dev/null)" || return 1
  [ "$state" != "Z" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$(basename "$OPENLEDGER_NODE")"
}
pid_of() { local f; f="$(pid_file "$1")"; [ -f "$f" ] && cat "$f" || true; }
running() { alive "$(pid_of "$1")"; }

rpc_call() { # port method -> raw JSON answer (empty on failure)
  curl -s --max-time 3 -H 'Content-Type: application/json' \
    -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1" 2>/dev/null || true
}
hex_field() { # json field -> decimal value of a "0x.." field
  local hex
  hex="$(printf '%s' "$1" | grep -o "\"$2\":\"0x[0-9a-fA-F]*\"" | head -n1 | sed -E 's/.*"0x([0-9a-fA-F]*)"/\1/')"
  [ -n "$hex" ] && echo $((16#$hex)) || echo "?"
}

alice_peer_id() {
  local key_file="$base/alice/node-key" id=""
  if [ -s "$base/alice/peer-id" ]; then cat "$base/alice/peer-id"; return; fi
  id="$("$OPENLEDGER_NODE" key inspect-node-key --file "$key_file" 2>/dev/null | grep -oE '12D3Koo[1-9A-HJ-NP-Za-km-z]+' | head -n1 || true)"
  if [ -z "$id" ]; then
    id="$ALICE_PEER_ID_FALLBACK"
    say "warning: could not derive Alice's peer id with 'key inspect-node-key'; using $id" >&2
  fi
  echo "$id" > "$base/alice/peer-id"
  echo "$id"
}

prepare() { # create the node's directory and network key once
  local name="$1" dir key
  dir="$(node_dir "$name")"
  mkdir -p "$dir"
  key="$dir/node-key"
  if [ ! -s "$key" ]; then
    if [ "$name" = alice ]; then
      printf '%s' "$ALICE_NODE_KEY" > "$key"
    else
      # Validators must have a network key before their first start (sc-cli refuses to invent one).
      od -vAn -N32 -tx1 /dev/urandom | tr -d ' \n' > "$key"
    fi
    chmod 600 "$key"
  fi
}

start_node() {
  local name="$1" dir log pid
  prepare alice
  prepare "$name"
  dir="$(node_dir "$name")"
  log="$(log_file "$name")"
  if running "$name"; then
    say "$name already running (pid $(pid_of "$name"))"
    return 0
  fi
  local args=(
    --chain local
    "--$name"
    --validator
    --name "$name"
    --base-path "$dir/data"
    --node-key-file "$dir/node-key"
    --listen-addr "/ip4/127.0.0.1/tcp/$(p2p_port "$name")"
    --rpc-port "$(rpc_port "$name")"
    --rpc-cors all
    --prometheus-port "$(prom_port "$name")"
    --no-mdns
    --no-telemetry
    --allow-private-ip
  )
  if [ "$name" != alice ]; then
    args+=(--bootnodes "/ip4/127.0.0.1/tcp/$(p2p_port alice)/p2p/$(alice_peer_id)")
  fi
  # shellcheck disable=SC2206
  local extra=(${OPENLEDGER_NODE_EXTRA_ARGS:-})
  printf '\n# %s %s: %s %s\n' "$(date -u +%FT%TZ)" "$name" "$OPENLEDGER_NODE" "${args[*]} ${extra[*]}" >> "$log"
  nohup "$OPENLEDGER_NODE" "${args[@]}" "${extra[@]}" >> "$log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$(pid_file "$name")"
  say "started $name (pid $pid): rpc ws://127.0.0.1:$(rpc_port "$name") http://127.0.0.1:$(rpc_port "$name"), p2p $(p2p_port "$name"), prometheus $(prom_port "$name"), log $log"
}

wait_rpc() {
  local name="$1" port deadline
  port="$(rpc_port "$name")"
  deadline=$((SECONDS + START_TIMEOUT))
  until rpc_call "$port" system_health | grep -q '"peers"'; do
    if ! running "$name"; then
      say "$name exited; last log lines:" >&2
      tail -n 40 "$(log_file "$name")" >&2 || true
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "$name RPC did not answer within ${START_TIMEOUT}s; last log lines:" >&2
      tail -n 40 "$(log_file "$name")" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

signal_and_wait() { # signal name...
  local sig="$1" name pid deadline left
  shift
  for name in "$@"; do
    pid="$(pid_of "$name")"
    if alive "$pid"; then kill "-$sig" "$pid" 2>/dev/null || true; fi
  done
  deadline=$((SECONDS + STOP_TIMEOUT))
  while :; do
    left=()
    for name in "$@"; do running "$name" && left+=("$name"); done
    [ ${#left[@]} -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "still running after ${STOP_TIMEOUT}s: ${left[*]}; sending SIGKILL"
      for name in "${left[@]}"; do kill -KILL "$(pid_of "$name")" 2>/dev/null || true; done
      sleep 1
      break
    fi
    sleep 0.2
  done
  for name in "$@"; do running "$name" || rm -f "$(pid_file "$name")"; done
}

save_ports() {
  printf 'P2P_BASE=%s\nRPC_BASE=%s\nPROM_BASE=%s\n' "$P2P_BASE" "$RPC_BASE" "$PROM_BASE" > "$base/ports.env"
}

check_binary() {
  [ -x "$OPENLEDGER_NODE" ] || die "node binary not found at $OPENLEDGER_NODE; build it first"
  command -v curl >/dev/null 2>&1 || die "curl is required (scripts/setup.sh installs it)"
}

status() {
  local name pid health head fin
  printf '%-8s %-8s %-26s %-6s %-10s %-6s %-8s %s\n' NODE PID RPC P2P PROMETHEUS PEERS BEST FINALIZED
  for name in "${NAMES[@]}"; do
    pid="$(pid_of "$name")"
    if running "$name"; then
      health="$(rpc_call "$(rpc_port "$name")" system_health)"
      head="$(rpc_call "$(rpc_port "$name")" chain_getHeader)"
      fin="$(rpc_call "$(rpc_port "$name")" chain_getFinalizedHead)"
      fin="$(printf '%s' "$fin" | grep -o '"result":"0x[0-9a-fA-F]*"' | sed -E 's/.*"(0x[0-9a-fA-F]*)"/\1/')"
      [ -n "$fin" ] && fin="$(hex_field "$(rpc_call "$(rpc_port "$name")" chain_getHeader "[\"$fin\"]")" number)" || fin="?"
      printf '%-8s %-8s %-26s %-6s %-10s %-6s %-8s %s\n' "$name" "$pid" "ws://127.0.0.1:$(rpc_port "$name")" \
        "$(p2p_port "$name")" "$(prom_port "$name")" \
        "$(printf '%s' "$health" | grep -o '"peers":[0-9]*' | cut -d: -f2)" "#$(hex_field "$head" number)" "#$fin"
    else
      printf '%-8s %-8s %-26s %-6s %-10s %s\n' "$name" "-" "ws://127.0.0.1:$(rpc_port "$name")" \
        "$(p2p_port "$name")" "$(prom_port "$name")" "(not running)"
    fi
  done
  echo "base: $base"
}

case "$cmd" in
  start)
    check_binary
    save_ports
    for name in "${NAMES[@]}"; do start_node "$name"; done
    if [ "$wait_rpc" = 1 ]; then
      for name in "${NAMES[@]}"; do wait_rpc "$name" || die "$name did not start (log: $(log_file "$name"))"; done
      say "all nodes answer RPC"
    fi
    status
    ;;
  start-one)
    [ -n "$target" ] || die "start-one needs a node name"
    index_of "$target" >/dev/null
    check_binary
    [ -f "$base/ports.env" ] || save_ports
    start_node "$target"
    if [ "$wait_rpc" = 1 ]; then wait_rpc "$target" || die "$target did not start (log: $(log_file "$target"))"; fi
    ;;
  kill-one)
    [ -n "$target" ] || die "kill-one needs a node name"
    index_of "$target" >/dev/null
    if running "$target"; then
      say "SIGKILL $target (pid $(pid_of "$target"))"
      signal_and_wait KILL "$target"
    else
      say "$target is not running"
    fi
    ;;
  stop-one)
    [ -n "$target" ] || die "stop-one needs a node name"
    index_of "$target" >/dev/null
    signal_and_wait INT "$target"
    say "$target stopped"
    ;;
  stop)
    signal_and_wait INT "${NAMES[@]}"
    say "all nodes stopped (state kept in $base)"
    ;;
  status)
    status
    ;;
  purge)
    signal_and_wait INT "${NAMES[@]}"
    case "$base" in
      /|"$HOME") die "refusing to delete $base" ;;
    esac
    rm -rf "$base"
    say "deleted $base"
    ;;
  -h|--help|help) usage 0 ;;
  *) usage 1 ;;
esac
