#include "storage/frontier_store.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

constexpr const char* kT0 = "2026-11-25T10:00:00.000Z";
constexpr const char* kT1 = "2026-11-25T11:00:00.000Z";

class FrontierStoreTest : public ::testing::Test {
 protected:
  FrontierStoreTest() : db_(OpenDatabase(dir_.File("f.db"))) {
    ApplySchema(db_.get());
    frontier_ = std::make_unique<FrontierStore>(db_.get());
  }
  std::string StateOf(const std::string& url) {
    Stmt stmt = Prepare(db_.get(), "SELECT state FROM urls WHERE url = ?1");
    Bind(stmt.get(), 1, std::string_view(url));
    return StepRow(db_.get(), stmt.get(), "t") ? ColumnText(stmt.get(), 0) : "";
  }
  testing::TempDir dir_;
  Db db_;
  std::unique_ptr<FrontierStore> frontier_;
};

TEST_F(FrontierStoreTest, EnqueueDeduplicatesByUrl) {
  EXPECT_TRUE(frontier_->Enqueue("http://a/x", "a", 1, kT0));
  EXPECT_FALSE(frontier_->Enqueue("http://a/x", "a", 2, kT0));
  EXPECT_EQ(frontier_->Counts().queued, 1);
}

TEST_F(FrontierStoreTest, ClaimsShallowestDueUrlsOfOneHostAndMarksThemInFlight) {
  frontier_->Enqueue("http://a/deep", "a", 3, kT0);
  frontier_->Enqueue("http://a/top", "a", 1, kT0);
  frontier_->Enqueue("http://b/x", "b", 0, kT0);
  const auto claimed = frontier_->ClaimForHost("a", 1, kT0);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].url, "http://a/top");
  EXPECT_EQ(StateOf("http://a/top"), "in_flight");
  EXPECT_EQ(StateOf("http://a/deep"), "queued");
  EXPECT_EQ(frontier_->ClaimForHost("a", 10, kT0).size(), 1u);
  EXPECT_TRUE(frontier_->ClaimForHost("a", 10, kT0).empty());
}

TEST_F(FrontierStoreTest, DeferredRetryIsNotClaimedBeforeItIsDue) {
  frontier_->Enqueue("http://a/x", "a", 0, kT0);
  auto claimed = frontier_->ClaimForHost("a", 1, kT0);
  ASSERT_EQ(claimed.size(), 1u);
  UrlOutcome retry;
  retry.url_id = claimed[0].id;
  retry.state = UrlState::kQueued;
  retry.http_status = 503;
  retry.error = "HTTP 503";
  retry.spend_attempt = true;
  retry.fetched_at = kT0;
  retry.next_fetch_at = kT1;
  frontier_->Record(retry);
  EXPECT_TRUE(frontier_->ClaimForHost("a", 1, kT0).empty());
  EXPECT_EQ(frontier_->EarliestDeferred().value_or(""), kT1);
  claimed = frontier_->ClaimForHost("a", 1, kT1);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_FALSE(frontier_->EarliestDeferred().has_value());  // checked out: nothing waits
}

TEST_F(FrontierStoreTest, RequeueInFlightReturnsCheckedOutUrls) {
  frontier_->Enqueue("http://a/1", "a", 0, kT0);
  frontier_->Enqueue("http://a/2", "a", 0, kT0);
  ASSERT_EQ(frontier_->ClaimForHost("a", 2, kT0).size(), 2u);
  EXPECT_EQ(frontier_->Counts().in_flight, 2);
  EXPECT_EQ(frontier_->RequeueInFlight(), 2);
  EXPECT_EQ(frontier_->Counts().queued, 2);
}

// Fetches every queued URL of `host` at `fetched_at`, recording it in `state`, due again at
// `next_fetch_at` (what the run that fetched it computed).
void FetchAll(FrontierStore& frontier, const std::string& host, const char* fetched_at,
              const char* next_fetch_at, UrlState state = UrlState::kDone) {
  for (const auto& url : frontier.ClaimForHost(host, 100, fetched_at)) {
    UrlOutcome outcome;
    outcome.url_id = url.id;
    outcome.state = state;
    outcome.http_status = state == UrlState::kDone ? 200 : 404;
    outcome.fetched_at = fetched_at;
    outcome.next_fetch_at = next_fetch_at;
    frontier.Record(outcome);
  }
}

RecrawlIntervalFor Every(std::chrono::milliseconds interval) {
  return [interval](std::string_view) { return interval; };
}

TEST_F(FrontierStoreTest, NewPassRequeuesPagesFetchedAnIntervalAgo) {
  frontier_->Enqueue("http://a/old", "a", 0, kT0);
  FetchAll(*frontier_, "a", kT0, "2026-11-25T16:00:00.000Z");
  frontier_->Enqueue("http://a/new", "a", 0, kT0);
  FetchAll(*frontier_, "a", "2026-11-25T10:30:00.000Z", "2026-11-25T16:30:00.000Z");
  // At 11:00 with a 1 h interval only the page fetched at 10:00 is due, though the run that
  // fetched it (with 6 h) stored 16:00.
  EXPECT_EQ(frontier_->RequeueDue(kT1, Every(std::chrono::hours(1))), 1);
  EXPECT_EQ(StateOf("http://a/old"), "queued");
  EXPECT_EQ(StateOf("http://a/new"), "done");
  // Queued with the shortened interval, it can be claimed now, not at the stored 16:00.
  EXPECT_EQ(frontier_->ClaimForHost("a", 10, kT1).size(), 1u);
}

TEST_F(FrontierStoreTest, ALongerIntervalKeepsPagesThatTheOldOneMadeDue) {
  frontier_->Enqueue("http://a/x", "a", 0, kT0);
  FetchAll(*frontier_, "a", kT0, "2026-11-25T10:30:00.000Z");
  EXPECT_EQ(frontier_->RequeueDue(kT1, Every(std::chrono::hours(6))), 0);
  const RecrawlBacklog backlog = frontier_->NotYetDue(kT1, Every(std::chrono::hours(6)));
  EXPECT_EQ(backlog.not_due, 1);
  EXPECT_EQ(backlog.next_due_at, "2026-11-25T16:00:00.000Z");
}

TEST_F(FrontierStoreTest, EachHostTakesItsOwnInterval) {
  frontier_->Enqueue("http://fast/x", "fast", 0, kT0);
  frontier_->Enqueue("http://slow/x", "slow", 0, kT0);
  FetchAll(*frontier_, "fast", kT0, "");
  FetchAll(*frontier_, "slow", kT0, "");
  const RecrawlIntervalFor intervals = [](std::string_view host) {
    return host == "fast" ? std::chrono::milliseconds(std::chrono::minutes(30))
                          : std::chrono::milliseconds(std::chrono::hours(24));
  };
  const RecrawlBacklog backlog = frontier_->NotYetDue(kT1, intervals);
  EXPECT_EQ(backlog.not_due, 1);
  EXPECT_EQ(backlog.next_due_at, "2026-11-26T10:00:00.000Z");
  EXPECT_EQ(frontier_->RequeueDue(kT1, intervals), 1);
  EXPECT_EQ(StateOf("http://fast/x"), "queued");
  EXPECT_EQ(StateOf("http://slow/x"), "done");
}

TEST_F(FrontierStoreTest, FailedPagesFollowTheIntervalAndUnfetchedOnesTheirStoredTime) {
  frontier_->Enqueue("http://a/gone", "a", 0, kT0);
  FetchAll(*frontier_, "a", kT0, "2026-11-25T16:00:00.000Z", UrlState::kFailed);
  // Disallowed by robots.txt: never fetched, due when robots.txt is read again.
  frontier_->Enqueue("http://a/private", "a", 0, kT0);
  for (const auto& url : frontier_->ClaimForHost("a", 10, kT0)) {
    UrlOutcome skipped;
    skipped.url_id = url.id;
    skipped.state = UrlState::kSkipped;
    skipped.next_fetch_at = "2026-11-25T12:00:00.000Z";
    frontier_->Record(skipped);
  }
  const RecrawlBacklog backlog = frontier_->NotYetDue(kT1, Every(std::chrono::hours(1)));
  EXPECT_EQ(backlog.not_due, 1);
  EXPECT_EQ(backlog.next_due_at, "2026-11-25T12:00:00.000Z");
  EXPECT_EQ(frontier_->RequeueDue(kT1, Every(std::chrono::hours(1))), 1);
  EXPECT_EQ(StateOf("http://a/gone"), "queued");
  EXPECT_EQ(StateOf("http://a/private"), "skipped");
  EXPECT_EQ(frontier_->RequeueDue("2026-11-25T12:00:00.000Z", Every(std::chrono::hours(1))), 1);
  EXPECT_EQ(StateOf("http://a/private"), "queued");
}

TEST_F(FrontierStoreTest, RequeueAllQueuesEveryKnownPage) {
  frontier_->Enqueue("http://a/x", "a", 0, kT0);
  frontier_->Enqueue("http://a/y", "a", 0, kT0);
  FetchAll(*frontier_, "a", kT1, "2030-01-01T00:00:00.000Z");
  EXPECT_EQ(frontier_->RequeueAll(), 2);
  EXPECT_EQ(frontier_->NotYetDue(kT1, Every(std::chrono::hours(6))).not_due, 0);
  EXPECT_EQ(frontier_->ClaimForHost("a", 10, kT1).size(), 2u);
}

TEST_F(FrontierStoreTest, SeedRequeueOnANewPassButNotOnResume) {
  frontier_->AddSeed("http://a/", "a", {"", ""}, false, kT0);
  auto claimed = frontier_->ClaimForHost("a", 1, kT0);
  ASSERT_EQ(claimed.size(), 1u);
  UrlOutcome done;
  done.url_id = claimed[0].id;
  done.state = UrlState::kDone;
  done.fetched_at = kT0;
  frontier_->Record(done);
  frontier_->AddSeed("http://a/", "a", {"", ""}, /*requeue=*/false, kT0);
  EXPECT_EQ(StateOf("http://a/"), "done");
  frontier_->AddSeed("http://a/", "a", {"9.99", ""}, /*requeue=*/true, kT0);
  EXPECT_EQ(StateOf("http://a/"), "queued");
}

TEST_F(FrontierStoreTest, QueuedHostsListsEachHostWithAQueuedUrlOnce) {
  for (const char* host : {"c", "a", "b", "d"}) {
    for (int i = 0; i < 3; ++i) {
      frontier_->Enqueue("http://" + std::string(host) + "/" + std::to_string(i), host, i, kT0);
    }
  }
  // Host b has nothing queued left: one URL done, two in flight.
  auto claimed = frontier_->ClaimForHost("b", 3, kT0);
  ASSERT_EQ(claimed.size(), 3u);
  UrlOutcome done;
  done.url_id = claimed[0].id;
  done.state = UrlState::kDone;
  done.fetched_at = kT0;
  frontier_->Record(done);
  // Host d keeps only a deferred retry queued: it still counts.
  claimed = frontier_->ClaimForHost("d", 3, kT0);
  ASSERT_EQ(claimed.size(), 3u);
  for (std::size_t i = 0; i < claimed.size(); ++i) {
    UrlOutcome outcome;
    outcome.url_id = claimed[i].id;
    outcome.state = i == 0 ? UrlState::kQueued : UrlState::kDone;
    outcome.next_fetch_at = i == 0 ? kT1 : "";
    frontier_->Record(outcome);
  }
  EXPECT_EQ(frontier_->QueuedHosts(), (std::vector<std::string>{"a", "c", "d"}));
  for (const char* host : {"a", "c"}) {
    for (int round = 0; round < 3 && !frontier_->ClaimForHost(host, 2, kT0).empty(); ++round) {
    }
  }
  EXPECT_EQ(frontier_->QueuedHosts(), std::vector<std::string>{"d"});
}

TEST_F(FrontierStoreTest, ResumedSeedKeepsItsRowWhenNothingChanged) {
  frontier_->AddSeed("http://a/", "a", {"5", ""}, false, kT0);
  frontier_->Enqueue("http://a/page", "a", 2, kT0);
  // Unchanged seed on resume: no row is written.
  frontier_->AddSeed("http://a/", "a", {"5", ""}, /*requeue=*/false, kT1);
  EXPECT_EQ(sqlite3_changes(db_.get()), 0);
  // A new target price, or a known page that became a seed, is written.
  frontier_->AddSeed("http://a/", "a", {"4", ""}, /*requeue=*/false, kT1);
  EXPECT_EQ(sqlite3_changes(db_.get()), 1);
  frontier_->AddSeed("http://a/page", "a", {"", ""}, /*requeue=*/false, kT1);
  EXPECT_EQ(sqlite3_changes(db_.get()), 1);
  Stmt stmt = Prepare(db_.get(), "SELECT depth, is_seed, target_price FROM urls ORDER BY url");
  ASSERT_TRUE(StepRow(db_.get(), stmt.get(), "t"));
  EXPECT_EQ(ColumnText(stmt.get(), 2), "4");
  ASSERT_TRUE(StepRow(db_.get(), stmt.get(), "t"));
  EXPECT_EQ(ColumnInt(stmt.get(), 0), 0);
  EXPECT_EQ(ColumnInt(stmt.get(), 1), 1);
}

TEST_F(FrontierStoreTest, NewPassRequeuesADeferredSeedButLeavesAQueuedOneAlone) {
  frontier_->AddSeed("http://a/", "a", {"", ""}, true, kT0);
  frontier_->AddSeed("http://a/", "a", {"", ""}, /*requeue=*/true, kT1);
  EXPECT_EQ(sqlite3_changes(db_.get()), 0);
  auto claimed = frontier_->ClaimForHost("a", 1, kT0);
  ASSERT_EQ(claimed.size(), 1u);
  UrlOutcome retry;
  retry.url_id = claimed[0].id;
  retry.state = UrlState::kQueued;
  retry.next_fetch_at = kT1;
  retry.spend_attempt = true;
  frontier_->Record(retry);
  EXPECT_TRUE(frontier_->ClaimForHost("a", 1, kT0).empty());
  frontier_->AddSeed("http://a/", "a", {"", ""}, /*requeue=*/true, kT0);
  EXPECT_EQ(sqlite3_changes(db_.get()), 1);
  claimed = frontier_->ClaimForHost("a", 1, kT0);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 0);
}

TEST_F(FrontierStoreTest, CountsByHostListsEveryState) {
  frontier_->Enqueue("http://a/1", "a", 0, kT0);
  frontier_->Enqueue("http://a/2", "a", 0, kT0);
  frontier_->Enqueue("http://b/1", "b", 0, kT0);
  frontier_->ClaimForHost("a", 1, kT0);
  const auto hosts = frontier_->CountsByHost(10);
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0].host, "a");
  EXPECT_EQ(hosts[0].counts.queued, 1);
  EXPECT_EQ(hosts[0].counts.in_flight, 1);
  EXPECT_EQ(hosts[1].counts.queued, 1);
}

TEST_F(FrontierStoreTest, UncommittedBatchRollsBack) {
  {
    Transaction txn(db_.get());
    frontier_->Enqueue("http://a/lost", "a", 0, kT0);
  }
  EXPECT_EQ(frontier_->Counts().Total(), 0);
  {
    Transaction txn(db_.get());
    frontier_->Enqueue("http://a/kept", "a", 0, kT0);
    txn.Commit();
  }
  EXPECT_EQ(frontier_->Counts().Total(), 1);
}

}  // namespace
}  // namespace pricecrawl::storage
