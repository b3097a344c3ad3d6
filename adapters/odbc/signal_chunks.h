#pragma once
// Set-based statements over a list of signals: one statement text per chunk of
// ports::kSignalsPerStatement identifiers, so that each is prepared once per connection and
// kept (Connection::prepared), however long the list.
#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "odbc/statement.h"
#include "ports/retention.h"

namespace zvhpga::odbc {

inline constexpr std::size_t kSignalChunk = ports::kSignalsPerStatement;

// `before`, then "(?, ..., ?)" with kSignalChunk markers, then `after`.
inline std::string with_signal_ids(std::string_view before, std::string_view after = "") {
  std::string sql(before);
  sql += '(';
  for (std::size_t i = 0; i < kSignalChunk; ++i) sql += i == 0 ? "?" : ", ?";
  sql += ')';
  sql += after;
  return sql;
}

// Runs `run` with the parameters of each chunk of kSignalChunk signals: `leading` first, then
// the chunk's identifiers, a short chunk padded with its last identifier. For IN (...) a
// repeated identifier names the same signal once, so the padding changes nothing.
template <typename Run>
void by_signal_chunk(std::span<const std::string> signal_ids, std::span<const Parameter> leading,
                     Run&& run) {
  std::vector<Parameter> parameters(leading.begin(), leading.end());
  for (std::size_t first = 0; first < signal_ids.size(); first += kSignalChunk) {
    const auto chunk = signal_ids.subspan(first, std::min(kSignalChunk, signal_ids.size() - first));
    parameters.resize(leading.size());
    for (std::size_t i = 0; i < kSignalChunk; ++i)
      parameters.emplace_back(std::string_view(chunk[std::min(i, chunk.size() - 1)]));
    run(std::span<const Parameter>(parameters));
  }
}

}  // namespace zvhpga::odbc
