# One static library per layer of the plugin (docs/architecture.md, "Layers"), so that the build
# keeps the arrows, not prose: each layer's target publishes an include root that holds its own
# folder and nothing else, and reaches the headers of another layer only by linking it. A lower
# layer that includes a higher one therefore does not compile. The table of layers and what each
# depends on is also written to layers.txt in the build tree, which the include-direction test
# (tests/architecture) checks every include line of the tree against.
#
# zvhpga_add_layer(NAME FOLDER dir [DEPENDS layer...] [SOURCES file...] [LINK target...])
#   NAME is the folder's name, the prefix its headers are included by ("core/error.h").
#   DEPENDS names the layers below it that it may include; LINK other libraries.
#   Without SOURCES the layer is header-only.
set_property(GLOBAL PROPERTY ZVHPGA_LAYER_TABLE "")

function(zvhpga_add_layer name)
  cmake_parse_arguments(LAYER "" "FOLDER" "DEPENDS;SOURCES;LINK" ${ARGN})
  get_filename_component(folder "${LAYER_FOLDER}" ABSOLUTE)
  get_filename_component(folder_name "${folder}" NAME)
  if(NOT folder_name STREQUAL name)
    message(FATAL_ERROR "layer ${name}: its folder must be named ${name}, not ${folder_name}")
  endif()
  set(root "${PROJECT_BINARY_DIR}/layers/${name}")
  file(MAKE_DIRECTORY "${root}")
  if(NOT EXISTS "${root}/${name}")
    file(CREATE_LINK "${folder}" "${root}/${name}" SYMBOLIC)
  endif()
  set(target zvhpga_${name})
  list(TRANSFORM LAYER_DEPENDS PREPEND zvhpga_ OUTPUT_VARIABLE below)
  if(LAYER_SOURCES)
    add_library(${target} STATIC ${LAYER_SOURCES})
    target_include_directories(${target} PUBLIC "${root}")
    target_link_libraries(${target} PUBLIC ${below} ${LAYER_LINK} PRIVATE zvhpga_warnings)
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE "${root}")
    target_link_libraries(${target} INTERFACE ${below} ${LAYER_LINK})
  endif()
  zvhpga_record_layer(${name} "${folder}" ${LAYER_DEPENDS})
endfunction()

# zvhpga_record_layer(NAME FOLDER [layer...]): puts a folder that is no library of its own into
# the table (the C ABI shim of libzvhpga.so, the command-line host), so that its includes are
# checked too.
function(zvhpga_record_layer name folder)
  get_filename_component(folder "${folder}" ABSOLUTE)
  file(RELATIVE_PATH relative "${PROJECT_SOURCE_DIR}" "${folder}")
  string(JOIN " " depends ${ARGN})
  set_property(GLOBAL APPEND PROPERTY ZVHPGA_LAYER_TABLE "${name} ${relative}: ${depends}")
endfunction()

# Writes the table once every layer is declared: "name folder: depends..." a line each.
function(zvhpga_write_layer_table)
  get_property(table GLOBAL PROPERTY ZVHPGA_LAYER_TABLE)
  list(JOIN table "\n" text)
  file(WRITE "${PROJECT_BINARY_DIR}/layers.txt" "${text}\n")
endfunction()
