#include "crawler/alerts/alert_delivery.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crawler/fetch/curl_handles.h"
#include "storage/timestamp.h"

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

constexpr std::size_t kKeptOutput = 300;  // bytes of a receiver's or command's answer kept
constexpr int kBatch = 32;

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Control characters and invalid bytes of an answer become spaces; trimmed to the last bytes.
std::string Printable(std::string_view text) {
  if (text.size() > kKeptOutput) {
    text = text.substr(text.size() - kKeptOutput);
  }
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  const std::size_t first = out.find_first_not_of(' ');
  const std::size_t last = out.find_last_not_of(' ');
  return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

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

size_t KeepAnswer(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<std::string*>(user);
  const size_t bytes = size * count;
  if (answer->size() < 4 * kKeptOutput) {
    answer->append(data, std::min(bytes, 4 * kKeptOutput - answer->size()));
  }
  return bytes;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in pricecrawl modifies the environment
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

ExpandedText ExpandEnv(std::string_view text, const EnvLookup& env) {
  ExpandedText result;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "${") == 0) {
      const std::size_t close = text.find('}', i + 2);
      const std::string_view name =
          close == std::string_view::npos ? std::string_view() : text.substr(i + 2, close - i - 2);
      if (!name.empty() && std::all_of(name.begin(), name.end(), IsNameChar)) {
        const std::optional<std::string> value = env(std::string(name));
        if (!value) {
          result.text.clear();
          result.error = "environment variable ${" + std::string(name) + "} is not set";
          return result;
        }
        result.text += *value;
        result.secrets.emplace_back(std::string(name), *value);
        i = close + 1;
        continue;
      }
    }
    result.text.push_back(text[i]);
    ++i;
  }
  return result;
}

std::string Redact(std::string text,
                   const std::vector<std::pair<std::string, std::string>>& secrets) {
  for (const auto& [name, value] : secrets) {
    if (value.empty()) {
      continue;
    }
    const std::string reference = "${" + name + "}";
    for (std::size_t at = text.find(value); at != std::string::npos;
         at = text.find(value, at + reference.size())) {
      text.replace(at, value.size(), reference);
    }
  }
  return text;
}

std::string AlertJson(const storage::OutboxAlert& alert) {
  const auto text_or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  nlohmann::json j;
  j["id"] = alert.id;
  j["url"] = alert.url;
  j["title"] = text_or_null(alert.title);
  j["kind"] = alert.kind;
  j["old_price"] = text_or_null(alert.old_price);
  j["new_price"] = text_or_null(alert.new_price);
  j["currency"] = text_or_null(alert.currency);
  j["change_percent"] = text_or_null(alert.change_percent);
  j["observed_at"] = alert.observed_at;
  // Titles come from web pages: replace invalid UTF-8 instead of throwing.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ChannelResult PostWebhook(const std::string& url, const std::string& header,
                          const std::string& body, std::int64_t alert_id,
                          std::chrono::milliseconds timeout, const EnvLookup& env) {
  ChannelResult result;
  const ExpandedText target = ExpandEnv(url, env);
  const ExpandedText extra = ExpandEnv(header, env);
  if (!target.error.empty() || !extra.error.empty()) {
    result.error = "webhook " + url + ": " + (target.error.empty() ? extra.error : target.error);
    return result;
  }
  std::vector<std::pair<std::string, std::string>> secrets = target.secrets;
  secrets.insert(secrets.end(), extra.secrets.begin(), extra.secrets.end());

  const EasyHandle easy(curl_easy_init());
  HeaderList headers;
  const auto append = [&headers](const std::string& line) {
    curl_slist* head = curl_slist_append(headers.get(), line.c_str());
    if (head != nullptr) {
      static_cast<void>(headers.release());
      headers.reset(head);
    }
    return head != nullptr;
  };
  const bool headers_ok = append("Content-Type: application/json") &&
                          append("Idempotency-Key: pricecrawl-alert-" + std::to_string(alert_id)) &&
                          (extra.text.empty() || append(extra.text));
  if (!easy || !headers_ok) {
    result.error = "webhook " + url + ": out of memory";
    return result;
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string answer;
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, target.text.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "pricecrawl/1.0 (alerts)");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, KeepAnswer);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    result.error = Redact("webhook " + url + ": " + detail, secrets);
    return result;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) {
    result.delivered = true;
    return result;
  }
  std::string error = "webhook " + url + ": HTTP " + std::to_string(status);
  if (const std::string shown = Printable(answer); !shown.empty()) {
    error += ": " + shown;
  }
  result.error = Redact(std::move(error), secrets);
  return result;
}

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

std::chrono::milliseconds RetryDelay(std::int64_t failed_attempts, std::chrono::milliseconds base,
                                     std::chrono::milliseconds cap) {
  milliseconds delay = base;
  for (std::int64_t i = 1; i < failed_attempts && delay < cap; ++i) {
    delay *= 2;
  }
  return std::min(delay, cap);
}

DeliveryOptions DeliveryOptionsFrom(const config::AlertsConfig& alerts) {
  DeliveryOptions options;
  options.webhook = alerts.webhook;
  options.webhook_header = alerts.webhook_header;
  options.command = alerts.command;
  options.timeout = alerts.timeout;
  return options;
}

AlertDelivery::AlertDelivery(const std::string& db_path, DeliveryOptions options,
                             const Clock& clock, DeliveryLog log)
    : options_(std::move(options)),
      clock_(clock),
      log_(std::move(log)),
      db_(storage::OpenDatabase(db_path)),
      store_(db_.get()) {}

AlertDelivery::~AlertDelivery() {
  Stop();
}

bool AlertDelivery::HasChannel() const {
  return !options_.webhook.empty() || !options_.command.empty();
}

DeliveryPass AlertDelivery::DeliverDue(std::optional<Clock::TimePoint> deadline) {
  return Pass(deadline, /*in_thread=*/false);
}

DeliveryPass AlertDelivery::Pass(std::optional<Clock::TimePoint> deadline, bool in_thread) {
  std::lock_guard lock(pass_mutex_);
  DeliveryPass pass;
  if (!HasChannel() || !FlushUnrecorded()) {
    return pass;
  }
  std::int64_t after_id = 0;
  while (true) {
    const std::vector<storage::OutboxAlert> due =
        store_.Due(storage::FormatTimestamp(clock_.WallNow()), after_id, kBatch);
    if (due.empty()) {
      break;
    }
    for (const storage::OutboxAlert& alert : due) {
      after_id = alert.id;
      if ((deadline && clock_.Now() >= *deadline) || (in_thread && stopping_.load())) {
        return pass;
      }
      DeliverOne(alert, pass);
    }
  }
  return pass;
}

void AlertDelivery::DeliverOne(const storage::OutboxAlert& alert, DeliveryPass& pass) {
  const std::string json = AlertJson(alert);
  std::vector<std::string> errors;
  const auto channel_done = [&](storage::AlertChannel channel) {
    Outcome outcome;
    outcome.kind = Outcome::Kind::kChannel;
    outcome.id = alert.id;
    outcome.channel = channel;
    outcome.now = storage::FormatTimestamp(clock_.WallNow());
    Record(std::move(outcome));
  };
  if (!options_.webhook.empty() && !alert.webhook_delivered) {
    const ChannelResult r = PostWebhook(options_.webhook, options_.webhook_header, json, alert.id,
                                        options_.timeout, options_.env);
    if (r.delivered) {
      channel_done(storage::AlertChannel::kWebhook);
    } else {
      errors.push_back(r.error);
    }
  }
  if (!options_.command.empty() && !alert.command_delivered) {
    const ChannelResult r = RunAlertCommand(options_.command, json, options_.timeout, options_.env);
    if (r.delivered) {
      channel_done(storage::AlertChannel::kCommand);
    } else {
      errors.push_back(r.error);
    }
  }
  const std::string what =
      "alert " + std::to_string(alert.id) + " (" + alert.kind + " " + alert.url + ")";
  Outcome outcome;
  outcome.id = alert.id;
  outcome.now = storage::FormatTimestamp(clock_.WallNow());
  if (errors.empty()) {
    outcome.kind = Outcome::Kind::kDelivered;
    Record(std::move(outcome));
    ++pass.delivered;
    delivered_total_.fetch_add(1);
    if (log_) {
      log_(false, what + " delivered");
    }
    return;
  }
  std::string error;
  for (const std::string& e : errors) {
    error += (error.empty() ? "" : "; ") + e;
  }
  const milliseconds delay =
      RetryDelay(alert.attempts + 1, options_.retry_base, options_.retry_cap);
  outcome.kind = Outcome::Kind::kFailed;
  outcome.error = error;
  outcome.next_attempt_at = storage::FormatTimestamp(
      clock_.WallNow() + std::chrono::duration_cast<std::chrono::system_clock::duration>(delay));
  Record(std::move(outcome));
  ++pass.failed;
  failed_total_.fetch_add(1);
  if (log_) {
    log_(true, what + " not delivered: " + error + "; next attempt in " + FormatMs(delay));
  }
}

void AlertDelivery::Apply(const Outcome& outcome) {
  switch (outcome.kind) {
    case Outcome::Kind::kChannel:
      store_.MarkChannelDelivered(outcome.id, outcome.channel, outcome.now);
      break;
    case Outcome::Kind::kDelivered:
      store_.MarkDelivered(outcome.id, outcome.now);
      break;
    case Outcome::Kind::kFailed:
      store_.MarkFailed(outcome.id, outcome.error, outcome.next_attempt_at);
      break;
  }
}

void AlertDelivery::Record(Outcome outcome) {
  if (unrecorded_.empty()) {
    try {
      Apply(outcome);
      return;
    } catch (const storage::DbError& e) {
      if (log_) {
        log_(true, "alert " + std::to_string(outcome.id) + ": outcome not recorded yet (" +
                       e.what() + "); trying again");
      }
    }
  }
  unrecorded_.push_back(std::move(outcome));
}

bool AlertDelivery::FlushUnrecorded() {
  std::size_t done = 0;
  try {
    for (; done < unrecorded_.size(); ++done) {
      Apply(unrecorded_[done]);
    }
  } catch (const storage::DbError&) {
  }
  unrecorded_.erase(unrecorded_.begin(), unrecorded_.begin() + static_cast<std::ptrdiff_t>(done));
  return unrecorded_.empty();
}

storage::OutboxCounts AlertDelivery::Counts() {
  std::lock_guard lock(pass_mutex_);
  return store_.Counts();
}

void AlertDelivery::Start(std::chrono::milliseconds interval) {
  if (!HasChannel() || thread_.joinable()) {
    return;
  }
  {
    std::lock_guard lock(wake_mutex_);
    stop_ = false;
  }
  stopping_.store(false);
  thread_ = std::thread([this, interval] { Run(interval); });
}

void AlertDelivery::Run(std::chrono::milliseconds interval) {
  while (true) {
    try {
      Pass(std::nullopt, /*in_thread=*/true);
    } catch (const std::exception& e) {
      if (log_) {
        log_(true, std::string("alert delivery: ") + e.what() + "; trying again later");
      }
    }
    std::unique_lock lock(wake_mutex_);
    if (wake_.wait_for(lock, interval, [this] { return stop_; })) {
      return;
    }
  }
}

void AlertDelivery::Stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stop_ = true;
  }
  stopping_.store(true);
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace pricecrawl::crawler
