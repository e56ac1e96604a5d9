#include "tests/testing/test_server.h"

#include <chrono>
#include <csignal>

#include <gtest/gtest.h>

namespace pricecrawl::testing {

TestServer::TestServer() : server_(std::make_unique<httplib::Server>()) {
  std::signal(SIGPIPE, SIG_IGN);  // NOLINT(concurrency-mt-unsafe): set before any server thread
  // Idle keep-alive connections hold one of the server's worker threads; let them go quickly.
  server_->set_keep_alive_timeout(1);
  server_->set_keep_alive_max_count(1000);
  // Headers and body leave in separate writes; without this, Nagle's algorithm holds the body
  // until the client's delayed ACK, adding tens of milliseconds to every keep-alive request.
  server_->set_tcp_nodelay(true);
}

TestServer::~TestServer() {
  Stop();
}

bool TestServer::Start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    ADD_FAILURE() << "test server could not bind 127.0.0.1";
    port_ = 0;
    return false;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "test server did not start within 5 s";
      return false;
    }
    std::this_thread::yield();
  }
  return true;
}

void TestServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string TestServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

}  // namespace pricecrawl::testing
