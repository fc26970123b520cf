#!/usr/bin/env bash
# Installs what tessera builds with, when any of it is missing: Debian
# packages (compilers, ccache, Verilator, libraries, nextpnr-ice40) and the pinned
# Yosys of package.json (npm ci). Idempotent and quick when everything is
# present. Needs root or sudo only when a Debian package has to be installed.
set -euo pipefail

packages=(
  g++ cmake make ccache
  verilator catch2
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
  nlohmann-json3-dev zlib1g-dev
  nextpnr-ice40
)
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  as_root=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci leaves node_modules/.package-lock.json: newer than the lock file
# means the pinned tools are in place.
cd "$(dirname "$0")/.."
if [[ ! node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "setup: installing the pinned Yosys (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
