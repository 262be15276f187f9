#!/usr/bin/env bash
# Transaction throughput benchmark (scripts/bench-throughput.js). Without --url the benchmark
# starts its own `openledger-node --dev --tmp` on free ports, reads the block authoring times from
# that node's log and stops it at the end; with --url ws://HOST:PORT it uses that node instead
# (add --log FILE to get authoring times from its log).
#
# Usage: scripts/bench-throughput.sh [--url ws://... [--log FILE]] [--call transfer[,submit]]
#          [--count 3000] [--accounts 16] [--connections 4] [--chunk 250] [--timeout 180]
#          [--json FILE] [--keep-log DIR]
# Env:   OPENLEDGER_NODE (binary), OPENLEDGER_NODE_EXTRA_ARGS (extra flags for its own node)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
source "$root/scripts/env.sh"
export OPENLEDGER_NODE

die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

case " $* " in
  *" -h "*|*" --help "*) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
esac
command -v node >/dev/null 2>&1 || die "Node.js is required (scripts/setup.sh installs it)"
case " $* " in
  *" --url "*|*" --url="*) ;;
  *) [ -x "$OPENLEDGER_NODE" ] || die "node binary not found at $OPENLEDGER_NODE; build it first" ;;
esac
if [ ! -d "$root/tests/e2e/node_modules/@polkadot/api" ]; then
  echo "[bench] installing polkadot.js (npm ci in tests/e2e)"
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$root/scripts/bench-throughput.js" "$@"
