#!/usr/bin/env bash
# The one command to try OpenLedger: installs what is missing, builds, and runs a one-validator
# development chain (Alice authors and finalizes; dev accounts are funded; Alice is sudo).
# Extra arguments go to the node, e.g. `scripts/dev.sh --rpc-port 9955`.
# State is kept in a temporary directory and discarded on exit (pass --base-path DIR to keep it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rpc_port=9944
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--rpc-port" ] && rpc_port="${args[$((i + 1))]:-9944}"
done
tmp_flag=(--tmp)
for a in "$@"; do case "$a" in --base-path|--base-path=*|-d) tmp_flag=() ;; esac; done

banner() {
cat <<EOT

  OpenLedger dev chain $1 (one validator: Alice; 3-second blocks; token OPEN, 18 decimals)
  RPC (WebSocket and HTTP): ws://127.0.0.1:${rpc_port}
  polkadot.js apps:         https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${rpc_port}#/explorer
  From code:                new ApiPromise({ provider: new WsProvider('ws://127.0.0.1:${rpc_port}') })
  Stop with Ctrl-C.

EOT
}
banner "will start after setup and build (the first build takes about 40 minutes)"
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
source "$here/scripts/env.sh"
banner "starting"
exec "$OPENLEDGER_NODE" --dev "${tmp_flag[@]}" --rpc-cors all "$@"
