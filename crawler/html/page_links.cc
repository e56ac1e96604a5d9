#include "crawler/html/page_links.h"

#include <unordered_set>

#include "crawler/base/text.h"
#include "crawler/fetch/url.h"

namespace pricecrawl::crawler {
namespace {

// Applies a robots meta content value ("noindex, nofollow", "NONE", "noindex,follow").
void ApplyRobotsDirectives(std::string_view content, PageLinks& page) {
  const std::string lower = LowerAscii(content);
  const std::string_view view = lower;
  std::size_t i = 0;
  while (i < view.size()) {
    const std::size_t end = view.find_first_of(", \t\n\r\f", i);
    const std::string_view token = view.substr(i, end == std::string_view::npos ? end : end - i);
    if (token == "noindex" || token == "none") {
      page.noindex = true;
    }
    if (token == "nofollow" || token == "none") {
      page.nofollow = true;
    }
    if (end == std::string_view::npos) {
      break;
    }
    i = end + 1;
  }
}

}  // namespace

PageLinks ExtractPageLinks(const HtmlDocument& doc, std::string_view page_url) {
  PageLinks page;
  page.base_url = NormalizeUrl(page_url).value_or(std::string(page_url));
  // HTML §2.4.1: the first base element with an href sets the document base URL.
  // It applies to links before it too, hence a pass of its own.
  doc.Walk([&](HtmlNode node) {
    if (node.Tag() != "base" || node.Namespace() != HtmlNamespace::kHtml) {
      return WalkControl::kContinue;
    }
    const auto href = node.Attr("href");
    if (!href) {
      return WalkControl::kContinue;
    }
    if (auto resolved = ResolveUrl(page.base_url, *href)) {
      page.base_url = std::move(*resolved);
    }
    return WalkControl::kStop;
  });

  // The base is split once; an href seen before (views into `doc`) resolves the same again.
  const UrlResolver resolver(page.base_url);
  std::unordered_set<std::string_view> seen_hrefs;
  std::unordered_set<std::string> seen;
  bool have_title = false;
  bool have_canonical = false;
  auto add_link = [&](std::string_view href) {
    if (!seen_hrefs.insert(href).second) {
      return;
    }
    auto resolved = resolver.Resolve(href);
    if (!resolved || HasNonHtmlExtension(*resolved)) {
      return;
    }
    if (seen.insert(*resolved).second) {
      page.links.push_back(std::move(*resolved));
    }
  };

  doc.ForEachElement([&](HtmlNode node) {
    const std::string_view tag = node.Tag();
    if (tag == "a" || tag == "area") {
      if (const auto href = node.Attr("href")) {
        add_link(*href);
      }
    } else if (tag == "link") {
      const auto href = node.Attr("href");
      if (!href) {
        return;
      }
      if (node.AttrHasToken("rel", "next") || node.AttrHasToken("rel", "prev") ||
          node.AttrHasToken("rel", "previous")) {
        add_link(*href);
      }
      if (!have_canonical && node.AttrHasToken("rel", "canonical")) {
        if (auto canonical = resolver.Resolve(*href)) {
          page.canonical_url = std::move(*canonical);
          have_canonical = true;
        }
      }
    } else if (tag == "title") {
      if (!have_title && node.Namespace() == HtmlNamespace::kHtml) {
        page.title = node.Text();
        have_title = true;
      }
    } else if (tag == "meta") {
      const std::string name = LowerAscii(node.AttrOr("name"));
      if (name == "robots" || name == "pricecrawl") {
        ApplyRobotsDirectives(node.AttrOr("content"), page);
      }
    }
  });
  return page;
}

}  // namespace pricecrawl::crawler
