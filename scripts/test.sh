#!/usr/bin/env bash
# The one command that runs every test: setup, build, Rust unit and integration tests (pallets,
# primitives, runtime, node), then end-to-end tests with polkadot.js against a real dev node and
# the four-validator network test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
source "$here/scripts/env.sh"
cd "$here"

step() { printf '\n\033[1;34m[test]\033[0m %s\n' "$*"; }

step "lints (clippy on the core, the attestor, primitives and pallets)"
"$here/scripts/lint.sh"

step "Rust tests: cargo test $CARGO_BUILD_FLAGS"
# shellcheck disable=SC2086
cargo test $CARGO_BUILD_FLAGS

step "node command-line tests (chain specs, export/import, purge, safe RPC)"
"$here/tests/cli/run.sh"

step "attestor command-line tests (compute, verify, prove on a synthetic dataset)"
"$here/tests/attestor/run.sh"

step "end-to-end tests (polkadot.js against openledger-node --dev)"
"$here/tests/e2e/run.sh"

step "four-validator network test"
"$here/tests/e2e/run-multinode.sh"

step "all tests passed"
