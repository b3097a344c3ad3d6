#include "retention/policy_reader.h"

#include <charconv>

#include "xml/document.h"
#include "xml/reader.h"

namespace zvhpga::retention {
namespace {


core::Error refused(std::string message, std::vector<core::Problem> problems) {
  return {core::ErrorCode::RetentionPolicyRefused, std::move(message), std::move(problems)};
}

template <typename Enum>
Enum token_attribute(const xmlNode& node, const char* name) {
  if (auto value = core::from_token<Enum>(xml::attribute(node, name))) return *value;
  throw std::logic_error(std::string("validated retention policy has an unknown token in ") + name);
}

// "P1Y6M30D", already checked against the schema's pattern.
core::RetentionPeriod period_of(const std::string& text) {
  core::RetentionPeriod period;
  int value = 0;
  for (std::size_t at = 1; at < text.size();) {
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + text.size(), value);
    if (error != std::errc{} || end == text.data() + text.size())
      throw std::logic_error("validated retention period does not read: " + text);
    switch (*end) {
      case 'Y': period.years = value; break;
      case 'M': period.months = value; break;
      default: period.days = value; break;
    }
    at = static_cast<std::size_t>(end - text.data()) + 1;
  }
  return period;
}

core::RetentionRule rule_of(const xmlNode& node) {
  core::RetentionRule rule;
  rule.id = xml::attribute(node, "id");
  rule.records = token_attribute<core::RetentionRecords>(node, "records");
  rule.trigger = token_attribute<core::RetentionTrigger>(node, "trigger");
  if (const std::string outcome = xml::attribute(node, "outcome"); !outcome.empty())
    rule.outcome = core::from_token<core::Course>(outcome);
  rule.period_text = xml::attribute(node, "period");
  rule.period = period_of(rule.period_text);
  rule.stalled_after_text = xml::attribute(node, "after");
  if (!rule.stalled_after_text.empty()) rule.stalled_after = period_of(rule.stalled_after_text);
  rule.action = token_attribute<core::RetentionAction>(node, "action");
  const std::string confirmed = xml::attribute(node, "confirmed");
  rule.confirmed = confirmed == "true" || confirmed == "1";
  rule.legal_source = xml::child_text(node, "legalSource");
  return rule;
}

void check_rule(const core::RetentionRule& rule, std::vector<core::Problem>& problems) {
  const bool signal = rule.records == core::RetentionRecords::Signal;
  const bool recorded = rule.trigger == core::RetentionTrigger::Recorded;
  if (signal && recorded)
    problems.push_back({rule.id, "A signal's term starts at a state change of the signal, not at "
                                 "'recorded'."});
  if (!signal && !recorded)
    problems.push_back({rule.id, "An audit record's term starts when it is 'recorded'."});
  const bool by_outcome = rule.trigger == core::RetentionTrigger::Decision ||
                          rule.trigger == core::RetentionTrigger::Closure;
  const bool stalled = rule.trigger == core::RetentionTrigger::Stalled;
  if (by_outcome && !rule.outcome)
    problems.push_back({rule.id, "A decision or closure rule names the decision outcome it is "
                                 "for (outcome=\"…\")."});
  if (!by_outcome && rule.outcome)
    problems.push_back({rule.id, "Only a decision or closure rule has a decision outcome."});
  if (stalled && !rule.stalled_after)
    problems.push_back({rule.id, "A stalled rule says after how long without a state change a "
                                 "signal counts as stalled (after=\"…\")."});
  if (!stalled && rule.stalled_after)
    problems.push_back({rule.id, "Only a stalled rule has after=\"…\"."});
  if (rule.stalled_after && rule.stalled_after->years == 0 && rule.stalled_after->months == 0 &&
      rule.stalled_after->days == 0)
    problems.push_back({rule.id, "The period after=\"" + rule.stalled_after_text +
                                     "\" is empty: name at least one year, month or day."});
  if (rule.period.years == 0 && rule.period.months == 0 && rule.period.days == 0)
    problems.push_back({rule.id, "The period " + rule.period_text + " is empty: name at least "
                                 "one year, month or day."});
}

void check_overlap(const std::vector<core::RetentionRule>& rules,
                   std::vector<core::Problem>& problems) {
  for (auto rule = rules.begin(); rule != rules.end(); ++rule) {
    for (auto earlier = rules.begin(); earlier != rule; ++earlier) {
      if (earlier->records == rule->records && earlier->trigger == rule->trigger &&
          earlier->outcome == rule->outcome) {
        problems.push_back({rule->id, "Rule " + earlier->id + " already covers the same records, "
                                      "trigger and outcome; one state change starts one term."});
        break;
      }
    }
  }
}

}  // namespace

core::Result<core::RetentionPolicy> read_policy(std::string_view text, const xml::Schema& schema) {
  auto doc = xml::parse_untrusted(text, kMaxPolicyBytes);
  if (!doc)
    return refused("The retention policy cannot be read: " + doc.error().message,
                   doc.error().problems);
  if (auto valid = schema.validate(*doc.value()); !valid)
    return refused("The retention policy does not follow schemas/zvhpga-retention-v1.xsd.",
                   valid.error().problems);

  const xmlNode& root = *xmlDocGetRootElement(doc.value().get());
  core::RetentionPolicy policy;
  policy.version = xml::attribute(root, "version");
  policy.issued_on = xml::attribute(root, "issuedOn");
  policy.title = xml::child_text(root, "title");
  std::vector<core::Problem> problems;
  for (const xmlNode* node : xml::children(root, "rule")) {
    policy.rules.push_back(rule_of(*node));
    check_rule(policy.rules.back(), problems);
  }
  check_overlap(policy.rules, problems);
  if (!problems.empty())
    return refused("Retention policy version " + policy.version +
                       " cannot be applied as written; see the problems listed.",
                   std::move(problems));
  return policy;
}

}  // namespace zvhpga::retention
