#pragma once
// A form shown again as the person left it: every entered answer back in its field, and for a
// refusal an error summary at the top that links to each field named and the message at the
// field itself (aria-describedby), so that nothing typed is lost and every problem is found
// from the top.
#include <libxml/tree.h>

#include "criteria/form.h"

namespace zvhpga::criteria {

// form is the rendered <form> element, changed in place.
void fill_in(xmlNode* form, const FilledIn& filled_in);

}  // namespace zvhpga::criteria
