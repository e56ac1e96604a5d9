#pragma once
// SIGINT and SIGTERM during a crawl: the first stops the run gracefully, the second aborts the
// transfers in flight (DESIGN.md "Command line"). The handler only counts; the scheduling loop
// asks for the count once per round.

#include <csignal>

namespace pricecrawl::crawler {

// What the scheduling loop asks each round: how many stop requests arrived. Tests fake it.
class StopSignalSource {
 public:
  virtual ~StopSignalSource() = default;
  StopSignalSource(const StopSignalSource&) = delete;
  StopSignalSource& operator=(const StopSignalSource&) = delete;

  // Stop requests so far: 0 = none, 1 = stop gracefully, 2 or more = abort at once.
  virtual int Count() const = 0;

 protected:
  StopSignalSource() = default;
};

// Installs the SIGINT/SIGTERM handlers for the crawl and restores the previous ones after.
// One at a time per process: the handler counts into a process-wide counter, which the
// constructor resets.
class StopSignals final : public StopSignalSource {
 public:
  StopSignals();
  ~StopSignals() override;
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // SIGINT and SIGTERM received since construction. Safe from any thread.
  int Count() const override;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

}  // namespace pricecrawl::crawler
