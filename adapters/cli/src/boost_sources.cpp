// The compiled parts of Asio and Beast, built once here (BOOST_ASIO_SEPARATE_COMPILATION,
// BOOST_BEAST_SEPARATE_COMPILATION) instead of in every file that includes their headers.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
