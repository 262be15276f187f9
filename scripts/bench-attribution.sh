#!/usr/bin/env bash
# Attribution benchmarks with `openledger-attestor` (built by scripts/build.sh):
#   quality  - detection AUC of flipped labels on scikit-learn's digits (10% flipped) and on a
#              synthetic 100,000-contribution set (10% flipped, 500 queries);
#   scale    - `compute` on N contributions x Q queries, d = 64 (default 1,000,000 x 1,000):
#              wall time and peak memory (GNU time), plus a claim proof's size.
# Usage: scripts/bench-attribution.sh [quality|scale|all] [--contributions N] [--queries Q]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The user's python3 (e.g. pyenv's, where pip may install), before env.sh puts /usr/bin first.
python="${OPENLEDGER_PYTHON:-$(command -v python3)}"
source "$here/scripts/env.sh"
attestor="$CARGO_TARGET_DIR/release/openledger-attestor"
what="${1:-all}"; shift || true
contributions=1000000; queries=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --contributions) contributions="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$attestor" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }
work="${OPENLEDGER_BENCH_DIR:-/tmp/openledger-bench-attribution}"
mkdir -p "$work"
say() { printf '\033[1;34m[bench-attribution]\033[0m %s\n' "$*"; }

quality() {
  say "digits (scikit-learn), 1,437 contributions, 10% labels flipped, 360 queries, k = 5"
  "$python" -c 'import sklearn' 2>/dev/null || "$python" -m pip install --quiet scikit-learn
  rm -rf "$work/digits"; "$python" "$here/scripts/attribution-digits.py" "$work/digits"
  "$attestor" compute --k 5 --dims 64 --evaluation "$work/digits/evaluation.bin" \
    --contributions "$work/digits/contributions.csv" --content "$work/digits/content" \
    --out "$work/digits/out" >/dev/null
  "$attestor" auc --values "$work/digits/out/values.csv" --flipped "$work/digits/flipped.txt"
  say "synthetic, 100,000 contributions, 10 classes, 10% flipped, 500 queries, k = 10"
  rm -rf "$work/synthetic"
  "$attestor" gen-dataset --out "$work/synthetic" --contributions 100000 --queries 500 --dims 64
  "$attestor" compute --k 10 --dims 64 --evaluation "$work/synthetic/evaluation.bin" \
    --contributions "$work/synthetic/contributions.csv" --content "$work/synthetic/content" \
    --out "$work/synthetic/out" >/dev/null
  "$attestor" auc --values "$work/synthetic/out/values.csv" --flipped "$work/synthetic/flipped.txt"
}

scale() {
  local dir="$work/scale-$contributions-$queries"
  if [ ! -f "$dir/evaluation.bin" ]; then
    say "writing $contributions contributions x $queries queries (d = 64) to $dir"
    rm -rf "$dir"
    "$attestor" gen-dataset --out "$dir" --contributions "$contributions" --queries "$queries" --dims 64 --accounts 100000
  fi
  say "compute: $contributions contributions x $queries queries, d = 64, k = 10, $(nproc) threads"
  /usr/bin/time -v "$attestor" compute --k 10 --dims 64 --evaluation "$dir/evaluation.bin" \
    --contributions "$dir/contributions.csv" --content "$dir/content" --out "$dir/out" \
    2> >(tee "$dir/time.txt" | grep -E '^\[' >&2) >/dev/null
  grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$dir/time.txt"
  local account; account="$(sed -n 2p "$dir/contributions.csv" | cut -d, -f3)"
  "$attestor" prove --leaves "$dir/out/leaves.scale" --account "$account" > "$dir/proof.json"
  say "claim proof: $("$python" - "$dir/proof.json" "$dir/out/root.json" <<'PY'
import json, sys
proof, root = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
scale = proof["proofScale"].removeprefix("0x")
print(f"{len(proof['proof']['siblings'])} sibling nodes, {len(scale) // 2} bytes SCALE, for {root['leaves']} leaves")
PY
)"
}

case "$what" in
  quality) quality ;;
  scale) scale ;;
  all) quality; scale ;;
  *) echo "usage: $0 [quality|scale|all]" >&2; exit 2 ;;
esac
