#pragma once
// SIGINT and SIGTERM during a crawl: the first stops the run gracefully, the second aborts the
// transfers in flight (DESIGN.md "Command line"). The handler only counts; the scheduling loop
// asks for the count once per round.

#include <csignal>

namespace pricecrawl::crawler {

// Installs the SIGINT/SIGTERM handlers for the crawl and restores the previous ones after.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int count() const;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace pricecrawl::crawler
