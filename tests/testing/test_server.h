#pragma once
// An in-process HTTP server for hermetic network tests: cpp-httplib on 127.0.0.1, port 0,
// listening on its own thread. Add handlers through Server() before Start(); the destructor
// (or Stop()) shuts it down and joins the thread.

#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include <httplib.h>

namespace pricecrawl::testing {

class TestServer {
 public:
  // Ignores SIGPIPE for the process: a handler writing to a socket the client has closed
  // (an aborted transfer) must see an error, not kill the test binary.
  TestServer();
  // Stop().
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // The server, for adding handlers and settings. Change it only before Start().
  httplib::Server& Server() { return *server_; }

  // Binds 127.0.0.1 on a free port and starts listening on a thread. Returns false (after
  // reporting a GoogleTest failure) when binding fails or the server is not running within 5 s.
  bool Start();

  // Stops listening, waits for handlers in progress and joins the thread. Idempotent. Handlers
  // that block must be released first, or Stop() waits for them.
  void Stop();

  // The bound port; 0 before Start().
  int Port() const { return port_; }

  // "http://127.0.0.1:<port><path>"; `path` starts with '/'.
  std::string Url(std::string_view path) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;  // runs listen_after_bind()
};

}  // namespace pricecrawl::testing
