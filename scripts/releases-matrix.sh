#!/usr/bin/env bash
# The nightly's release matrix: each client from bookworm, trixie and sid, a column each, into
# OUT; with last night's matrix.json at BASELINE (when fetch-baseline.sh found one), what changed
# since it is named under the table.
set -euo pipefail
out=${1:?usage: releases-matrix.sh OUT [BASELINE]}
baseline=${2:-}
args=(--suites bookworm,trixie,sid --out "$out")
[ -n "$baseline" ] && [ -s "$baseline" ] && args+=(--baseline "$baseline")
npm run matrix -- "${args[@]}"
