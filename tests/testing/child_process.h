#pragma once
// Runs the pricecrawl binary as a child process, as a user or cron would, so tests can send it
// signals (SIGTERM, SIGKILL) and read its exit code and output.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace pricecrawl::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with `argv`; stdout and stderr go to the given files.
  ChildProcess(const std::vector<std::string>& argv, const std::string& stdout_path,
               const std::string& stderr_path);
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Signal(int signal);
  // The exit code (or 128 + signal), or nullopt when it is still running after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs to completion (at most `timeout`, then killed: exit_code -1) and returns its output.
RunResult RunPricecrawl(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                        const std::string& work_dir);

std::string ReadFile(const std::string& path);

}  // namespace pricecrawl::testing
