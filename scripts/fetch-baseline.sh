#!/usr/bin/env bash
# Fetches the last completed nightly run's results.json (artifact "nightly-report") into DIR, for
# `npm run nightly -- --merge ... --baseline DIR/results.json`. Needs the gh CLI and GH_TOKEN (as
# in GitHub Actions). Prints the path when there is a baseline; prints nothing when there is none.
set -uo pipefail
dir=${1:?usage: fetch-baseline.sh DIR}
workflow=${NIGHTLY_WORKFLOW:-nightly.yml}
id=$(gh run list --workflow "$workflow" --status completed --limit 1 --json databaseId --jq '.[0].databaseId // empty' 2>/dev/null)
[ -n "$id" ] || exit 0
if gh run download "$id" --name nightly-report --dir "$dir" >/dev/null 2>&1 && [ -s "$dir/results.json" ]; then
  echo "$dir/results.json"
fi
