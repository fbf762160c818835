#!/usr/bin/env bash
# The package test: build the .deb with the Tauri bundler, install it, run the installed
# app from its installed path with no network at all (a network namespace with only
# loopback, for WebDriver) and drive it, check that it never tried to reach the network,
# print the figures (sizes, start-up time, memory), then uninstall it.
#
# Needs root (dpkg, unshare); uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo --preserve-env=PATH,HOME,CARGO_HOME,RUSTUP_HOME "$@"; fi; }

step "build the .deb"
node_modules/.bin/tauri build --bundles deb --ci
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
echo "built $deb"

step "install"
if dpkg-query -W -f='${Status}' report-viewer 2>/dev/null | grep -q "install ok installed"; then
  as_root dpkg -r report-viewer
fi
as_root dpkg -i "$deb" || as_root env DEBIAN_FRONTEND=noninteractive apt-get -f install -y
installed=/usr/bin/report-viewer
[[ -x $installed ]] || { echo "the package did not install $installed" >&2; exit 1; }
files=$(dpkg -L report-viewer)
for expected in "/usr/share/applications/Report Viewer.desktop" \
  "/usr/lib/Report Viewer/content/_posts/2019-03-27-google-cloud-kubernetes-day.md" \
  /usr/share/icons/hicolor/128x128/apps/report-viewer.png; do
  grep -qxF "$expected" <<<"$files" || { echo "the package lacks $expected" >&2; exit 1; }
done
grep -q '^Categories=Office;Viewer;$' "/usr/share/applications/Report Viewer.desktop"
grep -q '^Comment=Read event reports offline' "/usr/share/applications/Report Viewer.desktop"
# The installed binary reads its bundled reports without the source tree.
(cd / && "$installed" sessions | grep -q "GKE を用いたレガシー システムからのリプレース事例")

step "drive the installed app with no network"
# Built now, while the registry is reachable; run below with --offline.
cargo test --locked --test installed --no-run
as_root unshare --net -- env PATH="$PATH" HOME="$HOME" bash -c '
  set -euo pipefail
  ip link set lo up
  if ip route get 1.1.1.1 >/dev/null 2>&1; then echo "the namespace has a route out" >&2; exit 1; fi
  REPORT_VIEWER_APP=/usr/bin/report-viewer \
    cargo test --offline --locked --test installed -- --ignored --test-threads=1 --nocapture
'

step "figures"
scripts/figures.sh "$deb"

step "uninstall"
as_root dpkg -r report-viewer
if [[ -e $installed || -e "/usr/lib/Report Viewer" ]]; then
  echo "uninstalling left files behind" >&2
  exit 1
fi
echo "uninstalled cleanly"
