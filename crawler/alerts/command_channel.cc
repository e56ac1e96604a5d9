#include "crawler/alerts/command_channel.h"

#include <algorithm>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

// strerror, thread-safe.
std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

std::string FormatMs(milliseconds d) {
  if (d.count() % 1000 == 0) {
    return std::to_string(d.count() / 1000) + "s";
  }
  return std::to_string(d.count()) + "ms";
}

// A file descriptor closed when the owner goes.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_ = -1;
};

// posix_spawn's attribute and file-action objects, destroyed with their owner.
class SpawnSetup {
 public:
  SpawnSetup() {
    ok_ = posix_spawn_file_actions_init(&actions_) == 0;
    ok_ = posix_spawnattr_init(&attr_) == 0 && ok_;
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  bool ok() const { return ok_; }
  posix_spawn_file_actions_t* actions() { return &actions_; }
  posix_spawnattr_t* attr() { return &attr_; }

 private:
  posix_spawn_file_actions_t actions_{};
  posix_spawnattr_t attr_{};
  bool ok_ = false;
};

// Blocks SIGPIPE on this thread while it writes to a pipe whose reader may be gone, and
// discards a SIGPIPE raised meanwhile, so a command that ignores its stdin cannot kill us.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    const timespec zero{};
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t old_{};
};

}  // namespace

ChannelResult RunAlertCommand(const std::string& command, const std::string& body,
                              std::chrono::milliseconds timeout, const EnvLookup& env) {
  ChannelResult result;
  const std::string name = "command '" + command + "'";
  // The shell expands ${NAME} itself; the values are looked up only to scrub them from output.
  const ExpandedText expanded = ExpandEnv(command, env);

  int in_fds[2] = {-1, -1};
  int out_fds[2] = {-1, -1};
  if (::pipe2(in_fds, O_CLOEXEC) != 0) {
    result.error = name + ": pipe: " + ErrnoText(errno);
    return result;
  }
  UniqueFd in_read(in_fds[0]);
  UniqueFd in_write(in_fds[1]);
  if (::pipe2(out_fds, O_CLOEXEC) != 0) {
    result.error = name + ": pipe: " + ErrnoText(errno);
    return result;
  }
  UniqueFd out_read(out_fds[0]);
  UniqueFd out_write(out_fds[1]);

  SpawnSetup setup;
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  const bool setup_ok =
      setup.ok() && posix_spawn_file_actions_adddup2(setup.actions(), in_read.get(), 0) == 0 &&
      posix_spawn_file_actions_adddup2(setup.actions(), out_write.get(), 1) == 0 &&
      posix_spawn_file_actions_adddup2(setup.actions(), out_write.get(), 2) == 0 &&
      posix_spawnattr_setflags(setup.attr(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                 POSIX_SPAWN_SETSIGDEF) == 0 &&
      posix_spawnattr_setpgroup(setup.attr(), 0) == 0 &&
      posix_spawnattr_setsigmask(setup.attr(), &empty) == 0 &&
      posix_spawnattr_setsigdefault(setup.attr(), &defaults) == 0;
  if (!setup_ok) {
    result.error = name + ": cannot prepare the process";
    return result;
  }
  std::string shell = "/bin/sh";
  std::string dash_c = "-c";
  std::string script = command;
  char* argv[] = {shell.data(), dash_c.data(), script.data(), nullptr};
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, "/bin/sh", setup.actions(), setup.attr(), argv, environ);
  in_read.Reset();
  out_write.Reset();
  if (spawned != 0) {
    result.error = name + ": cannot start /bin/sh: " + ErrnoText(spawned);
    return result;
  }
  ::fcntl(in_write.get(), F_SETFL, ::fcntl(in_write.get(), F_GETFL) | O_NONBLOCK);

  const Steady::time_point deadline = Steady::now() + timeout;
  std::string output;
  std::size_t written = 0;
  bool timed_out = false;
  {
    const SigpipeGuard no_sigpipe;
    while (out_read.get() >= 0) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Steady::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {in_write.get(), POLLOUT, 0}};
      const nfds_t count = in_write.get() >= 0 ? 2 : 1;
      const int ready =
          ::poll(fds, count, static_cast<int>(std::min<long long>(left.count(), 100)));
      if (ready < 0 && errno != EINTR) {
        break;
      }
      if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
        const ssize_t n = ::write(in_write.get(), body.data() + written, body.size() - written);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
        }
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == body.size()) {
          in_write.Reset();  // EOF for the command (or it stopped reading: EPIPE)
        }
      }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        char buffer[4096];
        const ssize_t n = ::read(out_read.get(), buffer, sizeof buffer);
        if (n > 0) {
          output.append(buffer, static_cast<std::size_t>(n));
          if (output.size() > 4 * kKeptOutput) {
            output.erase(0, output.size() - kKeptOutput);
          }
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          out_read.Reset();
        }
      }
    }
  }
  in_write.Reset();
  out_read.Reset();

  int status = 0;
  while (!timed_out) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) {
      break;
    }
    if (Steady::now() >= deadline) {
      timed_out = true;
      break;
    }
    ::poll(nullptr, 0, 10);  // the command closed its output but has not exited yet
  }
  if (timed_out) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.error = name + ": timed out after " + FormatMs(timeout);
    return result;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.delivered = true;
    return result;
  }
  std::string error =
      name + (WIFEXITED(status) ? ": exited with status " + std::to_string(WEXITSTATUS(status))
                                : ": killed by signal " + std::to_string(WTERMSIG(status)));
  if (const std::string shown = Printable(output); !shown.empty()) {
    error += ": " + shown;
  }
  result.error = Redact(std::move(error), expanded.secrets);
  return result;
}

}  // namespace pricecrawl::crawler
