# ZVHPGA_SANITIZE=address,undefined (or thread) instruments every target, so the plugin,
# the hosts that dlopen it and the tests are checked together.
set(ZVHPGA_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list, e.g. address,undefined")
if(ZVHPGA_SANITIZE)
  add_compile_options(-fsanitize=${ZVHPGA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ZVHPGA_SANITIZE})
endif()
