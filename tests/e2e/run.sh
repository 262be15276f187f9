#!/usr/bin/env bash
# Runs the end-to-end tests (tests/e2e/*.test.js) against a real openledger-node.
# Each test file starts and stops its own `--dev --tmp` node on free ports, so nothing has to be
# running beforehand. Needs the node binary (scripts/env.sh) and `npm ci` in tests/e2e
# (scripts/setup.sh does it; this script does it too when node_modules is missing).
#
# Usage: tests/e2e/run.sh [extra node --test args, e.g. --test-name-pattern=transfer]
# Env:   OPENLEDGER_NODE=/path/to/openledger-node   use another binary
#        OPENLEDGER_NODE_EXTRA_ARGS="-lruntime=debug"  extra node flags
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
source "$root/scripts/env.sh"
export OPENLEDGER_NODE

if [ ! -x "$OPENLEDGER_NODE" ]; then
  echo "error: node binary not found at $OPENLEDGER_NODE; build it first" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "error: Node.js is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
cd "$here"
if [ ! -d node_modules/@polkadot/api ]; then
  echo "installing test packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

shopt -s nullglob
tests=(./*.test.js)
if [ ${#tests[@]} -eq 0 ]; then
  echo "error: no tests found in $here" >&2
  exit 1
fi
echo "running ${#tests[@]} test file(s) with $OPENLEDGER_NODE"
exec node --test --test-concurrency=1 --test-reporter=spec "$@" "${tests[@]}"
