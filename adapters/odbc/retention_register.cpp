#include "odbc/retention_register.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "odbc/row_reader.h"
#include "odbc/signal_chunks.h"
#include "odbc/statement.h"
#include "ports/outbox.h"

namespace zvhpga::odbc {
namespace {

// The clock's columns after its signal_id: rule_id, policy_version, trigger_event,
// triggered_at, due_at.
void read_clock(RowReader& read, core::RetentionClock& clock) {
  clock.rule_id = read.text("pga_retention_clock.rule_id");
  clock.policy_version = read.text("pga_retention_clock.policy_version");
  clock.trigger_event = read.text("pga_retention_clock.trigger_event");
  clock.triggered_at = read.text("pga_retention_clock.triggered_at");
  clock.due_at = read.text("pga_retention_clock.due_at");
}

// An INSERT of `rows` proposal lines.
std::string insert_items(std::size_t rows) {
  std::string sql =
      "INSERT INTO pga_retention_proposal_item (proposal_id, signal_id, rule_id, "
      "policy_version, due_at) VALUES ";
  for (std::size_t row = 0; row < rows; ++row) sql += row == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
  return sql;
}

class OdbcRetentionRegister final : public ports::RetentionRegister {
 public:
  explicit OdbcRetentionRegister(Connection& connection) : connection_(connection) {}

  std::vector<ports::AdoptedPolicy> adopted_policies() override {
    Statement& select = connection_.prepared(
        "SELECT version, issued_on, document, adopted_at FROM pga_retention_policy "
        "ORDER BY in_force_since, version");
    select.execute({});
    std::vector<ports::AdoptedPolicy> policies;
    while (select.fetch()) {
      RowReader read(select);
      ports::AdoptedPolicy policy;
      policy.version = read.text("pga_retention_policy.version");
      policy.issued_on = read.text("pga_retention_policy.issued_on");
      policy.document = read.text("pga_retention_policy.document");
      policy.adopted_at = read.text("pga_retention_policy.adopted_at");
      policies.push_back(std::move(policy));
    }
    return policies;
  }

  void adopt(const ports::AdoptedPolicy& policy) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_retention_policy (version, issued_on, document, adopted_at, "
        "in_force_since) VALUES (?, ?, ?, ?, ?)");
    insert.execute({policy.version, policy.issued_on, policy.document, policy.adopted_at,
                    policy.adopted_at});
    record_in_force(policy.version, policy.adopted_at);
  }

  void put_in_force(std::string_view version, const core::Timestamp& at) override {
    Statement& update = connection_.prepared(
        "UPDATE pga_retention_policy SET in_force_since = ? WHERE version = ?");
    update.execute({at, version});
    record_in_force(version, at);
  }

  std::vector<ports::PolicyInForce> in_force_history() override {
    Statement& select = connection_.prepared(
        "SELECT since, version FROM pga_retention_in_force ORDER BY since, version");
    select.execute({});
    std::vector<ports::PolicyInForce> history;
    while (select.fetch()) {
      RowReader read(select);
      ports::PolicyInForce entry;
      entry.since = read.text("pga_retention_in_force.since");
      entry.version = read.text("pga_retention_in_force.version");
      history.push_back(std::move(entry));
    }
    return history;
  }

  void start_clock(const core::RetentionClock& clock) override {
    Statement& remove =
        connection_.prepared("DELETE FROM pga_retention_clock WHERE signal_id = ?");
    remove.execute({clock.signal_id});
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_retention_clock (signal_id, rule_id, policy_version, trigger_event, "
        "triggered_at, due_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.execute({clock.signal_id, clock.rule_id, clock.policy_version, clock.trigger_event,
                    clock.triggered_at, clock.due_at});
  }

  std::optional<core::RetentionClock> clock_of(std::string_view signal_id) override {
    Statement& select = connection_.prepared(
        "SELECT rule_id, policy_version, trigger_event, triggered_at, due_at "
        "FROM pga_retention_clock WHERE signal_id = ?");
    select.execute({signal_id});
    if (!select.fetch()) return std::nullopt;
    RowReader read(select);
    core::RetentionClock clock;
    clock.signal_id = std::string(signal_id);
    read_clock(read, clock);
    select.close();
    return clock;
  }

  std::vector<std::pair<std::string, std::string>> rules_in_use() override {
    Statement& select = connection_.prepared(
        "SELECT DISTINCT policy_version, rule_id FROM pga_retention_clock "
        "ORDER BY policy_version, rule_id");
    select.execute({});
    std::vector<std::pair<std::string, std::string>> rules;
    while (select.fetch()) {
      RowReader read(select);
      std::string version = read.text("pga_retention_clock.policy_version");
      rules.emplace_back(std::move(version), read.text("pga_retention_clock.rule_id"));
    }
    return rules;
  }

  void place_hold(const ports::LegalHold& hold) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_retention_hold (hold_id, signal_id, reason, review_on, "
        "placed_by_partner_id, placed_by_user, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.execute({hold.hold_id, hold.signal_id, hold.reason, hold.review_on,
                    hold.placed_by.partner_id, hold.placed_by.user, hold.placed_at});
  }

  bool release_hold(std::string_view signal_id, std::string_view hold_id,
                    const core::Actor& released_by, const core::Timestamp& at) override {
    Statement& update = connection_.prepared(
        "UPDATE pga_retention_hold SET released_by_partner_id = ?, released_by_user = ?, "
        "released_at = ? WHERE hold_id = ? AND signal_id = ? AND released_at IS NULL");
    update.execute({released_by.partner_id, released_by.user, at, hold_id, signal_id});
    return update.affected_rows() == 1;
  }

  bool is_held(std::string_view signal_id) override {
    Statement& select = connection_.prepared(
        "SELECT COUNT(*) FROM pga_retention_hold WHERE signal_id = ? AND released_at IS NULL");
    select.execute({signal_id});
    const bool held =
        select.fetch() && RowReader(select).integer("COUNT(*) of pga_retention_hold") > 0;
    select.close();
    return held;
  }

  std::vector<std::string> held_among(std::span<const std::string> signal_ids) override {
    static const std::string sql = with_signal_ids(
        "SELECT DISTINCT signal_id FROM pga_retention_hold WHERE released_at IS NULL "
        "AND signal_id IN ");
    Statement& select = connection_.prepared(sql);
    std::vector<std::string> held;
    by_signal_chunk(signal_ids, {}, [&](std::span<const Parameter> parameters) {
      select.execute(parameters);
      while (select.fetch()) held.push_back(RowReader(select).text("pga_retention_hold.signal_id"));
    });
    return held;
  }

  std::vector<ports::DueSignal> due_signals(const core::Timestamp& now,
                                              std::int64_t limit) override {
    Statement& select = connection_.prepared(
        "SELECT c.signal_id, c.rule_id, c.policy_version, c.trigger_event, c.triggered_at, "
        "c.due_at, s.region FROM pga_retention_clock c JOIN pga_signal s ON s.signal_id = "
        "c.signal_id WHERE c.due_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM pga_retention_hold h WHERE h.signal_id = c.signal_id "
        "AND h.released_at IS NULL) "
        "AND NOT EXISTS (SELECT 1 FROM pga_retention_proposal_item i JOIN "
        "pga_retention_proposal p ON p.proposal_id = i.proposal_id WHERE i.signal_id = "
        "c.signal_id AND p.completed_at IS NULL) "
        "ORDER BY c.due_at, c.signal_id");
    select.execute({now});
    std::vector<ports::DueSignal> due;
    while (static_cast<std::int64_t>(due.size()) < limit && select.fetch()) {
      RowReader read(select);
      ports::DueSignal signal;
      signal.clock.signal_id = read.text("pga_retention_clock.signal_id");
      read_clock(read, signal.clock);
      signal.region = read.text("pga_signal.region");
      due.push_back(std::move(signal));
    }
    select.close();
    return due;
  }

  std::vector<ports::ForecastItem> due_by(const core::Timestamp& until) override {
    Statement& select = connection_.prepared(
        "SELECT c.signal_id, c.rule_id, c.policy_version, c.trigger_event, c.triggered_at, "
        "c.due_at, s.region, "
        "(SELECT COUNT(*) FROM pga_retention_hold h WHERE h.signal_id = c.signal_id "
        "AND h.released_at IS NULL) AS holds, "
        "(SELECT MIN(i.proposal_id) FROM pga_retention_proposal_item i JOIN "
        "pga_retention_proposal p ON p.proposal_id = i.proposal_id WHERE i.signal_id = "
        "c.signal_id AND p.completed_at IS NULL) AS open_proposal "
        "FROM pga_retention_clock c JOIN pga_signal s ON s.signal_id = c.signal_id "
        "WHERE c.due_at <= ? ORDER BY c.due_at, c.signal_id");
    select.execute({until});
    std::vector<ports::ForecastItem> due;
    while (select.fetch()) {
      RowReader read(select);
      ports::ForecastItem item;
      item.clock.signal_id = read.text("pga_retention_clock.signal_id");
      read_clock(read, item.clock);
      item.region = read.text("pga_signal.region");
      item.held = read.integer("holds") > 0;
      item.proposal_id = read.optional_text();
      due.push_back(std::move(item));
    }
    select.close();
    return due;
  }

  std::vector<std::string> signals_without_term(std::int64_t limit) override {
    Statement& select = connection_.prepared(
        "SELECT s.signal_id FROM pga_signal s WHERE NOT EXISTS (SELECT 1 FROM "
        "pga_retention_clock c WHERE c.signal_id = s.signal_id) ORDER BY s.signal_id");
    select.execute({});
    std::vector<std::string> ids;
    while (static_cast<std::int64_t>(ids.size()) < limit && select.fetch())
      ids.push_back(RowReader(select).text("pga_signal.signal_id"));
    select.close();
    return ids;
  }

  std::int64_t count_signals_without_term() override {
    Statement& select = connection_.prepared(
        "SELECT COUNT(*) FROM pga_signal s WHERE NOT EXISTS (SELECT 1 FROM "
        "pga_retention_clock c WHERE c.signal_id = s.signal_id)");
    select.execute({});
    const std::int64_t count = select.fetch() ? RowReader(select).integer("COUNT(*)") : 0;
    select.close();
    return count;
  }

  void insert_proposal(const ports::DestructionProposal& proposal) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_retention_proposal (proposal_id, region, created_at) VALUES (?, ?, ?)");
    insert.execute({proposal.proposal_id, proposal.region, proposal.created_at});
    // Full runs of kSignalChunk lines in one statement each, the rest one at a time: two texts,
    // each prepared once per connection.
    static const std::string many = insert_items(kSignalChunk);
    static const std::string one = insert_items(1);
    const std::span<const ports::ProposalItem> items(proposal.items);
    std::vector<Parameter> parameters;
    auto add = [&](const ports::ProposalItem& entry) {
      parameters.insert(parameters.end(), {proposal.proposal_id, entry.signal_id, entry.rule_id,
                                           entry.policy_version, entry.due_at});
    };
    std::size_t first = 0;
    for (; items.size() - first >= kSignalChunk; first += kSignalChunk) {
      parameters.clear();
      for (const ports::ProposalItem& entry : items.subspan(first, kSignalChunk)) add(entry);
      connection_.prepared(many).execute(parameters);
    }
    Statement& single = connection_.prepared(one);
    for (const ports::ProposalItem& entry : items.subspan(first)) {
      parameters.clear();
      add(entry);
      single.execute(parameters);
    }
  }

  std::optional<ports::DestructionProposal> proposal(std::string_view proposal_id) override {
    Statement& select = connection_.prepared(
        "SELECT region, created_at, approved_by_partner_id, approved_by_user, approved_at, "
        "completed_at FROM pga_retention_proposal WHERE proposal_id = ?");
    select.execute({proposal_id});
    if (!select.fetch()) return std::nullopt;
    RowReader read(select);
    ports::DestructionProposal proposal;
    proposal.proposal_id = std::string(proposal_id);
    proposal.region = read.text("pga_retention_proposal.region");
    proposal.created_at = read.text("pga_retention_proposal.created_at");
    auto partner = read.optional_text();
    auto user = read.optional_text();
    if (partner && user) {
      core::Actor approver;
      approver.partner_id = std::move(*partner);
      approver.user = std::move(*user);
      approver.role = core::Role::PrivacyOfficer;
      proposal.approved_by = std::move(approver);
    }
    proposal.approved_at = read.optional_text();
    proposal.completed_at = read.optional_text();
    select.close();
    Statement& items = connection_.prepared(
        "SELECT signal_id, rule_id, policy_version, due_at, outcome, failure FROM "
        "pga_retention_proposal_item WHERE proposal_id = ? ORDER BY due_at, signal_id");
    items.execute({proposal_id});
    while (items.fetch()) {
      RowReader row(items);
      ports::ProposalItem item;
      item.signal_id = row.text("pga_retention_proposal_item.signal_id");
      item.rule_id = row.text("pga_retention_proposal_item.rule_id");
      item.policy_version = row.text("pga_retention_proposal_item.policy_version");
      item.due_at = row.text("pga_retention_proposal_item.due_at");
      item.outcome = row.optional_text();
      item.failure = row.optional_text();
      proposal.items.push_back(std::move(item));
    }
    return proposal;
  }

  void approve_proposal(std::string_view proposal_id, const core::Actor& approved_by,
                        const core::Timestamp& at) override {
    Statement& update = connection_.prepared(
        "UPDATE pga_retention_proposal SET approved_by_partner_id = ?, approved_by_user = ?, "
        "approved_at = ? WHERE proposal_id = ?");
    update.execute({approved_by.partner_id, approved_by.user, at, proposal_id});
  }

  std::vector<std::string> approved_open_proposals() override {
    Statement& select = connection_.prepared(
        "SELECT proposal_id FROM pga_retention_proposal WHERE approved_at IS NOT NULL AND "
        "completed_at IS NULL ORDER BY created_at, proposal_id");
    select.execute({});
    std::vector<std::string> ids;
    while (select.fetch()) {
      ids.push_back(RowReader(select).text("pga_retention_proposal.proposal_id"));
    }
    return ids;
  }

  void finish_item(std::string_view proposal_id, const ports::ProposalItem& item) override {
    Statement& update = connection_.prepared(
        "UPDATE pga_retention_proposal_item SET outcome = ?, failure = ? "
        "WHERE proposal_id = ? AND signal_id = ?");
    update.execute({nullable_text(item.outcome), nullable_text(item.failure), proposal_id,
                    item.signal_id});
  }

  void finish_items(std::string_view proposal_id,
                    std::span<const ports::ProposalItem> items) override {
    // One statement per chunk of items that end alike: every destroyed item, mostly.
    std::map<std::pair<std::optional<std::string>, std::optional<std::string>>,
             std::vector<std::string>>
        alike;
    for (const ports::ProposalItem& item : items)
      alike[{item.outcome, item.failure}].push_back(item.signal_id);
    static const std::string sql = with_signal_ids(
        "UPDATE pga_retention_proposal_item SET outcome = ?, failure = ? "
        "WHERE proposal_id = ? AND signal_id IN ");
    Statement& update = connection_.prepared(sql);
    for (const auto& [ending, signal_ids] : alike) {
      const std::array<Parameter, 3> leading{nullable_text(ending.first),
                                             nullable_text(ending.second), proposal_id};
      by_signal_chunk(signal_ids, leading,
               [&](std::span<const Parameter> parameters) { update.execute(parameters); });
    }
  }

  void complete_proposal(std::string_view proposal_id, const core::Timestamp& at) override {
    Statement& update = connection_.prepared(
        "UPDATE pga_retention_proposal SET completed_at = ? WHERE proposal_id = ?");
    update.execute({at, proposal_id});
  }

  // Children before parents, so that every foreign key holds after each statement.
  void destroy_signals(std::span<const std::string> signal_ids) override {
    static const std::vector<std::string> kBeforeOutbox = {
        with_signal_ids("DELETE FROM pga_criteria_answer WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_decision_participant WHERE decision_id IN (SELECT decision_id "
                 "FROM pga_decision WHERE signal_id IN ",
                 ")"),
        with_signal_ids("DELETE FROM pga_decision WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_contribution WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_closure WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_transition WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_signal_phenomenon WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_withheld_item WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_transfer WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_informing WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_inclusion_review WHERE signal_id IN "),
    };
    // A push not yet delivered names the signal and its outcome: it goes, and its work item.
    static const std::string kWorkItems = with_signal_ids(
        "DELETE FROM pga_work_item WHERE queue = ? AND work_id IN "
        "(SELECT push_id FROM pga_host_outbox WHERE signal_id IN ",
        ")");
    static const std::vector<std::string> kFromOutbox = {
        with_signal_ids("DELETE FROM pga_host_outbox WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_retention_hold WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_retention_clock WHERE signal_id IN "),
        with_signal_ids("DELETE FROM pga_signal WHERE signal_id IN "),
    };
    const std::array<Parameter, 1> queue{std::string_view(ports::kOutcomePushQueue)};
    by_signal_chunk(signal_ids, {}, [&](std::span<const Parameter> parameters) {
      for (const std::string& sql : kBeforeOutbox) connection_.prepared(sql).execute(parameters);
    });
    by_signal_chunk(signal_ids, queue, [&](std::span<const Parameter> parameters) {
      connection_.prepared(kWorkItems).execute(parameters);
    });
    by_signal_chunk(signal_ids, {}, [&](std::span<const Parameter> parameters) {
      for (const std::string& sql : kFromOutbox) connection_.prepared(sql).execute(parameters);
    });
  }

  std::vector<ports::Tombstone> describe_all(std::span<const std::string> signal_ids) override {
    static const std::string sql = with_signal_ids(
        "SELECT s.signal_id, s.region, s.registered_at, (SELECT MAX(t.occurred_at) FROM "
        "pga_transition t WHERE t.signal_id = s.signal_id) FROM pga_signal s WHERE s.signal_id IN ");
    Statement& select = connection_.prepared(sql);
    std::vector<ports::Tombstone> tombstones;
    by_signal_chunk(signal_ids, {}, [&](std::span<const Parameter> parameters) {
      select.execute(parameters);
      while (select.fetch()) {
        RowReader read(select);
        ports::Tombstone tombstone;
        tombstone.signal_id = read.text("pga_signal.signal_id");
        tombstone.region = read.text("pga_signal.region");
        tombstone.registered_at = read.text("pga_signal.registered_at");
        // NULL when the signal has no transition yet: then registering was its last change.
        tombstone.last_change_at = read.optional_text().value_or(tombstone.registered_at);
        tombstones.push_back(std::move(tombstone));
      }
    });
    return tombstones;
  }

  void insert_tombstones(std::string_view proposal_id, const core::Timestamp& destroyed_at,
                         std::span<const std::string> signal_ids) override {
    static const std::string sql = with_signal_ids(
        "INSERT INTO pga_retention_tombstone (signal_id, region, registered_at, last_change_at, "
        "rule_id, policy_version, due_at, destroyed_at, proposal_id) "
        "SELECT s.signal_id, s.region, s.registered_at, COALESCE((SELECT MAX(t.occurred_at) "
        "FROM pga_transition t WHERE t.signal_id = s.signal_id), s.registered_at), i.rule_id, "
        "i.policy_version, i.due_at, ?, i.proposal_id FROM pga_signal s "
        "JOIN pga_retention_proposal_item i ON i.signal_id = s.signal_id "
        "WHERE i.proposal_id = ? AND s.signal_id IN ");
    Statement& insert = connection_.prepared(sql);
    const std::array<Parameter, 2> leading{std::string_view(destroyed_at), proposal_id};
    by_signal_chunk(signal_ids, leading,
                    [&](std::span<const Parameter> parameters) { insert.execute(parameters); });
  }

  std::vector<ports::Tombstone> tombstones_of(std::string_view proposal_id) override {
    Statement& select = connection_.prepared(
        "SELECT signal_id, region, registered_at, last_change_at, rule_id, policy_version, "
        "due_at, destroyed_at FROM pga_retention_tombstone WHERE proposal_id = ?");
    select.execute({proposal_id});
    std::vector<ports::Tombstone> tombstones;
    while (select.fetch()) {
      RowReader read(select);
      ports::Tombstone tombstone;
      tombstone.signal_id = read.text("pga_retention_tombstone.signal_id");
      tombstone.region = read.text("pga_retention_tombstone.region");
      tombstone.registered_at = read.text("pga_retention_tombstone.registered_at");
      tombstone.last_change_at = read.text("pga_retention_tombstone.last_change_at");
      tombstone.rule_id = read.text("pga_retention_tombstone.rule_id");
      tombstone.policy_version = read.text("pga_retention_tombstone.policy_version");
      tombstone.due_at = read.text("pga_retention_tombstone.due_at");
      tombstone.destroyed_at = read.text("pga_retention_tombstone.destroyed_at");
      tombstone.proposal_id = std::string(proposal_id);
      tombstones.push_back(std::move(tombstone));
    }
    return tombstones;
  }

  std::vector<std::string> tombstoned_signal_ids() override {
    Statement& select = connection_.prepared("SELECT signal_id FROM pga_retention_tombstone");
    select.execute({});
    std::vector<std::string> ids;
    while (select.fetch()) {
      ids.push_back(RowReader(select).text("pga_retention_tombstone.signal_id"));
    }
    return ids;
  }

  std::optional<ports::Tombstone> tombstone(std::string_view signal_id) override {
    Statement& select = connection_.prepared(
        "SELECT region, registered_at, last_change_at, rule_id, policy_version, due_at, "
        "destroyed_at, proposal_id FROM pga_retention_tombstone WHERE signal_id = ?");
    select.execute({signal_id});
    if (!select.fetch()) return std::nullopt;
    RowReader read(select);
    ports::Tombstone tombstone;
    tombstone.signal_id = std::string(signal_id);
    tombstone.region = read.text("pga_retention_tombstone.region");
    tombstone.registered_at = read.text("pga_retention_tombstone.registered_at");
    tombstone.last_change_at = read.text("pga_retention_tombstone.last_change_at");
    tombstone.rule_id = read.text("pga_retention_tombstone.rule_id");
    tombstone.policy_version = read.text("pga_retention_tombstone.policy_version");
    tombstone.due_at = read.text("pga_retention_tombstone.due_at");
    tombstone.destroyed_at = read.text("pga_retention_tombstone.destroyed_at");
    tombstone.proposal_id = read.text("pga_retention_tombstone.proposal_id");
    select.close();
    return tombstone;
  }

  void insert_statement(std::string_view proposal_id, const core::Timestamp& written_at,
                        const std::string& document) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_retention_statement (proposal_id, written_at, document) VALUES (?, ?, ?)");
    insert.execute({proposal_id, written_at, document});
  }

  std::optional<std::string> statement(std::string_view proposal_id) override {
    Statement& select = connection_.prepared(
        "SELECT document FROM pga_retention_statement WHERE proposal_id = ?");
    select.execute({proposal_id});
    if (!select.fetch()) return std::nullopt;
    std::string document = RowReader(select).text("pga_retention_statement.document");
    select.close();
    return document;
  }

 private:
  void record_in_force(std::string_view version, const core::Timestamp& since) {
    connection_.prepared("INSERT INTO pga_retention_in_force (since, version) VALUES (?, ?)")
        .execute({since, version});
  }

  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::RetentionRegister> make_retention_register(Connection& connection) {
  return std::make_unique<OdbcRetentionRegister>(connection);
}

}  // namespace zvhpga::odbc
