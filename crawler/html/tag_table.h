#pragma once
// Internal to crawler/html: per-tag properties of HTML elements, looked up in O(1) by GumboTag.
// The nesting guard reads the tree-construction categories (void, raw text, formatting, scope
// boundaries, "special" elements, WHATWG HTML §13.2.4); the node API reads which elements are
// rendered inline (HtmlNode::Text() and HtmlNode::IsInline(), the one list the extractors use).

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include <gumbo.h>

namespace pricecrawl::crawler {

inline constexpr std::uint16_t kInline = 1 << 0;           // boundaries do not separate words
inline constexpr std::uint16_t kVoid = 1 << 1;             // never has content
inline constexpr std::uint16_t kRawText = 1 << 2;          // content is text up to the end tag
inline constexpr std::uint16_t kUncounted = 1 << 3;        // not counted by the nesting guard
inline constexpr std::uint16_t kFormatting = 1 << 4;       // HTML §13.2.4.3 formatting elements
inline constexpr std::uint16_t kScopeBoundary = 1 << 5;    // bounds "has an element in scope"
inline constexpr std::uint16_t kSpecial = 1 << 6;          // HTML §13.2.4.2 "special" category
inline constexpr std::uint16_t kClosesParagraph = 1 << 7;  // start tag closes an open <p>
inline constexpr std::uint16_t kHeading = 1 << 8;

inline constexpr auto kTagProperties = [] {
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

inline bool HasProperty(GumboTag tag, std::uint16_t flags) {
  const auto index = static_cast<std::size_t>(tag);
  return index < kTagProperties.size() && (kTagProperties[index] & flags) != 0;
}
inline bool IsInlineTag(GumboTag tag) {
  return HasProperty(tag, kInline);
}
inline bool IsVoid(GumboTag tag) {
  return HasProperty(tag, kVoid);
}
inline bool IsRawText(GumboTag tag) {
  return HasProperty(tag, kRawText);
}
inline bool IsUncounted(GumboTag tag) {
  return HasProperty(tag, kUncounted);
}
inline bool IsFormatting(GumboTag tag) {
  return HasProperty(tag, kFormatting);
}
inline bool IsScopeBoundary(GumboTag tag) {
  return HasProperty(tag, kScopeBoundary);
}
inline bool IsSpecial(GumboTag tag) {
  return HasProperty(tag, kSpecial);
}
inline bool ClosesParagraph(GumboTag tag) {
  return HasProperty(tag, kClosesParagraph);
}
inline bool IsHeading(GumboTag tag) {
  return HasProperty(tag, kHeading);
}

}  // namespace pricecrawl::crawler
