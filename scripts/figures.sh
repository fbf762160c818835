#!/usr/bin/env bash
# Prints the package figures: .deb size, installed size and cold start to the first page
# shown (release build, Xvfb, no network). Memory is printed by the installed-app test
# (tests/installed.rs), which drives the window first. Figures are printed, not asserted.
#
#   scripts/figures.sh target/release/bundle/deb/<name>.deb   (with the package installed)
set -euo pipefail
deb=${1:?usage: scripts/figures.sh DEB}
app=/usr/bin/report-viewer
runs=${STARTUP_RUNS:-7}

echo ".deb size:        $(( $(stat -c %s "$deb") / 1024 )) KiB (goal: under 8 MiB)"
echo "installed size:   $(dpkg-query -W -f='${Installed-Size}' report-viewer) KiB"

work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
display=":$(( 500 + $$ % 300 ))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [[ -S /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.05; done

# Each run starts with empty data folders (no search index yet), under no network where a
# network namespace can be made (root).
netns=()
unshare --net true 2>/dev/null && netns=(unshare --net)
inside=()
wall=()
for run in $(seq "$runs"); do
  home="$work/run$run"
  mkdir -p "$home"
  start=$(date +%s%N)
  env DISPLAY="$display" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" RUST_LOG=info \
    "${netns[@]}" "$app" 2>"$home/log" &
  pid=$!
  for _ in $(seq 3000); do
    grep -q "ready: first page shown" "$home/log" 2>/dev/null && break
    sleep 0.01
  done
  end=$(date +%s%N)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  ms=$(sed -n 's/.*ready: first page shown \([0-9]*\) ms.*/\1/p' "$home/log")
  [[ -n $ms ]] || { echo "run $run: the app never showed its first page"; cat "$home/log"; exit 1; }
  inside+=("$ms")
  wall+=($(( (end - start) / 1000000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "cold start:       $(median "${inside[@]}") ms from main() to the first page shown," \
  "$(median "${wall[@]}") ms from launch as seen outside (median of $runs; goal: under 500 ms)"
echo "                  runs (inside): ${inside[*]}"
