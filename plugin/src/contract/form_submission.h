#pragma once
// A posted form read as the request of its stage: the plugin maps the fields itself, so that a
// host only relays the text the browser posted, and the request it makes goes through the same
// schema and the same handler as one a partner system sends.
#include <string>
#include <vector>

#include "core/criteria.h"
#include "core/result.h"
#include "criteria/form.h"
#include "criteria/form_fields.h"
#include "xml/document.h"

namespace zvhpga::contract {

// The request of the stage (SubmitContributionRequest, RecordDecisionRequest) for the posted
// fields of its form of `catalogue`; InvalidValue for a stage whose form SubmitForm does not
// take (the intake).
// A question left unanswered is left out, so that the plugin names it; a field naming no
// question becomes an answer with that identifier, so that the plugin names it too. A field
// the form has once (a text, a radio group, a reasoning) sent more than once is no form a
// browser posts: InvalidValue, and nothing is built.
core::Result<xml::Document> stage_document(core::Stage stage, const std::string& signal_id,
                                           const core::Catalogue& catalogue,
                                           const criteria::FormFields& fields);

// The problems of a refusal (already in the person's words) as the person sees them: the form
// field each concerns and its question, once per field and message.
std::vector<criteria::ShownProblem> shown_problems(const core::Error& refusal,
                                                   const core::Catalogue& catalogue,
                                                   core::Stage stage);

}  // namespace zvhpga::contract
