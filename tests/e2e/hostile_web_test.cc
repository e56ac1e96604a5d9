// The hostile-web test bed: the real binary crawls one loopback server whose endpoints misbehave
// (dripping, endless and bomb bodies, redirect loops and scheme tricks, resets mid-body, huge and
// deeply nested pages, broken and legacy charsets, an infinite calendar, a flaky robots.txt and
// 429s), plus links to addresses outside the crawl. The crawl must finish in bounded time and
// memory, record every bad URL with a readable error, read the legacy-charset prices exactly,
// send nothing outside the allowed set, and leave a database that passes integrity_check.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "tests/testing/crawl_harness.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_server.h"

namespace pricecrawl {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::StartsWith;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

// The bounds this test states. The crawl itself waits about 10 s (timeouts, robots.txt and 429
// back-offs); the rest is the 50 MB page, mostly Gumbo's parse. Wall time is bounded generously
// for a loaded 2-core machine, CPU time (of the crawler process, load-independent) tightly. The
// 50 MB page that is allowed in is the largest thing the crawler holds at once (body, Gumbo's
// tree and text, visible text); ASan's shadow memory and quarantine roughly double that.
constexpr seconds kMaxCrawlTime{80};
constexpr double kMaxCpuSeconds = kAsan ? 40.0 : 20.0;
constexpr long kMaxRssMiB = kAsan ? 1536 : 640;

constexpr std::size_t kBigPageBytes = 50'000'000;    // the 50 MB single-line page
constexpr std::uint64_t kBombInflated = 1ULL << 30;  // the gzip bomb inflates to 1 GiB
constexpr int kMaxDepth = 3;

// Raw deflate (no header) of `data`, ending byte-aligned with a full flush (the compressor's
// history reset), or with the final block when `finish`.
std::string RawDeflate(const std::string& data, bool finish) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_RLE) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int code = deflate(&stream, finish ? Z_FINISH : Z_FULL_FLUSH);
  out.resize(out.size() - stream.avail_out);
  deflateEnd(&stream);
  return (code == Z_OK || code == Z_STREAM_END) && stream.avail_in == 0 ? out : "";
}

// A gzip member of a little HTML and 1 GiB of zeros, about 1 MB. Compressing 1 GiB takes
// seconds, so one 1 MiB block is compressed after a full flush (which makes its bytes the same
// wherever it stands) and repeated; the trailer's CRC-32 is combined arithmetically.
std::string MakeGzipBomb() {
  const std::string head = "<html><body><p>";
  const std::string zeros(std::size_t{1} << 20, '\0');
  const std::string block = RawDeflate(zeros, false);
  const std::string start = RawDeflate(head, false);
  if (block.empty() || start.empty()) {
    return "";
  }
  std::string gzip("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);  // RFC 1952 header
  gzip += start;
  const auto crc_of = [](const std::string& data) {
    return crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  };
  uLong crc = crc_of(head);
  const uLong block_crc = crc_of(zeros);
  for (std::uint64_t done = 0; done < kBombInflated; done += zeros.size()) {
    gzip += block;
    crc = crc32_combine(crc, block_crc, static_cast<z_off_t>(zeros.size()));
  }
  gzip += RawDeflate("", true);  // the final, empty block
  const std::uint64_t total = head.size() + kBombInflated;
  for (const std::uint64_t word : {std::uint64_t{crc}, total}) {
    for (int i = 0; i < 4; ++i) {  // little-endian; ISIZE is the length modulo 2^32
      gzip.push_back(static_cast<char>((word >> (8 * i)) & 0xFF));
    }
  }
  return gzip;
}

// Inflates a gzip member in a stream; returns the inflated size, or -1 when it is not valid
// gzip (a bad CRC or length fails here).
std::int64_t InflatedSize(const std::string& gzip) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    return -1;
  }
  std::vector<unsigned char> buffer(1 << 20);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  stream.avail_in = static_cast<uInt>(gzip.size());
  std::int64_t total = 0;
  int code = Z_OK;
  while (code == Z_OK) {
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    code = inflate(&stream, Z_NO_FLUSH);
    total += static_cast<std::int64_t>(buffer.size() - stream.avail_out);
  }
  inflateEnd(&stream);
  return code == Z_STREAM_END ? total : -1;
}

// Resets the server side of the connection from `remote_port` (a TCP RST, not a FIN): sets
// SO_LINGER {on, 0} on its socket and closes it by dup2-ing a fresh unconnected socket over the
// descriptor, which cpp-httplib later shuts down and closes harmlessly. cpp-httplib does not hand
// handlers their socket, so it is found among the process's descriptors by its two ports.
bool ResetConnection(int server_port, int remote_port) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) {
    return false;
  }
  bool reset = false;
  while (const dirent* entry = ::readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    sockaddr_in local{};
    sockaddr_in peer{};
    socklen_t local_size = sizeof(local);
    socklen_t peer_size = sizeof(peer);
    if (fd <= 2 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0 ||
        local.sin_family != AF_INET || ntohs(local.sin_port) != server_port ||
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0 ||
        ntohs(peer.sin_port) != remote_port) {
      continue;
    }
    const linger hard{1, 0};
    const int spare = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    reset = spare >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard)) == 0 &&
            ::dup2(spare, fd) == fd;
    if (spare >= 0) {
      ::close(spare);
    }
    break;
  }
  ::closedir(dir);
  return reset;
}

std::string Html(const std::string& title, const std::string& body) {
  return "<!doctype html><html><head><title>" + title + "</title></head><body>" + body +
         "</body></html>";
}

// A product page whose price is only in its visible text, so the page's charset decides what
// the currency symbol reads as.
std::string TextProduct(const std::string& head, const std::string& name, const std::string& price,
                        const std::string& buy) {
  return "<!doctype html><html><head>" + head + "<title>" + name + "</title></head><body><h1>" +
         name + "</h1><p class=\"price\">" + price + "</p><button>" + buy +
         "</button></body></html>";
}

// The misbehaving site. Every request to it is recorded as "host path" before it is answered.
class HostileSite {
 public:
  HostileSite() : bomb_(MakeGzipBomb()) {
    httplib::Server& server = server_.Server();
    server.Get("/robots.txt", [this](const httplib::Request& req, httplib::Response& res) {
      // 127.0.0.1: 500 first (the host waits and asks again), then rules; localhost: none.
      if (Record(req) && Count(req, "/robots.txt") == 1) {
        res.status = 500;
        res.set_content("try later", "text/plain");
      } else if (IsLoopbackIp(req)) {
        res.set_content("User-agent: *\nDisallow: /private\n", "text/plain");
      } else {
        res.status = 404;
      }
    });
    server.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content(Html("Index", Links()), "text/html; charset=utf-8");
    });
    server.Get("/drip", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      // A declared 100 bytes, one a second: only the fetch timeout ends it.
      res.set_content_provider(
          100, "text/html", [this](std::size_t, std::size_t, httplib::DataSink& sink) {
            if (!sink.write("x", 1)) {
              return false;
            }
            std::unique_lock lock(mutex_);
            return !closing_cv_.wait_for(lock, seconds(1), [this] { return closing_; });
          });
    });
    server.Get("/endless", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      // "Text/HTML": cpp-httplib gzips chunked text/* bodies (its check is case-sensitive) and
      // holds the compressed output back; MIME types are case-insensitive to the crawler.
      res.set_chunked_content_provider("Text/HTML",
                                       [this](std::size_t offset, httplib::DataSink& sink) {
                                         static const std::string kChunk = [] {
                                           std::string chunk;
                                           while (chunk.size() < 65536)
                                             chunk += "<p>more and more</p>";
                                           return chunk;
                                         }();
                                         // Bounded so a crawler that never stops reading still lets
                                         // the test end.
                                         return !Closing() && offset < (std::size_t{1} << 31) &&
                                                sink.write(kChunk.data(), kChunk.size());
                                       });
    });
    server.Get("/bomb", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_header("Content-Encoding", "gzip");
      res.set_content_provider(
          bomb_.size(), "text/html",
          [this](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            return !Closing() &&
                   sink.write(bomb_.data() + offset, std::min<std::size_t>(length, 65536));
          });
    });
    server.Get("/loop/a", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect("/loop/b", 302);
    });
    server.Get("/loop/b", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect("/loop/a", 301);
    });
    server.Get("/to-file", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect("file:///etc/passwd", 302);
    });
    server.Get("/to-ftp", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect("ftp://127.0.0.1:" + std::to_string(server_.Port()) + "/pub", 302);
    });
    server.Get("/to-gopher", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect("gopher://127.0.0.1:" + std::to_string(server_.Port()) + "/1", 302);
    });
    server.Get("/to-javascript", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect("javascript:alert(1)", 302);
    });
    server.Get("/to-elsewhere", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_redirect(elsewhere_ + "/redirected", 302);
    });
    server.Get("/reset", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      const int remote_port = req.remote_port;
      res.set_content_provider(
          1'000'000, "text/html",
          [this, remote_port](std::size_t offset, std::size_t, httplib::DataSink& sink) {
            if (offset == 0) {
              const std::string part(65536, 'r');
              std::unique_lock lock(mutex_);
              closing_cv_.wait_for(lock, milliseconds(50), [this] { return closing_; });
              lock.unlock();
              if (!sink.write(part.data(), part.size())) {
                return false;
              }
              // Let the headers and the first bytes reach the crawler before the reset.
              lock.lock();
              closing_cv_.wait_for(lock, milliseconds(300), [this] { return closing_; });
            }
            ResetConnection(server_.Port(), remote_port);
            return false;
          });
    });
    server.Get("/truncated", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      // Declares 1,000,000 bytes, sends 1,000 and closes the connection (a FIN).
      res.set_content_provider(1'000'000, "text/html",
                               [](std::size_t, std::size_t, httplib::DataSink& sink) {
                                 const std::string part(1000, 't');
                                 sink.write(part.data(), part.size());
                                 return false;
                               });
    });
    const auto big = [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content_provider(kBigPageBytes, "text/html; charset=utf-8",
                               [](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 static const std::string kPage = [] {
                                   std::string page =
                                       "<!doctype html><html><head><title>Big</title><script "
                                       "type=\"application/ld+json\">"
                                       "{\"@context\":\"https://"
                                       "schema.org\",\"@type\":\"Product\",\"name\":\"Big page\","
                                       "\"offers\":{\"@type\":\"Offer\",\"price\":\"1234.50\","
                                       "\"priceCurrency\":\"EUR\"}}"
                                       "</script></head><body><h1>Big page</h1><p>";
                                   const std::string tail = "</p></body></html>";
                                   while (page.size() < kBigPageBytes - tail.size())
                                     page += "lorem ipsum dolor ";
                                   page.resize(kBigPageBytes - tail.size(), ' ');
                                   return page + tail;  // one line: no newline anywhere
                                 }();
                                 return sink.write(kPage.data() + offset,
                                                   std::min<std::size_t>(length, 1 << 20));
                               });
    };
    server.Get("/big", big);     // above max_body on 127.0.0.1
    server.Get("/big-ok", big);  // under the raised max_body of localhost
    server.Get("/deep", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      std::string body;
      body.reserve(100'000 * 11 + 100);
      for (int i = 0; i < 100'000; ++i)
        body += "<div>";
      body += "deep";
      for (int i = 0; i < 100'000; ++i)
        body += "</div>";
      res.set_content(Html("Deep", body), "text/html; charset=utf-8");
    });
    server.Get("/bad-utf8", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content(TextProduct("", "Caf\xC3 \xFF\xFE mug", "EUR 7.25", "Add to cart"),
                      "text/html; charset=utf-8");
    });
    server.Get("/cp1252", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content(TextProduct("", "Kaffeem\xFChle", "\x80 49,95", "In den Warenkorb"),
                      "text/html; charset=windows-1252");
    });
    server.Get("/latin1-meta", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content(TextProduct("<meta http-equiv=\"Content-Type\" "
                                  "content=\"text/html; charset=iso-8859-1\">",
                                  "Tea caddy",
                                  "\xA3"
                                  "12.50",
                                  "Add to basket"),
                      "text/html");
    });
    server.Get("/sjis", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      // "急須" at "￥1,980", "カートに入れる".
      res.set_content(TextProduct("", "\x8B\x7D\x90\x7B",
                                  "\x81\x8F"
                                  "1,980",
                                  "\x83\x4A\x81\x5B\x83\x67\x82\xC9\x93\xFC\x82\xEA\x82\xE9"),
                      "text/html; charset=Shift_JIS");
    });
    server.Get("/sjis-meta", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      // "湯呑み" at "2,480円".
      res.set_content(
          TextProduct("<meta charset=\"shift_jis\">", "\x93\x92\x93\xDB\x82\xDD", "2,480\x89\x7E",
                      "\x83\x4A\x81\x5B\x83\x67\x82\xC9\x93\xFC\x82\xEA\x82\xE9"),
          "text/html");
    });
    server.Get(
        R"(/cal/(\d+)/(\d+)/next)", [this](const httplib::Request& req, httplib::Response& res) {
          Record(req);
          int year = std::stoi(req.matches[1]);
          int month = std::stoi(req.matches[2]) + 1;
          if (month > 12) {
            month = 1;
            ++year;
          }
          const std::string here = std::to_string(year) + "/" + std::to_string(month);
          res.set_content(Html("Calendar " + here, "<a href=\"/cal/" + here + "/next\">next</a>"),
                          "text/html; charset=utf-8");
        });
    server.Get("/busy", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      if (Count(req, "/busy") == 1) {
        res.status = 429;
        res.set_header("Retry-After", "2");
        res.set_content("slow down", "text/plain");
        return;
      }
      res.set_content(TextProduct("", "Patient product", "$19.99", "Add to cart"),
                      "text/html; charset=utf-8");
    });
    server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.status = 404;
    });
    EXPECT_TRUE(server_.Start());
  }

  ~HostileSite() {
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
    }
    closing_cv_.notify_all();
    server_.Stop();
  }

  // Where links and redirects that must not be followed point (a server that counts requests).
  void SetElsewhere(std::string origin) { elsewhere_ = std::move(origin); }

  int Port() const { return server_.Port(); }
  std::string Url(const std::string& path) const { return server_.Url(path); }
  std::string LocalhostUrl(const std::string& path) const {
    return "http://localhost:" + std::to_string(server_.Port()) + path;
  }
  bool BombReady() const { return bomb_.size() > 100'000; }
  std::size_t BombSize() const { return bomb_.size(); }
  std::int64_t BombInflatedSize() const { return InflatedSize(bomb_); }

  // Requests per "host path" (host as the Host header gave it).
  std::map<std::string, int> Requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<std::chrono::steady_clock::time_point> BusyTimes() const {
    const std::lock_guard lock(mutex_);
    return busy_times_;
  }

 private:
  // Records the request; returns true when it came to the 127.0.0.1 address.
  bool Record(const httplib::Request& req) {
    const std::lock_guard lock(mutex_);
    ++requests_[req.get_header_value("Host") + " " + req.path];
    if (req.path == "/busy") {
      busy_times_.push_back(std::chrono::steady_clock::now());
    }
    return IsLoopbackIp(req);
  }
  int Count(const httplib::Request& req, const std::string& path) const {
    const std::lock_guard lock(mutex_);
    const auto it = requests_.find(req.get_header_value("Host") + " " + path);
    return it == requests_.end() ? 0 : it->second;
  }
  static bool IsLoopbackIp(const httplib::Request& req) {
    return req.get_header_value("Host").rfind("127.0.0.1:", 0) == 0;
  }
  bool Closing() const {
    const std::lock_guard lock(mutex_);
    return closing_;
  }
  // The index: links the crawl must not follow (other addresses, other schemes).
  std::string Links() const {
    return "<a href=\"" + elsewhere_ +
           "/linked\">elsewhere</a>"
           "<a href=\"http://127.0.0.2:9/linked\">another address</a>"
           "<a href=\"http://example.invalid/linked\">no such host</a>"
           "<a href=\"file:///etc/passwd\">file</a>"
           "<a href=\"ftp://127.0.0.1/pub\">ftp</a>"
           "<a href=\"gopher://127.0.0.1/1\">gopher</a>"
           "<a href=\"javascript:alert(1)\">js</a>";
  }

  const std::string bomb_;
  std::string elsewhere_;
  mutable std::mutex mutex_;
  std::condition_variable closing_cv_;
  bool closing_ = false;
  std::map<std::string, int> requests_;
  std::vector<std::chrono::steady_clock::time_point> busy_times_;
  testing::TestServer server_;  // last: stopped first, while the state above still lives
};

// A server nothing may reach: it counts whatever arrives.
class Elsewhere {
 public:
  Elsewhere() {
    server_.Server().Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content("<a href=\"/more\">more</a>", "text/html");
    });
    EXPECT_TRUE(server_.Start());
  }
  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(server_.Port()); }
  int Requests() const { return requests_.load(); }

 private:
  std::atomic<int> requests_{0};
  testing::TestServer server_;
};

class HostileWebTest : public ::testing::Test, public testing::CrawlHarness {
 protected:
  void SetUp() override {
    if (testing::PricecrawlBinary().empty()) {
      GTEST_SKIP() << "pricecrawl binary not built";
    }
  }

  // state, error (and attempts) of one URL, "" when it is not in the frontier.
  std::string StateOf(const std::string& url) const {
    return Query("SELECT state || ' | ' || COALESCE(error, '') FROM urls WHERE url = '" + url +
                 "'");
  }
  std::string PriceOf(const std::string& url) const {
    return Query("SELECT price || ' ' || COALESCE(currency, '?') FROM latest_prices WHERE url = '" +
                 url + "'");
  }
};

TEST_F(HostileWebTest, CrawlOverMisbehavingEndpointsIsBoundedAndRecordsEveryError) {
  Elsewhere elsewhere;
  HostileSite site;
  site.SetElsewhere(elsewhere.Origin());
  ASSERT_TRUE(site.BombReady()) << "the gzip bomb could not be built";
  const std::int64_t inflated = site.BombInflatedSize();
  std::cout << "gzip bomb: " << site.BombSize() << " bytes inflating to " << inflated << " bytes\n";
  ASSERT_EQ(inflated, static_cast<std::int64_t>(kBombInflated) + 15);

  const std::vector<std::string> paths = {"/",
                                          "/drip",
                                          "/endless",
                                          "/bomb",
                                          "/loop/a",
                                          "/to-file",
                                          "/to-ftp",
                                          "/to-gopher",
                                          "/to-javascript",
                                          "/to-elsewhere",
                                          "/reset",
                                          "/truncated",
                                          "/big",
                                          "/deep",
                                          "/bad-utf8",
                                          "/cp1252",
                                          "/latin1-meta",
                                          "/sjis",
                                          "/sjis-meta",
                                          "/cal/2026/11/next",
                                          "/private/page",
                                          "/busy"};
  std::string seeds;
  for (const std::string& path : paths) {
    seeds += site.Url(path) + "\n";
  }
  seeds += site.LocalhostUrl("/big-ok") + "\n";
  seeds += "http://127.0.0.2:9/\n";
  seeds += "http://example.invalid/\n";
  const std::string seeds_file = Write("seeds.txt", seeds);
  const std::string config = Write("c.toml",
                                   "grace_period = \"2s\"\n"
                                   "[defaults]\n"
                                   "rate = 0\n"
                                   "max_concurrent = 4\n"
                                   "max_retries = 1\n"
                                   "timeout = \"3s\"\n"
                                   "connect_timeout = \"3s\"\n"
                                   "max_body = \"4MiB\"\n"
                                   "max_depth = " +
                                       std::to_string(kMaxDepth) +
                                       "\n"
                                       "[[host]]\n"
                                       "match = \"localhost\"\n"
                                       "max_body = \"51MiB\"\n"
                                       "timeout = \"30s\"\n"
                                       "[[host]]\n"
                                       "match = \"127.0.0.2\"\n"
                                       "obey_robots = false\n");

  const auto started = std::chrono::steady_clock::now();
  const testing::RunResult run = Invoke(CrawlArgs(seeds_file, config), kMaxCrawlTime + seconds(20));
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  rusage usage{};
  ASSERT_EQ(::getrusage(RUSAGE_CHILDREN, &usage), 0);
  const long peak_rss_mib = usage.ru_maxrss / 1024;  // kilobytes on Linux
  const double cpu_seconds =
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::cout << "crawl: exit " << run.exit_code << " in " << std::fixed << std::setprecision(1)
            << elapsed << " s (bound " << kMaxCrawlTime.count() << " s), " << cpu_seconds
            << " CPU-s (bound " << kMaxCpuSeconds << "), peak RSS " << peak_rss_mib
            << " MiB (bound " << kMaxRssMiB << " MiB)\n";
  std::cout << "crawler log:\n" << run.err;
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_LT(elapsed, static_cast<double>(kMaxCrawlTime.count()));
  EXPECT_LT(peak_rss_mib, kMaxRssMiB);
  EXPECT_LT(cpu_seconds, kMaxCpuSeconds);

  for (const std::string& row : QueryColumn(
           "SELECT url || ' | ' || state || ' | ' || COALESCE(http_status, '-') || ' | ' "
           "|| attempts || ' | ' || COALESCE(fetched_at, '-') || ' | ' || COALESCE(error, '') "
           "FROM urls ORDER BY id")) {
    std::cout << "  " << row << "\n";
  }
  for (const auto& [request, count] : site.Requests()) {
    std::cout << "  request " << request << " x" << count << "\n";
  }

  const std::string max_body = "body larger than max_body (4194304 bytes)";
  EXPECT_EQ(StateOf(site.Url("/")), "done | ");
  const std::string retried = " (gave up after 2 attempts)";
  EXPECT_EQ(StateOf(site.Url("/drip")), "failed | timed out after 3s" + retried);
  EXPECT_EQ(StateOf(site.Url("/endless")), "failed | " + max_body);
  EXPECT_EQ(StateOf(site.Url("/bomb")), "failed | " + max_body);
  EXPECT_EQ(StateOf(site.Url("/big")), "failed | " + max_body);
  EXPECT_EQ(StateOf(site.Url("/loop/a")),
            "failed | redirect loop at '" + site.Url("/loop/a") + "'");
  EXPECT_EQ(StateOf(site.Url("/to-file")),
            "failed | redirect to 'file:///etc/passwd' refused: only http and https");
  EXPECT_THAT(StateOf(site.Url("/to-ftp")), StartsWith("failed | redirect to 'ftp://"));
  EXPECT_THAT(StateOf(site.Url("/to-gopher")), StartsWith("failed | redirect to 'gopher://"));
  EXPECT_THAT(StateOf(site.Url("/to-javascript")),
              StartsWith("failed | redirect to 'javascript:alert(1)' refused"));
  EXPECT_EQ(StateOf(site.Url("/to-elsewhere")),
            "failed | redirect to '" + elsewhere.Origin() + "/redirected' is out of scope");
  EXPECT_EQ(StateOf(site.Url("/reset")), "failed | connection reset during body" + retried);
  EXPECT_THAT(StateOf(site.Url("/truncated")),
              StartsWith("failed | connection closed during body: transfer closed with 999000 "
                         "bytes remaining to read"));
  EXPECT_EQ(StateOf(site.Url("/private/page")), "skipped | disallowed by robots.txt");
  EXPECT_EQ(StateOf(site.Url("/deep")), "done | ");
  EXPECT_EQ(Query("SELECT title FROM products WHERE url = '" + site.Url("/bad-utf8") + "'"),
            "Caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD mug");
  // Seeds on other addresses: 127.0.0.2 (robots not obeyed there) is refused; example.invalid's
  // robots.txt cannot be resolved, so its URLs wait for the next run (RFC 9309 §2.3.1.4).
  EXPECT_EQ(StateOf("http://127.0.0.2:9/"), "failed | connection refused" + retried);
  EXPECT_EQ(StateOf("http://example.invalid/"),
            "queued | robots.txt unavailable (could not resolve host 'example.invalid'); waiting "
            "for the next run");

  // Prices on legacy-charset pages, exact.
  EXPECT_EQ(PriceOf(site.Url("/cp1252")), "49.95 EUR");
  EXPECT_EQ(PriceOf(site.Url("/latin1-meta")), "12.50 GBP");
  EXPECT_EQ(PriceOf(site.Url("/sjis")), "1980 JPY");
  EXPECT_EQ(PriceOf(site.Url("/sjis-meta")), "2480 JPY");
  EXPECT_EQ(PriceOf(site.Url("/bad-utf8")), "7.25 EUR");
  EXPECT_EQ(PriceOf(site.LocalhostUrl("/big-ok")), "1234.50 EUR");
  EXPECT_EQ(Query("SELECT title FROM products WHERE url = '" + site.Url("/cp1252") + "'"),
            "Kaffeemühle");
  EXPECT_EQ(Query("SELECT title FROM products WHERE url = '" + site.Url("/sjis") + "'"), "急須");

  // 429 with Retry-After: 2 is waited out, then the page is fetched.
  EXPECT_EQ(PriceOf(site.Url("/busy")), "19.99 USD");
  const auto busy = site.BusyTimes();
  ASSERT_EQ(busy.size(), 2U);
  EXPECT_GE(busy[1] - busy[0], milliseconds(1900));

  // robots.txt: 500, then (after the host's back-off) 200; localhost's 404 is asked once.
  const std::string origin = "127.0.0.1:" + std::to_string(site.Port());
  std::map<std::string, int> requests = site.Requests();
  EXPECT_EQ(requests[origin + " /robots.txt"], 2);
  EXPECT_EQ(requests["localhost:" + std::to_string(site.Port()) + " /robots.txt"], 1);

  // The infinite calendar stops at max_depth: the seed and kMaxDepth more months.
  int calendar = 0;
  for (const auto& [request, count] : requests) {
    if (request.find(" /cal/") != std::string::npos) {
      calendar += count;
    }
  }
  EXPECT_EQ(calendar, kMaxDepth + 1);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE url LIKE '%/cal/%'"),
            std::to_string(kMaxDepth + 1));

  // Nothing left the allowed set: the other server saw nothing, no other scheme was queued,
  // and every request to this server was for a known path.
  EXPECT_EQ(elsewhere.Requests(), 0);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE url NOT LIKE 'http://%'"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE url LIKE '" + elsewhere.Origin() + "%'"), "0");
  for (const auto& [request, count] : requests) {
    EXPECT_THAT(request, ::testing::AnyOf(StartsWith(origin + " "), StartsWith("localhost:")));
    EXPECT_LE(count, 2) << request;  // at most one retry
  }
  // Every URL that did not end done has a readable error.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state <> 'done' AND "
                  "(error IS NULL OR length(error) < 10)"),
            "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state IN ('queued', 'in_flight') AND "
                  "url LIKE 'http://127.0.0.1%'"),
            "0");
  EXPECT_EQ(Query("SELECT status FROM runs"), "finished");
  EXPECT_EQ(Query("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace pricecrawl
