#!/usr/bin/env bash
# Prints the package figures: .deb size, installed size, cold start to the first page shown
# (release build, Xvfb, no network where a network namespace can be made), and memory: the
# app's processes after opening every session and running 20 searches (measured by the
# installed-app test, tests/installed.rs, into $REPORT_VIEWER_FIGURES) beside an empty Tauri
# window (examples/empty_window.rs) measured here the same way. Printed, never asserted.
#
#   scripts/figures.sh DEB [EMPTY_WINDOW_BINARY]   (with the package installed)
#
# With --hostile, prints instead the time and peak memory of the command line on each
# folder of the hostile corpus (tests/hostile/corpus.rs at the sizes its problems were
# found at): `sessions`, `show --html` of the odd report's first session, and `search`.
# With --scale, prints what a person meets with a large library, for synthetic libraries of
# 1,000 and 10,000 reports made from the bundled one (SIZES to choose others): the first
# index build, a search with the index built beside grep -rlF, `sessions --json`, a search
# for a word just added to one report, the window's first page and the app's memory.
#
#   scripts/figures.sh --hostile [BINARY]          (default: a release build of the app)
#   scripts/figures.sh --scale [BINARY]            (needs Xvfb for the window's figures)
set -euo pipefail

if [[ ${1:-} == --hostile || ${1:-} == --scale ]]; then
  mode=${1#--}
  bin=${2:+$(realpath "$2")}
  cd "$(dirname "$0")/.."
  if [[ -z $bin ]]; then
    cargo build --release --locked --bins
    bin=$PWD/target/release/report-viewer
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if [[ $mode == hostile ]]; then
    cargo run --quiet --release --locked --example hostile_corpus -- "$work/cases" >/dev/null
    python3 scripts/figures_cli.py hostile "$bin" "$work"
  else
    libraries=()
    for size in ${SIZES:-1000 10000}; do
      cargo run --quiet --release --locked --example synthetic_library -- "$work/lib$size" "$size"
      libraries+=("$work/lib$size")
    done
    python3 scripts/figures_cli.py scale "$bin" "${libraries[@]}"
  fi
  exit 0
fi

deb=${1:?usage: scripts/figures.sh DEB [EMPTY_WINDOW_BINARY]}
empty=${2:-}
app=/usr/bin/report-viewer
runs=${STARTUP_RUNS:-7}

echo ".deb size:        $(( $(stat -c %s "$deb") / 1024 )) KiB (goal: under 8 MiB)"
echo "installed size:   $(dpkg-query -W -f='${Installed-Size}' report-viewer) KiB"

work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
# A display number with neither a socket nor a lock, so no other X server is reused.
for n in $(seq $(( 500 + $$ % 300 )) 899) $(seq 500 899); do
  [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [[ -S /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.05; done

# Each run starts with empty data folders (no search index yet).
netns=()
network="with the machine's network (no namespace could be made)"
if unshare --net true 2>/dev/null; then
  netns=(unshare --net)
  network="in a network namespace with no network"
fi
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
echo "cold start:       first run ${wall[0]} ms from launch to the first page shown (as seen from" \
  "outside, polling every 10 ms), median of $runs runs $(median "${wall[@]}") ms;" \
  "$(median "${inside[@]}") ms from main() (goal: under 500 ms), $network"
echo "                  runs from launch: ${wall[*]}; from main(): ${inside[*]}"

# PSS (shared pages counted once) of a process and all its descendants, in KiB.
tree_pss() {
  local pid=$1 total=0 child
  total=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$pid" || true); do
    total=$(( total + $(tree_pss "$child") ))
  done
  echo "$total"
}

if [[ -n $empty ]]; then
  home="$work/empty"
  mkdir -p "$home"
  env DISPLAY="$display" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" "$empty" 2>/dev/null &
  pid=$!
  sleep 4
  baseline=$(tree_pss "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "memory (PSS):     empty Tauri window $(( baseline / 1024 )) MB"
  if [[ -n ${REPORT_VIEWER_FIGURES:-} && -f $REPORT_VIEWER_FIGURES/app-pss-kib ]]; then
    used=$(cat "$REPORT_VIEWER_FIGURES/app-pss-kib")
    echo "                  the app after every session and 20 searches $(( used / 1024 )) MB," \
      "$(( (used - baseline) / 1024 )) MB above the empty window (goal: within 50 MB)"
  fi
fi
