#!/usr/bin/env bash
# The Debian packages as an administrator meets them (issues 8 and 24): lintian finds nothing in
# them; install them with dpkg -i, check what they put where, run the installed `zvh-pga doctor`, configure certificates and call the installed
# service once, build the example host against the installed files only, run the Python and Java
# worked hosts against the installed bindings and plugin, then remove the packages
# (configuration and data stay) and purge them (they go). Runs as root on a machine where zvh-pga
# is not installed; it leaves the machine as it found it.
# Usage: package_test.sh DEB...   (the three packages installer/package.sh prints: libzvhpga1,
#                                  libzvhpga-dev, zvh-pga)
set -euo pipefail
debs=()
for deb in "$@"; do debs+=("$(realpath "$deb")"); done
readonly debs
readonly packages=(zvh-pga libzvhpga-dev libzvhpga1)
readonly repo=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../..")
readonly etc=/etc/zvh-pga data=/var/lib/zvh-pga
work=$(mktemp -d /tmp/zvhpga-package-test.XXXXXX)
readonly work
service_pid=

checks=0
pass() { checks=$((checks + 1)); printf 'package test: ok   %s\n' "$*"; }
fail() { printf 'package test: FAIL %s\n' "$*" >&2; exit 1; }
expect() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
mode_of() { stat -c '%a %U:%G' "$1"; }

if ((EUID != 0)); then fail "must run as root (dpkg -i)"; fi
if ((${#debs[@]} != 3)); then fail "usage: package_test.sh the .deb files of libzvhpga1, libzvhpga-dev and zvh-pga"; fi
for package in "${packages[@]}"; do
  if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -q installed; then
    fail "$package is installed on this machine already; this test installs and purges it"
  fi
done

cleanup() {
  if [[ -n "$service_pid" ]]; then kill -TERM "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  dpkg --purge "${packages[@]}" >/dev/null 2>&1 || true
  # What the administrator guide's backup and checkpoint commands leave behind.
  rm -rf "$work" /var/backups/zvh-pga /tmp/zvhpga-checkpoint.txt
}
trap cleanup EXIT
# Nowhere near a source tree (the command would prefer a ./config/zvhpga.xml over /etc), and
# somewhere the service user may be.
cd /

# --- the packages as Debian judges them ---------------------------------------------------------
# lintian's default level (errors and warnings); it runs as root here, which it remarks upon.
if lintian --fail-on error,warning "${debs[@]}" >"$work/lintian.txt" 2>&1; then
  pass "lintian reports no error and no warning on the three packages"
else
  cat "$work/lintian.txt"; fail "lintian reports no error and no warning on the three packages"
fi

# --- install -----------------------------------------------------------------------------------
dpkg -i "${debs[@]}"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
readonly multiarch
owner_of() { dpkg-query -S "$1" 2>/dev/null | cut -d: -f1; }
expect "the command is on the PATH" test -x /usr/bin/zvh-pga
expect "the library is installed under its soname" test -e "/usr/lib/$multiarch/libzvhpga.so.1"
expect "the library is libzvhpga1's, the package named for its soname" \
  test "$(owner_of "/usr/lib/$multiarch/libzvhpga.so.1")" = libzvhpga1
expect "the development link, the header and the build files are libzvhpga-dev's" \
  test "$(owner_of "/usr/lib/$multiarch/libzvhpga.so") $(owner_of /usr/include/zvhpga/zvhpga.h) $(owner_of "/usr/lib/$multiarch/pkgconfig/zvhpga.pc") $(owner_of "/usr/lib/$multiarch/cmake/ZvhPga")" = \
    "libzvhpga-dev libzvhpga-dev libzvhpga-dev libzvhpga-dev"
expect "the command is zvh-pga's" test "$(owner_of /usr/bin/zvh-pga)" = zvh-pga
expect "the loader's cache knows the library (ldconfig ran by its trigger)" \
  bash -c "ldconfig -p | grep -q 'libzvhpga.so.1 '"
expect "the public header is installed" test -f /usr/include/zvhpga/zvhpga.h
expect "pkg-config finds the plugin" pkg-config --exists zvhpga
expect "the man page is installed" test -f /usr/share/man/man1/zvh-pga.1.gz
expect "the service and the retention timer are installed" \
  test -f /lib/systemd/system/zvh-pga.service -a -f /lib/systemd/system/zvh-pga-retention.timer
# Both units as hardened as systemd-analyze can tell from their files (issue 24: 2.0 or below).
exposure_at_most_2() {
  local score
  score=$(systemd-analyze security --offline=true "$1" 2>/dev/null |
    sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
  printf 'package test: %s exposure %s\n' "$(basename "$1")" "${score:-unknown}"
  awk -v score="$score" 'BEGIN { exit !(score != "" && score + 0 <= 2.0) }'
}
if command -v systemd-analyze >/dev/null; then
  for unit in zvh-pga.service zvh-pga-retention.service; do
    expect "$unit has an exposure level of 2.0 or below" exposure_at_most_2 "/lib/systemd/system/$unit"
  done
else
  printf 'package test: skip the units exposure levels: systemd-analyze is not installed\n'
fi
expect "the configuration is a conffile" grep -qx "$etc/zvhpga.xml" /var/lib/dpkg/info/zvh-pga.conffiles
expect "the system user exists" bash -c "getent passwd zvh-pga >/dev/null"
expect "the data directory belongs to the service user only" test "$(mode_of "$data")" = "700 zvh-pga:zvh-pga"
expect "the configuration is not world-readable" test "$(mode_of "$etc/zvhpga.xml")" = "640 root:zvh-pga"
expect "the store was created on installation" test -f "$data/zvhpga.sqlite"
expect "the store is the service user's only, mode 0600" \
  test "$(mode_of "$data/zvhpga.sqlite")" = "600 zvh-pga:zvh-pga"
expect "the store's keys were made by the service user, mode 0600" \
  test "$(mode_of "$data/audit.key")" = "600 zvh-pga:zvh-pga"
expect "the ODBC driver of the default configuration is registered" bash -c "odbcinst -q -d -n SQLite3 >/dev/null"

as_service_user() { runuser -u zvh-pga -- "$@"; }

# --- doctor before the certificates are there ------------------------------------------------
if as_service_user zvh-pga doctor >"$work/doctor-before.txt" 2>&1; then
  cat "$work/doctor-before.txt"; fail "doctor passes without the service's certificates"
fi
expect "doctor names the missing server certificate" grep -q "server.pem" "$work/doctor-before.txt"

# --- configure as an administrator would: partners, certificates, listen address -------------
# Test OINs (prefix 00000099) so that the installed test PKI command issues them certificates;
# loopback only. The port stays the documented 8443, which the guides below call.
sed -i -e 's#<oin>00000001#<oin>00000099#' -e 's#<address>0.0.0.0</address>#<address>127.0.0.1</address>#' \
  "$etc/zvhpga.xml"
# The administrator guide's "A test PKI", in $work/pki rather than the guide's ~/zvh-pga-test-pki.
zvh-pga pki dev --config "$etc/zvhpga.xml" "$work/pki" >"$work/pki.log" || { cat "$work/pki.log"; fail "pki dev"; }
(
  cd "$work/pki"
  install -m 0644 server.pem "$etc/tls/server.pem"
  install -m 0640 -g zvh-pga server.key "$etc/tls/server.key"
  install -m 0644 ca.pem "$etc/tls/trust-store.pem"
  install -m 0644 statement-signer.pem "$etc/tls/statement-signer.pem"
  install -m 0640 -g zvh-pga statement-signer.key "$etc/tls/statement-signer.key"
)
# Absolute paths: the integration guide's hosts run on copies of this file elsewhere.
sed -i "s#</configuration>#  <statementSigning><certificate>$etc/tls/statement-signer.pem</certificate><privateKey>$etc/tls/statement-signer.key</privateKey></statementSigning>\n</configuration>#" \
  "$etc/zvhpga.xml"
expect "the installed pki dev issued every partner a certificate" \
  test -f "$work/pki/gemeente-utrecht.pem" -a -f "$work/pki/politie-midden-nederland.pem" -a -f "$work/pki/om-midden-nederland.pem"

as_service_user zvh-pga doctor | tee "$work/doctor.txt"
pass "the installed doctor passes once configured"
expect "doctor accepts the test PKI's statement signing certificate" \
  grep -q "^ok .*statement signing certificate" "$work/doctor.txt"

# --- an upgrade to the next release, whose shipped configuration changed as well --------------
# The next release: these packages with a higher version and a changed /etc/zvh-pga/zvhpga.xml
# (not in md5sums: dpkg keeps conffiles' sums itself).
version=$(dpkg-deb -f "${debs[0]}" Version)
readonly version next_version="$version+next"
mkdir "$work/next"
next_debs=()
for deb in "${debs[@]}"; do
  tree="$work/next/$(basename "$deb" .deb)"
  dpkg-deb -R "$deb" "$tree"
  sed -i -e "s/^Version: $version\$/Version: $next_version/" -e "s/(= $version)/(= $next_version)/g" \
    "$tree/DEBIAN/control"
  if [[ -f "$tree/etc/zvh-pga/zvhpga.xml" ]]; then
    printf '<!-- the next release -->\n' >>"$tree/etc/zvh-pga/zvhpga.xml"
  fi
  dpkg-deb --root-owner-group -b "$tree" "$tree.deb" >/dev/null
  next_debs+=("$tree.deb")
done
# What an unattended upgrade answers: keep the administrator's version (dpkg asks otherwise).
dpkg -i --force-confold "${next_debs[@]}" >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log"; fail "upgrade"; }
expect "the upgrade installed the next release" test "$(dpkg-query -W -f='${Version}' zvh-pga)" = "$next_version"
expect "an upgrade keeps the changed configuration" grep -q "<address>127.0.0.1</address>" "$etc/zvhpga.xml"
expect "an upgrade leaves the release's new configuration beside it as zvhpga.xml.dpkg-dist" \
  grep -q "the next release" "$etc/zvhpga.xml.dpkg-dist"
expect "an upgrade migrates nothing when the schema is current" grep -q "nothing applied" "$work/upgrade.log"

# --- the installed service, started as its unit starts it --------------------------------------
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/zvh-pga.service)
# shellcheck disable=SC2086 # the unit's command line is split as systemd splits it
runuser -u zvh-pga -- $exec_start >"$work/service.log" 2>&1 &
service_pid=$!
url="https://localhost:8443/zvh-pga"
for _ in $(seq 100); do
  if bash "$repo/installer/call-service.sh" "$url" "$work/pki" gemeente-utrecht >/dev/null 2>&1; then break; fi
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; fail "the service stopped"; }
  sleep 0.2
done
bash "$repo/installer/call-service.sh" "$url" "$work/pki" gemeente-utrecht >"$work/response.xml"
expect "one call through the installed service is answered" grep -q "ListWorklistResponse" "$work/response.xml"

# --- the guides for an installed system: every command they show, against this installation --
mkdir -p "$work/guides"
cp "$work/pki/gemeente-utrecht.pem" "$work/guides/gemeente.pem"
cp "$work/pki/gemeente-utrecht.key" "$work/guides/gemeente.key"
cp "$work/pki/ca.pem" "$work/guides/zvh-ca.pem"
bash "$repo/tests/docs/docs_test.sh" "$work/guides" \
  "$repo/docs/administrator-guide.md" "$repo/docs/integration-guide.md"
pass "every command of the administrator and integration guides runs as documented"

kill -TERM "$service_pid"; wait "$service_pid" || true; service_pid=

# --- the retention timer's service, run as systemd would run it ---------------------------------
retention_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/zvh-pga-retention.service)
# shellcheck disable=SC2086 # split as systemd splits it
runuser -u zvh-pga -- $retention_start >"$work/retention.log" 2>&1 || { cat "$work/retention.log"; fail "retention run"; }
expect "the retention timer's run finds nothing due on a new installation" grep -q "Nothing is due." "$work/retention.log"
expect "the retention run warns that the shipped rules are unconfirmed" \
  grep -q "not confirmed against the law" "$work/retention.log"

# --- the example host, built against the installed package only -------------------------------
cp -r /usr/share/zvh-pga/examples/c-host "$work/c-host"
cmake -S "$work/c-host" -B "$work/c-host/build" >/dev/null
cmake --build "$work/c-host/build" >/dev/null
pass "the example host builds with find_package(ZvhPga)"
make -s -C "$work/c-host" >/dev/null
pass "the example host builds with pkg-config"
# Its own configuration and store, so the service's store stays the service user's.
sed -e "s#<dataDirectory>$data</dataDirectory>#<dataDirectory>$work/host-data</dataDirectory>#" \
  "$etc/zvhpga.xml" >"$work/host.xml"
"$work/c-host/zvhpga-example-host" "$work/host.xml" gemeente-utrecht jan weegploeg-member \
  /usr/share/zvh-pga/examples/get-form.xml >"$work/host-output.txt"
expect "the example host gets a form from the installed plugin" grep -q "GetFormResponse" "$work/host-output.txt"
"$work/c-host/build/zvhpga-example-host" "$work/host.xml" gemeente-utrecht jan weegploeg-member \
  /usr/share/zvh-pga/examples/list-worklist.xml >/dev/null
pass "the CMake-built example host answers too"

# --- the language bindings where Debian keeps them, each running its worked host in process ----
expect "the Java binding is installed with the system's jars" test -f /usr/share/java/zvhpga.jar
# Debian's own interpreter, the python3 the package recommends: another one on PATH (pyenv, a
# virtualenv) does not look in /usr/lib/python3/dist-packages.
readonly debian_python=/usr/bin/python3
expect "the Python module is installed where Debian's python3 finds packages' modules" \
  test "$(cd "$work" && "$debian_python" -c 'import zvhpga; print(zvhpga.__file__)')" = /usr/lib/python3/dist-packages/zvhpga.py
# Run from a copy, so that the installed module is imported, not the one beside the source.
cp "$repo/adapters/python/worked_host.py" "$work/worked_host.py"
for host in python java; do
  sed -e "s#<dataDirectory>$data</dataDirectory>#<dataDirectory>$work/$host-data</dataDirectory>#" \
    "$etc/zvhpga.xml" >"$work/$host.xml"
done
"$debian_python" "$work/worked_host.py" /usr/share/zvh-pga/examples 4 "$work/python.xml"
pass "the Python worked host weighs on four threads against the installed plugin"
mkdir "$work/java"
javac -d "$work/java" -cp /usr/share/java/zvhpga.jar "$repo/adapters/java/test/WorkedHost.java"
java -cp "/usr/share/java/zvhpga.jar:$work/java" WorkedHost /usr/share/zvh-pga/examples 4 "$work/java.xml"
pass "the Java worked host weighs on four threads against the installed plugin"

# --- remove keeps configuration and data; purge deletes them -----------------------------------
dpkg -r "${packages[@]}"
expect "remove deletes the command" test ! -e /usr/bin/zvh-pga
expect "remove deletes the library and its development files" \
  test ! -e "/usr/lib/$multiarch/libzvhpga.so.1" -a ! -e /usr/include/zvhpga/zvhpga.h
expect "remove keeps the configuration" test -f "$etc/zvhpga.xml"
expect "remove keeps the data" test -f "$data/zvhpga.sqlite"
dpkg --purge "${packages[@]}"
expect "purge leaves no trace of the three packages in dpkg" \
  bash -c '! dpkg-query -W zvh-pga libzvhpga-dev libzvhpga1 >/dev/null 2>&1'
expect "purge deletes the configuration" test ! -e "$etc"
expect "purge deletes the data" test ! -e "$data"
expect "purge deletes the service user" bash -c '! getent passwd zvh-pga'

printf 'package test: %d checks passed\n' "$checks"
