#pragma once
// The form a case worker fills for one stage, from the catalogue in force: the questions of the
// sections of that stage with their Dutch labels, help, answer type and rules. Hosts render the
// neutral form in their own UI; hosts with web views can take the XHTML rendering.
#include <string_view>

#include "core/criteria.h"
#include "core/domain.h"
#include "xml/document.h"

namespace zvhpga::criteria {

inline constexpr const char* kXhtmlNamespace = "http://www.w3.org/1999/xhtml";

// The Dutch words a form shows besides the catalogue's own texts.
std::string_view stage_title(core::Stage stage);
std::string_view partner_name(core::PartnerKind partner);
std::string_view assessment_label(core::Assessment assessment);
inline constexpr std::string_view kReasoningLabel = "Toelichting";
inline constexpr std::string_view kEvidenceLabel = "Waarop baseert u dit antwoord?";
inline constexpr std::string_view kObservedFactsLabel = "De feiten uit de melding";
inline constexpr std::string_view kContributionRefLabel =
    "Bijdrage van een partner (kenmerk van de bijdrage)";
inline constexpr std::string_view kOptionalMarker = " (niet verplicht)";
// The level of the form's own heading when the host does not say: a form inside a page that
// has its h1.
inline constexpr int kDefaultHeadingLevel = 2;

// An accessible XHTML fragment: one <form> in the XHTML namespace, lang="nl", a <fieldset> with
// <legend> per section and per question with options, every input bound to a <label for>, help
// texts tied with aria-describedby, optional fields marked "(niet verplicht)", the class names of
// the Utrecht component library, its heading at heading_level (1 to 5) and below it only
// fieldsets and legends. Written as polyglot markup: no empty non-void element closes itself,
// so it parses alike as text/html and as XHTML. Field names are the
// criterion identifiers (the answer's own input), "<id>.reasoning", "<id>.evidence" and
// "<id>.evidence-ref", so that a submitted form maps onto criteriaAnswers one to one.
xml::Document render_xhtml(const core::Catalogue& catalogue, core::Stage stage,
                           core::PartnerKind partner,
                           int heading_level = kDefaultHeadingLevel);

}  // namespace zvhpga::criteria
