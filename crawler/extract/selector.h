#pragma once
// A small CSS selector matcher over HtmlNode for per-site `[host.extract]` selectors (Selectors
// Level 4 subset, https://www.w3.org/TR/selectors-4/): type selectors and `*`, `.class`, `#id`,
// attribute selectors `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`
// (values quoted or bare), the descendant (whitespace) and child (`>`) combinators, and selector
// lists with commas. Pseudo-classes, `+` and `~` are not supported: Parse rejects them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/html/html.h"

namespace pricecrawl::crawler {

class Selector {
 public:
  // Parses a selector list. nullopt (with `error` set when given) for an empty list, unsupported
  // syntax or unbalanced brackets/quotes. Never throws.
  static std::optional<Selector> Parse(std::string_view text, std::string* error = nullptr);

  // True when `node` (an element) matches any selector of the list.
  bool Matches(HtmlNode node) const;
  // Every matching element of `root`'s subtree (root included), in document order.
  std::vector<HtmlNode> SelectAll(HtmlNode root) const;
  // The first matching element in document order; the null node when none.
  HtmlNode SelectFirst(HtmlNode root) const;

 private:
  enum class AttrOp { kExists, kEquals, kIncludes, kPrefix, kSuffix, kSubstring };
  struct AttrTest {
    std::string name;  // lowercase
    AttrOp op = AttrOp::kExists;
    std::string value;
  };
  struct Compound {
    std::string tag;  // lowercase; "" matches any element
    std::vector<std::string> ids;
    std::vector<std::string> classes;
    std::vector<AttrTest> attrs;
    bool child_of_previous = false;  // combinator to the compound on the left is '>'
  };
  using Complex = std::vector<Compound>;  // left to right

  class Cursor;  // a read position in the selector text (selector.cc)

  // Steps of Parse: one simple selector (`*`, `.class`, `#id`, `[attr...]`, a type) at the
  // cursor into `compound`, and the attribute selector after a '['. Each returns why the text is
  // not a selector we support, or "" when the step succeeded.
  static std::string ParseSimpleSelector(Cursor& cur, Compound& compound);
  static std::string ParseAttrTest(Cursor& cur, AttrTest& test);

  static bool MatchesCompound(const Compound& c, HtmlNode node);
  static bool MatchesComplex(const Complex& complex, std::size_t index, HtmlNode node);

  std::vector<Complex> list_;
};

}  // namespace pricecrawl::crawler
