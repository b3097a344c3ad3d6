# Every target of the project gets the same strict warnings; third-party headers come in as SYSTEM.
add_library(zvhpga_warnings INTERFACE)
target_compile_options(zvhpga_warnings INTERFACE
  -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual>)
