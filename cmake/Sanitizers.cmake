# ZVHPGA_SANITIZE=address,undefined (or thread) instruments every target, so the plugin,
# the hosts that dlopen it and the tests are checked together.
set(ZVHPGA_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list, e.g. address,undefined")
if(ZVHPGA_SANITIZE)
  add_compile_options(-fsanitize=${ZVHPGA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ZVHPGA_SANITIZE})
endif()
if(ZVHPGA_SANITIZE MATCHES "thread")
  # GCC 12 warns that ThreadSanitizer cannot model std::atomic_thread_fence, which Asio uses.
  # The TSan stage checks the threads of the plugin and the store, not Asio's internals.
  add_compile_options(-Wno-tsan)
endif()
