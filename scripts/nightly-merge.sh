#!/usr/bin/env bash
# The nightly workflow's last step: merge the shards' folders into OUT, compared with the last
# night when a baseline exists. Exits as `npm run nightly` does: 0 all passed, 1 one failed, 2 set-up.
#   bash scripts/nightly-merge.sh OUT BASELINE_DIR SHARD_DIR...
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: nightly-merge.sh OUT BASELINE_DIR SHARD_DIR...}
baseline_dir=${2:?usage: nightly-merge.sh OUT BASELINE_DIR SHARD_DIR...}
shift 2
baseline=()
[ -s "$baseline_dir/results.json" ] && baseline=(--baseline "$baseline_dir/results.json")
npm run --silent nightly -- --merge "$@" --out "$out" "${baseline[@]}"
