#include "odbc/store_transaction.h"

#include <algorithm>
#include <unordered_map>

#include "odbc/assertion_replay.h"
#include "odbc/audit_journal.h"
#include "odbc/criteria_register.h"
#include "odbc/host_outbox.h"
#include "odbc/privacy_register.h"
#include "odbc/processing_log.h"
#include "odbc/reply_register.h"
#include "odbc/retention_register.h"
#include "odbc/row_reader.h"
#include "odbc/statement.h"
#include "odbc/statistics_queries.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {
namespace {

using ports::StoreFailure;

template <typename Enum>
Parameter token(Enum value) {
  return core::to_token(value);
}

std::string placeholders(std::size_t count) {
  std::string list;
  for (std::size_t index = 0; index < count; ++index) list += index == 0 ? "?" : ", ?";
  return list;
}

// A transaction of its own on a pooled connection.
class PooledTransaction final : public TransactionHold {
 public:
  PooledTransaction(ConnectionPool::Lease lease, ports::TransactionMode mode)
      : lease_(std::move(lease)),
        scope_(lease_.connection(), begin_statement(lease_.connection().dialect(), mode)) {
    const Dialect& dialect = lease_.connection().dialect();
    if (mode == ports::TransactionMode::ReadWrite && dialect.lock_audit_head_first)
      lease_.connection().prepared(dialect.lock_audit_head).execute({});
  }

  Connection& connection() override { return lease_.connection(); }
  void commit() override { scope_.commit(); }

 private:
  // Declared in this order so the transaction ends before its connection goes back.
  ConnectionPool::Lease lease_;
  TransactionScope scope_;
};

class OdbcStoreTransaction final : public ports::StoreTransaction {
 public:
  OdbcStoreTransaction(std::unique_ptr<TransactionHold> hold,
                       std::span<const HostStatement> host_statements)
      : hold_(std::move(hold)),
        audit_journal_(make_audit_journal(hold_->connection())),
        processing_log_(make_processing_log(hold_->connection())),
        privacy_register_(make_privacy_register(hold_->connection())),
        criteria_register_(make_criteria_register(hold_->connection())),
        retention_register_(make_retention_register(hold_->connection())),
        host_outbox_(make_host_outbox(hold_->connection())),
        reply_register_(make_reply_register(hold_->connection())),
        assertion_replay_(make_assertion_replay(hold_->connection())),
        host_statements_(host_statements) {}

  ports::AuditJournal& audit_journal() override { return *audit_journal_; }
  ports::ProcessingLog& processing_log() override { return *processing_log_; }
  ports::PrivacyRegister& privacy_register() override { return *privacy_register_; }
  ports::CriteriaRegister& criteria_register() override { return *criteria_register_; }
  ports::RetentionRegister& retention_register() override { return *retention_register_; }
  ports::HostOutbox& host_outbox() override { return *host_outbox_; }
  ports::ReplyRegister& reply_register() override { return *reply_register_; }
  ports::AssertionReplay& assertion_replay() override { return *assertion_replay_; }

  void commit() override { hold_->commit(); }

  void run_host_statement(std::string_view name,
                          std::span<const std::string> values) override {
    const std::vector<Parameter> parameters(values.begin(), values.end());
    Statement& statement = connection().prepared(find_host_statement(host_statements_, name).sql);
    statement.execute(parameters);
  }

  core::StatisticsCounts statistics_counts(std::string_view region, const core::Date& from,
                                           const core::Date& to) override {
    return count_statistics(connection(), region, from, to);
  }

  void insert_signal(const core::Dossier& dossier) override {
    const auto& intake = dossier.intake;
    const auto& actor = dossier.registered_by;
    Statement& signal = connection().prepared(
        "INSERT INTO pga_signal (signal_id, receiving_partner, channel, "
        "reporter_type, reporter_organisation, received_on, subject_name, "
        "subject_birth_date, subject_bsn, subject_municipality, observed_facts, "
        "online_component, care_concern, urgency, municipality, region, state, "
        "round, registered_by_partner_id, registered_by_partner_kind, "
        "registered_by_user, registered_by_role, registered_at, responsible_gemeente) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    signal.execute({dossier.signal_id, token(intake.receiving_partner), token(intake.channel),
                    token(intake.reporter_type), intake.reporter_organisation,
                    intake.received_on, intake.subject.name, intake.subject.birth_date,
                    nullable_text(intake.subject.bsn), intake.subject.municipality,
                    intake.observed_facts, flag(intake.online_component),
                    flag(intake.care_concern), token(intake.urgency), intake.municipality,
                    intake.region, token(dossier.state), number(dossier.round), actor.partner_id,
                    token(actor.partner_kind), actor.user, token(actor.role),
                    dossier.registered_at, dossier.responsible_gemeente});
    Statement& phenomenon = connection().prepared(
        "INSERT INTO pga_signal_phenomenon (signal_id, ordinal, phenomenon) "
        "VALUES (?, ?, ?)");
    for (std::size_t index = 0; index < intake.phenomenon_hypothesis.size(); ++index) {
      phenomenon.execute({dossier.signal_id, static_cast<std::int64_t>(index),
                          token(intake.phenomenon_hypothesis[index])});
    }
  }

  std::optional<core::Dossier> load_dossier(std::string_view signal_id) override {
    auto dossier = load_signal(signal_id);
    if (!dossier) return std::nullopt;
    load_phenomena(*dossier);
    load_contributions(*dossier);
    load_decisions(*dossier);
    load_transitions(*dossier);
    load_closure(*dossier);
    load_transfers(*dossier);
    load_informings(*dossier);
    load_reviews(*dossier);
    return dossier;
  }

  void update_state(std::string_view signal_id, core::SignalState state, int round) override {
    Statement& update =
        connection().prepared("UPDATE pga_signal SET state = ?, round = ? WHERE signal_id = ?");
    update.execute({token(state), number(round), signal_id});
    if (update.affected_rows() != 1) {
      throw StoreFailure("no signal " + std::string(signal_id) + " to update", "02000", false);
    }
  }

  void insert_contribution(std::string_view signal_id,
                           const core::Contribution& contribution) override {
    const auto& actor = contribution.contributor;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_contribution (contribution_id, signal_id, seq, round, "
        "contributor_partner_id, contributor_partner_kind, contributor_user, contributor_role, "
        "information_held, legal_basis, position_taken, reasoning, revises, submitted_at) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pga_contribution WHERE "
        "signal_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({contribution.id, signal_id, signal_id, number(contribution.round),
                    actor.partner_id, token(actor.partner_kind), actor.user, token(actor.role),
                    nullable_text(contribution.information_held), contribution.legal_basis,
                    token(contribution.position), contribution.reasoning,
                    nullable_text(contribution.revises), contribution.submitted_at});
  }

  void insert_decision(std::string_view signal_id, const core::Decision& decision) override {
    const auto& actor = decision.recorded_by;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_decision (decision_id, signal_id, seq, round, outcome, reasoning, "
        "proportionality_note, dissent, catalogue_version, decided_on, recorded_by_partner_id, "
        "recorded_by_partner_kind, recorded_by_user, recorded_by_role, recorded_at) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pga_decision WHERE "
        "signal_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({decision.id, signal_id, signal_id, number(decision.round),
                    token(decision.outcome), decision.reasoning,
                    nullable_text(decision.proportionality_note), nullable_text(decision.dissent),
                    decision.catalogue_version, decision.decided_on, actor.partner_id,
                    token(actor.partner_kind), actor.user, token(actor.role),
                    decision.recorded_at});
    Statement& participant = connection().prepared(
        "INSERT INTO pga_decision_participant (decision_id, ordinal, "
        "partner_kind, name) VALUES (?, ?, ?, ?)");
    for (std::size_t index = 0; index < decision.participants.size(); ++index) {
      const auto& entry = decision.participants[index];
      participant.execute(
          {decision.id, static_cast<std::int64_t>(index), token(entry.partner), entry.name});
    }
  }

  void insert_closure(std::string_view signal_id, const core::Closure& closure) override {
    const auto& actor = closure.closed_by;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_closure (signal_id, closed_on, reason, "
        "closed_by_partner_id, closed_by_partner_kind, closed_by_user, "
        "closed_by_role, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({signal_id, closure.closed_on, closure.reason, actor.partner_id,
                    token(actor.partner_kind), actor.user, token(actor.role),
                    closure.recorded_at});
  }

  void append_transition(std::string_view signal_id,
                         const core::Transition& transition) override {
    const auto& actor = transition.actor;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_transition (signal_id, seq, from_state, to_state, actor_partner_id, "
        "actor_partner_kind, actor_user, actor_role, occurred_at, reason) "
        "VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pga_transition WHERE "
        "signal_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)");
    const Parameter from =
        transition.from ? token(*transition.from) : Parameter{Null{}};
    insert.execute({signal_id, signal_id, from, token(transition.to), actor.partner_id,
                    token(actor.partner_kind), actor.user, token(actor.role), transition.at,
                    transition.reason});
  }

  void insert_transfer(std::string_view signal_id, const core::Transfer& transfer) override {
    const auto& actor = transfer.proposed_by;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_transfer (transfer_id, signal_id, seq, from_gemeente, from_region, "
        "to_gemeente, to_region, reason, proposed_by_partner_id, proposed_by_partner_kind, "
        "proposed_by_user, proposed_by_role, proposed_at, state) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pga_transfer WHERE "
        "signal_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({transfer.id, signal_id, signal_id, transfer.from_gemeente, transfer.from_region,
                    transfer.to_gemeente, transfer.to_region, transfer.reason, actor.partner_id,
                    token(actor.partner_kind), actor.user, token(actor.role), transfer.proposed_at,
                    token(transfer.state)});
  }

  void answer_transfer(std::string_view signal_id, const core::Transfer& transfer) override {
    if (!transfer.answered_by || !transfer.answered_at)
      throw StoreFailure("transfer " + transfer.id + " has no answer to record", "HY000", false);
    const auto& actor = *transfer.answered_by;
    Statement& update = connection().prepared(
        "UPDATE pga_transfer SET state = ?, answered_by_partner_id = ?, "
        "answered_by_partner_kind = ?, answered_by_user = ?, answered_by_role = ?, "
        "answered_at = ?, answer_reason = ? WHERE transfer_id = ? AND signal_id = ? "
        "AND state = 'proposed'");
    update.execute({token(transfer.state), actor.partner_id, token(actor.partner_kind), actor.user,
                    token(actor.role), *transfer.answered_at, nullable_text(transfer.answer_reason),
                    transfer.id, signal_id});
    if (update.affected_rows() != 1)
      throw StoreFailure("no proposed transfer " + transfer.id + " to answer", "02000", false);
  }

  void set_responsibility(std::string_view signal_id, std::string_view gemeente,
                          std::string_view region) override {
    Statement& update = connection().prepared(
        "UPDATE pga_signal SET responsible_gemeente = ?, region = ? WHERE signal_id = ?");
    update.execute({gemeente, region, signal_id});
    if (update.affected_rows() != 1) {
      throw StoreFailure("no signal " + std::string(signal_id) + " to update", "02000", false);
    }
  }

  std::vector<ports::TransferOffer> transfers_offered_to(std::string_view gemeente) override {
    Statement& select = connection().prepared(
        "SELECT transfer_id, signal_id, from_gemeente, proposed_at FROM pga_transfer "
        "WHERE to_gemeente = ? AND state = 'proposed' ORDER BY proposed_at, transfer_id");
    select.execute({gemeente});
    std::vector<ports::TransferOffer> offers;
    while (select.fetch()) {
      RowReader read(select);
      ports::TransferOffer offer;
      offer.transfer_id = read.text("pga_transfer.transfer_id");
      offer.signal_id = read.text("pga_transfer.signal_id");
      offer.from_gemeente = read.text("pga_transfer.from_gemeente");
      offer.proposed_at = read.text("pga_transfer.proposed_at");
      offers.push_back(std::move(offer));
    }
    return offers;
  }

  void insert_informing(std::string_view signal_id, const core::Informing& informing) override {
    const auto& actor = informing.recorded_by;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_informing (informing_id, signal_id, seq, kind, informed_on, informed_by, "
        "means, ground_code, ground, review_on, recorded_by_partner_id, "
        "recorded_by_partner_kind, recorded_by_user, recorded_by_role, recorded_at) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pga_informing WHERE "
        "signal_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({informing.id, signal_id, signal_id, token(informing.kind),
                    nullable_text(informing.informed_on), nullable_text(informing.informed_by),
                    nullable_text(informing.means), nullable_text(informing.ground_code),
                    nullable_text(informing.ground), nullable_text(informing.review_on),
                    actor.partner_id, token(actor.partner_kind), actor.user, token(actor.role),
                    informing.recorded_at});
  }

  void insert_inclusion_review(std::string_view signal_id,
                               const core::InclusionReview& review) override {
    const auto& actor = review.recorded_by;
    Statement& insert = connection().prepared(
        "INSERT INTO pga_inclusion_review (review_id, signal_id, seq, reviewed_on, conclusion, "
        "recorded_by_partner_id, recorded_by_partner_kind, recorded_by_user, recorded_by_role, "
        "recorded_at) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "
        "pga_inclusion_review WHERE signal_id = ?), ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({review.id, signal_id, signal_id, review.reviewed_on, review.conclusion,
                    actor.partner_id, token(actor.partner_kind), actor.user, token(actor.role),
                    review.recorded_at});
  }

  std::vector<ports::PostponementDue> postponements_due(std::string_view region,
                                                        const core::Date& today) override {
    // Only a signal's latest step counts: a postponement followed by informing, or by a later
    // postponement, is no longer due.
    Statement& select = connection().prepared(
        "SELECT i.signal_id, s.responsible_gemeente, i.review_on, i.ground_code "
        "FROM pga_informing i JOIN pga_signal s ON s.signal_id = i.signal_id "
        "WHERE s.region = ? AND i.kind = 'postponed' AND i.review_on <= ? "
        "AND i.seq = (SELECT MAX(seq) FROM pga_informing WHERE signal_id = i.signal_id) "
        "ORDER BY i.review_on, i.signal_id");
    select.execute({region, today});
    std::vector<ports::PostponementDue> due;
    while (select.fetch()) {
      RowReader read(select);
      ports::PostponementDue row;
      row.signal_id = read.text("pga_informing.signal_id");
      row.responsible_gemeente = read.optional_text().value_or("");
      row.review_on = read.text("pga_informing.review_on");
      row.ground_code = read.text("pga_informing.ground_code");
      due.push_back(std::move(row));
    }
    return due;
  }

  void set_subject_pseudonyms(std::string_view signal_id,
                              const std::optional<std::string>& bsn_pseudonym,
                              std::string_view name_pseudonym) override {
    Statement& update = connection().prepared(
        "UPDATE pga_signal SET subject_bsn_pseudonym = ?, subject_name_pseudonym = ? "
        "WHERE signal_id = ?");
    update.execute({nullable_text(bsn_pseudonym), name_pseudonym, signal_id});
    if (update.affected_rows() != 1) {
      throw StoreFailure("no signal " + std::string(signal_id) + " to update", "02000", false);
    }
  }

  std::vector<std::string> signals_about_subject(std::string_view except_signal_id,
                                                 const std::optional<std::string>& bsn_pseudonym,
                                                 std::string_view name_pseudonym) override {
    // A NULL BSN pseudonym matches nothing: signals without a BSN link by name and birth date.
    Statement& select = connection().prepared(
        "SELECT signal_id FROM pga_signal WHERE signal_id <> ? AND "
        "(subject_bsn_pseudonym = ? OR subject_name_pseudonym = ?) "
        "ORDER BY registered_at, signal_id");
    select.execute({except_signal_id, nullable_text(bsn_pseudonym), name_pseudonym});
    std::vector<std::string> ids;
    while (select.fetch()) ids.push_back(RowReader(select).text("pga_signal.signal_id"));
    return ids;
  }

  std::vector<ports::WorklistRow> worklist_rows(
      std::string_view region, std::span<const core::SignalState> states) override {
    if (states.empty()) return {};
    // Only the number of placeholders depends on the call; every value is bound.
    const std::string in_states = "s.state IN (" + placeholders(states.size()) + ")";
    std::vector<Parameter> parameters{region};
    for (const auto state : states) parameters.push_back(token(state));

    Statement& rows = connection().prepared(
        "SELECT s.signal_id, s.state, s.round, s.received_on, s.registered_at, "
        "s.responsible_gemeente, "
        // The latest decision's outcome, written without LIMIT/TOP so every dialect reads it.
        "(SELECT d.outcome FROM pga_decision d WHERE d.signal_id = s.signal_id "
        "AND d.seq = (SELECT MAX(seq) FROM pga_decision WHERE signal_id = s.signal_id)), "
        // What the time limits count from: the latest entry into the state from another one
        // (a handover keeps the state and restarts nothing), and the latest inclusion review.
        "(SELECT MAX(t.occurred_at) FROM pga_transition t WHERE t.signal_id = s.signal_id "
        "AND t.to_state = s.state AND (t.from_state IS NULL OR t.from_state <> t.to_state)), "
        "(SELECT MAX(r.recorded_at) FROM pga_inclusion_review r WHERE r.signal_id = s.signal_id) "
        "FROM pga_signal s WHERE s.region = ? AND " +
        in_states + " ORDER BY s.registered_at, s.signal_id");
    rows.execute(parameters);
    std::vector<ports::WorklistRow> result;
    std::unordered_map<std::string, std::size_t> position_of;
    while (rows.fetch()) {
      RowReader read(rows);
      ports::WorklistRow row;
      row.signal_id = read.text("pga_signal.signal_id");
      row.state = read.token<core::SignalState>("pga_signal.state");
      row.round = read.number("pga_signal.round");
      row.received_on = read.text("pga_signal.received_on");
      row.registered_at = read.text("pga_signal.registered_at");
      row.responsible_gemeente = read.optional_text().value_or("");
      row.last_outcome = read.optional_token<core::Course>("pga_decision.outcome");
      // A signal whose transitions a store never recorded counts from its registration.
      row.state_since = read.optional_text().value_or(row.registered_at);
      row.last_review_at = read.optional_text();
      position_of.emplace(row.signal_id, result.size());
      result.push_back(std::move(row));
    }

    Statement& contributed = connection().prepared(
        "SELECT DISTINCT s.signal_id, c.contributor_partner_kind "
        "FROM pga_signal s JOIN pga_contribution c "
        "ON c.signal_id = s.signal_id AND c.round = s.round "
        "WHERE s.region = ? AND " +
        in_states);
    contributed.execute(parameters);
    while (contributed.fetch()) {
      RowReader read(contributed);
      const auto signal_id = read.text("pga_contribution.signal_id");
      const auto kind = read.token<core::PartnerKind>("pga_contribution.contributor_partner_kind");
      const auto found = position_of.find(signal_id);
      // A signal registered between the two queries is impossible inside one transaction,
      // but a missing row must not turn into a crash.
      if (found != position_of.end()) result[found->second].contributed_this_round.push_back(kind);
    }
    // The partners in their declared order, so the answer does not depend on the query plan.
    for (auto& row : result) std::ranges::sort(row.contributed_this_round);
    return result;
  }

 private:
  Connection& connection() { return hold_->connection(); }

  std::optional<core::Dossier> load_signal(std::string_view signal_id) {
    Statement& select = connection().prepared(
        "SELECT signal_id, receiving_partner, channel, reporter_type, "
        "reporter_organisation, received_on, subject_name, subject_birth_date, "
        "subject_bsn, subject_municipality, observed_facts, online_component, "
        "care_concern, urgency, municipality, region, state, round, "
        "registered_by_partner_id, registered_by_partner_kind, registered_by_user, "
        "registered_by_role, registered_at, responsible_gemeente FROM pga_signal "
        "WHERE signal_id = ?");
    select.execute({signal_id});
    if (!select.fetch()) return std::nullopt;
    RowReader read(select);
    core::Dossier dossier;
    auto& intake = dossier.intake;
    dossier.signal_id = read.text("pga_signal.signal_id");
    intake.receiving_partner = read.token<core::PartnerKind>("pga_signal.receiving_partner");
    intake.channel = read.token<core::Channel>("pga_signal.channel");
    intake.reporter_type = read.token<core::ReporterType>("pga_signal.reporter_type");
    intake.reporter_organisation = read.text("pga_signal.reporter_organisation");
    intake.received_on = read.text("pga_signal.received_on");
    intake.subject.name = read.text("pga_signal.subject_name");
    intake.subject.birth_date = read.text("pga_signal.subject_birth_date");
    intake.subject.bsn = read.optional_text();
    intake.subject.municipality = read.text("pga_signal.subject_municipality");
    intake.observed_facts = read.text("pga_signal.observed_facts");
    intake.online_component = read.flag("pga_signal.online_component");
    intake.care_concern = read.flag("pga_signal.care_concern");
    intake.urgency = read.token<core::Urgency>("pga_signal.urgency");
    intake.municipality = read.text("pga_signal.municipality");
    intake.region = read.text("pga_signal.region");
    dossier.state = read.token<core::SignalState>("pga_signal.state");
    dossier.round = read.number("pga_signal.round");
    dossier.registered_by = read.actor("pga_signal.registered_by");
    dossier.registered_at = read.text("pga_signal.registered_at");
    // NULL: a signal from before version 12 that the migration could not assign.
    dossier.responsible_gemeente = read.optional_text().value_or("");
    return dossier;
  }

  void load_phenomena(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT phenomenon FROM pga_signal_phenomenon WHERE signal_id = ? "
        "ORDER BY ordinal");
    select.execute({dossier.signal_id});
    while (select.fetch()) {
      dossier.intake.phenomenon_hypothesis.push_back(
          RowReader(select).token<core::Phenomenon>("pga_signal_phenomenon.phenomenon"));
    }
  }

  void load_contributions(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT contribution_id, round, contributor_partner_id, "
        "contributor_partner_kind, contributor_user, contributor_role, "
        "information_held, legal_basis, position_taken, reasoning, revises, "
        "submitted_at FROM pga_contribution WHERE signal_id = ? ORDER BY seq");
    select.execute({dossier.signal_id});
    while (select.fetch()) {
      RowReader read(select);
      core::Contribution contribution;
      contribution.id = read.text("pga_contribution.contribution_id");
      contribution.round = read.number("pga_contribution.round");
      contribution.contributor = read.actor("pga_contribution.contributor");
      contribution.information_held = read.optional_text();
      contribution.legal_basis = read.text("pga_contribution.legal_basis");
      contribution.position = read.token<core::Course>("pga_contribution.position_taken");
      contribution.reasoning = read.text("pga_contribution.reasoning");
      contribution.revises = read.optional_text();
      contribution.submitted_at = read.text("pga_contribution.submitted_at");
      dossier.contributions.push_back(std::move(contribution));
    }
  }

  void load_decisions(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT decision_id, round, outcome, reasoning, proportionality_note, "
        "dissent, catalogue_version, decided_on, recorded_by_partner_id, "
        "recorded_by_partner_kind, recorded_by_user, recorded_by_role, "
        "recorded_at FROM pga_decision WHERE signal_id = ? ORDER BY seq");
    select.execute({dossier.signal_id});
    std::unordered_map<std::string, std::size_t> position_of;
    while (select.fetch()) {
      RowReader read(select);
      core::Decision decision;
      decision.id = read.text("pga_decision.decision_id");
      decision.round = read.number("pga_decision.round");
      decision.outcome = read.token<core::Course>("pga_decision.outcome");
      decision.reasoning = read.text("pga_decision.reasoning");
      decision.proportionality_note = read.optional_text();
      decision.dissent = read.optional_text();
      decision.catalogue_version = read.text("pga_decision.catalogue_version");
      decision.decided_on = read.text("pga_decision.decided_on");
      decision.recorded_by = read.actor("pga_decision.recorded_by");
      decision.recorded_at = read.text("pga_decision.recorded_at");
      position_of.emplace(decision.id, dossier.decisions.size());
      dossier.decisions.push_back(std::move(decision));
    }
    if (dossier.decisions.empty()) return;

    Statement& participants = connection().prepared(
        "SELECT p.decision_id, p.partner_kind, p.name "
        "FROM pga_decision_participant p JOIN pga_decision d "
        "ON d.decision_id = p.decision_id WHERE d.signal_id = ? "
        "ORDER BY d.seq, p.ordinal");
    participants.execute({dossier.signal_id});
    while (participants.fetch()) {
      RowReader read(participants);
      const auto decision_id = read.text("pga_decision_participant.decision_id");
      core::Participant participant;
      participant.partner = read.token<core::PartnerKind>("pga_decision_participant.partner_kind");
      participant.name = read.text("pga_decision_participant.name");
      const auto found = position_of.find(decision_id);
      if (found == position_of.end()) {
        refuse_unreadable_value("pga_decision_participant.decision_id");
      }
      dossier.decisions[found->second].participants.push_back(std::move(participant));
    }
  }

  void load_transitions(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT from_state, to_state, actor_partner_id, actor_partner_kind, "
        "actor_user, actor_role, occurred_at, reason FROM pga_transition "
        "WHERE signal_id = ? ORDER BY seq");
    select.execute({dossier.signal_id});
    while (select.fetch()) {
      RowReader read(select);
      core::Transition transition;
      transition.from = read.optional_token<core::SignalState>("pga_transition.from_state");
      transition.to = read.token<core::SignalState>("pga_transition.to_state");
      transition.actor = read.actor("pga_transition.actor");
      transition.at = read.text("pga_transition.occurred_at");
      transition.reason = read.text("pga_transition.reason");
      dossier.transitions.push_back(std::move(transition));
    }
  }

  void load_closure(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT closed_on, reason, closed_by_partner_id, closed_by_partner_kind, "
        "closed_by_user, closed_by_role, recorded_at FROM pga_closure "
        "WHERE signal_id = ?");
    select.execute({dossier.signal_id});
    if (!select.fetch()) return;
    RowReader read(select);
    core::Closure closure;
    closure.closed_on = read.text("pga_closure.closed_on");
    closure.reason = read.text("pga_closure.reason");
    closure.closed_by = read.actor("pga_closure.closed_by");
    closure.recorded_at = read.text("pga_closure.recorded_at");
    dossier.closure = std::move(closure);
  }

  void load_transfers(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT transfer_id, from_gemeente, from_region, to_gemeente, to_region, reason, "
        "proposed_by_partner_id, proposed_by_partner_kind, proposed_by_user, proposed_by_role, "
        "proposed_at, state, answered_by_partner_id, answered_by_partner_kind, answered_by_user, "
        "answered_by_role, answered_at, answer_reason FROM pga_transfer WHERE signal_id = ? "
        "ORDER BY seq");
    select.execute({dossier.signal_id});
    while (select.fetch()) {
      RowReader read(select);
      core::Transfer transfer;
      transfer.id = read.text("pga_transfer.transfer_id");
      transfer.from_gemeente = read.text("pga_transfer.from_gemeente");
      transfer.from_region = read.text("pga_transfer.from_region");
      transfer.to_gemeente = read.text("pga_transfer.to_gemeente");
      transfer.to_region = read.text("pga_transfer.to_region");
      transfer.reason = read.text("pga_transfer.reason");
      transfer.proposed_by = read.actor("pga_transfer.proposed_by");
      transfer.proposed_at = read.text("pga_transfer.proposed_at");
      transfer.state = read.token<core::TransferState>("pga_transfer.state");
      transfer.answered_by = read.optional_actor("pga_transfer.answered_by");
      transfer.answered_at = read.optional_text();
      transfer.answer_reason = read.optional_text();
      dossier.transfers.push_back(std::move(transfer));
    }
  }

  void load_informings(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT informing_id, kind, informed_on, informed_by, means, ground_code, ground, "
        "review_on, recorded_by_partner_id, recorded_by_partner_kind, recorded_by_user, "
        "recorded_by_role, recorded_at FROM pga_informing WHERE signal_id = ? ORDER BY seq");
    select.execute({dossier.signal_id});
    while (select.fetch()) {
      RowReader read(select);
      core::Informing informing;
      informing.id = read.text("pga_informing.informing_id");
      informing.kind = read.token<core::InformingKind>("pga_informing.kind");
      informing.informed_on = read.optional_text();
      informing.informed_by = read.optional_text();
      informing.means = read.optional_text();
      informing.ground_code = read.optional_text();
      informing.ground = read.optional_text();
      informing.review_on = read.optional_text();
      informing.recorded_by = read.actor("pga_informing.recorded_by");
      informing.recorded_at = read.text("pga_informing.recorded_at");
      dossier.informings.push_back(std::move(informing));
    }
  }

  void load_reviews(core::Dossier& dossier) {
    Statement& select = connection().prepared(
        "SELECT review_id, reviewed_on, conclusion, recorded_by_partner_id, "
        "recorded_by_partner_kind, recorded_by_user, recorded_by_role, recorded_at "
        "FROM pga_inclusion_review WHERE signal_id = ? ORDER BY seq");
    select.execute({dossier.signal_id});
    while (select.fetch()) {
      RowReader read(select);
      core::InclusionReview review;
      review.id = read.text("pga_inclusion_review.review_id");
      review.reviewed_on = read.text("pga_inclusion_review.reviewed_on");
      review.conclusion = read.text("pga_inclusion_review.conclusion");
      review.recorded_by = read.actor("pga_inclusion_review.recorded_by");
      review.recorded_at = read.text("pga_inclusion_review.recorded_at");
      dossier.reviews.push_back(std::move(review));
    }
  }

  std::unique_ptr<TransactionHold> hold_;
  std::unique_ptr<ports::AuditJournal> audit_journal_;
  std::unique_ptr<ports::ProcessingLog> processing_log_;
  std::unique_ptr<ports::PrivacyRegister> privacy_register_;
  std::unique_ptr<ports::CriteriaRegister> criteria_register_;
  std::unique_ptr<ports::RetentionRegister> retention_register_;
  std::unique_ptr<ports::HostOutbox> host_outbox_;
  std::unique_ptr<ports::ReplyRegister> reply_register_;
  std::unique_ptr<ports::AssertionReplay> assertion_replay_;
  std::span<const HostStatement> host_statements_;
};

}  // namespace

std::unique_ptr<TransactionHold> hold_transaction(ConnectionPool::Lease lease,
                                                  ports::TransactionMode mode) {
  return std::make_unique<PooledTransaction>(std::move(lease), mode);
}

std::unique_ptr<ports::StoreTransaction> begin_transaction(
    std::unique_ptr<TransactionHold> hold, std::span<const HostStatement> host_statements) {
  return std::make_unique<OdbcStoreTransaction>(std::move(hold), host_statements);
}

}  // namespace zvhpga::odbc
