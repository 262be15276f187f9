#!/usr/bin/env bash
# Runs the multi-node test (tests/e2e/multinode/*.test.js): four `--chain local` validators
# started by scripts/localnet.sh in a temporary directory on free ports, stopped at the end.
# Nothing has to be running beforehand; an already running localnet (default ports) is left alone.
#
# Usage: tests/e2e/run-multinode.sh [extra node --test args]
# Env:   OPENLEDGER_NODE=/path/to/openledger-node   use another binary
#        OPENLEDGER_MEASURE_MS=30000                length of the finality-lag window
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
for tool in node curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required (scripts/setup.sh installs it)" >&2; exit 1; }
done
cd "$here"
echo "running the multi-node test with $OPENLEDGER_NODE"
exec node --test --test-concurrency=1 --test-reporter=spec "$@" ./multinode/*.test.js
