#!/usr/bin/env bash
# Makes docs/screenshot.png, the picture at the top of the README: the window reading the
# bundled report's first session, with its trail map, under a virtual display. Run it again
# whenever the window changes.
#
#   scripts/screenshot.sh [BINARY]     (default: a release build of the app)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:+$(realpath "$1")}
if [[ -z $bin ]]; then
  cargo build --release --locked --bins
  bin=$PWD/target/release/report-viewer
fi

work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
# A display number with neither a socket nor a lock, so no other X server is reused.
for n in $(seq $(( 500 + $$ % 300 )) 899) $(seq 500 899); do
  [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1200x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [[ -S /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.05; done

# Fresh settings that open the first session, as a reader coming back to it would.
settings="$work/config/org.reportviewer.desktop"
mkdir -p "$settings"
echo '{"last_page": "2019-03-27-google-cloud-kubernetes-day/1"}' >"$settings/reading-state.json"
env DISPLAY="$display" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_CACHE_HOME="$work/cache" RUST_LOG=info "$bin" 2>"$work/log" &
app=$!
for _ in $(seq 600); do grep -q "ready: first page shown" "$work/log" && break; sleep 0.1; done
grep -q "ready: first page shown" "$work/log" || { cat "$work/log" >&2; echo "the window never showed its first page" >&2; exit 1; }
# Its images load and the fonts settle.
sleep 2
mkdir -p docs
import -display "$display" -window root docs/screenshot.png
echo "wrote docs/screenshot.png"
