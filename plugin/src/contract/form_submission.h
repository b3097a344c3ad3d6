#pragma once
// A posted form read as the request of its stage: the plugin maps the fields itself, so that a
// host only relays the text the browser posted, and the request it makes goes through the same
// schema and the same handler as one a partner system sends.
#include <optional>
#include <string>
#include <vector>

#include "core/criteria.h"
#include "core/result.h"
#include "criteria/form.h"
#include "criteria/form_fields.h"
#include "xml/document.h"

namespace zvhpga::contract {

// What the intake form does not ask because the caller is it: the receiving partner's kind
// and its region.
struct Submitter {
  core::PartnerKind partner_kind{};
  std::string region;
};

// The request of the stage (RegisterSignalRequest, SubmitContributionRequest,
// RecordDecisionRequest, CloseSignalRequest) for the posted fields of its form of `catalogue`.
// The intake form names no signal, every other form names one: InvalidValue otherwise.
// A question left unanswered is left out or written empty, so that the schema or the plugin
// names it; on a stage with criteria a field naming no question becomes an answer with that
// identifier, so that the plugin names it too, and on the intake, which has none, such a field
// is InvalidValue. A field the form has once (a text, a radio group, a reasoning) sent more
// than once is no form a browser posts: InvalidValue, and nothing is built.
core::Result<xml::Document> stage_document(core::Stage stage,
                                           const std::optional<std::string>& signal_id,
                                           const Submitter& submitter,
                                           const core::Catalogue& catalogue,
                                           const criteria::FormFields& fields);

// The problems of a refusal (already in the person's words) as the person sees them: the form
// field each concerns and its question, once per field and message. Where two of the stage's
// questions fill elements of one name (the schema names the element alone), the problem is the
// one's left empty in `posted`.
std::vector<criteria::ShownProblem> shown_problems(const core::Error& refusal,
                                                   const core::Catalogue& catalogue,
                                                   core::Stage stage,
                                                   const criteria::FormFields& posted);

}  // namespace zvhpga::contract
