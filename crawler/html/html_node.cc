#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gumbo.h>

#include "crawler/base/text.h"
#include "crawler/html/gumbo_tree.h"
#include "crawler/html/html.h"
#include "crawler/html/tag_table.h"

namespace pricecrawl::crawler {
namespace {

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
  explicit TextCollector(std::size_t limit) : limit_(limit) {}

  void Append(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      // At the limit only the rest of the last character's UTF-8 sequence is kept.
      if (out_.size() >= limit_ && (static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
        full_ = true;
        return;
      }
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
  bool Full() const { return full_; }
  std::string Take() { return std::move(out_); }

 private:
  std::size_t limit_;
  std::string out_;
  bool pending_space_ = false;
  bool full_ = false;
};

}  // namespace

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

bool HtmlNode::IsInline() const {
  return IsElement() && IsInlineTag(node_->v.element.tag);
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
  return Text(std::string::npos);
}

std::string HtmlNode::Text(std::size_t max_bytes) const {
  TextCollector collector(max_bytes);
  if (node_ == nullptr) {
    return {};
  }
  struct Frame {
    const GumboNode* node;
    bool closing;  // leaving a block element
  };
  std::vector<Frame> stack{{node_, false}};
  while (!stack.empty() && !collector.Full()) {
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
    if (!IsInlineTag(node->v.element.tag)) {
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

}  // namespace pricecrawl::crawler
