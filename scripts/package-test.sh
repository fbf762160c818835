#!/usr/bin/env bash
# The package test: build the .deb with the Tauri bundler, check its identity, install it,
# run the installed app from its installed path with no network at all (a network namespace
# with only loopback, for WebDriver) and with the source tree's reports hidden, drive it,
# check that it never tried to reach the network, print the figures (sizes, start-up time,
# memory), then uninstall it, also when a step failed.
#
# Needs root (dpkg, unshare); uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo --preserve-env=PATH,HOME,CARGO_HOME,RUSTUP_HOME "$@"; fi; }
fail() { echo "package test: $*" >&2; exit 1; }

step "build the .deb"
scripts/package.sh
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
echo "built $deb"
# Packed again with xz (see scripts/package.sh), which keeps it under 8 MiB.
ar t "$deb" | grep -qx 'data.tar.xz' || fail "the package's files are not packed with xz: $(ar t "$deb" | tr '\n' ' ')"

step "package identity"
version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "report-viewer-window"))')
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == report-viewer ]] || fail "package name is $(field Package)"
[[ $(field Version) == "$version" ]] || fail "package version $(field Version), Cargo.toml says $version"
for needed in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -qw "$needed" <<<"$(field Depends)" || fail "Depends lacks $needed: $(field Depends)"
done
# Japanese renders as boxes without a CJK font; links open through xdg-open.
for wanted in fonts-noto-cjk xdg-utils; do
  grep -qw "$wanted" <<<"$(field Recommends)" || fail "Recommends lacks $wanted: $(field Recommends)"
done
echo "report-viewer $version; Depends: $(field Depends); Recommends: $(field Recommends)"

step "install"
if dpkg-query -W -f='${Status}' report-viewer 2>/dev/null | grep -q "install ok installed"; then
  as_root dpkg -r report-viewer
fi
as_root dpkg -i "$deb" || as_root env DEBIAN_FRONTEND=noninteractive apt-get -f install -y
# From here on, a failing step still leaves the machine without the package.
trap 'status=$?; if [[ $status -ne 0 ]]; then as_root dpkg -r report-viewer >/dev/null 2>&1 || true; fi' EXIT
installed=/usr/bin/report-viewer
# The command line, and the window's binary it starts (the desktop entry's).
for binary in "$installed" /usr/bin/report-viewer-window; do
  [[ -x $binary ]] || fail "the package did not install $binary"
done
files=$(dpkg -L report-viewer)
desktop="/usr/share/applications/Report Viewer.desktop"
for expected in "$desktop" \
  "/usr/lib/Report Viewer/content/_posts/2019-03-27-google-cloud-kubernetes-day.md" \
  /usr/share/icons/hicolor/128x128/apps/report-viewer-window.png; do
  grep -qxF "$expected" <<<"$files" || fail "the package lacks $expected"
done
grep -q '^Categories=Office;Viewer;$' "$desktop" || fail "desktop entry: no Categories"
grep -q '^Comment=Read event reports offline' "$desktop" || fail "desktop entry: no Comment"
grep -q '^Exec=report-viewer-window %u$' "$desktop" || fail "desktop entry: Exec is not the window's binary taking a link"
grep -q '^MimeType=x-scheme-handler/report-viewer;$' "$desktop" || fail "desktop entry: report-viewer:// links are not registered"
grep -q '^StartupWMClass=report-viewer-window$' "$desktop" || fail "desktop entry: StartupWMClass is not the window's class"
# The command line loads none of the window's libraries: that is what keeps it quick.
! ldd "$installed" | grep -q webkit2gtk || fail "$installed links WebKitGTK"
# The installed binary reads its bundled reports without the source tree.
(cd / && "$installed" sessions | grep -q "GKE を用いたレガシー システムからのリプレース事例")

step "drive the installed app with no network"
# Built now, while the registry is reachable; run below with --offline. And the empty
# window the memory figure is set against.
tests=$(cargo test --locked --test installed --no-run --message-format=json |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "installed":
        print(m["executable"])')
[[ -x $tests ]] || fail "the installed-app tests did not build"
cargo build --release --locked --example empty_window
figures=$(mktemp -d)
chmod 777 "$figures"
as_root unshare --net --mount -- env PATH="$PATH" HOME="$HOME" REPORT_VIEWER_FIGURES="$figures" \
  bash -c '
  set -euo pipefail
  ip link set lo up
  if ip route get 1.1.1.1 >/dev/null 2>&1; then echo "the namespace has a route out" >&2; exit 1; fi
  # The source tree'"'"'s reports are hidden: what the app shows must come from the package.
  mount -t tmpfs none content
  REPORT_VIEWER_APP=/usr/bin/report-viewer "$0" --ignored --test-threads=1 --nocapture
' "$tests"

step "figures"
REPORT_VIEWER_FIGURES="$figures" scripts/figures.sh "$deb" target/release/examples/empty_window
rm -rf "$figures"

step "uninstall"
as_root dpkg -r report-viewer
for gone in "$installed" /usr/bin/report-viewer-window "/usr/lib/Report Viewer" "$desktop" /usr/share/icons/hicolor/128x128/apps/report-viewer-window.png; do
  [[ ! -e $gone ]] || fail "uninstalling left $gone behind"
done
dpkg-query -W -f='${Status}' report-viewer 2>/dev/null | grep -q "install ok installed" &&
  fail "dpkg still lists report-viewer as installed"
echo "uninstalled cleanly"
