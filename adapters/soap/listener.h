#pragma once
// The one way the service's doors start listening, so that the SOAP door and the monitoring
// address agree on what a restart may rebind.
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

namespace zvhpga::soap {

// Opens, binds and listens. The address is reusable at once: a restarted service must not wait
// for the previous process's connections in TIME_WAIT.
boost::system::error_code listen_on(boost::asio::ip::tcp::acceptor& acceptor,
                                    const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace zvhpga::soap
