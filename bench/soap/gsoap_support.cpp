#include "gsoap_support.h"

#include <regex>
#include <unordered_map>

// The namespace table of the generated code: defined here once for every program that links
// this file.
#include "ZvhPgaSoap11Binding.nsmap"

namespace zvhpga::bench {
namespace {

// XSD patterns are anchored at both ends and, for the contract's patterns (\d, \s, \S, classes,
// counted repetition), mean the same in ECMAScript syntax, so regex_match applies them as is.
// The generated code passes each pattern as a string literal, so its address identifies it:
// each thread compiles a pattern once and never locks.
int match_pattern(soap* /*context*/, const char* pattern, const char* value) {
  thread_local std::unordered_map<const char*, std::regex> compiled;
  auto found = compiled.find(pattern);
  if (found == compiled.end()) {
    found = compiled.emplace(pattern, std::regex(pattern, std::regex::ECMAScript | std::regex::optimize))
                .first;
  }
  return std::regex_match(value, found->second) ? SOAP_OK : SOAP_TYPE;
}

}  // namespace

void validate_patterns(soap* context) { context->fsvalidate = match_pattern; }

}  // namespace zvhpga::bench
