#!/usr/bin/env bash
# Builds the node (with the wasm runtime inside) and every workspace crate, with the one profile
# and feature set the tests and benchmarks use (see scripts/env.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/env.sh"
cd "$here"
echo "[build] cargo build $CARGO_BUILD_FLAGS (target dir: $CARGO_TARGET_DIR)"
start=$(date +%s)
# polkadot-overseer (pulled in by the benchmarking CLI) replays a diagram of its message cycles
# on every build; it is noise for us, so it is filtered out.
# shellcheck disable=SC2086
cargo build $CARGO_BUILD_FLAGS 2> >(grep -v -E '^(cycle\([0-9]+\)|⚡ Found [0-9]+ strongly connected)' >&2)
echo "[build] done in $(( $(date +%s) - start )) s: $OPENLEDGER_NODE"
