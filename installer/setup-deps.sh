#!/usr/bin/env bash
# Installs everything zvh-pga needs to build and test on Debian 12, as root.
# Idempotent: when every package is already installed it touches neither the network nor apt,
# so running it before every build costs a fraction of a second.
set -euo pipefail

# Debian 12 ships Boost 1.74 as the default; the code targets 1.81 (Beast, program_options),
# so the versioned 1.81 packages are named explicitly.
readonly PACKAGES=(
  build-essential g++ binutils cmake pkg-config ccache
  libboost1.81-dev libboost-program-options1.81-dev
  libssl-dev
  libxml2-dev libxml2-utils
  unixodbc unixodbc-dev libsqliteodbc odbc-postgresql
  # FreeTDS's ODBC driver: no SQL Server runs on Debian, so the T-SQL dialect's smoke test
  # (tests/integration/store/sqlserver_smoke_test.cpp) goes as far as this real driver goes.
  tdsodbc
  # The plugin tests read the store file directly beside ODBC; the CLI test tampers with it.
  libsqlite3-dev sqlite3
  # The end-to-end tests' extra certificates (tests/e2e/make-test-pki.sh) are made with the
  # openssl command, which the CLI test also checks pki dev's certificates with;
  # installer/demo.sh calls the running service with curl.
  openssl curl
  postgresql
  googletest libgtest-dev
  clang-tidy
  # libFuzzer and clang's sanitizer runtimes for the fuzz targets (installer/fuzz.sh).
  clang-14 libclang-rt-14-dev
  gsoap libgsoap-dev
  # The headless-browser round trip of a rendered form (tests/browser): Chromium fills and
  # submits the form zvh-pga form --serve serves, driven over WebDriver by chromedriver;
  # python3 runs that test.
  chromium chromium-driver python3
  # The Java binding (adapters/java) and its worked host: javac, and JNA with its native part.
  openjdk-17-jdk-headless libjna-java
  # The .NET binding (adapters/dotnet) and its worked host: mcs and the mono runtime (~25 s to
  # install, 46 MB).
  mono-devel
  # The Debian packages (installer/package.sh runs debian/rules, a debhelper build) and the
  # package test's check of them with lintian.
  debhelper lintian
  # The metrics test (tests/e2e/prometheus_test.sh): a real Prometheus scrapes zvh-pga serve's
  # monitoring address, and promtool checks the exposition.
  prometheus
)

log() { printf 'setup-deps: %s\n' "$*"; }

missing_packages() {
  local package status
  for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != installed ]]; then
      printf '%s\n' "$package"
    fi
  done
}

install_missing_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} packages already installed"
    return
  fi
  if ((EUID != 0)); then
    log "missing packages: ${missing[*]}; run this script as root to install them" >&2
    exit 1
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be absent (fresh image) or stale; a failed install after a plain
  # "not found" is far more confusing than one extra update.
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The packages normally register their drivers on install, but an odbcinst.ini that was reset
# or hand-edited loses them. The plugin's default configuration names "SQLite3".
# register_odbc_driver NAME TEMPLATE
register_odbc_driver() {
  local name=$1 template=$2
  if odbcinst -q -d -n "$name" >/dev/null 2>&1; then
    log "ODBC driver $name registered"
    return
  fi
  log "registering ODBC driver $name from $template"
  odbcinst -i -d -f "$template"
  odbcinst -q -d -n "$name" >/dev/null
}

install_missing_packages
register_odbc_driver SQLite3 /usr/share/sqliteodbc/unixodbc.ini
register_odbc_driver FreeTDS /usr/share/tdsodbc/odbcinst.ini
