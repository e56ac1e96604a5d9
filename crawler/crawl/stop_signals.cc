#include "crawler/crawl/stop_signals.h"

#include <atomic>

namespace pricecrawl::crawler {
namespace {

std::atomic<int> g_stop_signals{0};

extern "C" void OnStopSignal(int /*signal*/) {
  g_stop_signals.fetch_add(1);
}

}  // namespace

StopSignals::StopSignals() {
  g_stop_signals.store(0);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

int StopSignals::Count() const {
  return g_stop_signals.load();
}

}  // namespace pricecrawl::crawler
