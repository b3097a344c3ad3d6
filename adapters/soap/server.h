#pragma once
// The Digikoppeling WUS web service: HTTPS with mutual TLS over Boost.Beast, serving on threads
// of its own. Asio and Beast stay inside server.cpp; this header is all its users see.
#include <cstdint>
#include <memory>

#include "config/configuration.h"
#include "core/result.h"
#include "service/request_pipeline.h"
#include "soap/metrics.h"
#include "soap/request_log.h"

namespace zvhpga::soap {

class Server {
 public:
  // Binds, listens and starts serving config.soap, counting into metrics. The configuration,
  // the pipeline and the metrics must outlive the server. summary: what the start-up log line names besides the address, which
  // the server fills in. Errors: InvalidConfiguration (no <soap> section, TLS files, address,
  // port in use).
  static core::Result<std::unique_ptr<Server>> start(const config::Configuration& config,
                                                     service::RequestPipeline& pipeline,
                                                     ServiceSummary summary, Metrics& metrics);

  // Stops accepting, closes every connection, lets requests in the pipeline finish, and joins
  // the server's threads.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port; the one the system chose when the configuration says 0.
  std::uint16_t port() const;

  struct Running;

 private:
  explicit Server(std::unique_ptr<Running> running);
  std::unique_ptr<Running> running_;
};

}  // namespace zvhpga::soap
