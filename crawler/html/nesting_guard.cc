#include "crawler/html/nesting_guard.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "crawler/base/text.h"
#include "crawler/html/html.h"
#include "crawler/html/tag_table.h"

namespace pricecrawl::crawler {
namespace {

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

std::size_t GuardNesting(std::string& html) {
  return NestingGuard(html).Run();
}

}  // namespace pricecrawl::crawler
