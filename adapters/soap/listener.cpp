#include "soap/listener.h"

namespace zvhpga::soap {

boost::system::error_code listen_on(boost::asio::ip::tcp::acceptor& acceptor,
                                    const boost::asio::ip::tcp::endpoint& endpoint) {
  using boost::asio::socket_base;
  boost::system::error_code error;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(socket_base::max_listen_connections, error);
  return error;
}

}  // namespace zvhpga::soap
