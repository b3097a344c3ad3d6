#include "odbc/privacy_register.h"

#include "odbc/row_reader.h"
#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

class OdbcPrivacyRegister final : public ports::PrivacyRegister {
 public:
  explicit OdbcPrivacyRegister(Connection& connection) : connection_(connection) {}

  void withhold(const ports::WithheldItem& item) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_withheld_item (signal_id, item_id, legal_ground, "
        "marked_by_partner_id, marked_by_user, marked_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.execute({item.signal_id, item.item_id, item.legal_ground, item.marked_by.partner_id,
                    item.marked_by.user, item.marked_at});
  }

  std::vector<ports::WithheldItem> withheld_items(const std::string& signal_id) override {
    Statement& select = connection_.prepared(
        "SELECT item_id, legal_ground, marked_by_partner_id, marked_by_user, marked_at "
        "FROM pga_withheld_item WHERE signal_id = ? ORDER BY marked_at, item_id");
    select.execute({std::string_view(signal_id)});
    std::vector<ports::WithheldItem> items;
    while (select.fetch()) {
      RowReader read(select);
      ports::WithheldItem item;
      item.signal_id = signal_id;
      item.item_id = read.text("pga_withheld_item.item_id");
      item.legal_ground = read.text("pga_withheld_item.legal_ground");
      item.marked_by.partner_id = read.text("pga_withheld_item.marked_by_partner_id");
      item.marked_by.user = read.text("pga_withheld_item.marked_by_user");
      item.marked_by.role = core::Role::PrivacyOfficer;
      item.marked_at = read.text("pga_withheld_item.marked_at");
      items.push_back(std::move(item));
    }
    return items;
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::PrivacyRegister> make_privacy_register(Connection& connection) {
  return std::make_unique<OdbcPrivacyRegister>(connection);
}

}  // namespace zvhpga::odbc
