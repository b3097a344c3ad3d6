# The Debian package: `cpack -G DEB` in a build configured with -DCMAKE_INSTALL_PREFIX=/usr
# (installer/package.sh does both). One package holds the plugin, its header and build files for
# hosts, the command, the service units and the configuration: a ZVH server installs one thing.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME zvh-pga)
set(CPACK_PACKAGE_VENDOR "zvh-pga")
set(CPACK_PACKAGE_CONTACT "zvh-pga maintainers <zvh-pga@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "PGA early-signal process for Zorg- en Veiligheidshuizen: plugin, web service and tools")
set(CPACK_PACKAGE_DESCRIPTION
  "zvh-pga records signals of possible radicalisation, the contributions of gemeente, politie\n\
and OM and the weegploeg decision, and enforces the integral rule, objective criteria,\n\
retention terms and audit. It is a plugin (libzvhpga.so, C ABI) for case-management platforms,\n\
a Digikoppeling WUS web service (zvh-pga serve) and an administration command.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The build keeps its debug information; the installed binaries do not need it.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps; the rest are what the shipped configuration and
# the maintainer scripts use: the SQLite ODBC driver and odbcinst (the default store), passwd
# (useradd), init-system-helpers (deb-systemd-helper).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsqliteodbc, unixodbc, passwd, init-system-helpers")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "odbc-postgresql, tdsodbc")
# What the installed language bindings run on: the Java binding's JNA, the Python module's python3.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libjna-java, python3")
# Maintainer scripts and the list of files under /etc that dpkg keeps on upgrade.
set(ZVHPGA_CONFFILES ${PROJECT_BINARY_DIR}/debian/conffiles)
file(WRITE ${ZVHPGA_CONFFILES} "${ZVHPGA_CONFIG_DIR}/zvhpga.xml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/installer/debian/postinst
  ${PROJECT_SOURCE_DIR}/installer/debian/prerm
  ${PROJECT_SOURCE_DIR}/installer/debian/postrm
  ${ZVHPGA_CONFFILES})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
