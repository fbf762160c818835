#!/usr/bin/env bash
# Installs what building, running and testing Report Viewer needs, skipping what is there:
# Debian/Ubuntu packages (WebKitGTK 4.1, Xvfb, CJK fonts, WebKitWebDriver, …), tauri-driver
# (into .tools/), and the pinned Tauri CLI from npm (into node_modules/).
#
#   scripts/setup.sh            everything
#   scripts/setup.sh --run      only what running the app needs
set -euo pipefail
cd "$(dirname "$0")/.."

run_only=false
[[ "${1:-}" == "--run" ]] && run_only=true

# Packages to build and run the app.
packages=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-noto-cjk file
)
# And to test it: a virtual display, WebDriver, a private D-Bus session bus (one window per
# library meets its second starts there), the clipboard (xclip), screenshots, syscall
# tracing, network namespaces, process listing (the memory figure), Node.js (the Tauri CLI)
# and Python (the package test reads cargo's JSON with it).
$run_only || packages+=(xvfb xauth webkit2gtk-driver dbus-daemon xclip imagemagick x11-utils xdotool strace iproute2 util-linux procps nodejs npm python3)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in "${packages[@]}"; do
  # nodejs, npm and python3 may come from elsewhere than Debian (nvm, NodeSource, pyenv): a
  # working command is enough.
  if [[ $package == nodejs || $package == npm || $package == python3 ]]; then
    command -v "${package/nodejs/node}" >/dev/null 2>&1 && continue
  fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: Rust is needed: https://rustup.rs" >&2; exit 1; }

$run_only && exit 0

rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

if [[ ! -x .tools/bin/tauri-driver ]] && ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver into .tools/"
  cargo install tauri-driver --version '^2' --locked --root .tools
fi

if [[ ! -x node_modules/.bin/tauri ]]; then
  echo "setup: installing the Tauri CLI from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
