// SQL Server does not run on Debian, so the T-SQL dialect is tested as far as a real driver
// takes it without a server: FreeTDS's tdsodbc loads through unixODBC, its connection string
// selects the SQL Server dialect, and a server that cannot be reached is a retryable connection
// failure, as for the other products. The T-SQL migrations are not executed here (docs/storage.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "odbc/dialect.h"
#include "odbc/odbc_store.h"

namespace zvhpga::odbc::testing {
namespace {

// A loopback port nobody listens on: bound to learn a free one, then released.
int unused_loopback_port() {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(socket_fd);
  return ntohs(address.sin_port);
}

std::string freetds_connection_string() {
  return "Driver=FreeTDS;Server=127.0.0.1;Port=" + std::to_string(unused_loopback_port()) +
         ";Database=zvh;UID=zvhpga;PWD=secret;TDS_Version=7.4;Encrypt=strict";
}

TEST(SqlServerSmokeTest, AFreeTdsConnectionStringSelectsTheSqlServerDialect) {
  const Dialect* dialect = dialect_for_connection_string(freetds_connection_string());
  ASSERT_NE(dialect, nullptr);
  EXPECT_EQ(dialect->kind, DialectKind::SqlServer);
}

TEST(SqlServerSmokeTest, AnUnreachableServerIsARetryableConnectionFailure) {
  try {
    open_store({.connection_string = freetds_connection_string()});
    FAIL() << "connected to a port nobody listens on";
  } catch (const ports::StoreFailure& failure) {
    // unixODBC says 01000 "Can't open lib" when the driver is not installed: that is no smoke.
    ASSERT_NE(failure.sqlstate(), "01000") << "tdsodbc is not installed: " << failure.what();
    EXPECT_TRUE(failure.sqlstate().starts_with("08")) << failure.what();
    EXPECT_TRUE(failure.retryable()) << failure.what();
  }
}

}  // namespace
}  // namespace zvhpga::odbc::testing
