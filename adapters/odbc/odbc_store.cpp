#include "odbc/odbc_store.h"

#include "odbc/connection_pool.h"
#include "odbc/migrations.h"
#include "odbc/store_transaction.h"

namespace zvhpga::odbc {
namespace {

class OdbcStore final : public service::Store {
 public:
  explicit OdbcStore(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  std::unique_ptr<service::StoreTransaction> begin(service::TransactionMode mode) override {
    return begin_transaction(pool_->acquire(), mode);
  }

 private:
  std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace

std::unique_ptr<service::Store> open_store(const StoreOptions& options) {
  auto environment = std::make_shared<Environment>();
  // The product, and with it the attributes to add, is known only once connected.
  auto connection = std::make_unique<Connection>(environment, options.connection_string);
  std::string connection_string =
      with_default_attributes(options.connection_string, connection->dialect());
  if (connection_string != options.connection_string) {
    connection = std::make_unique<Connection>(environment, connection_string);
  }
  apply_migrations(*connection);
  return std::make_unique<OdbcStore>(std::make_shared<ConnectionPool>(
      std::move(environment), std::move(connection_string), options.max_connections,
      std::move(connection)));
}

}  // namespace zvhpga::odbc
