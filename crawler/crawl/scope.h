#pragma once
// Which discovered URLs the crawl follows (DESIGN.md [scope]): by default only the seeds'
// hosts ("www." and the bare name count as one host); then `allow` regexes (when any, one must
// match) and `deny` regexes (none may match). Immutable after construction, so parse workers share
// one instance.

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "config/config.h"
#include "config/std_regex.h"

namespace pricecrawl::crawler {

class Scope {
 public:
  // `seed_hosts`: host keys of the seeds (crawler/fetch/url.h HostKey). Regexes were validated when
  // the config was loaded.
  Scope(const config::ScopeConfig& config, const std::vector<std::string>& seed_hosts);

  // True when a link to `url` (normalised) on `host` may be followed.
  bool Allows(std::string_view url, std::string_view host) const;

 private:
  bool same_host_;
  std::unordered_set<std::string> seed_hosts_;  // without a leading "www."
  std::vector<std::regex> allow_;
  std::vector<std::regex> deny_;
};

}  // namespace pricecrawl::crawler
