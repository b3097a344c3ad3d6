# What `cmake --install` and the Debian packages (debian/, installer/package.sh) put where. Configure with
# -DCMAKE_INSTALL_PREFIX=/usr for the system layout: GNUInstallDirs then gives the multiarch
# libdir, /etc and /var, which the command's built-in locations follow (adapters/cli).
include(CMakePackageConfigHelpers)

set(ZVHPGA_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ZvhPga)
set(ZVHPGA_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/zvh-pga)
set(ZVHPGA_CONFIG_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/zvh-pga)
set(ZVHPGA_DATA_DIR ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/lib/zvh-pga)
# Debian 12 ships units under /lib/systemd/system (usrmerge links it to /usr/lib).
set(ZVHPGA_SYSTEMD_UNIT_DIR /lib/systemd/system CACHE PATH "Where the systemd units are installed")

# The plugin for hosts: the runtime library, its development link, the header, and the two ways
# a host's build finds them (find_package(ZvhPga) and pkg-config zvhpga).
install(TARGETS zvhpga EXPORT ZvhPgaTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/plugin/include/zvhpga/zvhpga.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/zvhpga)
install(EXPORT ZvhPgaTargets NAMESPACE ZvhPga:: DESTINATION ${ZVHPGA_CMAKE_PACKAGE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ZvhPgaConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ZvhPgaConfig.cmake
  INSTALL_DESTINATION ${ZVHPGA_CMAKE_PACKAGE_DIR})
# The ABI only grows within a major version (docs/abi.md), so any 0.x/1.x of the same major fits.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ZvhPgaConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ZvhPgaConfig.cmake ${PROJECT_BINARY_DIR}/ZvhPgaConfigVersion.cmake
  DESTINATION ${ZVHPGA_CMAKE_PACKAGE_DIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/zvhpga.pc.in ${PROJECT_BINARY_DIR}/zvhpga.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/zvhpga.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The command, its manual, and what integrators and administrators read beside it.
install(TARGETS zvh-pga RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Debian installs manual pages compressed, reproducibly (-n: no name or time stamp inside).
set(ZVHPGA_MAN_PAGE ${PROJECT_BINARY_DIR}/zvh-pga.1.gz)
add_custom_command(OUTPUT ${ZVHPGA_MAN_PAGE}
  COMMAND sh -c "gzip -9n -c '${PROJECT_SOURCE_DIR}/docs/man/zvh-pga.1' > '${ZVHPGA_MAN_PAGE}'"
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/zvh-pga.1
  VERBATIM)
add_custom_target(zvhpga_man_page ALL DEPENDS ${ZVHPGA_MAN_PAGE})
install(FILES ${ZVHPGA_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/ DESTINATION ${ZVHPGA_SHARE_DIR}/schemas
  FILES_MATCHING PATTERN "*.xsd" PATTERN "*.wsdl" PATTERN "*.sql")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${ZVHPGA_SHARE_DIR}/examples)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/criteria/ DESTINATION ${ZVHPGA_SHARE_DIR}/criteria)
# The forms' optional stylesheet, for hosts without an NL Design System theme.
install(FILES ${PROJECT_SOURCE_DIR}/styles/zvhpga-form.css DESTINATION ${ZVHPGA_SHARE_DIR}/styles)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "man" EXCLUDE)

# The administrator's configuration: installed once, then theirs (a conffile in the package).
install(FILES ${PROJECT_SOURCE_DIR}/config/zvhpga-installed.xml
  DESTINATION ${ZVHPGA_CONFIG_DIR} RENAME zvhpga.xml)
install(FILES
  ${PROJECT_SOURCE_DIR}/installer/systemd/zvh-pga.service
  ${PROJECT_SOURCE_DIR}/installer/systemd/zvh-pga-retention.service
  ${PROJECT_SOURCE_DIR}/installer/systemd/zvh-pga-retention.timer
  DESTINATION ${ZVHPGA_SYSTEMD_UNIT_DIR})
