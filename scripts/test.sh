#!/usr/bin/env bash
# Runs every check and test of Report Viewer, installing what they need first:
# formatting, lints, unit and integration tests, the commands on Tauri's mock runtime,
# end-to-end tests of the real window through WebDriver (the tests start Xvfb and
# tauri-driver themselves), then the package test: build the .deb, install it, drive the
# installed app with no network, uninstall it, and print the size/start-up/memory figures.
#
#   scripts/test.sh              everything
#   scripts/test.sh --no-package everything but the package test (no root needed)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/.tools/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "cargo test (unit, integration, mock runtime, end-to-end)"
cargo test --workspace --locked --features e2e

if [[ "${1:-}" != "--no-package" ]]; then
  step "package test"
  scripts/package-test.sh
fi
