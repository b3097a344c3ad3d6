// The message catalogue: every documented error code reads as a Dutch sentence, with an English
// one beside it, and a refusal in a person's language keeps its code and fields but none of the
// plugin's developer text.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "core/person_messages.h"

namespace zvhpga::core {
namespace {

// Every code the enumeration has, by its documented name. The enumeration's underlying type
// is int, so every value in range is a valid ErrorCode; code_name answers "internal-error" for
// the ones no enumerator names.
std::map<std::string, ErrorCode> codes_by_name() {
  std::map<std::string, ErrorCode> codes;
  for (int value = 0; value < 1000; ++value) {
    const auto code = static_cast<ErrorCode>(value);
    const std::string name(code_name(code));
    if (name == "internal-error" && code != ErrorCode::Internal) continue;
    codes.emplace(name, code);
  }
  return codes;
}

std::string document(const char* name) {
  std::ifstream file(std::string(ZVHPGA_DOCS_DIR "/") + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<std::string> documented_codes() {
  const std::string markdown = document("errors.md");
  const std::regex row(R"(\n\| `([a-z-]+)` \|)");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(markdown.begin(), markdown.end(), row);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1]);
  return names;
}

TEST(PersonMessages, EveryDocumentedCodeHasADutchMessageAndProblem) {
  const auto codes = codes_by_name();
  const auto documented = documented_codes();
  ASSERT_GE(documented.size(), 20U) << "docs/errors.md lists the codes in a table";
  for (const std::string& name : documented) {
    const auto code = codes.find(name);
    ASSERT_NE(code, codes.end()) << name << " is documented but no ErrorCode has that name";
    const PersonMessage dutch = person_message(code->second, Language::Dutch);
    const PersonMessage english = person_message(code->second, Language::English);
    EXPECT_FALSE(dutch.message.empty()) << name;
    EXPECT_FALSE(dutch.problem.empty()) << name;
    EXPECT_NE(dutch.message, english.message) << name << ": the Dutch message is not translated";
    EXPECT_NE(dutch.problem, english.problem) << name << ": the Dutch problem is not translated";
  }
}

TEST(PersonMessages, EveryCodeOfTheEnumerationHasADutchMessage) {
  for (const auto& [name, code] : codes_by_name()) {
    EXPECT_FALSE(person_message(code, Language::Dutch).message.empty()) << name;
    EXPECT_FALSE(person_message(code, Language::English).message.empty()) << name;
  }
}

TEST(PersonMessages, TheCatalogueDocumentListsEverySentence) {
  const std::string markdown = document("foutmeldingen.md");
  for (const auto& [name, code] : codes_by_name()) {
    const PersonMessage nl = person_message(code, Language::Dutch);
    const PersonMessage en = person_message(code, Language::English);
    const std::string row = "| `" + name + "` | " + std::string(nl.message) + " | " +
                            std::string(nl.problem) + " | " + std::string(en.message) + " | " +
                            std::string(en.problem) + " |\n";
    EXPECT_NE(markdown.find(row), std::string::npos) << "docs/foutmeldingen.md lacks\n" << row;
  }
}

TEST(PersonMessages, LanguageTokensAreNlAndEnOnly) {
  EXPECT_EQ(language_from_token("nl"), Language::Dutch);
  EXPECT_EQ(language_from_token("en"), Language::English);
  EXPECT_EQ(language_from_token("de"), std::nullopt);
  EXPECT_EQ(language_from_token(""), std::nullopt);
}

TEST(PersonMessages, ARefusalInDutchKeepsCodeAndFieldsButNotTheDeveloperText) {
  const Error error{ErrorCode::SchemaInvalid,
                    "The request does not follow the contract schema.",
                    {{"legalBasis", "line 3: the value of 'legalBasis' is too short."},
                     {"feiten.wat", "Element 'text': [facet 'minLength'] underruns."}}};
  const Error dutch = in_language(error, Language::Dutch);
  EXPECT_EQ(dutch.code, ErrorCode::SchemaInvalid);
  EXPECT_EQ(dutch.message, person_message(ErrorCode::SchemaInvalid, Language::Dutch).message);
  ASSERT_EQ(dutch.problems.size(), 2U);
  EXPECT_EQ(dutch.problems[0].field, "legalBasis");
  EXPECT_EQ(dutch.problems[1].field, "feiten.wat");
  for (const Problem& problem : dutch.problems)
    EXPECT_EQ(problem.message, person_message(ErrorCode::SchemaInvalid, Language::Dutch).problem);
}

TEST(PersonMessages, NoCatalogueSentenceCarriesValidatorOrParserWording) {
  for (const auto& [name, code] : codes_by_name())
    for (const Language language : {Language::Dutch, Language::English})
      for (const std::string_view text : {person_message(code, language).message,
                                          person_message(code, language).problem})
        for (const std::string_view word :
             {"facet", "Element '", "underruns", "schema", "xml", "XML", "libxml", "criterion"})
          EXPECT_EQ(text.find(word), std::string_view::npos) << name << ": " << text;
}

}  // namespace
}  // namespace zvhpga::core
