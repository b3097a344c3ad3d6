#include "crypto/sealing_store.h"

#include <unordered_map>

#include "crypto/aead.h"

namespace zvhpga::crypto {

std::string field_context(std::string_view signal_id, std::string_view record_id,
                          std::string_view field) {
  std::string context = "zvh-pga sealed field v1|";
  context.append(signal_id).append("|").append(record_id).append("|").append(field);
  return context;
}

namespace {

using ports::StoreFailure;

// One signal's data key and where each of its fields belongs.
class FieldSealer {
 public:
  FieldSealer(std::string signal_id, Key key) : signal_id_(std::move(signal_id)), key_(std::move(key)) {}

  void seal(std::string& value, std::string_view record_id, std::string_view field) const {
    value = crypto::seal(key_, value, field_context(signal_id_, record_id, field));
  }
  void seal(std::optional<std::string>& value, std::string_view record_id,
            std::string_view field) const {
    if (value) seal(*value, record_id, field);
  }
  void open(std::string& value, std::string_view record_id, std::string_view field) const {
    auto plain = crypto::open(key_, value, field_context(signal_id_, record_id, field));
    if (!plain)
      throw StoreFailure("the sealed field " + std::string(field) + " of signal " + signal_id_ +
                             (record_id.empty() ? "" : " record " + std::string(record_id)) +
                             " fails its integrity check: it was changed or moved",
                         "22000", false);
    value = std::move(*plain);
  }
  void open(std::optional<std::string>& value, std::string_view record_id,
            std::string_view field) const {
    if (value) open(*value, record_id, field);
  }

 private:
  std::string signal_id_;
  Key key_;
};

// An answer's place is its record and criterion. Sealing and opening walk the same fields.
void seal_answers(const FieldSealer& sealer, std::string_view record_id,
                  core::CriteriaAnswers& answers, bool sealing) {
  for (auto& answer : answers.answers) {
    const std::string place = std::string(record_id) + "/" + answer.criterion_id;
    if (sealing) {
      sealer.seal(answer.text, place, "pga_criteria_answer.answer_text");
      sealer.seal(answer.reasoning, place, "pga_criteria_answer.reasoning");
    } else {
      sealer.open(answer.text, place, "pga_criteria_answer.answer_text");
      sealer.open(answer.reasoning, place, "pga_criteria_answer.reasoning");
    }
  }
}

class SealingTransaction;

class SealingCriteriaRegister final : public ports::CriteriaRegister {
 public:
  explicit SealingCriteriaRegister(SealingTransaction& transaction) : transaction_(transaction) {}

  std::vector<ports::AdoptedCatalogue> adopted_catalogues() override;
  void adopt(const ports::AdoptedCatalogue& catalogue) override;
  void put_in_force(std::string_view version, const core::Timestamp& at) override;
  std::vector<ports::OpenSignalNeed> criteria_needed_by_open_signals() override;
  void insert_answers(std::string_view signal_id, std::string_view record_id,
                      const core::CriteriaAnswers& answers) override;
  std::map<std::string, core::CriteriaAnswers> answers_of_signal(
      std::string_view signal_id) override;

 private:
  SealingTransaction& transaction_;
};

class SealingTransaction final : public ports::StoreTransaction {
 public:
  SealingTransaction(std::unique_ptr<ports::StoreTransaction> inner, SignalKeys& keys)
      : inner_(std::move(inner)), keys_(keys), criteria_(*this) {}

  void commit() override { inner_->commit(); }

  // The key is made (and durable) before the signal is written: a crash in between leaves a
  // key without a signal, which holds nothing and is cleaned up, never a signal without a key.
  void insert_signal(const core::Dossier& dossier) override {
    const auto& sealer = sealers_
                             .insert_or_assign(dossier.signal_id,
                                               FieldSealer(dossier.signal_id,
                                                           keys_.create(dossier.signal_id)))
                             .first->second;
    core::Dossier sealed = dossier;
    auto& subject = sealed.intake.subject;
    sealer.seal(subject.name, "", "pga_signal.subject_name");
    sealer.seal(subject.birth_date, "", "pga_signal.subject_birth_date");
    sealer.seal(subject.bsn, "", "pga_signal.subject_bsn");
    sealer.seal(subject.municipality, "", "pga_signal.subject_municipality");
    sealer.seal(sealed.intake.observed_facts, "", "pga_signal.observed_facts");
    inner_->insert_signal(sealed);
  }

  // A signal whose key is destroyed is destroyed: what is left of it in the store (until the
  // rerun of an interrupted destruction deletes it) is ciphertext nobody can read, so it is
  // reported as absent, like any signal that does not exist.
  std::optional<core::Dossier> load_dossier(std::string_view signal_id) override {
    auto dossier = inner_->load_dossier(signal_id);
    if (!dossier) return dossier;
    const FieldSealer* found = find_sealer(signal_id);
    if (found == nullptr) return std::nullopt;
    const FieldSealer& sealer = *found;
    auto& subject = dossier->intake.subject;
    sealer.open(subject.name, "", "pga_signal.subject_name");
    sealer.open(subject.birth_date, "", "pga_signal.subject_birth_date");
    sealer.open(subject.bsn, "", "pga_signal.subject_bsn");
    sealer.open(subject.municipality, "", "pga_signal.subject_municipality");
    sealer.open(dossier->intake.observed_facts, "", "pga_signal.observed_facts");
    for (auto& contribution : dossier->contributions) open(sealer, contribution);
    for (auto& decision : dossier->decisions) open(sealer, decision);
    for (auto& transition : dossier->transitions) open(sealer, transition);
    if (dossier->closure) open(sealer, *dossier->closure);
    for (auto& transfer : dossier->transfers) open(sealer, transfer);
    for (auto& informing : dossier->informings) open(sealer, informing);
    for (auto& review : dossier->reviews) open(sealer, review);
    return dossier;
  }

  void update_state(std::string_view signal_id, core::SignalState state, int round) override {
    inner_->update_state(signal_id, state, round);
  }

  void insert_contribution(std::string_view signal_id,
                           const core::Contribution& contribution) override {
    const FieldSealer& sealer = sealer_of(signal_id);
    core::Contribution sealed = contribution;
    sealer.seal(sealed.information_held, sealed.id, "pga_contribution.information_held");
    sealer.seal(sealed.reasoning, sealed.id, "pga_contribution.reasoning");
    inner_->insert_contribution(signal_id, sealed);
  }

  void insert_decision(std::string_view signal_id, const core::Decision& decision) override {
    const FieldSealer& sealer = sealer_of(signal_id);
    core::Decision sealed = decision;
    sealer.seal(sealed.reasoning, sealed.id, "pga_decision.reasoning");
    sealer.seal(sealed.proportionality_note, sealed.id, "pga_decision.proportionality_note");
    sealer.seal(sealed.dissent, sealed.id, "pga_decision.dissent");
    inner_->insert_decision(signal_id, sealed);
  }

  void insert_closure(std::string_view signal_id, const core::Closure& closure) override {
    core::Closure sealed = closure;
    sealer_of(signal_id).seal(sealed.reason, "", "pga_closure.reason");
    inner_->insert_closure(signal_id, sealed);
  }

  // Transitions have no id of their own: their reason binds to the signal and the moment.
  void append_transition(std::string_view signal_id,
                         const core::Transition& transition) override {
    core::Transition sealed = transition;
    sealer_of(signal_id).seal(sealed.reason, sealed.at, "pga_transition.reason");
    inner_->append_transition(signal_id, sealed);
  }

  // Why the person moved is as personal as a closure's reason.
  void insert_transfer(std::string_view signal_id, const core::Transfer& transfer) override {
    core::Transfer sealed = transfer;
    sealer_of(signal_id).seal(sealed.reason, sealed.id, "pga_transfer.reason");
    inner_->insert_transfer(signal_id, sealed);
  }
  void answer_transfer(std::string_view signal_id, const core::Transfer& transfer) override {
    core::Transfer sealed = transfer;
    sealer_of(signal_id).seal(sealed.answer_reason, sealed.id, "pga_transfer.answer_reason");
    inner_->answer_transfer(signal_id, sealed);
  }
  // Who told the person, how, and why it waits say something about the person; the kind, the
  // dates and the ground's code stay readable for the privacy officer's worklist.
  void insert_informing(std::string_view signal_id, const core::Informing& informing) override {
    core::Informing sealed = informing;
    const FieldSealer& sealer = sealer_of(signal_id);
    sealer.seal(sealed.informed_by, sealed.id, "pga_informing.informed_by");
    sealer.seal(sealed.means, sealed.id, "pga_informing.means");
    sealer.seal(sealed.ground, sealed.id, "pga_informing.ground");
    inner_->insert_informing(signal_id, sealed);
  }
  void insert_inclusion_review(std::string_view signal_id,
                               const core::InclusionReview& review) override {
    core::InclusionReview sealed = review;
    sealer_of(signal_id).seal(sealed.conclusion, sealed.id, "pga_inclusion_review.conclusion");
    inner_->insert_inclusion_review(signal_id, sealed);
  }
  std::vector<ports::PostponementDue> postponements_due(std::string_view region,
                                                        const core::Date& today) override {
    return inner_->postponements_due(region, today);
  }
  void set_responsibility(std::string_view signal_id, std::string_view gemeente,
                          std::string_view region) override {
    inner_->set_responsibility(signal_id, gemeente, region);
  }
  std::vector<ports::TransferOffer> transfers_offered_to(std::string_view gemeente) override {
    return inner_->transfers_offered_to(gemeente);
  }

  void set_subject_pseudonyms(std::string_view signal_id,
                              const std::optional<std::string>& bsn_pseudonym,
                              std::string_view name_pseudonym) override {
    inner_->set_subject_pseudonyms(signal_id, bsn_pseudonym, name_pseudonym);
  }
  std::vector<std::string> signals_about_subject(std::string_view except_signal_id,
                                                 const std::optional<std::string>& bsn_pseudonym,
                                                 std::string_view name_pseudonym) override {
    return inner_->signals_about_subject(except_signal_id, bsn_pseudonym, name_pseudonym);
  }

  std::vector<ports::WorklistRow> worklist_rows(
      std::string_view region, std::span<const core::SignalState> states) override {
    return inner_->worklist_rows(region, states);
  }

  ports::AuditJournal& audit_journal() override { return inner_->audit_journal(); }
  ports::ProcessingLog& processing_log() override { return inner_->processing_log(); }
  ports::PrivacyRegister& privacy_register() override { return inner_->privacy_register(); }
  ports::ReplyRegister& reply_register() override { return inner_->reply_register(); }
  // Counts only: channels, phenomena, outcomes, positions and dates are not sealed.
  core::StatisticsCounts statistics_counts(std::string_view region, const core::Date& from,
                                           const core::Date& to) override {
    return inner_->statistics_counts(region, from, to);
  }
  ports::CriteriaRegister& criteria_register() override { return criteria_; }
  ports::RetentionRegister& retention_register() override { return inner_->retention_register(); }
  ports::HostOutbox& host_outbox() override { return inner_->host_outbox(); }
  ports::AssertionReplay& assertion_replay() override { return inner_->assertion_replay(); }
  void run_host_statement(std::string_view name,
                          std::span<const std::string> parameters) override {
    inner_->run_host_statement(name, parameters);
  }

  ports::CriteriaRegister& inner_criteria() { return inner_->criteria_register(); }

  // The signal's sealer, its key fetched once per transaction. A signal whose key is gone is
  // being destroyed: its rows are ciphertext without a key, and reading them is an error.
  const FieldSealer& sealer_of(std::string_view signal_id) {
    const FieldSealer* found = find_sealer(signal_id);
    if (found == nullptr)
      throw StoreFailure("the data key of signal " + std::string(signal_id) +
                             " has been destroyed: its records are unreadable and await deletion",
                         "HY000", false);
    return *found;
  }

 private:
  // Null if the signal has no key (any more).
  const FieldSealer* find_sealer(std::string_view signal_id) {
    const std::string id(signal_id);
    if (const auto found = sealers_.find(id); found != sealers_.end()) return &found->second;
    auto key = keys_.find(signal_id);
    if (!key) return nullptr;
    return &sealers_.emplace(id, FieldSealer(id, std::move(*key))).first->second;
  }


  static void open(const FieldSealer& sealer, core::Contribution& contribution) {
    sealer.open(contribution.information_held, contribution.id,
                "pga_contribution.information_held");
    sealer.open(contribution.reasoning, contribution.id, "pga_contribution.reasoning");
  }
  static void open(const FieldSealer& sealer, core::Decision& decision) {
    sealer.open(decision.reasoning, decision.id, "pga_decision.reasoning");
    sealer.open(decision.proportionality_note, decision.id, "pga_decision.proportionality_note");
    sealer.open(decision.dissent, decision.id, "pga_decision.dissent");
  }
  static void open(const FieldSealer& sealer, core::Transition& transition) {
    sealer.open(transition.reason, transition.at, "pga_transition.reason");
  }
  static void open(const FieldSealer& sealer, core::Closure& closure) {
    sealer.open(closure.reason, "", "pga_closure.reason");
  }
  static void open(const FieldSealer& sealer, core::Transfer& transfer) {
    sealer.open(transfer.reason, transfer.id, "pga_transfer.reason");
    sealer.open(transfer.answer_reason, transfer.id, "pga_transfer.answer_reason");
  }
  static void open(const FieldSealer& sealer, core::Informing& informing) {
    sealer.open(informing.informed_by, informing.id, "pga_informing.informed_by");
    sealer.open(informing.means, informing.id, "pga_informing.means");
    sealer.open(informing.ground, informing.id, "pga_informing.ground");
  }
  static void open(const FieldSealer& sealer, core::InclusionReview& review) {
    sealer.open(review.conclusion, review.id, "pga_inclusion_review.conclusion");
  }

  std::unique_ptr<ports::StoreTransaction> inner_;
  SignalKeys& keys_;
  SealingCriteriaRegister criteria_;
  std::unordered_map<std::string, FieldSealer> sealers_;
};

std::vector<ports::AdoptedCatalogue> SealingCriteriaRegister::adopted_catalogues() {
  return transaction_.inner_criteria().adopted_catalogues();
}
void SealingCriteriaRegister::adopt(const ports::AdoptedCatalogue& catalogue) {
  transaction_.inner_criteria().adopt(catalogue);
}
void SealingCriteriaRegister::put_in_force(std::string_view version, const core::Timestamp& at) {
  transaction_.inner_criteria().put_in_force(version, at);
}
std::vector<ports::OpenSignalNeed> SealingCriteriaRegister::criteria_needed_by_open_signals() {
  return transaction_.inner_criteria().criteria_needed_by_open_signals();
}
void SealingCriteriaRegister::insert_answers(std::string_view signal_id,
                                             std::string_view record_id,
                                             const core::CriteriaAnswers& answers) {
  core::CriteriaAnswers sealed = answers;
  seal_answers(transaction_.sealer_of(signal_id), record_id, sealed, true);
  transaction_.inner_criteria().insert_answers(signal_id, record_id, sealed);
}
std::map<std::string, core::CriteriaAnswers> SealingCriteriaRegister::answers_of_signal(
    std::string_view signal_id) {
  auto answers = transaction_.inner_criteria().answers_of_signal(signal_id);
  if (answers.empty()) return answers;
  const FieldSealer& sealer = transaction_.sealer_of(signal_id);
  for (auto& [record_id, record_answers] : answers)
    seal_answers(sealer, record_id, record_answers, false);
  return answers;
}

}  // namespace

SealingStore::SealingStore(ports::Store& inner, SignalKeys& keys) : inner_(inner), keys_(keys) {}

std::unique_ptr<ports::StoreTransaction> SealingStore::begin(ports::TransactionMode mode) {
  return std::make_unique<SealingTransaction>(inner_.begin(mode), keys_);
}

}  // namespace zvhpga::crypto
