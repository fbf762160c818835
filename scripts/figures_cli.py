#!/usr/bin/env python3
"""Figures of what a person meets on the command line and in the window, printed, never
asserted (these machines are shared and noisy). Run by scripts/figures.sh:

  figures_cli.py hostile BINARY CORPUS_DIR
      time and peak memory of `sessions`, `show --html` and `search` on each folder of the
      hostile corpus.
  figures_cli.py scale BINARY LIBRARY_DIR...
      for each synthetic library: the first index build, a search with the index built,
      `sessions --json`, a search for a word just added to one report, the window's first
      page and the app's memory, beside `grep -rlF` on the same folder.
"""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

LIMIT = 300


def measure(binary, args, env):
    """Runs the binary once: (seconds, peak resident MB, CPU seconds, exit code, stdout)."""
    start = time.monotonic()
    child = subprocess.Popen([binary, *args], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    os.set_blocking(child.stdout.fileno(), False)
    chunks = []
    deadline = start + LIMIT
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
            return None
        time.sleep(0.002)
    elapsed = time.monotonic() - start
    return (elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
            os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace"))


def environment(home):
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CONFIG_HOME=os.path.join(home, "config"), RUST_LOG="warn")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def cell(result):
    if result is None:
        return f"over {LIMIT} s".ljust(22)
    elapsed, peak, _, code, _ = result
    return f"{elapsed:7.2f} s {peak:6.0f} MB  ({code})".ljust(22)


def hostile(binary, corpus):
    env = environment(corpus)
    cases = sorted(c for c in os.listdir(os.path.join(corpus, "cases"))
                   if os.path.isdir(os.path.join(corpus, "cases", c)))
    print(f"{'folder':24} {'sessions':22} {'show --html':22} {'search':22}")
    for case in cases:
        folder = os.path.join(corpus, "cases", case)
        listed = measure(binary, ["--content", folder, "sessions"], env)
        odd = None
        if listed:
            odd = next((line.split("\t")[0] for line in listed[4].splitlines()
                        if line and not line.startswith("\t")
                        and not line.startswith("2019-03-27-google-cloud-kubernetes-day/")),
                       None)
        shown = measure(binary, ["--content", folder, "show", odd, "--html"], env) if odd else None
        found = measure(binary, ["--content", folder, "search", "コンテナ"], env)
        print(f"{case:24} {cell(listed)} {cell(shown) if shown else '-'.ljust(22)} {cell(found)}")
    print(f"(time, peak resident memory, exit code: 1 when a file was reported; limit {LIMIT} s)")


def folder_size(path):
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def median_seconds(runs):
    return statistics.median(r[0] for r in runs if r is not None)


def window_figures(binary, library, home):
    """Starts the window under a virtual display: (ms to the first page, app RSS MB, app
    peak RSS MB), or None without Xvfb."""
    if not shutil.which("Xvfb"):
        return None
    display = None
    for n in range(600 + os.getpid() % 200, 900):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            display = f":{n}"
            break
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(f"/tmp/.X11-unix/X{display[1:]}"):
                break
            time.sleep(0.05)
        env = environment(home)
        env.update(DISPLAY=display, RUST_LOG="info")
        log_path = os.path.join(home, "window.log")
        with open(log_path, "wb") as log:
            app = subprocess.Popen([binary, "--content", library], env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
        ready_ms = None
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline and ready_ms is None:
            time.sleep(0.05)
            with open(log_path, encoding="utf-8", errors="replace") as log:
                for line in log:
                    if "ready: first page shown" in line:
                        ready_ms = int(line.split("shown ")[1].split(" ms")[0])
        time.sleep(3)
        status = {}
        with open(f"/proc/{app.pid}/status") as proc:
            for line in proc:
                key, _, value = line.partition(":")
                status[key] = value.strip()
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
        megabytes = lambda key: int(status.get(key, "0 kB").split()[0]) / 1024
        return ready_ms, megabytes("VmRSS"), megabytes("VmHWM")
    finally:
        xvfb.terminate()
        xvfb.wait()


def scale(binary, libraries):
    for library in libraries:
        reports = len(os.listdir(os.path.join(library, "_posts")))
        size = folder_size(library) / 1e6
        home = tempfile.mkdtemp()
        env = environment(home)
        print(f"\n{reports:,} reports ({size:.0f} MB): {library}")
        build = measure(binary, ["--content", library, "search", "コンテナ"], env)
        searches = [measure(binary, ["--content", library, "search", "コンテナ"], env)
                    for _ in range(5)]
        grep = []
        for _ in range(3):
            start = time.monotonic()
            subprocess.run(["grep", "-rlF", "コンテナ", library], stdout=subprocess.DEVNULL)
            grep.append((time.monotonic() - start,))
        sessions = [measure(binary, ["--content", library, "sessions", "--json"], env)
                    for _ in range(3)]
        edited = os.path.join(library, "_posts", sorted(os.listdir(os.path.join(library, "_posts")))[0])
        word = f"editedword{os.getpid()}x{int(time.time())}"
        with open(edited, "a", encoding="utf-8") as f:
            f.write(f"\n- {word}\n")
        after_edit = measure(binary, ["--content", library, "search", word, "--json"], env)
        found = after_edit is not None and word in after_edit[4]
        window = window_figures(binary, library, home)

        if build:
            elapsed, peak, cpu, _, _ = build
            print(f"  first index build (CLI search): {elapsed:.2f} s, {size / elapsed:.1f} MB/s, "
                  f"{100 * cpu / elapsed:.0f}% CPU, peak {peak:.0f} MB")
        print(f"  search コンテナ, index built:    median {median_seconds(searches) * 1000:.0f} ms "
              f"of 5 (grep -rlF: median {median_seconds(grep) * 1000:.0f} ms)")
        print(f"  sessions --json:                median {median_seconds(sessions):.2f} s, "
              f"peak {max(r[1] for r in sessions if r):.0f} MB")
        if after_edit:
            print(f"  edit one report, search its new word: {after_edit[0]:.2f} s "
                  f"({'found' if found else 'NOT found'})")
        if window:
            ready, rss, hwm = window
            print(f"  window: first page {ready} ms after start; app process {rss:.0f} MB "
                  f"resident 3 s later, peak {hwm:.0f} MB (WebKit aside)")
        else:
            print("  window: not measured (no Xvfb)")
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    mode, binary, *rest = sys.argv[1:]
    if mode == "hostile":
        hostile(binary, rest[0])
    elif mode == "scale":
        scale(binary, rest)
    else:
        sys.exit(f"unknown mode {mode}")
