#!/usr/bin/env bash
# Fetches a file of the last completed nightly run's artifact into DIR: by default results.json of
# "nightly-report" (for `npm run nightly -- --merge ... --baseline DIR/results.json`); with
# ARTIFACT and FILE another, e.g. `releases matrix.json` (for `npm run matrix -- --baseline`).
# Needs the gh CLI and GH_TOKEN (as in GitHub Actions). Prints the path when there is a baseline;
# prints nothing when there is none.
set -uo pipefail
dir=${1:?usage: fetch-baseline.sh DIR [ARTIFACT FILE]}
artifact=${2:-nightly-report}
file=${3:-results.json}
workflow=${NIGHTLY_WORKFLOW:-nightly.yml}
id=$(gh run list --workflow "$workflow" --status completed --limit 1 --json databaseId --jq '.[0].databaseId // empty' 2>/dev/null)
[ -n "$id" ] || exit 0
if gh run download "$id" --name "$artifact" --dir "$dir" >/dev/null 2>&1 && [ -s "$dir/$file" ]; then
  echo "$dir/$file"
fi
