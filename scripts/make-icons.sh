#!/usr/bin/env bash
# Makes every icon size Tauri's bundles need (PNG sizes, .ico, .icns) from the one source
# image, src-tauri/icons/icon.svg. Run after changing the source; the results are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x node_modules/.bin/tauri ]] || npm ci --no-audit --no-fund --loglevel=error
icons=src-tauri/icons
node_modules/.bin/tauri icon "$icons/icon.svg" --output "$icons"
# Mobile icon sets are not used: the app is built for desktops.
rm -rf "$icons/android" "$icons/ios"
