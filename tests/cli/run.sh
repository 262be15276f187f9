#!/usr/bin/env bash
# Node command-line tests against the real binary: chain specs, block export/import on a
# persistent ParityDB database, purge, node keys, and safe RPC defaults on a public interface.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/env.sh"
[ -x "$OPENLEDGER_NODE" ] || { echo "node binary missing: $OPENLEDGER_NODE (run scripts/build.sh)" >&2; exit 1; }

work="$(mktemp -d /tmp/openledger-cli-XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

pass=0
ok() { pass=$((pass + 1)); printf '  \033[32mok\033[0m %s\n' "$*"; }
fail() { printf '  \033[31mFAIL\033[0m %s\n' "$*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rpc() { # rpc PORT METHOD [PARAMS_JSON]
  curl -s -m 5 -H 'Content-Type: application/json' \
    -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1"
}
wait_rpc() {
  for _ in $(seq 1 60); do rpc "$1" system_health >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}
best_number() { rpc "$1" chain_getHeader | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))'; }
# `exec` so that a backgrounded `node ... &` is the node process itself and gets our signals.
node() { exec "$OPENLEDGER_NODE" "$@" --no-telemetry --no-mdns; }

echo "node CLI tests with $OPENLEDGER_NODE"

# --- chain specs -----------------------------------------------------------------------------
for chain in dev local testnet; do
  "$OPENLEDGER_NODE" export-chain-spec --chain "$chain" > "$work/$chain.json" 2>/dev/null
  python3 - "$work/$chain.json" "$chain" <<'PY' || fail "export-chain-spec --chain $2"
import json, sys
spec = json.load(open(sys.argv[1]))
assert spec["id"] == "openledger_" + sys.argv[2], spec["id"]
assert spec["properties"] == {"ss58Format": 42, "tokenDecimals": 18, "tokenSymbol": "OPEN"}, spec["properties"]
PY
done
ok "export-chain-spec for dev, local and testnet (id and OPEN/18/42 properties)"
"$OPENLEDGER_NODE" export-chain-spec --chain local --raw > "$work/local-raw.json" 2>/dev/null
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert "raw" in s["genesis"]' "$work/local-raw.json" \
  || fail "raw chain spec has no raw genesis"
ok "raw chain spec (genesis as storage)"
"$OPENLEDGER_NODE" export-chain-spec --chain no-such-chain > /dev/null 2> "$work/err.txt" && fail "unknown chain accepted"
grep -q "not a built-in chain" "$work/err.txt" || fail "unknown chain error is unclear: $(cat "$work/err.txt")"
ok "unknown chain names get a readable error"

# --- persistent database, export and import --------------------------------------------------
port=$(free_port)
node --dev --base-path "$work/a" --rpc-port "$port" --port "$(free_port)" \
  --no-prometheus > "$work/a.log" 2>&1 &
pids+=($!)
wait_rpc "$port" || fail "dev node did not answer RPC"
for _ in $(seq 1 40); do [ "$(best_number "$port")" -ge 4 ] && break; sleep 1; done
blocks=$(best_number "$port")
[ "$blocks" -ge 4 ] || fail "dev node produced only $blocks blocks"
kill -INT "${pids[-1]}"
for _ in $(seq 1 30); do kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.5; done
kill -0 "${pids[-1]}" 2>/dev/null && fail "node did not stop within 15 s of SIGINT"
grep -q "ParityDb" "$work/a.log" || fail "database is not ParityDB"
ok "dev node stores $blocks blocks in ParityDB and shuts down on SIGINT"

("$OPENLEDGER_NODE" export-blocks --chain dev --base-path "$work/a" --from 1 --binary "$work/blocks.bin") > "$work/export.log" 2>&1 \
  || fail "export-blocks: $(tail -3 "$work/export.log")"
[ -s "$work/blocks.bin" ] || fail "export-blocks wrote nothing"
("$OPENLEDGER_NODE" import-blocks --chain dev --base-path "$work/b" --binary "$work/blocks.bin") > "$work/import.log" 2>&1 \
  || fail "import-blocks: $(tail -3 "$work/import.log")"
("$OPENLEDGER_NODE" export-blocks --chain dev --base-path "$work/b" --from 1 --binary "$work/blocks2.bin") > /dev/null 2>&1
cmp -s "$work/blocks.bin" "$work/blocks2.bin" || fail "re-exported blocks differ from the imported ones"
ok "export-blocks / import-blocks round trip ($(stat -c %s "$work/blocks.bin") bytes, blocks 1..$blocks)"

("$OPENLEDGER_NODE" revert --chain dev --base-path "$work/b" 1) > "$work/revert.log" 2>&1 || fail "revert: $(tail -3 "$work/revert.log")"
ok "revert one block"
("$OPENLEDGER_NODE" purge-chain --chain dev --base-path "$work/b" -y) > /dev/null 2>&1 || fail "purge-chain"
[ ! -d "$work/b/chains/openledger_dev/paritydb" ] || fail "purge-chain left the database"
ok "purge-chain removes the database"

# --- node keys --------------------------------------------------------------------------------
printf '%064x' 1 > "$work/node-key"
peer=$("$OPENLEDGER_NODE" key inspect-node-key --file "$work/node-key" 2>/dev/null)
[ "$peer" = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp" ] || fail "bootnode peer id is $peer, docker-compose.yml expects another"
ok "fixed bootnode key gives the peer id docker/docker-compose.yml uses"

# --- safe RPC on a public interface ------------------------------------------------------------
port=$(free_port)
node --dev --tmp --rpc-external --rpc-port "$port" --port "$(free_port)" --no-prometheus > "$work/ext.log" 2>&1 &
pids+=($!)
wait_rpc "$port" || fail "node with --rpc-external did not answer"
answer=$(rpc "$port" author_rotateKeys)
echo "$answer" | grep -q '"error"' || fail "unsafe author_rotateKeys answered on a public interface: $answer"
echo "$answer" | grep -qi "unsafe" || fail "unsafe call rejected without saying why: $answer"
rpc "$port" system_health | grep -q '"result"' || fail "safe methods must still work"
ok "--rpc-external serves safe methods only (author_rotateKeys: $(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["message"])'))"

echo "node CLI tests: $pass passed"
