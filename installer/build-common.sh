# Sourced by demo.sh and test.sh: the one way this repository is configured and built.
# Expects to be sourced from a script that has already cd'ed to the repository root.

readonly BUILD_JOBS=2

# configure_and_build BUILD_DIR [extra cmake arguments...]
# The prefix is the Debian system's, so that the plain build is also the one packaged
# (installer/package.sh): the command then looks for /etc/zvh-pga and the multiarch libdir.
configure_and_build() {
  local build_dir=$1
  shift
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr "$@"
  cmake --build "$build_dir" -j "$BUILD_JOBS"
}
