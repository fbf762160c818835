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
#
#   scripts/figures.sh --hostile [BINARY]          (default: a release build of the app)
set -euo pipefail

if [[ ${1:-} == --hostile ]]; then
  bin=${2:+$(realpath "$2")}
  cd "$(dirname "$0")/.."
  if [[ -z $bin ]]; then
    cargo build --release --locked --bin report-viewer --example hostile_corpus
    bin=target/release/report-viewer
  fi
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
  cargo run --quiet --release --locked --example hostile_corpus -- "$corpus/cases" >/dev/null
  exec python3 - "$bin" "$corpus" <<'PY'
import os, subprocess, sys, time

binary, corpus = sys.argv[1], sys.argv[2]
env = dict(os.environ, XDG_DATA_HOME=os.path.join(corpus, "data"),
           XDG_CONFIG_HOME=os.path.join(corpus, "config"))
env.pop("DISPLAY", None)
env.pop("WAYLAND_DISPLAY", None)
LIMIT = 120

def measure(args):
    """Wall time in seconds, peak resident memory in MB, exit code and stdout of one run."""
    start = time.monotonic()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen([binary, *args], env=env, stdout=subprocess.PIPE,
                                 stderr=null, stdin=subprocess.DEVNULL)
        chunks = []
        deadline = start + LIMIT
        os.set_blocking(child.stdout.fileno(), False)
        while True:
            try:
                chunk = child.stdout.read()
            except BlockingIOError:
                chunk = None
            if chunk:
                chunks.append(chunk)
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                rest = child.stdout.read()
                if rest:
                    chunks.append(rest)
                break
            if time.monotonic() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                return None, None, None, ""
            time.sleep(0.005)
    elapsed = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, code, b"".join(chunks).decode("utf-8", "replace")

def cell(result):
    elapsed, peak, code, _ = result
    if elapsed is None:
        return f"over {LIMIT} s".ljust(22)
    return f"{elapsed:7.2f} s {peak:6.0f} MB  ({code})".ljust(22)

cases = sorted(os.listdir(os.path.join(corpus, "cases")))
cases = [c for c in cases if os.path.isdir(os.path.join(corpus, "cases", c))]
print(f"{'folder':24} {'sessions':22} {'show --html':22} {'search':22}")
for case in cases:
    folder = os.path.join(corpus, "cases", case)
    listed = measure(["--content", folder, "sessions"])
    odd = next((line.split("\t")[0] for line in listed[3].splitlines()
                if line and not line.startswith("\t")
                and not line.startswith("2019-03-27-google-cloud-kubernetes-day/")), None)
    shown = measure(["--content", folder, "show", odd, "--html"]) if odd else None
    found = measure(["--content", folder, "search", "コンテナ"])
    print(f"{case:24} {cell(listed)} {cell(shown) if shown else '-'.ljust(22)} {cell(found)}")
print(f"(time, peak resident memory, exit code: 1 when a file was reported; limit {LIMIT} s)")
PY
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
