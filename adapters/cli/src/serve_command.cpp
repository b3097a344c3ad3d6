// zvh-pga serve: the plugin's web service in the foreground, until SIGINT or SIGTERM.
#include <pthread.h>

#include <csignal>
#include <cstring>
#include <iostream>

#include "command_line.h"
#include "commands.h"

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kHelp{
    "zvh-pga serve [--plugin PATH] [--config FILE]",
    "Starts the Digikoppeling WUS web service (SOAP 1.1 over HTTPS with mutual TLS) that the\n"
    "configuration's <soap> section describes, and serves until SIGINT (Ctrl-C) or SIGTERM.\n"
    "Requests being handled finish before it exits. See docs/soap.md; for a development setup:\n"
    "zvh-pga pki dev --config config/zvhpga-dev.xml var/pki, then\n"
    "zvh-pga serve --config config/zvhpga-dev.xml."};

}  // namespace

ExitCode run_serve(const std::vector<std::string>& arguments) {
  const auto options = parse_command_line(arguments, kHelp, host_options());
  if (!options) return ExitCode::success;

  // Blocked before the plugin starts a thread, so that the sigwait below is the one place where
  // they arrive (the plugin's own threads block every signal).
  sigset_t stop_signals{};
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const Host host = open_host(*options);
  const std::uint16_t port = host.instance.start_service();
  std::cout << "zvh-pga: serving on port " << port << " as configured in "
            << host.configuration.string() << "; stop with Ctrl-C." << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "zvh-pga: " << strsignal(received) << "; stopping." << std::endl;
  host.instance.stop_service();
  return ExitCode::success;
}

}  // namespace zvhpga::cli
