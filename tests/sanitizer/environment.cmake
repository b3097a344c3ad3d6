# ZVHPGA_SANITIZER_TEST_ENVIRONMENT: the ENVIRONMENT property for tests that run the plugin in a
# sanitizer build (harmless in a plain one). Every leak fails the test: the hosts and the plugin
# are clean without suppressions, and a suppression file should only ever name third-party
# libraries whose process-lifetime allocations are not ours to free.
set(ZVHPGA_SANITIZER_TEST_ENVIRONMENT
  "ASAN_OPTIONS=detect_leaks=1"
  "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
