#include "crawler/extract/selector.h"

#include <utility>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

// CSS identifier characters: ASCII letters and digits, '-', '_' and every non-ASCII byte.
bool IsNameChar(char c) {
  return IsAsciiAlnum(c) || c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

class Selector::Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Advance() { ++pos_; }
  bool SkipSpace() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsHtmlSpace(text_[pos_])) {
      ++pos_;
    }
    return pos_ != start;
  }
  std::string Name() {
    const std::size_t start = pos_;
    while (!AtEnd() && (IsNameChar(text_[pos_]) || text_[pos_] == '\\')) {
      if (text_[pos_] == '\\') {
        ++pos_;
      }
      ++pos_;
    }
    std::string out;
    for (std::size_t i = start; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] != '\\') {
        out.push_back(text_[i]);
      } else if (i + 1 < text_.size()) {
        out.push_back(text_[++i]);
      }
    }
    return out;
  }
  std::optional<std::string> Quoted() {
    const char quote = Peek();
    Advance();
    std::string out;
    while (!AtEnd() && Peek() != quote) {
      if (Peek() == '\\') {
        Advance();
        if (AtEnd()) {
          break;
        }
      }
      out.push_back(Peek());
      Advance();
    }
    if (AtEnd()) {
      return std::nullopt;
    }
    Advance();
    return out;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<Selector> Selector::Parse(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<Selector> {
    if (error != nullptr) {
      *error = why;
    }
    return std::nullopt;
  };
  Selector selector;
  Cursor cur(text);
  Complex complex;
  Compound compound;
  bool compound_started = false;
  bool pending_child = false;
  cur.SkipSpace();
  while (true) {
    if (cur.AtEnd() || cur.Peek() == ',') {
      if (!compound_started) {
        return fail("empty selector in '" + std::string(text) + "'");
      }
      complex.push_back(std::move(compound));
      selector.list_.push_back(std::move(complex));
      complex.clear();
      compound = Compound{};
      compound_started = false;
      pending_child = false;
      if (cur.AtEnd()) {
        break;
      }
      cur.Advance();
      cur.SkipSpace();
      continue;
    }
    const char c = cur.Peek();
    if (IsHtmlSpace(c) || c == '>') {
      cur.SkipSpace();
      bool child = false;
      if (cur.Peek() == '>') {
        child = true;
        cur.Advance();
        cur.SkipSpace();
      }
      if (cur.AtEnd() || cur.Peek() == ',') {
        if (child) {
          return fail("selector ends with '>'");
        }
        continue;
      }
      if (!compound_started) {
        return fail("combinator without a selector on its left");
      }
      complex.push_back(std::move(compound));
      compound = Compound{};
      compound_started = false;
      pending_child = child;
      continue;
    }
    if (!compound_started) {
      compound.child_of_previous = pending_child;
      compound_started = true;
    }
    if (std::string why = ParseSimpleSelector(cur, compound); !why.empty()) {
      return fail(why);
    }
  }
  if (selector.list_.empty()) {
    return fail("empty selector");
  }
  return selector;
}

std::string Selector::ParseSimpleSelector(Cursor& cur, Compound& compound) {
  const char c = cur.Peek();
  if (c == '*') {
    cur.Advance();
  } else if (c == '.' || c == '#') {
    cur.Advance();
    std::string name = cur.Name();
    if (name.empty()) {
      return std::string("missing name after '") + c + "'";
    }
    (c == '.' ? compound.classes : compound.ids).push_back(std::move(name));
  } else if (c == '[') {
    AttrTest test;
    if (std::string why = ParseAttrTest(cur, test); !why.empty()) {
      return why;
    }
    compound.attrs.push_back(std::move(test));
  } else if (IsNameChar(c)) {
    if (!compound.tag.empty() || !compound.classes.empty() || !compound.ids.empty() ||
        !compound.attrs.empty()) {
      return "type selector must come first";
    }
    compound.tag = LowerAscii(cur.Name());
  } else {
    return std::string("unsupported selector syntax at '") + c + "'";
  }
  return {};
}

std::string Selector::ParseAttrTest(Cursor& cur, AttrTest& test) {
  cur.Advance();  // '['
  cur.SkipSpace();
  test.name = LowerAscii(cur.Name());
  if (test.name.empty()) {
    return "missing attribute name after '['";
  }
  cur.SkipSpace();
  if (cur.Peek() != ']') {
    const char op = cur.Peek();
    if (op == '=') {
      test.op = AttrOp::kEquals;
    } else {
      cur.Advance();
      if (cur.Peek() != '=') {
        return "unsupported attribute operator";
      }
      switch (op) {
        case '~':
          test.op = AttrOp::kIncludes;
          break;
        case '^':
          test.op = AttrOp::kPrefix;
          break;
        case '$':
          test.op = AttrOp::kSuffix;
          break;
        case '*':
          test.op = AttrOp::kSubstring;
          break;
        default:
          return "unsupported attribute operator";
      }
    }
    cur.Advance();  // '='
    cur.SkipSpace();
    if (cur.Peek() == '"' || cur.Peek() == '\'') {
      auto value = cur.Quoted();
      if (!value) {
        return "unterminated string in attribute selector";
      }
      test.value = std::move(*value);
    } else {
      test.value = cur.Name();
      if (test.value.empty()) {
        return "missing attribute value";
      }
    }
    cur.SkipSpace();
  }
  if (cur.Peek() != ']') {
    return "missing ']'";
  }
  cur.Advance();
  return {};
}

bool Selector::MatchesCompound(const Compound& c, HtmlNode node) {
  if (!node.IsElement()) {
    return false;
  }
  if (!c.tag.empty() && node.Tag() != c.tag) {
    return false;
  }
  for (const std::string& id : c.ids) {
    if (node.AttrOr("id") != id) {
      return false;
    }
  }
  for (const std::string& cls : c.classes) {
    if (!node.HasClass(cls)) {
      return false;
    }
  }
  for (const AttrTest& a : c.attrs) {
    const auto value = node.Attr(a.name);
    if (!value) {
      return false;
    }
    const std::string_view v = *value;
    switch (a.op) {
      case AttrOp::kExists:
        break;
      case AttrOp::kEquals:
        if (v != a.value) {
          return false;
        }
        break;
      case AttrOp::kIncludes: {
        bool found = false;
        std::size_t i = 0;
        while (i < v.size() && !found) {
          while (i < v.size() && IsHtmlSpace(v[i])) {
            ++i;
          }
          std::size_t j = i;
          while (j < v.size() && !IsHtmlSpace(v[j])) {
            ++j;
          }
          found = j > i && v.substr(i, j - i) == a.value;
          i = j;
        }
        if (!found) {
          return false;
        }
        break;
      }
      case AttrOp::kPrefix:
        if (a.value.empty() || v.substr(0, a.value.size()) != a.value) {
          return false;
        }
        break;
      case AttrOp::kSuffix:
        if (a.value.empty() || v.size() < a.value.size() ||
            v.substr(v.size() - a.value.size()) != a.value) {
          return false;
        }
        break;
      case AttrOp::kSubstring:
        if (a.value.empty() || v.find(a.value) == std::string_view::npos) {
          return false;
        }
        break;
    }
  }
  return true;
}

bool Selector::MatchesComplex(const Complex& complex, std::size_t index, HtmlNode node) {
  if (!MatchesCompound(complex[index], node)) {
    return false;
  }
  if (index == 0) {
    return true;
  }
  HtmlNode ancestor = node.Parent();
  if (complex[index].child_of_previous) {
    return !ancestor.IsNull() && MatchesComplex(complex, index - 1, ancestor);
  }
  for (; !ancestor.IsNull(); ancestor = ancestor.Parent()) {
    if (MatchesComplex(complex, index - 1, ancestor)) {
      return true;
    }
  }
  return false;
}

bool Selector::Matches(HtmlNode node) const {
  for (const Complex& complex : list_) {
    if (MatchesComplex(complex, complex.size() - 1, node)) {
      return true;
    }
  }
  return false;
}

std::vector<HtmlNode> Selector::SelectAll(HtmlNode root) const {
  std::vector<HtmlNode> out;
  root.ForEachElement([&](HtmlNode node) {
    if (Matches(node)) {
      out.push_back(node);
    }
  });
  return out;
}

HtmlNode Selector::SelectFirst(HtmlNode root) const {
  HtmlNode found;
  root.Walk([&](HtmlNode node) {
    if (Matches(node)) {
      found = node;
      return WalkControl::kStop;
    }
    return WalkControl::kContinue;
  });
  return found;
}

}  // namespace pricecrawl::crawler
