#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <gumbo.h>

#include "crawler/base/text.h"
#include "crawler/html/gumbo_arena.h"
#include "crawler/html/gumbo_tree.h"
#include "crawler/html/html.h"
#include "crawler/html/nesting_guard.h"

namespace pricecrawl::crawler {
namespace {

// Gumbo records at most this many parse errors; nothing here reads them.
constexpr int kMaxRecordedErrors = 16;

}  // namespace

HtmlDocument::HtmlDocument(std::string body)
    : body_(std::move(body)), arena_(std::make_unique<Arena>()) {
  blanked_tags_ = GuardNesting(body_);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = kMaxRecordedErrors;
  options.allocator = &Arena::Allocate;
  options.deallocator = &Arena::Deallocate;
  options.userdata = arena_.get();
  // The output and everything it points to stay in the arena until it is destroyed.
  output_ = gumbo_parse_with_options(&options, body_.data(), body_.size());

  // Custom and unknown elements keep their name as written; lowercase it in place so that Tag()
  // can hand out a view. Only bytes inside body_ are touched.
  const char* begin = body_.data();
  const char* end = begin + body_.size();
  WalkElements(output_->root, [&](const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag != GUMBO_TAG_UNKNOWN) {
      return WalkControl::kContinue;
    }
    const std::string_view name = OriginalTagName(element);
    if (name.empty() || std::less<const char*>()(name.data(), begin) ||
        std::less<const char*>()(end, name.data() + name.size())) {
      return WalkControl::kContinue;
    }
    const auto offset = static_cast<std::size_t>(name.data() - begin);
    for (std::size_t i = 0; i < name.size(); ++i) {
      body_[offset + i] = AsciiToLower(body_[offset + i]);
    }
    return WalkControl::kContinue;
  });
}

HtmlDocument::~HtmlDocument() = default;

HtmlNode HtmlDocument::Root() const {
  return HtmlNode(output_->root);
}

HtmlNode HtmlDocument::Head() const {
  for (const HtmlNode& child : Root().ElementChildren()) {
    if (child.Tag() == "head") {
      return child;
    }
  }
  return HtmlNode();
}

HtmlNode HtmlDocument::Body() const {
  for (const HtmlNode& child : Root().ElementChildren()) {
    if (child.Tag() == "body" || child.Tag() == "frameset") {
      return child;
    }
  }
  return HtmlNode();
}

void HtmlDocument::ForEachElement(const std::function<void(HtmlNode)>& visit) const {
  Root().ForEachElement(visit);
}

void HtmlDocument::Walk(const std::function<WalkControl(HtmlNode)>& visit) const {
  Root().Walk(visit);
}

}  // namespace pricecrawl::crawler
