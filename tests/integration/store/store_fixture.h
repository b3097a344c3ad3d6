#pragma once
// A scratch directory and a fresh database per test, plus sample dossiers.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/domain.h"
#include "driver_cases.h"
#include "odbc/odbc_store.h"

namespace zvhpga::odbc::testing {

class ScratchDirectory {
 public:
  ScratchDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("zvhpga-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline core::Actor actor(core::PartnerKind kind, std::string user, core::Role role) {
  return core::Actor{.partner_id = "partner-" + std::string(core::to_token(kind)),
                     .partner_kind = kind,
                     .user = std::move(user),
                     .role = role};
}

// A registered signal without histories.
inline core::Dossier sample_dossier(std::string signal_id, std::string region = "Utrecht",
                                    std::string registered_at = "2024-03-01T09:00:00.000Z",
                                    core::SignalState state = core::SignalState::Received) {
  core::Dossier dossier;
  dossier.signal_id = std::move(signal_id);
  auto& intake = dossier.intake;
  intake.receiving_partner = core::PartnerKind::Gemeente;
  intake.channel = core::Channel::Wijkagent;
  intake.reporter_type = core::ReporterType::LocalPartner;
  intake.reporter_organisation = "Wijkteam Noord";
  intake.received_on = "2024-02-28";
  intake.subject = core::Person{.name = "J. Jansen",
                                .birth_date = "2001-05-17",
                                .bsn = "123456782",
                                .municipality = "Utrecht"};
  intake.observed_facts = "Deelt propaganda in een groepsapp.";
  intake.phenomenon_hypothesis = {core::Phenomenon::RechtsExtremisme, core::Phenomenon::Unclear};
  intake.online_component = true;
  intake.care_concern = true;
  intake.urgency = core::Urgency::Urgent;
  intake.municipality = "Utrecht";
  intake.region = std::move(region);
  dossier.state = state;
  dossier.round = 2;
  dossier.registered_by =
      actor(core::PartnerKind::Gemeente, "intake.one", core::Role::IntakeOfficer);
  dossier.registered_at = std::move(registered_at);
  return dossier;
}

inline core::Contribution sample_contribution(std::string id, core::PartnerKind partner,
                                              int round = 2) {
  return core::Contribution{
      .id = std::move(id),
      .round = round,
      .contributor = actor(partner, "member." + std::string(core::to_token(partner)),
                           core::Role::WeegploegMember),
      .information_held = "Bekend uit eerder onderzoek.",
      .legal_basis = "art. 20 Wpg",
      .position = core::Course::IncludeInCasusoverleg,
      .reasoning = "Zorgen over radicalisering.",
      .revises = std::nullopt,
      .criteria = std::nullopt,
      .submitted_at = "2024-03-02T10:00:00.000Z"};
}

inline core::Decision sample_decision(std::string id, core::Course outcome) {
  return core::Decision{
      .id = std::move(id),
      .round = 2,
      .outcome = outcome,
      .reasoning = "Integrale afweging.",
      .proportionality_note = "Lichtste passende middel.",
      .dissent = "OM twijfelt.",
      .participants = {{core::PartnerKind::Gemeente, "A. de Vries"},
                       {core::PartnerKind::Politie, "B. Bakker"},
                       {core::PartnerKind::Om, "C. Visser"}},
      .catalogue_version = "2024.1",
      .criteria = std::nullopt,
      .decided_on = "2024-03-05",
      .recorded_by = actor(core::PartnerKind::Gemeente, "chair", core::Role::WeegploegChair),
      .recorded_at = "2024-03-05T15:00:00.000Z"};
}

inline core::Transition sample_transition(std::optional<core::SignalState> from,
                                          core::SignalState to, std::string reason) {
  return core::Transition{
      .from = from,
      .to = to,
      .actor = actor(core::PartnerKind::Zvh, "coordinator", core::Role::ProcessDirector),
      .at = "2024-03-03T08:00:00.000Z",
      .reason = std::move(reason)};
}

class StoreTest : public ::testing::TestWithParam<DriverCase> {
 protected:
  void SetUp() override {
    const auto database = GetParam().fresh_database(scratch_.path());
    if (!database) GTEST_SKIP() << GetParam().name << " is not configured on this machine";
    connection_string_ = *database;
  }

  std::unique_ptr<OdbcStore> open(std::size_t max_connections = 4) const {
    return open_store(
        StoreOptions{.connection_string = connection_string_, .max_connections = max_connections});
  }

  ScratchDirectory scratch_;
  std::string connection_string_;
};

}  // namespace zvhpga::odbc::testing
