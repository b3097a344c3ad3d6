#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build, and walk the whole
# PGA process (signal, three contributions, weegploeg decision) on the embedded SQLite store.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/build-common.sh

bash installer/setup-deps.sh
configure_and_build build
build/bin/zvh-pga demo --config config/zvhpga.xml
