#pragma once
// The KeyStore port over ODBC: a database apart from the store (by default a SQLite file next
// to it), so that a copy or backup of the store never holds a signal's wrapped data key.
#include <memory>
#include <string>

#include "ports/keys.h"

namespace zvhpga::odbc {

// Connects, creates the key tables if absent and returns a thread-safe key store. SQLite and
// PostgreSQL only; SQLite runs with secure_delete on, so a destroyed key's bytes are
// overwritten in the file and not merely unlinked from the b-tree.
std::unique_ptr<ports::KeyStore> open_key_store(const std::string& connection_string);

}  // namespace zvhpga::odbc
