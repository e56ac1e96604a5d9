#include "crawler/html/html.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <utility>

#include <gumbo.h>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

// Gumbo records at most this many parse errors; nothing here reads them.
constexpr int kMaxRecordedErrors = 16;

// Calls `on_token` for each whitespace-separated token of `list` until it returns true.
template <class OnToken>
bool AnyToken(std::string_view list, OnToken&& on_token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsHtmlSpace(list[i])) {
      ++i;
    }
    std::size_t end = i;
    while (end < list.size() && !IsHtmlSpace(list[end])) {
      ++end;
    }
    if (end > i && on_token(list.substr(i, end - i))) {
      return true;
    }
    i = end;
  }
  return false;
}

bool IsElementLike(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool IsTextLike(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

const GumboNode* ChildAt(const GumboVector& children, unsigned index) {
  return static_cast<const GumboNode*>(children.data[index]);
}

// The element's name as written in its start tag ("<Product-Card id=1>" -> "Product-Card").
std::string_view OriginalTagName(const GumboElement& element) {
  std::string_view text(element.original_tag.data, element.original_tag.length);
  while (!text.empty() && (text.front() == '<' || text.front() == '/')) {
    text.remove_prefix(1);
  }
  std::size_t end = 0;
  while (end < text.size() && !IsHtmlSpace(text[end]) && text[end] != '/' && text[end] != '>') {
    ++end;
  }
  return text.substr(0, end);
}

// Pre-order walk over the elements under (and including) `start`, with an explicit stack.
template <class Visit>
void WalkElements(const GumboNode* start, Visit&& visit) {
  if (start == nullptr) {
    return;
  }
  std::vector<const GumboNode*> stack{start};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!IsElementLike(node)) {
      continue;
    }
    const WalkControl control = visit(node);
    if (control == WalkControl::kStop) {
      return;
    }
    if (control == WalkControl::kSkipChildren) {
      continue;
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      const GumboNode* child = ChildAt(children, i);
      if (IsElementLike(child)) {
        stack.push_back(child);
      }
    }
  }
}

bool IsHiddenText(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) {
    return true;
  }
  const GumboTag tag = node->v.element.tag;
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE;
}

// Collapses whitespace while text is appended; block boundaries request a separator.
class TextCollector {
 public:
  void Append(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (IsHtmlSpace(c)) {
        Break();
      } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
        Break();
        ++i;
      } else {
        if (pending_space_) {
          out_.push_back(' ');
        }
        pending_space_ = false;
        out_.push_back(c);
      }
    }
  }
  void Break() { pending_space_ = !out_.empty(); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
};

// Per-tag properties, looked up in O(1) by GumboTag.
constexpr std::uint16_t kInline = 1 << 0;           // boundaries do not separate words
constexpr std::uint16_t kVoid = 1 << 1;             // never has content
constexpr std::uint16_t kRawText = 1 << 2;          // content is text up to the end tag
constexpr std::uint16_t kUncounted = 1 << 3;        // not counted by the nesting guard
constexpr std::uint16_t kFormatting = 1 << 4;       // HTML §13.2.4.3 formatting elements
constexpr std::uint16_t kScopeBoundary = 1 << 5;    // bounds "has an element in scope"
constexpr std::uint16_t kSpecial = 1 << 6;          // HTML §13.2.4.2 "special" category
constexpr std::uint16_t kClosesParagraph = 1 << 7;  // start tag closes an open <p>
constexpr std::uint16_t kHeading = 1 << 8;

constexpr auto kTagProperties = [] {
  std::array<std::uint16_t, GUMBO_TAG_LAST + 1> bits{};
  auto mark = [&bits](std::uint16_t flags, std::initializer_list<GumboTag> tags) {
    for (const GumboTag tag : tags) {
      bits[tag] |= flags;
    }
  };
  // Phrasing content rendered inline; unknown (custom) elements are inline too.
  mark(kInline,
       {GUMBO_TAG_A,      GUMBO_TAG_ABBR,   GUMBO_TAG_ACRONYM, GUMBO_TAG_B,     GUMBO_TAG_BDI,
        GUMBO_TAG_BDO,    GUMBO_TAG_BIG,    GUMBO_TAG_BLINK,   GUMBO_TAG_CITE,  GUMBO_TAG_CODE,
        GUMBO_TAG_DATA,   GUMBO_TAG_DEL,    GUMBO_TAG_DFN,     GUMBO_TAG_EM,    GUMBO_TAG_FONT,
        GUMBO_TAG_I,      GUMBO_TAG_INS,    GUMBO_TAG_KBD,     GUMBO_TAG_LABEL, GUMBO_TAG_MARK,
        GUMBO_TAG_NOBR,   GUMBO_TAG_Q,      GUMBO_TAG_S,       GUMBO_TAG_SAMP,  GUMBO_TAG_SMALL,
        GUMBO_TAG_SPAN,   GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG,  GUMBO_TAG_SUB,   GUMBO_TAG_SUP,
        GUMBO_TAG_TIME,   GUMBO_TAG_TT,     GUMBO_TAG_U,       GUMBO_TAG_VAR,   GUMBO_TAG_WBR,
        GUMBO_TAG_UNKNOWN});
  mark(kVoid | kSpecial,
       {GUMBO_TAG_AREA, GUMBO_TAG_BASE,  GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_BR,
        GUMBO_TAG_COL,  GUMBO_TAG_EMBED, GUMBO_TAG_FRAME,    GUMBO_TAG_HR,      GUMBO_TAG_IMAGE,
        GUMBO_TAG_IMG,  GUMBO_TAG_INPUT, GUMBO_TAG_ISINDEX,  GUMBO_TAG_KEYGEN,  GUMBO_TAG_LINK,
        GUMBO_TAG_META, GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE,   GUMBO_TAG_TRACK,   GUMBO_TAG_WBR});
  mark(kRawText | kSpecial,
       {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_XMP, GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED,
        GUMBO_TAG_NOFRAMES, GUMBO_TAG_TEXTAREA, GUMBO_TAG_TITLE});
  // Merged (html, head, body), ignored when nested (form), or inside a table, whose weight
  // covers them.
  mark(kUncounted,
       {GUMBO_TAG_HTML, GUMBO_TAG_HEAD, GUMBO_TAG_BODY, GUMBO_TAG_FORM, GUMBO_TAG_CAPTION,
        GUMBO_TAG_COLGROUP, GUMBO_TAG_THEAD, GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_TR,
        GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_RB, GUMBO_TAG_RT, GUMBO_TAG_RP, GUMBO_TAG_RTC});
  mark(kFormatting, {GUMBO_TAG_A, GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_CODE, GUMBO_TAG_EM,
                     GUMBO_TAG_FONT, GUMBO_TAG_I, GUMBO_TAG_NOBR, GUMBO_TAG_S, GUMBO_TAG_SMALL,
                     GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_TT, GUMBO_TAG_U});
  mark(kScopeBoundary | kSpecial, {GUMBO_TAG_APPLET,
                                   GUMBO_TAG_CAPTION,
                                   GUMBO_TAG_HTML,
                                   GUMBO_TAG_TABLE,
                                   GUMBO_TAG_TD,
                                   GUMBO_TAG_TH,
                                   GUMBO_TAG_MARQUEE,
                                   GUMBO_TAG_OBJECT,
                                   GUMBO_TAG_TEMPLATE,
                                   GUMBO_TAG_MI,
                                   GUMBO_TAG_MO,
                                   GUMBO_TAG_MN,
                                   GUMBO_TAG_MS,
                                   GUMBO_TAG_MTEXT,
                                   GUMBO_TAG_ANNOTATION_XML,
                                   GUMBO_TAG_FOREIGNOBJECT,
                                   GUMBO_TAG_DESC,
                                   GUMBO_TAG_TITLE,
                                   GUMBO_TAG_SVG,
                                   GUMBO_TAG_MATH});
  mark(kHeading | kSpecial | kClosesParagraph,
       {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6});
  mark(kSpecial | kClosesParagraph,
       {GUMBO_TAG_ADDRESS,  GUMBO_TAG_ARTICLE,  GUMBO_TAG_ASIDE,      GUMBO_TAG_BLOCKQUOTE,
        GUMBO_TAG_CENTER,   GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,        GUMBO_TAG_DIV,
        GUMBO_TAG_DL,       GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,
        GUMBO_TAG_FOOTER,   GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,     GUMBO_TAG_MAIN,
        GUMBO_TAG_MENU,     GUMBO_TAG_NAV,      GUMBO_TAG_OL,         GUMBO_TAG_P,
        GUMBO_TAG_SECTION,  GUMBO_TAG_SUMMARY,  GUMBO_TAG_UL,         GUMBO_TAG_PRE,
        GUMBO_TAG_LISTING,  GUMBO_TAG_FORM,     GUMBO_TAG_TABLE,      GUMBO_TAG_HR,
        GUMBO_TAG_XMP,      GUMBO_TAG_LI,       GUMBO_TAG_DD,         GUMBO_TAG_DT,
        GUMBO_TAG_PLAINTEXT});
  mark(kSpecial, {GUMBO_TAG_BODY, GUMBO_TAG_BUTTON, GUMBO_TAG_COLGROUP, GUMBO_TAG_FRAMESET,
                  GUMBO_TAG_HEAD, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_SELECT, GUMBO_TAG_TBODY,
                  GUMBO_TAG_TFOOT, GUMBO_TAG_THEAD, GUMBO_TAG_TR});
  return bits;
}();

bool HasProperty(GumboTag tag, std::uint16_t flags) {
  const auto index = static_cast<std::size_t>(tag);
  return index < kTagProperties.size() && (kTagProperties[index] & flags) != 0;
}
bool IsInline(GumboTag tag) {
  return HasProperty(tag, kInline);
}
bool IsVoid(GumboTag tag) {
  return HasProperty(tag, kVoid);
}
bool IsRawText(GumboTag tag) {
  return HasProperty(tag, kRawText);
}
bool IsUncounted(GumboTag tag) {
  return HasProperty(tag, kUncounted);
}
bool IsFormatting(GumboTag tag) {
  return HasProperty(tag, kFormatting);
}
bool IsScopeBoundary(GumboTag tag) {
  return HasProperty(tag, kScopeBoundary);
}
bool IsSpecial(GumboTag tag) {
  return HasProperty(tag, kSpecial);
}
bool ClosesParagraph(GumboTag tag) {
  return HasProperty(tag, kClosesParagraph);
}
bool IsHeading(GumboTag tag) {
  return HasProperty(tag, kHeading);
}

// How many tree levels an open element stands for: a table implies tbody, tr and td.
std::size_t Weight(GumboTag tag) {
  return tag == GUMBO_TAG_TABLE ? 4 : 1;
}

// ---------------------------------------------------------------------------------------------
// Nesting guard: a linear pre-scan that approximates the HTML tree builder's stack of open
// elements and list of active formatting elements, and blanks the start tags that would grow
// them past the limits. It errs on the side of counting too deep (blanking a tag of a pathological
// page) rather than too shallow.

class NestingGuard {
 public:
  explicit NestingGuard(std::string& html) : html_(html), view_(html_) {}

  // Scans the whole page; returns how many start tags were blanked.
  std::size_t Run() {
    std::size_t pos = 0;
    while (pos < html_.size()) {
      const std::size_t lt = html_.find('<', pos);
      if (lt == std::string::npos || lt + 1 >= html_.size()) {
        break;
      }
      const char next = html_[lt + 1];
      std::size_t resume;
      if (next == '!') {
        resume = SkipMarkupDeclaration(lt);
      } else if (next == '?') {
        resume = SkipPast(lt, ">");
      } else if (next == '/') {
        resume = EndTag(lt);
      } else if (IsAsciiAlpha(next)) {
        resume = StartTag(lt);
      } else {
        resume = lt + 1;
      }
      if (resume == std::string::npos) {
        break;
      }
      pos = resume;
    }
    return blanked_;
  }

 private:
  struct Open {
    GumboTag tag;
    std::string_view name;  // as written; compared for unknown (custom) elements
    std::size_t weight;
  };
  struct Formatting {
    GumboTag tag;
    std::string_view attributes;  // raw attribute text: Noah's Ark identity
  };

  // Position just past the next `terminator` at or after `from`; npos when the page ends first.
  std::size_t SkipPast(std::size_t from, std::string_view terminator) const {
    const std::size_t at = html_.find(terminator, from);
    return at == std::string::npos ? at : at + terminator.size();
  }

  std::size_t SkipMarkupDeclaration(std::size_t lt) const {
    if (html_.compare(lt, 4, "<!--") == 0) {
      if (html_.compare(lt, 5, "<!-->") == 0) {
        return lt + 5;
      }
      if (html_.compare(lt, 6, "<!--->") == 0) {
        return lt + 6;
      }
      return SkipPast(lt + 4, "-->");
    }
    if (html_.compare(lt, 9, "<![CDATA[") == 0 && foreign_depth_ > 0) {
      return SkipPast(lt + 9, "]]>");
    }
    return SkipPast(lt, ">");
  }

  // Reads a tag name starting at `at`; returns its end.
  std::size_t ReadName(std::size_t at, GumboTag& tag, std::string_view& name) const {
    std::size_t end = at;
    while (end < html_.size() && !IsHtmlSpace(html_[end]) && html_[end] != '/' &&
           html_[end] != '>') {
      ++end;
    }
    name = view_.substr(at, end - at);
    char lower[32];
    if (name.size() < sizeof(lower)) {
      for (std::size_t i = 0; i < name.size(); ++i) {
        lower[i] = AsciiToLower(name[i]);
      }
      tag = gumbo_tagn_enum(lower, static_cast<unsigned>(name.size()));
    } else {
      tag = GUMBO_TAG_UNKNOWN;
    }
    return end;
  }

  bool Matches(const Open& open, GumboTag tag, std::string_view name) const {
    if (open.tag != tag) {
      return false;
    }
    return tag != GUMBO_TAG_UNKNOWN || AsciiEqualsIgnoreCase(open.name, name);
  }

  void PopTo(std::size_t index) {
    for (std::size_t i = index; i < open_.size(); ++i) {
      if (open_[i].tag == GUMBO_TAG_SVG || open_[i].tag == GUMBO_TAG_MATH) {
        --foreign_depth_;
      }
      depth_ -= open_[i].weight;
    }
    open_.resize(index);
  }

  // Pops up to and including the nearest `tag` unless a scope boundary (or, in button scope,
  // a button) comes first.
  void CloseInScope(GumboTag tag, bool button_scope) {
    for (std::size_t i = open_.size(); i-- > 0;) {
      if (open_[i].tag == tag) {
        PopTo(i);
        return;
      }
      if (IsScopeBoundary(open_[i].tag) || (button_scope && open_[i].tag == GUMBO_TAG_BUTTON)) {
        return;
      }
    }
  }

  // A new li (or dd/dt) closes the previous one unless a special element other than address,
  // div and p is in between.
  void CloseListItem(GumboTag first, GumboTag second) {
    for (std::size_t i = open_.size(); i-- > 0;) {
      const GumboTag open = open_[i].tag;
      if (open == first || open == second) {
        PopTo(i);
        return;
      }
      if (IsSpecial(open) && open != GUMBO_TAG_ADDRESS && open != GUMBO_TAG_DIV &&
          open != GUMBO_TAG_P) {
        return;
      }
    }
  }

  // An end tag (or the adoption agency run for a new <a>/<nobr>): pops to the nearest matching
  // element. Formatting and ordinary end tags stop at special elements (the adoption agency
  // keeps the furthest block open); special end tags stop only at scope boundaries.
  void CloseForEndTag(GumboTag tag, std::string_view name) {
    for (std::size_t i = open_.size(); i-- > 0;) {
      if (Matches(open_[i], tag, name)) {
        PopTo(i);
        return;
      }
      const GumboTag open = open_[i].tag;
      const bool stop =
          IsSpecial(tag) ? IsScopeBoundary(open) || (tag == GUMBO_TAG_LI &&
                                                     (open == GUMBO_TAG_OL || open == GUMBO_TAG_UL))
                         : IsSpecial(open);
      if (stop) {
        return;
      }
    }
  }

  void EraseLastFormatting(GumboTag tag) {
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].tag == tag) {
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

  // The implied end tags a start tag triggers before it is inserted.
  void CloseBeforeStart(GumboTag tag, std::string_view name) {
    if (ClosesParagraph(tag)) {
      CloseInScope(GUMBO_TAG_P, /*button_scope=*/true);
    }
    if (tag == GUMBO_TAG_LI) {
      CloseListItem(GUMBO_TAG_LI, GUMBO_TAG_LI);
    } else if (tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) {
      CloseListItem(GUMBO_TAG_DD, GUMBO_TAG_DT);
    } else if (tag == GUMBO_TAG_BUTTON) {
      CloseInScope(GUMBO_TAG_BUTTON, false);
    } else if (IsHeading(tag)) {
      if (!open_.empty() && IsHeading(open_.back().tag)) {
        PopTo(open_.size() - 1);
      }
    } else if (tag == GUMBO_TAG_OPTION || tag == GUMBO_TAG_OPTGROUP) {
      if (!open_.empty() && open_.back().tag == GUMBO_TAG_OPTION) {
        PopTo(open_.size() - 1);
      }
    } else if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_NOBR) {
      EraseLastFormatting(tag);
      CloseForEndTag(tag, name);
    }
  }

  void Blank(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i <= to; ++i) {
      if (html_[i] != '\n') {
        html_[i] = ' ';
      }
    }
    ++blanked_;
  }

  std::size_t StartTag(std::size_t lt) {
    GumboTag tag;
    std::string_view name;
    const std::size_t name_end = ReadName(lt + 1, tag, name);
    // Find the tag's '>', skipping quoted attribute values.
    std::size_t gt = name_end;
    bool after_equals = false;
    while (gt < html_.size() && html_[gt] != '>') {
      const char c = html_[gt];
      if (c == '=') {
        after_equals = true;
      } else if (after_equals && (c == '"' || c == '\'')) {
        gt = html_.find(c, gt + 1);
        if (gt == std::string::npos) {
          return gt;
        }
        after_equals = false;
      } else if (!IsHtmlSpace(c)) {
        after_equals = false;
      }
      ++gt;
    }
    if (gt >= html_.size()) {
      return std::string::npos;  // a tag cut off by the end is dropped
    }
    const bool self_closing = html_[gt - 1] == '/';
    const std::size_t resume = gt + 1;

    if (tag == GUMBO_TAG_PLAINTEXT) {
      return std::string::npos;
    }
    if (foreign_depth_ > 0 && self_closing) {
      return resume;
    }
    if (IsVoid(tag)) {
      return resume;
    }
    if (IsRawText(tag) && foreign_depth_ == 0) {
      return SkipRawText(resume, name);
    }

    if (IsUncounted(tag)) {
      return resume;
    }
    CloseBeforeStart(tag, name);
    const std::size_t weight = Weight(tag);
    if (depth_ + weight > kMaxNestingDepth) {
      Blank(lt, gt);
      return resume;
    }
    if (IsFormatting(tag)) {
      const std::string_view attributes = view_.substr(name_end, gt - name_end);
      ApplyNoahsArk(tag, attributes);
      if (formatting_.size() >= kMaxOpenFormattingElements) {
        Blank(lt, gt);
        return resume;
      }
      formatting_.push_back({tag, attributes});
    }
    open_.push_back({tag, name, weight});
    depth_ += weight;
    if (tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH) {
      ++foreign_depth_;
    }
    return resume;
  }

  // HTML §13.2.4.3: at most three identical entries (same tag and attributes).
  void ApplyNoahsArk(GumboTag tag, std::string_view attributes) {
    std::size_t same = 0;
    std::size_t earliest = formatting_.size();
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].tag == tag && formatting_[i].attributes == attributes) {
        ++same;
        earliest = i;
      }
    }
    if (same >= 3) {
      formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(earliest));
    }
  }

  std::size_t SkipRawText(std::size_t from, std::string_view name) const {
    std::size_t at = from;
    while (true) {
      at = html_.find("</", at);
      if (at == std::string::npos) {
        return at;
      }
      const std::size_t after = at + 2 + name.size();
      if (after <= html_.size() && AsciiEqualsIgnoreCase(view_.substr(at + 2, name.size()), name) &&
          (after == html_.size() || IsHtmlSpace(html_[after]) || html_[after] == '/' ||
           html_[after] == '>')) {
        return at;
      }
      at += 2;
    }
  }

  std::size_t EndTag(std::size_t lt) {
    if (lt + 2 >= html_.size() || !IsAsciiAlpha(html_[lt + 2])) {
      return SkipPast(lt, ">");
    }
    GumboTag tag;
    std::string_view name;
    ReadName(lt + 2, tag, name);
    const std::size_t resume = SkipPast(lt, ">");

    if (IsFormatting(tag)) {
      EraseLastFormatting(tag);
    }
    if (!IsUncounted(tag)) {
      CloseForEndTag(tag, name);
    }
    return resume;
  }

  std::string& html_;
  std::string_view view_;  // html_ as a view; its bytes change only in place (Blank)
  std::vector<Open> open_;
  std::vector<Formatting> formatting_;
  std::size_t depth_ = 0;  // sum of open_ weights
  std::size_t foreign_depth_ = 0;
  std::size_t blanked_ = 0;
};

}  // namespace

// ----- HtmlNode ------------------------------------------------------------------------------

bool HtmlNode::IsElement() const {
  return node_ != nullptr && IsElementLike(node_);
}

bool HtmlNode::IsText() const {
  return node_ != nullptr && IsTextLike(node_);
}

std::string_view HtmlNode::Tag() const {
  if (!IsElement()) {
    return {};
  }
  const GumboElement& element = node_->v.element;
  if (element.tag != GUMBO_TAG_UNKNOWN) {
    return gumbo_normalized_tagname(element.tag);
  }
  return OriginalTagName(element);
}

HtmlNamespace HtmlNode::Namespace() const {
  if (!IsElement()) {
    return HtmlNamespace::kHtml;
  }
  switch (node_->v.element.tag_namespace) {
    case GUMBO_NAMESPACE_SVG:
      return HtmlNamespace::kSvg;
    case GUMBO_NAMESPACE_MATHML:
      return HtmlNamespace::kMathMl;
    default:
      return HtmlNamespace::kHtml;
  }
}

std::optional<std::string_view> HtmlNode::Attr(std::string_view name) const {
  if (!IsElement()) {
    return std::nullopt;
  }
  const GumboVector& attributes = node_->v.element.attributes;
  for (unsigned i = 0; i < attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
    if (AsciiEqualsIgnoreCase(attribute->name, name)) {
      return std::string_view(attribute->value);
    }
  }
  return std::nullopt;
}

std::string_view HtmlNode::AttrOr(std::string_view name, std::string_view fallback) const {
  return Attr(name).value_or(fallback);
}

std::vector<HtmlAttribute> HtmlNode::Attributes() const {
  std::vector<HtmlAttribute> result;
  if (!IsElement()) {
    return result;
  }
  const GumboVector& attributes = node_->v.element.attributes;
  result.reserve(attributes.length);
  for (unsigned i = 0; i < attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
    result.push_back({attribute->name, attribute->value});
  }
  return result;
}

bool HtmlNode::AttrHasToken(std::string_view name, std::string_view token) const {
  const auto value = Attr(name);
  if (!value) {
    return false;
  }
  return AnyToken(*value, [&](std::string_view t) { return AsciiEqualsIgnoreCase(t, token); });
}

bool HtmlNode::HasClass(std::string_view class_name) const {
  const auto value = Attr("class");
  if (!value) {
    return false;
  }
  return AnyToken(*value, [&](std::string_view t) { return t == class_name; });
}

HtmlNode HtmlNode::Parent() const {
  if (node_ == nullptr || node_->parent == nullptr || !IsElementLike(node_->parent)) {
    return HtmlNode();
  }
  return HtmlNode(node_->parent);
}

std::vector<HtmlNode> HtmlNode::Children() const {
  std::vector<HtmlNode> result;
  if (!IsElement()) {
    return result;
  }
  const GumboVector& children = node_->v.element.children;
  result.reserve(children.length);
  for (unsigned i = 0; i < children.length; ++i) {
    const GumboNode* child = ChildAt(children, i);
    if (IsElementLike(child) || IsTextLike(child)) {
      result.push_back(HtmlNode(child));
    }
  }
  return result;
}

std::vector<HtmlNode> HtmlNode::ElementChildren() const {
  std::vector<HtmlNode> result;
  if (!IsElement()) {
    return result;
  }
  const GumboVector& children = node_->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const GumboNode* child = ChildAt(children, i);
    if (IsElementLike(child)) {
      result.push_back(HtmlNode(child));
    }
  }
  return result;
}

HtmlNode HtmlNode::PreviousElementSibling() const {
  if (node_ == nullptr || node_->parent == nullptr || !IsElementLike(node_->parent)) {
    return HtmlNode();
  }
  const GumboVector& siblings = node_->parent->v.element.children;
  for (std::size_t i = node_->index_within_parent; i-- > 0;) {
    const GumboNode* sibling = ChildAt(siblings, static_cast<unsigned>(i));
    if (IsElementLike(sibling)) {
      return HtmlNode(sibling);
    }
  }
  return HtmlNode();
}

HtmlNode HtmlNode::NextElementSibling() const {
  if (node_ == nullptr || node_->parent == nullptr || !IsElementLike(node_->parent)) {
    return HtmlNode();
  }
  const GumboVector& siblings = node_->parent->v.element.children;
  for (std::size_t i = node_->index_within_parent + 1; i < siblings.length; ++i) {
    const GumboNode* sibling = ChildAt(siblings, static_cast<unsigned>(i));
    if (IsElementLike(sibling)) {
      return HtmlNode(sibling);
    }
  }
  return HtmlNode();
}

HtmlNode HtmlNode::ClosestAncestor(std::string_view tag) const {
  for (HtmlNode node = Parent(); !node.IsNull(); node = node.Parent()) {
    if (node.Tag() == tag) {
      return node;
    }
  }
  return HtmlNode();
}

std::string_view HtmlNode::TextValue() const {
  if (!IsText()) {
    return {};
  }
  return node_->v.text.text;
}

std::string HtmlNode::Text() const {
  TextCollector collector;
  if (node_ == nullptr) {
    return {};
  }
  struct Frame {
    const GumboNode* node;
    bool closing;  // leaving a block element
  };
  std::vector<Frame> stack{{node_, false}};
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    if (frame.closing) {
      collector.Break();
      continue;
    }
    const GumboNode* node = frame.node;
    if (IsTextLike(node)) {
      collector.Append(node->v.text.text);
      continue;
    }
    if (!IsElementLike(node) || IsHiddenText(node)) {
      continue;
    }
    if (!IsInline(node->v.element.tag)) {
      collector.Break();
      stack.push_back({node, true});
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back({ChildAt(children, i), false});
    }
  }
  return collector.Take();
}

std::string HtmlNode::RawText() const {
  std::string out;
  if (node_ == nullptr) {
    return out;
  }
  std::vector<const GumboNode*> stack{node_};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (IsTextLike(node)) {
      out.append(node->v.text.text);
    } else if (IsElementLike(node)) {
      const GumboVector& children = node->v.element.children;
      for (unsigned i = children.length; i-- > 0;) {
        stack.push_back(ChildAt(children, i));
      }
    }
  }
  return out;
}

void HtmlNode::ForEachElement(const std::function<void(HtmlNode)>& visit) const {
  WalkElements(node_, [&](const GumboNode* node) {
    visit(HtmlNode(node));
    return WalkControl::kContinue;
  });
}

void HtmlNode::Walk(const std::function<WalkControl(HtmlNode)>& visit) const {
  WalkElements(node_, [&](const GumboNode* node) { return visit(HtmlNode(node)); });
}

HtmlNode HtmlNode::FindFirst(std::string_view tag) const {
  HtmlNode found;
  WalkElements(node_, [&](const GumboNode* node) {
    if (HtmlNode(node).Tag() != tag) {
      return WalkControl::kContinue;
    }
    found = HtmlNode(node);
    return WalkControl::kStop;
  });
  return found;
}

std::vector<HtmlNode> HtmlNode::FindAll(std::string_view tag) const {
  std::vector<HtmlNode> found;
  WalkElements(node_, [&](const GumboNode* node) {
    if (HtmlNode(node).Tag() == tag) {
      found.push_back(HtmlNode(node));
    }
    return WalkControl::kContinue;
  });
  return found;
}

unsigned HtmlNode::SourceLine() const {
  if (IsElement()) {
    return node_->v.element.start_pos.line;
  }
  if (IsText()) {
    return node_->v.text.start_pos.line;
  }
  return 0;
}

// ----- HtmlDocument --------------------------------------------------------------------------

// Gumbo's allocator for one document. Blocks are rounded up to a power of two (16 bytes at
// least) and carry a 16-byte header with their size class; a freed block goes on its class's
// free list and is handed out again, so Gumbo's many short-lived token buffers reuse memory.
// Blocks over kLargeBlock get a heap allocation of their own that is released when Gumbo frees
// them, so a huge page costs no more than with malloc. Everything else lives in chunks freed
// with the arena.
class HtmlDocument::Arena {
 public:
  static void* Allocate(void* userdata, std::size_t size) noexcept {
    return static_cast<Arena*>(userdata)->Take(size);
  }
  static void Deallocate(void* userdata, void* pointer) noexcept {
    static_cast<Arena*>(userdata)->Give(pointer);
  }

 private:
  static constexpr std::size_t kHeader = 16;  // keeps blocks aligned like malloc's
  static constexpr std::size_t kMinBlock = 16;
  static constexpr std::size_t kLargeBlock = std::size_t{64} * 1024;
  static constexpr std::size_t kFirstChunk = std::size_t{64} * 1024;
  static constexpr std::size_t kMaxChunk = std::size_t{1024} * 1024;
  static constexpr std::uint32_t kLargeClass = 0xFFFFFFFF;

  struct FreeBlock {
    FreeBlock* next;
  };

  void* Take(std::size_t size) {
    if (size > kLargeBlock) {
      large_.push_back(std::make_unique<std::byte[]>(kHeader + size));
      std::byte* block = large_.back().get();
      WriteClass(block, kLargeClass);
      return block + kHeader;
    }
    const std::size_t block_size = std::bit_ceil(std::max(size, kMinBlock));
    const auto size_class = static_cast<std::uint32_t>(std::countr_zero(block_size));
    if (FreeBlock* reused = free_[size_class]; reused != nullptr) {
      free_[size_class] = reused->next;
      return reused;
    }
    const std::size_t needed = kHeader + block_size;
    if (chunk_left_ < needed) {
      NewChunk(needed);
    }
    std::byte* block = chunk_next_;
    chunk_next_ += needed;
    chunk_left_ -= needed;
    WriteClass(block, size_class);
    return block + kHeader;
  }

  void Give(void* pointer) {
    if (pointer == nullptr) {
      return;
    }
    std::byte* block = static_cast<std::byte*>(pointer) - kHeader;
    const std::uint32_t size_class = ReadClass(block);
    if (size_class == kLargeClass) {
      for (std::size_t i = large_.size(); i-- > 0;) {
        if (large_[i].get() == block) {
          large_.erase(large_.begin() + static_cast<std::ptrdiff_t>(i));
          return;
        }
      }
      return;
    }
    auto* freed = static_cast<FreeBlock*>(pointer);
    freed->next = free_[size_class];
    free_[size_class] = freed;
  }

  void NewChunk(std::size_t needed) {
    const std::size_t size = std::max(needed, next_chunk_size_);
    next_chunk_size_ = std::min(next_chunk_size_ * 2, kMaxChunk);
    chunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
    chunk_next_ = chunks_.back().get();
    chunk_left_ = size;
  }

  static void WriteClass(std::byte* block, std::uint32_t size_class) {
    std::memcpy(block, &size_class, sizeof size_class);
  }
  static std::uint32_t ReadClass(const std::byte* block) {
    std::uint32_t size_class;
    std::memcpy(&size_class, block, sizeof size_class);
    return size_class;
  }

  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  std::vector<std::unique_ptr<std::byte[]>> large_;
  std::byte* chunk_next_ = nullptr;
  std::size_t chunk_left_ = 0;
  std::size_t next_chunk_size_ = kFirstChunk;
  std::array<FreeBlock*, 64> free_{};
};

HtmlDocument::HtmlDocument(std::string body)
    : body_(std::move(body)), arena_(std::make_unique<Arena>()) {
  blanked_tags_ = NestingGuard(body_).Run();
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
