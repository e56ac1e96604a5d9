#include "crawler/crawl/scope.h"

namespace pricecrawl::crawler {
namespace {

// "www.shop.com" and "shop.com" are one site: shops redirect between the two.
std::string SiteKey(std::string_view host) {
  if (host.substr(0, 4) == "www.") {
    host.remove_prefix(4);
  }
  return std::string(host);
}

}  // namespace

Scope::Scope(const config::ScopeConfig& config, const std::vector<std::string>& seed_hosts)
    : same_host_(config.same_host) {
  for (const std::string& host : seed_hosts) {
    seed_hosts_.insert(SiteKey(host));
  }
  for (const std::string& pattern : config.allow) {
    allow_.emplace_back(pattern, std::regex::ECMAScript | std::regex::optimize);
  }
  for (const std::string& pattern : config.deny) {
    deny_.emplace_back(pattern, std::regex::ECMAScript | std::regex::optimize);
  }
}

bool Scope::Allows(std::string_view url, std::string_view host) const {
  if (same_host_ && seed_hosts_.count(SiteKey(host)) == 0) {
    return false;
  }
  if (!allow_.empty()) {
    bool allowed = false;
    for (const std::regex& re : allow_) {
      if (std::regex_search(url.begin(), url.end(), re)) {
        allowed = true;
        break;
      }
    }
    if (!allowed) {
      return false;
    }
  }
  for (const std::regex& re : deny_) {
    if (std::regex_search(url.begin(), url.end(), re)) {
      return false;
    }
  }
  return true;
}

}  // namespace pricecrawl::crawler
