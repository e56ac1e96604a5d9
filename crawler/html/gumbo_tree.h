#pragma once
// Internal to crawler/html: small helpers over Gumbo's node structs that the node API
// (html_node.cc) and the document (html_document.cc) share. Every walk is iterative, with an
// explicit stack, because pages nest deeper than a thread's stack allows.

#include <string_view>
#include <vector>

#include <gumbo.h>

#include "crawler/base/text.h"
#include "crawler/html/html.h"

namespace pricecrawl::crawler {

inline bool IsElementLike(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

inline bool IsTextLike(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

inline const GumboNode* ChildAt(const GumboVector& children, unsigned index) {
  return static_cast<const GumboNode*>(children.data[index]);
}

// The element's name as written in its start tag ("<Product-Card id=1>" -> "Product-Card").
inline std::string_view OriginalTagName(const GumboElement& element) {
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

}  // namespace pricecrawl::crawler
