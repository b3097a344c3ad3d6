# zvhpga_embed_resources(TARGET NAME FILES...) compiles files into the target as bytes, looked up
# by base name through the generated function NAME(std::string_view). The plugin never depends on
# where it is installed to find its own schemas and migrations.
function(zvhpga_embed_resources target function_name)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${function_name}.cpp")
  # A CMake list would split into separate command arguments; pass it as one.
  string(REPLACE ";" "|" files "${ARGN}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${function_name} "-DFILES=${files}"
            -P "${PROJECT_SOURCE_DIR}/cmake/GenerateResources.cmake"
    DEPENDS ${ARGN} "${PROJECT_SOURCE_DIR}/cmake/GenerateResources.cmake"
    COMMENT "Embedding ${function_name}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
