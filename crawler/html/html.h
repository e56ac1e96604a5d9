#pragma once
// HTML documents for the parse stage: HtmlDocument owns a page's bytes and the tree Gumbo builds
// from them (WHATWG HTML §13.2 tree construction); HtmlNode is a cheap non-owning view that
// extractors (links, JSON-LD, microdata, selectors, text) walk without seeing Gumbo. Every walk
// is iterative. Deviation: like Blink (kMaximumHTMLParserDOMTreeDepth = 512), nesting deeper
// than kMaxNestingDepth is flattened, and unclosed formatting tags beyond a bound are dropped,
// before Gumbo sees the page (see HtmlDocument).

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Gumbo's node and output types (gumbo.h: `typedef struct GumboInternalNode GumboNode`), declared
// opaquely so that only crawler/html/ includes <gumbo.h>.
struct GumboInternalNode;
struct GumboInternalOutput;

namespace pricecrawl::crawler {

// Start tags that would open an element deeper than this are blanked before parsing; their
// content becomes part of the deepest allowed element.
inline constexpr std::size_t kMaxNestingDepth = 512;
// Unclosed formatting elements (b, i, font, ...) the parser is allowed to keep reopening
// (HTML's "reconstruct the active formatting elements"); further formatting tags are blanked.
inline constexpr std::size_t kMaxOpenFormattingElements = 32;

enum class HtmlNamespace { kHtml, kSvg, kMathMl };

// What a Walk visitor returns.
enum class WalkControl {
  kContinue,      // descend into this element's children
  kSkipChildren,  // go on with the next sibling (or the ancestors' next siblings)
  kStop,          // end the walk
};

// One attribute of an element. Views into the HtmlDocument; valid while it lives.
struct HtmlAttribute {
  std::string_view name;   // lowercase for HTML elements (SVG keeps its camelCase names)
  std::string_view value;  // character references decoded
};

// Non-owning view of one node of an HtmlDocument's tree: an element, or a text node (text,
// whitespace-only text, CDATA). Comments are never handed out. Cheap to copy; valid while its
// HtmlDocument lives. A default-constructed HtmlNode is the null node: every accessor on it
// returns an empty value.
class HtmlNode {
 public:
  HtmlNode() = default;

  bool IsNull() const { return node_ == nullptr; }
  bool IsElement() const;
  bool IsText() const;  // text, whitespace-only text and CDATA

  // Lowercase tag name ("div"); unknown and custom elements by their name as written, lowercased
  // ("product-card"). "" for text and null nodes.
  std::string_view Tag() const;
  // True for an element with this (lowercase) tag name, in any namespace.
  bool Is(std::string_view tag) const { return IsElement() && Tag() == tag; }
  HtmlNamespace Namespace() const;  // kHtml for non-elements
  // True for an element rendered inline, whose boundaries do not separate words: phrasing
  // elements (span, a, b, strong, sup, sub, del, s, small, label, time, ...) and unknown or
  // custom elements. False for every other element, text and the null node. Text() reads block
  // boundaries by this rule.
  bool IsInline() const;

  // The attribute's value; `name` is matched ASCII case-insensitively. nullopt when absent.
  std::optional<std::string_view> Attr(std::string_view name) const;
  // The attribute's value, or `fallback` when absent.
  std::string_view AttrOr(std::string_view name, std::string_view fallback = {}) const;
  bool HasAttr(std::string_view name) const { return Attr(name).has_value(); }
  // All attributes in source order.
  std::vector<HtmlAttribute> Attributes() const;
  // True when the whitespace-separated list in attribute `name` contains `token`, compared
  // ASCII case-insensitively (rel~="next", itemprop~="price").
  bool AttrHasToken(std::string_view name, std::string_view token) const;
  // True when the class attribute contains `class_name` (case-sensitive, as CSS matches it).
  bool HasClass(std::string_view class_name) const;

  // The parent element; the null node for the <html> element (the document is not exposed).
  HtmlNode Parent() const;
  // Element and text children in document order (comments left out).
  std::vector<HtmlNode> Children() const;
  std::vector<HtmlNode> ElementChildren() const;
  // The nearest element sibling before / after this node; the null node when there is none.
  HtmlNode PreviousElementSibling() const;
  HtmlNode NextElementSibling() const;
  // The nearest ancestor (not this node) with this tag; the null node when there is none.
  HtmlNode ClosestAncestor(std::string_view tag) const;

  // A text node's text, character references decoded. "" for elements.
  std::string_view TextValue() const;
  // The text a reader sees in this subtree: descendant text concatenated, runs of whitespace
  // (ASCII whitespace and U+00A0) collapsed to one space, trimmed; script, style and template
  // content skipped; block boundaries (anything but inline elements such as span, b, a, sup)
  // count as whitespace, so "<td>Price</td><td>9</td>" reads "Price 9".
  std::string Text() const;
  // The start of Text(), cut after `max_bytes` bytes (and the rest of the UTF-8 character the
  // cut falls in), reading no more of the subtree than that needs.
  std::string Text(std::size_t max_bytes) const;
  // Descendant text exactly as parsed, nothing skipped or collapsed. For <script> this is its
  // raw content, which is what JSON-LD extraction needs.
  std::string RawText() const;

  // Pre-order walk over the elements of this subtree, this node first when it is an element.
  void ForEachElement(const std::function<void(HtmlNode)>& visit) const;
  // Pre-order walk over the elements of this subtree with control over descent.
  void Walk(const std::function<WalkControl(HtmlNode)>& visit) const;
  // The first element of this subtree (this node included) with this tag; null when none.
  HtmlNode FindFirst(std::string_view tag) const;
  // Every element of this subtree (this node included) with this tag, in document order.
  std::vector<HtmlNode> FindAll(std::string_view tag) const;

  // 1-based line of the node's start in the page source (for an implied element, the line of
  // the token that implied it); 0 for the null node.
  unsigned SourceLine() const;

  friend bool operator==(const HtmlNode&, const HtmlNode&) = default;

 private:
  friend class HtmlDocument;
  explicit HtmlNode(const GumboInternalNode* node) : node_(node) {}

  const GumboInternalNode* node_ = nullptr;
};

// A parsed page. Owns the body bytes and the Gumbo tree, which points into them; therefore
// neither copyable nor movable (a moved short string would leave the tree dangling). Hold it
// in a std::optional or std::unique_ptr when it must outlive a scope.
//
// Parsing never fails and never throws on bad HTML: any byte sequence yields a tree with at
// least <html>, <head> and <body>. The body should be UTF-8 (invalid bytes become U+FFFD).
// Gumbo allocates from a per-document arena (size-class free lists over a few large chunks), so
// a parse costs a handful of heap allocations instead of one per node, token and string, and
// the tree is freed at once; running out of memory inside Gumbo ends the process, as Gumbo's
// own unchecked malloc calls would.
// Before parsing, a linear pre-scan blanks (overwrites with spaces, keeping newlines) start tags
// that would nest deeper than kMaxNestingDepth or keep more than kMaxOpenFormattingElements
// formatting elements open. Gumbo 0.10.1 has no depth limit, frees its tree recursively (a
// 30,000-deep page overflows a 256 KiB stack) and spends time quadratic in the depth (100,000
// nested <div>: 42 s); with the pre-scan such pages parse in milliseconds. The pre-scan models
// the tree builder approximately (implied end tags, scopes, adoption agency), so the limit is a
// guard against runaway pages, not an exact DOM depth.
class HtmlDocument {
 public:
  // Takes the page body (UTF-8) and parses it.
  explicit HtmlDocument(std::string body);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;
  HtmlDocument(HtmlDocument&&) = delete;
  HtmlDocument& operator=(HtmlDocument&&) = delete;

  HtmlNode Root() const;  // the <html> element
  HtmlNode Head() const;  // the <head> element
  HtmlNode Body() const;  // the <body> element (or <frameset>)

  // Pre-order walk over all elements, starting at Root(). Iterative.
  void ForEachElement(const std::function<void(HtmlNode)>& visit) const;
  void Walk(const std::function<WalkControl(HtmlNode)>& visit) const;
  HtmlNode FindFirst(std::string_view tag) const { return Root().FindFirst(tag); }
  std::vector<HtmlNode> FindAll(std::string_view tag) const { return Root().FindAll(tag); }

  // The bytes the tree was built from: the body as given, except for tags blanked by the
  // nesting guard and custom element names lowercased in place.
  std::string_view Source() const { return body_; }
  // How many start tags the nesting guard blanked (0 for ordinary pages).
  std::size_t BlankedTags() const { return blanked_tags_; }

 private:
  // Every allocation Gumbo makes for this page (defined in gumbo_arena.h). Freeing the arena frees
  // the whole tree at once, without gumbo_destroy_output's walk over every node.
  class Arena;

  std::string body_;  // declared before output_: the tree points into it
  std::size_t blanked_tags_ = 0;
  std::unique_ptr<Arena> arena_;
  const GumboInternalOutput* output_ = nullptr;  // lives in *arena_
};

}  // namespace pricecrawl::crawler
