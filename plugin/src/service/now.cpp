#include "service/now.h"

#include <cstdio>
#include <ctime>

namespace zvhpga::service {

Now now_from(std::chrono::system_clock::time_point time) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(millis.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char date[16];
  char stamp[40];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  std::snprintf(stamp, sizeof stamp, "%sT%02d:%02d:%02d.%03dZ", date, utc.tm_hour, utc.tm_min,
                utc.tm_sec, static_cast<int>(millis.count() % 1000));
  return {stamp, date};
}

}  // namespace zvhpga::service
