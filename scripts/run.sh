#!/usr/bin/env bash
# Builds and opens Report Viewer (installing the system packages it needs first).
# Arguments are passed to the app, e.g. `scripts/run.sh --content ~/blog`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --run
exec cargo run --release --locked -- "$@"
