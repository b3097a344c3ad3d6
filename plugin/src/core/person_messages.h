#pragma once
// The message catalogue: for every error code the sentence a person reads, in Dutch (the
// default of every door a person uses) and in English, and the sentence shown at each field a
// refusal lists. The plugin's detailed English messages name elements, lines and criterion
// identifiers for the people who build hosts and read logs; a case worker gets these instead,
// which never carry parser or validator text. docs/foutmeldingen.md lists them.
#include <optional>
#include <string_view>

#include "core/error.h"

namespace zvhpga::core {

enum class Language { Dutch, English };

// "nl" or "en" (the request attribute `language`); nullopt for anything else.
std::optional<Language> language_from_token(std::string_view token);

struct PersonMessage {
  std::string_view message;  // what went wrong and what the person can do
  std::string_view problem;  // said at each field the refusal lists
};

PersonMessage person_message(ErrorCode code, Language language);

// The same refusal in the catalogue's words: the code and every problem's field kept, the
// message and every problem's message replaced by the catalogue's sentences.
Error in_language(const Error& error, Language language);

}  // namespace zvhpga::core
