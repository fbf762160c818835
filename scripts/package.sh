#!/usr/bin/env bash
# Builds the Linux .deb: the Tauri bundler makes it, then its files are packed again with
# xz, as Debian's own packages are. The package holds two binaries built from mostly the
# same code (the command line and the window); xz's large window stores that code about
# once, where the bundler's gzip, which sees 32 KiB at a time, stores it twice: 5 MiB
# against 10. dpkg and apt have read xz packages for well over a decade.
#
#   scripts/package.sh     → target/release/bundle/deb/Report Viewer_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."

node_modules/.bin/tauri build --bundles deb --ci
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/tree"
dpkg-deb --root-owner-group -Zxz -z9 --build "$work/tree" "$work/packed.deb" >/dev/null
mv "$work/packed.deb" "$deb"
echo "packed $deb with xz: $(($(stat -c %s "$deb") / 1024)) KiB"
