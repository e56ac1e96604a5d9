#include "crawler/alerts/command_channel.h"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/duration.h"
#include "config/errno_text.h"

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;
using config::ErrnoText;

// A file descriptor closed when the owner goes.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  // Closes the descriptor held, if any, and takes `fd`.
  void Reset(int fd = -1) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = fd;
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

// The command's stdin pipe and its stdout+stderr pipe. The child's ends (in_read, out_write)
// are closed once it has been spawned; ours are closed when the exchange ends.
struct Pipes {
  UniqueFd in_read;
  UniqueFd in_write;
  UniqueFd out_read;
  UniqueFd out_write;
};

// Opens both pipes, close-on-exec. "" on success, else the reason.
std::string OpenPipes(Pipes& pipes) {
  int in_fds[2] = {-1, -1};
  if (::pipe2(in_fds, O_CLOEXEC) != 0) {
    return "pipe: " + ErrnoText(errno);
  }
  pipes.in_read.Reset(in_fds[0]);
  pipes.in_write.Reset(in_fds[1]);
  int out_fds[2] = {-1, -1};
  if (::pipe2(out_fds, O_CLOEXEC) != 0) {
    return "pipe: " + ErrnoText(errno);
  }
  pipes.out_read.Reset(out_fds[0]);
  pipes.out_write.Reset(out_fds[1]);
  return {};
}

// Starts `/bin/sh -c command` on the pipes in a process group of its own, with no signal blocked
// and SIGPIPE, SIGINT and SIGTERM at their defaults, then closes the child's ends of the pipes.
// Sets `pid`; "" on success, else the reason.
std::string SpawnShell(const std::string& command, Pipes& pipes, pid_t& pid) {
  SpawnSetup setup;
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  const bool setup_ok =
      setup.ok() &&
      posix_spawn_file_actions_adddup2(setup.actions(), pipes.in_read.get(), 0) == 0 &&
      posix_spawn_file_actions_adddup2(setup.actions(), pipes.out_write.get(), 1) == 0 &&
      posix_spawn_file_actions_adddup2(setup.actions(), pipes.out_write.get(), 2) == 0 &&
      posix_spawnattr_setflags(setup.attr(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                 POSIX_SPAWN_SETSIGDEF) == 0 &&
      posix_spawnattr_setpgroup(setup.attr(), 0) == 0 &&
      posix_spawnattr_setsigmask(setup.attr(), &empty) == 0 &&
      posix_spawnattr_setsigdefault(setup.attr(), &defaults) == 0;
  if (!setup_ok) {
    return "cannot prepare the process";
  }
  std::string shell = "/bin/sh";
  std::string dash_c = "-c";
  std::string script = command;
  char* argv[] = {shell.data(), dash_c.data(), script.data(), nullptr};
  const int spawned = posix_spawn(&pid, "/bin/sh", setup.actions(), setup.attr(), argv, environ);
  pipes.in_read.Reset();
  pipes.out_write.Reset();
  if (spawned != 0) {
    return "cannot start /bin/sh: " + ErrnoText(spawned);
  }
  return {};
}

// Writes what poll said fits of body[written..] to the command; closes its stdin once all is
// written or it stopped reading (EPIPE).
void WriteSome(const std::string& body, std::size_t& written, UniqueFd& in_write) {
  const ssize_t n = ::write(in_write.get(), body.data() + written, body.size() - written);
  if (n > 0) {
    written += static_cast<std::size_t>(n);
  }
  if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == body.size()) {
    in_write.Reset();  // EOF for the command (or it stopped reading: EPIPE)
  }
}

// Reads what the command wrote, keeping only the last bytes; closes our end at its EOF.
void ReadSome(UniqueFd& out_read, std::string& output) {
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

// Feeds `body` to the command's stdin while collecting its output, until the command closes its
// output or `deadline` passes; then closes our ends of the pipes. False on timeout.
bool Exchange(const std::string& body, Pipes& pipes, Steady::time_point deadline,
              std::string& output) {
  ::fcntl(pipes.in_write.get(), F_SETFL, ::fcntl(pipes.in_write.get(), F_GETFL) | O_NONBLOCK);
  std::size_t written = 0;
  bool timed_out = false;
  {
    const SigpipeGuard no_sigpipe;
    while (pipes.out_read.get() >= 0) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Steady::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      pollfd fds[2] = {{pipes.out_read.get(), POLLIN, 0}, {pipes.in_write.get(), POLLOUT, 0}};
      const nfds_t count = pipes.in_write.get() >= 0 ? 2 : 1;
      const int ready =
          ::poll(fds, count, static_cast<int>(std::min<long long>(left.count(), 100)));
      if (ready < 0 && errno != EINTR) {
        break;
      }
      if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
        WriteSome(body, written, pipes.in_write);
      }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        ReadSome(pipes.out_read, output);
      }
    }
  }
  pipes.in_write.Reset();
  pipes.out_read.Reset();
  return !timed_out;
}

// Waits for the command to exit, until `deadline`. True with its wait status in `status` when
// it exited (or cannot be waited for); false when it is still running at the deadline.
bool WaitForExit(pid_t pid, Steady::time_point deadline, int& status) {
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) {
      return true;
    }
    if (Steady::now() >= deadline) {
      return false;
    }
    ::poll(nullptr, 0, 10);  // the command closed its output but has not exited yet
  }
}

// Kills the command's whole process group and reaps the shell.
void KillGroup(pid_t pid) {
  int status = 0;
  ::kill(-pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// ": exited with status N" or ": killed by signal N".
std::string ExitText(int status) {
  return WIFEXITED(status) ? ": exited with status " + std::to_string(WEXITSTATUS(status))
                           : ": killed by signal " + std::to_string(WTERMSIG(status));
}

}  // namespace

ChannelResult RunAlertCommand(const std::string& command, const std::string& body,
                              std::chrono::milliseconds timeout, const EnvLookup& env) {
  ChannelResult result;
  const std::string name = "command '" + command + "'";
  // The shell expands ${NAME} itself; the values are looked up only to scrub them from output.
  const ExpandedText expanded = ExpandEnv(command, env);

  Pipes pipes;
  pid_t pid = -1;
  if (std::string error = OpenPipes(pipes); !error.empty()) {
    result.error = name + ": " + error;
    return result;
  }
  if (std::string error = SpawnShell(command, pipes, pid); !error.empty()) {
    result.error = name + ": " + error;
    return result;
  }
  const Steady::time_point deadline = Steady::now() + timeout;
  std::string output;
  int status = 0;
  // One object per line: `cat >> alerts.log` and line-reading scripts must see where an alert
  // ends, and JSON allows the trailing white space.
  const std::string line = body.empty() || body.back() != '\n' ? body + "\n" : body;
  if (!Exchange(line, pipes, deadline, output) || !WaitForExit(pid, deadline, status)) {
    KillGroup(pid);
    result.error = name + ": timed out after " + config::FormatDuration(timeout);
    return result;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.delivered = true;
    return result;
  }
  std::string error = name + ExitText(status);
  if (const std::string shown = Printable(output); !shown.empty()) {
    error += ": " + shown;
  }
  result.error = Redact(std::move(error), expanded.secrets);
  return result;
}

}  // namespace pricecrawl::crawler
