#include "crawler/extract/list_price_context.h"

#include <algorithm>
#include <string>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {

bool InListPriceContext(HtmlNode node) {
  HtmlNode at = node;
  for (int level = 0; level < 3 && !at.IsNull(); ++level, at = at.Parent()) {
    if (at.Is("del") || at.Is("s") || at.Is("strike")) {
      return true;
    }
    // "old-price", "price_old", "Price--Was" all read as the words "old price".
    std::string cls = LowerAscii(at.AttrOr("class"));
    std::replace_if(
        cls.begin(), cls.end(), [](char c) { return c == '-' || c == '_'; }, ' ');
    const std::string padded = " " + cls + " ";
    for (const char* word : {" barred ", " strike ", " strikethrough ", " crossed "}) {
      if (padded.find(word) != std::string::npos) {
        return true;
      }
    }
    if (padded.find(" price ") != std::string::npos) {
      for (const char* word : {" old ", " list ", " was ", " original ", " before ", " compare "}) {
        if (padded.find(word) != std::string::npos) {
          return true;
        }
      }
    }
  }
  return false;
}

}  // namespace pricecrawl::crawler
