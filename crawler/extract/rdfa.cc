#include "crawler/extract/rdfa.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/extract/list_price_context.h"
#include "crawler/extract/property_text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {
namespace {

// Subjects nested deeper than this (Product > Offer > priceSpecification > ...) are not read.
constexpr int kMaxSubjectDepth = 8;
// The reader follows at most this many object links per stored property (plus kReadSlack):
// the graph may have cycles and shared subjects, which must cost time linear in the page.
constexpr std::size_t kReadsPerValue = 4;
constexpr std::size_t kReadSlack = 4096;
// The element text the reader takes from one page: a few times the page's size.
constexpr std::size_t kTextPerPageByte = 4;
constexpr std::size_t kTextSlack = 1 << 16;

constexpr std::string_view kSchemaHttp = "http://schema.org/";
constexpr std::string_view kSchemaHttps = "https://schema.org/";
constexpr std::string_view kGoodRelations = "http://purl.org/goodrelations/v1#";
constexpr std::string_view kGoodRelationsHttps = "https://purl.org/goodrelations/v1#";
constexpr std::string_view kDataVocabulary = "http://rdf.data-vocabulary.org/#";

std::vector<std::string_view> SplitTokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && IsHtmlSpace(text[at])) {
      ++at;
    }
    std::size_t stop = at;
    while (stop < text.size() && !IsHtmlSpace(text[stop])) {
      ++stop;
    }
    if (stop > at) {
      tokens.push_back(text.substr(at, stop - at));
    }
    at = stop;
  }
  return tokens;
}

// The GoodRelations terms that say what a schema.org term says, by their schema.org names
// (schema.org adopted GoodRelations in 2012: https://schema.org/docs/gr.html). Others keep a
// "gr:" prefix so that they never match a schema.org name.
std::string GoodRelationsAsSchema(std::string_view local) {
  static const std::map<std::string_view, std::string_view> terms = {
      {"Offering", "Offer"},
      {"includes", "itemOffered"},
      {"hasPriceSpecification", "priceSpecification"},
      {"PriceSpecification", "PriceSpecification"},
      {"UnitPriceSpecification", "UnitPriceSpecification"},
      {"DeliveryChargeSpecification", "DeliveryChargeSpecification"},
      {"PaymentChargeSpecification", "PaymentChargeSpecification"},
      {"hasCurrencyValue", "price"},
      {"hasCurrency", "priceCurrency"},
      {"hasMinCurrencyValue", "minPrice"},
      {"hasMaxCurrencyValue", "maxPrice"},
      {"priceType", "priceType"},
      {"name", "name"},
      {"legalName", "name"},
      {"description", "description"},
      {"hasStockKeepingUnit", "sku"},
      {"hasEAN_UCC-13", "gtin13"},
      {"hasGTIN-14", "gtin14"},
      {"hasGTIN-8", "gtin8"},
      {"hasMPN", "mpn"},
      {"hasBrand", "brand"},
      {"hasManufacturer", "manufacturer"},
      {"offers", "makesOffer"},
      {"ProductOrService", "Product"},
      {"SomeItems", "SomeProducts"},
      {"Individual", "IndividualProduct"},
      {"ProductOrServiceModel", "ProductModel"},
      {"BusinessEntity", "Organization"},
      {"Brand", "Brand"},
  };
  const auto it = terms.find(local);
  return it == terms.end() ? "gr:" + std::string(local) : std::string(it->second);
}

// The name a full IRI has in the vocabularies read here: schema.org and data-vocabulary.org
// terms by their local name, GoodRelations terms by their schema.org equivalent; "" for any
// other vocabulary.
std::string VocabularyName(std::string_view iri) {
  for (const std::string_view ns : {kSchemaHttp, kSchemaHttps, kDataVocabulary}) {
    if (StartsWithIgnoreCase(iri, ns) && iri.size() > ns.size()) {
      return std::string(iri.substr(ns.size()));
    }
  }
  for (const std::string_view ns : {kGoodRelations, kGoodRelationsHttps}) {
    if (StartsWithIgnoreCase(iri, ns) && iri.size() > ns.size()) {
      return GoodRelationsAsSchema(iri.substr(ns.size()));
    }
  }
  return {};
}

// Prefix name (lowercase) -> IRI.
using Prefixes = std::map<std::string, std::string, std::less<>>;

// The RDFa 1.1 initial context's prefixes (https://www.w3.org/2011/rdfa-context/rdfa-1.1) that
// name vocabularies of product pages, and the ones pages declare without needing to.
const Prefixes& InitialPrefixes() {
  static const Prefixes prefixes = {
      {"schema", std::string(kSchemaHttp)},
      {"gr", std::string(kGoodRelations)},
      {"v", std::string(kDataVocabulary)},
      {"og", "http://ogp.me/ns#"},
      {"dc", "http://purl.org/dc/terms/"},
      {"dcterms", "http://purl.org/dc/terms/"},
      {"foaf", "http://xmlns.com/foaf/0.1/"},
      {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"owl", "http://www.w3.org/2002/07/owl#"},
      {"vcard", "http://www.w3.org/2006/vcard/ns#"},
  };
  return prefixes;
}

// ---------------------------------------------------------------------------------------------
// The graph: subjects and the values of their properties.

struct Value {
  std::string name;  // schema.org name (see VocabularyName)
  std::string text;  // literal, or the IRI of a resource value
  int object = -1;   // the subject this value is, or -1 for a literal
  HtmlNode element;
  bool machine = false;    // from content or a datatype: '.' is the decimal point
  bool link = false;       // `text` is the IRI of resource, href or src
  bool from_text = false;  // the literal is the element's text, read when it is needed
};

struct Subject {
  std::vector<std::string> types;  // schema.org names
  std::vector<Value> values;       // in document order
};

// Triples whose object is the next subject found below (RDFa Core §7.5 step 10).
struct Incomplete {
  int subject = -1;
  std::vector<std::string> names;
};

// RDFa Core §7.5's evaluation context. Shared parts are immutable once made, so that a page
// with a long vocab or many prefixes costs memory per declaration, not per element.
struct Context {
  int parent_subject = 0;
  int parent_object = 0;
  std::shared_ptr<const std::string> vocab;
  std::shared_ptr<const Prefixes> prefixes;
  std::shared_ptr<const Incomplete> incomplete;
};

class GraphBuilder {
 public:
  GraphBuilder() { subjects_.emplace_back(); }  // subject 0: the document (the base IRI)

  std::vector<Subject> Build(const HtmlDocument& doc) {
    std::vector<std::pair<HtmlNode, Context>> open;  // the element's ancestors, innermost last
    Context initial;
    initial.vocab = std::make_shared<const std::string>();
    initial.prefixes = std::make_shared<const Prefixes>(InitialPrefixes());
    doc.ForEachElement([&](HtmlNode node) {
      const HtmlNode parent = node.Parent();
      while (!open.empty() && open.back().first != parent) {
        open.pop_back();
      }
      const bool root = open.empty();
      Context child = Process(node, root ? initial : open.back().second, root);
      open.emplace_back(node, std::move(child));
    });
    ResolveResourceValues();
    return std::move(subjects_);
  }

 private:
  int Blank() {
    subjects_.emplace_back();
    return static_cast<int>(subjects_.size()) - 1;
  }

  int ForIri(const std::string& iri) {
    const auto it = by_iri_.find(iri);
    if (it != by_iri_.end()) {
      return it->second;
    }
    const int id = iri.empty() ? 0 : Blank();  // about="" is the document itself
    by_iri_.emplace(iri, id);
    return id;
  }

  // A CURIE, term or IRI of property, rel or typeof, as a full IRI; "" when it names nothing
  // (a term without a vocabulary, a blank node).
  static std::string Expand(std::string_view token, const Context& ctx) {
    const auto colon = token.find(':');
    if (colon == std::string_view::npos) {
      return ctx.vocab->empty() ? std::string() : *ctx.vocab + std::string(token);
    }
    const std::string prefix = LowerAscii(token.substr(0, colon));
    const std::string_view reference = token.substr(colon + 1);
    if (prefix == "_") {
      return {};
    }
    if (reference.substr(0, 2) == "//") {
      return std::string(token);  // an absolute IRI (http://schema.org/price)
    }
    const auto it = ctx.prefixes->find(prefix);
    return it == ctx.prefixes->end() ? std::string(token) : it->second + std::string(reference);
  }

  static std::vector<std::string> Names(std::string_view attr, const Context& ctx,
                                        bool curies_only) {
    std::vector<std::string> names;
    for (const std::string_view token : SplitTokens(attr)) {
      if (curies_only && token.find(':') == std::string_view::npos) {
        continue;
      }
      std::string name = VocabularyName(Expand(token, ctx));
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
    }
    return names;
  }

  // The resource an about or resource attribute names (SafeCURIEorCURIEorIRI, RDFa Core §7.4
  // "CURIE and IRI Processing"): a safe CURIE "[gr:x]", a CURIE with a declared prefix
  // "schema:InStock", a blank node "_:a", else an IRI as written. nullopt for a safe CURIE whose
  // prefix is not declared: the attribute is then ignored.
  static std::optional<std::string> ResourceKey(std::string_view value, const Context& ctx) {
    value = Trim(value, kHtmlSpace);
    const bool safe = value.size() >= 2 && value.front() == '[' && value.back() == ']';
    if (safe) {
      value = value.substr(1, value.size() - 2);
    }
    if (value.substr(0, 2) == "_:") {
      return std::string(value);
    }
    const auto colon = value.find(':');
    if (colon != std::string_view::npos && value.substr(colon + 1, 2) != "//" &&
        ctx.prefixes->contains(LowerAscii(value.substr(0, colon)))) {
      return Expand(value, ctx);
    }
    if (safe) {
      return std::nullopt;
    }
    return std::string(value);
  }

  static void UpdatePrefixes(HtmlNode node, Context& ctx) {
    std::optional<Prefixes> updated;
    auto set = [&](std::string_view name, std::string_view iri) {
      if (!updated) {
        updated = *ctx.prefixes;
      }
      (*updated)[LowerAscii(name)] = std::string(iri);
    };
    for (const HtmlAttribute& attr : node.Attributes()) {
      if (attr.name.size() > 6 && attr.name.substr(0, 6) == "xmlns:") {
        set(attr.name.substr(6), Trim(attr.value, kHtmlSpace));
      }
    }
    // prefix="schema: http://schema.org/ gr: http://purl.org/goodrelations/v1#"
    const std::vector<std::string_view> tokens = SplitTokens(node.AttrOr("prefix"));
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i].size() >= 2 && tokens[i].back() == ':' && tokens[i + 1].back() != ':') {
        set(tokens[i].substr(0, tokens[i].size() - 1), tokens[i + 1]);
        ++i;
      }
    }
    if (updated) {
      ctx.prefixes = std::make_shared<const Prefixes>(std::move(*updated));
    }
  }

  // The attributes of one element that decide its subjects.
  struct ElementAttributes {
    const std::optional<std::string>& about;
    const std::optional<std::string>& resource;  // @resource, else @href, else @src
    bool has_typeof;
    bool has_property;
    bool has_literal;  // content or datatype
    bool has_rel;
  };

  // RDFa Core §7.5's "new subject", "current object resource" and "typed resource".
  struct Resources {
    int new_subject = -1;
    int object = -1;
    int typed = -1;
    bool skip = false;  // the element adds nothing: its children keep the parent's context
  };

  // Steps 5 and 6 of RDFa Core §7.5 for an element with these attributes.
  Resources ChooseResources(const ElementAttributes& e, const Context& parent, bool root) {
    Resources r;
    if (!e.has_rel) {
      if (e.has_property && !e.has_literal) {  // step 5.1
        if (e.about) {
          r.new_subject = ForIri(*e.about);
          r.typed = e.has_typeof ? r.new_subject : -1;
        } else if (root) {
          r.new_subject = 0;
          r.typed = e.has_typeof ? r.new_subject : -1;
        } else {
          r.new_subject = parent.parent_object;
          if (e.has_typeof) {
            r.typed = e.resource ? ForIri(*e.resource) : Blank();
            r.object = r.typed;
          }
        }
      } else {  // step 5.2
        if (e.about) {
          r.new_subject = ForIri(*e.about);
        } else if (e.resource) {
          r.new_subject = ForIri(*e.resource);
        } else if (root) {
          r.new_subject = 0;
        } else if (e.has_typeof) {
          r.new_subject = Blank();
        } else {
          r.new_subject = parent.parent_object;
          r.skip = !e.has_property;
        }
        r.typed = e.has_typeof ? r.new_subject : -1;
      }
    } else {  // step 6
      if (e.about) {
        r.new_subject = ForIri(*e.about);
        r.typed = e.has_typeof ? r.new_subject : -1;
      } else {
        r.new_subject = root ? 0 : parent.parent_object;
      }
      if (e.resource) {
        r.object = ForIri(*e.resource);
      } else if (e.has_typeof && !e.about) {
        r.object = Blank();
      }
      if (e.has_typeof && !e.about) {
        r.typed = r.object;
      }
    }
    return r;
  }

  // One step of RDFa Core §7.5 for `node`; returns the context of its children.
  Context Process(HtmlNode node, const Context& parent, bool root) {
    Context ctx = parent;
    if (const auto vocab = node.Attr("vocab")) {
      ctx.vocab = std::make_shared<const std::string>(Trim(*vocab, kHtmlSpace));
    }
    UpdatePrefixes(node, ctx);

    std::optional<std::string> about;
    if (const auto a = node.Attr("about")) {
      about = ResourceKey(*a, ctx);
    }
    std::optional<std::string> resource;  // @resource, else @href, else @src
    if (const auto named = node.Attr("resource")) {
      resource = ResourceKey(*named, ctx);
    }
    if (!resource) {
      if (const auto h = node.Attr("href")) {
        resource = std::string(Trim(*h, kHtmlSpace));
      } else if (const auto s = node.Attr("src")) {
        resource = std::string(Trim(*s, kHtmlSpace));
      }
    }
    const bool has_typeof = node.HasAttr("typeof");
    const bool has_property = node.HasAttr("property");
    const bool has_content = node.HasAttr("content");
    const bool has_datatype = node.HasAttr("datatype");
    // HTML+RDFa §3.1: beside a property, rel values that are not CURIEs or IRIs (rel=nofollow)
    // are HTML link types, not RDFa; a rel left empty that way is absent.
    const std::vector<std::string> rels = Names(node.AttrOr("rel"), ctx, has_property);
    const std::vector<std::string_view> rel_tokens = SplitTokens(node.AttrOr("rel"));
    const bool has_rel =
        node.HasAttr("rel") &&
        !(has_property && std::none_of(rel_tokens.begin(), rel_tokens.end(), [](auto t) {
            return t.find(':') != std::string_view::npos;
          }));

    const Resources r = ChooseResources(
        {about, resource, has_typeof, has_property, has_content || has_datatype, has_rel}, parent,
        root);
    const int new_subject = r.new_subject;
    const int typed = r.typed;
    const bool skip = r.skip;
    int object = r.object;
    if (typed >= 0) {
      for (std::string& type : Names(node.AttrOr("typeof"), ctx, false)) {
        subjects_[static_cast<std::size_t>(typed)].types.push_back(std::move(type));
      }
    }
    std::shared_ptr<const Incomplete> incomplete;
    if (has_rel) {
      if (object >= 0) {  // step 9
        for (const std::string& name : rels) {
          Add(new_subject, {name, "", object, node, false, false});
        }
      } else if (!rels.empty()) {  // step 10
        object = Blank();
        incomplete = std::make_shared<const Incomplete>(Incomplete{new_subject, rels});
      }
    }
    if (has_property) {  // step 11
      AddPropertyValues(node, ctx, new_subject, typed, about.has_value(), has_rel, resource);
    }
    if (!skip && parent.incomplete) {  // step 12
      for (const std::string& name : parent.incomplete->names) {
        Add(parent.incomplete->subject, {name, "", new_subject, node, false, false});
      }
    }
    if (skip) {  // step 13
      return ctx;
    }
    ctx.parent_subject = new_subject;
    ctx.parent_object = object >= 0 ? object : new_subject;
    ctx.incomplete = std::move(incomplete);
    return ctx;
  }

  void AddPropertyValues(HtmlNode node, const Context& ctx, int subject, int typed, bool has_about,
                         bool has_rel, const std::optional<std::string>& resource) {
    const std::vector<std::string> names = Names(node.AttrOr("property"), ctx, false);
    if (names.empty()) {
      return;
    }
    Value value;
    value.element = node;
    const auto content = node.Attr("content");
    const std::string datatype(Trim(node.AttrOr("datatype"), kHtmlSpace));
    if (!datatype.empty()) {
      if (content) {
        value.text = CollapseSpace(*content);
      } else {
        value.from_text = true;
      }
      value.machine = !StartsWithIgnoreCase(datatype, "rdf:");  // not an XML or HTML literal
    } else if (content) {
      value.text = CollapseSpace(*content);
      value.machine = true;
    } else if (!has_rel && resource && !node.HasAttr("datatype")) {
      value.text = *resource;  // resolved to a subject once the page is read
      value.link = true;
    } else if (typed >= 0 && !has_about) {
      value.object = typed;
    } else {
      value.from_text = true;
    }
    for (const std::string& name : names) {
      value.name = name;
      Add(subject, value);
    }
  }

  void Add(int subject, Value value) {
    subjects_[static_cast<std::size_t>(subject)].values.push_back(std::move(value));
  }

  // A property whose value is an IRI some subject has (resource="#offer") has that subject as
  // its value.
  void ResolveResourceValues() {
    for (Subject& s : subjects_) {
      for (Value& v : s.values) {
        if (v.link && v.object < 0) {
          if (const auto it = by_iri_.find(v.text); it != by_iri_.end() && it->second != 0) {
            v.object = it->second;
          }
        }
      }
    }
  }

  std::vector<Subject> subjects_;
  std::unordered_map<std::string, int> by_iri_;
};

// ---------------------------------------------------------------------------------------------
// schema.org offers on the subjects, read as microdata's items are (crawler/extract/microdata.h).

bool IsType(const Subject& s, std::string_view type) {
  return std::any_of(s.types.begin(), s.types.end(),
                     [&](const std::string& t) { return AsciiEqualsIgnoreCase(t, type); });
}

bool Named(const Value& v, std::string_view name) {
  return AsciiEqualsIgnoreCase(v.name, name);
}

std::string_view LastSegment(std::string_view token) {
  while (!token.empty() && (token.back() == '/' || token.back() == '#')) {
    token.remove_suffix(1);
  }
  const auto cut = token.find_last_of("/#:");
  return cut == std::string_view::npos ? token : token.substr(cut + 1);
}

std::string Describe(HtmlNode node) {
  std::string attr(node.AttrOr("property"));
  if (attr.empty()) {
    attr = std::string(node.AttrOr("rel"));
  }
  return "line " + std::to_string(node.SourceLine()) + " <" + std::string(node.Tag()) +
         " property=" + attr + ">";
}

void AppendNote(std::string& note, std::string_view part) {
  if (part.empty()) {
    return;
  }
  if (!note.empty()) {
    note += "; ";
  }
  note += part;
}

// What schema.org's PriceTypeEnumeration (and GoodRelations' gr:priceType "SRP") says.
enum class PriceKind { kCurrent, kList, kSale, kSecondary };

PriceKind KindOfPriceType(std::string_view price_type) {
  const std::string t = LowerAscii(LastSegment(CollapseSpace(price_type)));
  if (t == "listprice" || t == "msrp" || t == "srp" || t == "strikethroughprice" ||
      t == "regularprice") {
    return PriceKind::kList;
  }
  if (t == "saleprice") {
    return PriceKind::kSale;
  }
  if (t == "invoiceprice" || t == "minimumadvertisedprice") {
    return PriceKind::kSecondary;
  }
  return PriceKind::kCurrent;
}

struct OfferContext {
  std::string sku;
  std::string url;
  std::string item_type;
};

class RdfaReader {
 public:
  RdfaReader(const std::vector<Subject>& subjects, std::size_t page_size, const PageHints& hints,
             ExtractedFields& out)
      : subjects_(subjects),
        hints_(hints),
        out_(out),
        reads_left_(kReadSlack),
        text_left_(kTextPerPageByte * page_size + kTextSlack),
        visited_(subjects.size(), false),
        referenced_(subjects.size(), false) {
    for (std::size_t i = 0; i < subjects.size(); ++i) {
      reads_left_ += kReadsPerValue * subjects[i].values.size();
      for (const Value& v : subjects[i].values) {
        if (v.object >= 0 && static_cast<std::size_t>(v.object) != i) {
          referenced_[static_cast<std::size_t>(v.object)] = true;
        }
      }
    }
  }

  void ReadPage() {
    for (std::size_t i = 0; i < subjects_.size(); ++i) {
      if (!referenced_[i]) {
        Visit(static_cast<int>(i), 0);
      }
    }
    if (!out_.candidates.empty()) {
      return;
    }
    // Subjects that only refer to each other (a Product's offers whose itemOffered is the
    // Product) have no top; with nothing else found, the first offered one in the page is it.
    for (std::size_t i = 0; i < subjects_.size() && out_.candidates.empty(); ++i) {
      if (!visited_[i] && (IsOfferedItem(subjects_[i]) || IsOfferType(subjects_[i]))) {
        Visit(static_cast<int>(i), 0);
      }
    }
  }

 private:
  // Reads the subject when it offers something, else the subjects it refers to (a WebPage's
  // mainEntity).
  void Visit(int id, int depth) {
    if (depth >= kMaxSubjectDepth || visited_[static_cast<std::size_t>(id)] || reads_left_ == 0) {
      return;
    }
    visited_[static_cast<std::size_t>(id)] = true;
    --reads_left_;
    const Subject& s = At(id);
    if (IsOfferType(s)) {
      OfferContext context;
      context.item_type = "bare Offer";
      ReadOffer(s, context, /*from_seller=*/true, 0);
      return;
    }
    if (IsOfferedItem(s)) {
      ReadOfferedItem(s, /*as_variant=*/false, 0);
      return;
    }
    if (MakesOffers(s)) {
      ReadSeller(s);
      return;
    }
    for (const Value& v : s.values) {
      if (v.object >= 0) {
        Visit(v.object, depth + 1);
      }
    }
  }

  const Subject& At(int id) const { return subjects_[static_cast<std::size_t>(id)]; }

  // The value as text. An element's text is read only when a value is used, and only while the
  // page's text budget lasts: nested property elements each hold the text of those inside.
  std::string Literal(const Value& v) {
    if (!v.from_text) {
      return v.text;
    }
    if (text_left_ == 0) {
      return {};
    }
    std::string text = PropertyText(v.element);
    text_left_ -= std::min(text_left_, text.size());
    return text;
  }

  // The subject `v` is, or nullptr when it is a literal, nested too deep, or the page's read
  // budget is spent.
  const Subject* SubjectValue(const Value& v, int depth) {
    if (v.object < 0 || depth >= kMaxSubjectDepth || reads_left_ == 0) {
      return nullptr;
    }
    --reads_left_;
    visited_[static_cast<std::size_t>(v.object)] = true;
    return &At(v.object);
  }

  std::string First(const Subject& s, std::string_view name) {
    for (const Value& v : s.values) {
      if (Named(v, name) && v.object < 0) {
        return Literal(v);
      }
    }
    return {};
  }

  static bool IsOfferType(const Subject& s) {
    return IsType(s, "Offer") || IsType(s, "AggregateOffer") || IsType(s, "Offer-aggregate");
  }

  static bool IsOfferedItem(const Subject& s) {
    for (const char* type : {"Product", "IndividualProduct", "ProductModel", "ProductGroup",
                             "SomeProducts", "Vehicle", "Car", "Motorcycle"}) {
      if (IsType(s, type)) {
        return true;
      }
    }
    return std::any_of(s.values.begin(), s.values.end(), [](const Value& v) {
      return Named(v, "offers") || Named(v, "offerDetails") || Named(v, "price") ||
             Named(v, "lowPrice") || Named(v, "hasVariant");
    });
  }

  static bool MakesOffers(const Subject& s) {
    return std::any_of(s.values.begin(), s.values.end(),
                       [](const Value& v) { return Named(v, "makesOffer"); });
  }

  static std::string TypeName(const Subject& s) {
    return s.types.empty() ? std::string("subject") : s.types.front();
  }

  void ReadSeller(const Subject& seller) {
    OfferContext context;
    context.item_type = TypeName(seller) + " makesOffer";
    for (const Value& v : seller.values) {
      if (Named(v, "makesOffer")) {
        if (const Subject* offer = SubjectValue(v, 1)) {
          ReadOffer(*offer, context, /*from_seller=*/true, 1);
        }
      }
    }
  }

  void ReadItemFields(const Subject& item, int depth) {
    std::string name = First(item, "name");
    for (const Value& v : item.values) {
      if (Named(v, "sku") && out_.sku.empty()) {
        out_.sku = Literal(v);
      } else if (StartsWithIgnoreCase(v.name, "gtin") && out_.gtin.empty()) {
        out_.gtin = Literal(v);
      } else if (Named(v, "brand") && out_.brand.empty()) {
        const Subject* brand = SubjectValue(v, depth + 1);
        out_.brand = brand != nullptr ? First(*brand, "name") : Literal(v);
      }
    }
    if (names_.insert(name).second) {
      ++out_.product_count;
    }
    if (out_.title.empty()) {
      out_.title = std::move(name);
    }
  }

  PriceCandidate BaseCandidate(const OfferContext& context) const {
    PriceCandidate base;
    base.source = "rdfa";
    base.sku = context.sku;
    base.item_url = context.url;
    if (!context.item_type.empty()) {
      base.note = "offer of " + context.item_type;
    }
    return base;
  }

  void ReadOfferedItem(const Subject& item, bool as_variant, int depth) {
    if (!as_variant) {
      ReadItemFields(item, depth);
    }
    OfferContext context;
    context.sku = First(item, "sku");
    context.url = First(item, "url");
    context.item_type = TypeName(item);
    const std::string currency_text = First(item, "priceCurrency");
    const PriceCandidate base = BaseCandidate(context);
    for (const Value& v : item.values) {
      if (Named(v, "offers") || Named(v, "offerDetails")) {
        if (const Subject* offer = SubjectValue(v, depth + 1)) {
          ReadOffer(*offer, context, /*from_seller=*/false, depth + 1);
        } else if (v.object < 0) {
          AddPrice(v, currency_text, base, PriceKind::kCurrent, "offers given as text");
        }
      } else if (Named(v, "price") || Named(v, "lowPrice")) {
        AddPrice(v, currency_text, base, PriceKind::kCurrent, "");
      } else if (Named(v, "highPrice")) {
        AddPrice(v, currency_text, base, PriceKind::kSecondary, "highPrice");
      } else if (Named(v, "availability")) {
        NoteAvailability(v);
      } else if (Named(v, "hasVariant")) {
        if (const Subject* variant = SubjectValue(v, depth + 1)) {
          ReadOfferedItem(*variant, /*as_variant=*/true, depth + 1);
        }
      }
    }
  }

  // The offer's itemOffered (gr:includes): its fields are the product's, and its SKU and URL
  // the offer's.
  // GoodRelations' gr:includesObject names a TypeAndQuantityNode whose gr:typeOfGood is the
  // item (gr:includes is the primer's shortcut for one item).
  void ReadItemOffered(const Subject& offer, OfferContext& context, int depth) {
    for (const Value& v : offer.values) {
      const Subject* offered = nullptr;
      if (Named(v, "itemOffered")) {
        offered = SubjectValue(v, depth + 1);
      } else if (Named(v, "gr:includesObject")) {
        if (const Subject* node = SubjectValue(v, depth + 1)) {
          for (const Value& good : node->values) {
            if (Named(good, "gr:typeOfGood")) {
              offered = SubjectValue(good, depth + 2);
              break;
            }
          }
        }
      } else {
        continue;
      }
      if (offered != nullptr) {
        ReadItemFields(*offered, depth + 1);
        context.sku = First(*offered, "sku");
        context.url = First(*offered, "url");
        context.item_type = TypeName(*offered) + " (itemOffered of " + context.item_type + ")";
      }
      return;
    }
  }

  void ReadOffer(const Subject& offer, OfferContext context, bool from_seller, int depth) {
    if (from_seller) {
      ReadItemOffered(offer, context, depth);
      if (out_.title.empty()) {
        out_.title = First(offer, "name");  // a gr:Offering's own gr:name
      }
    }
    std::string currency_text = First(offer, "priceCurrency");
    if (currency_text.empty()) {
      currency_text = First(offer, "currency");  // data-vocabulary.org
    }
    PriceCandidate base = BaseCandidate(context);
    if (const std::string sku = First(offer, "sku"); !sku.empty()) {
      base.sku = sku;
    }
    std::string url = First(offer, "url");
    if (url.empty()) {
      url = First(offer, "offerURL");
    }
    if (!url.empty()) {
      base.item_url = url;
    }
    for (const Value& v : offer.values) {
      if (Named(v, "availability")) {
        base.availability = NoteAvailability(v);
        break;
      }
    }
    const bool aggregate = IsType(offer, "AggregateOffer") || IsType(offer, "Offer-aggregate");
    std::string count_note;
    if (aggregate) {
      if (const std::string count = First(offer, "offerCount"); !count.empty()) {
        count_note = ", offerCount " + count;
      }
    }
    const bool has_price = std::any_of(offer.values.begin(), offer.values.end(),
                                       [](const Value& v) { return Named(v, "price"); });
    for (const Value& v : offer.values) {
      if (Named(v, "price")) {
        AddPrice(v, currency_text, base, PriceKind::kCurrent, "");
      } else if (Named(v, "lowPrice") && (aggregate || !has_price)) {
        AddPrice(v, currency_text, base, PriceKind::kCurrent,
                 aggregate ? "AggregateOffer lowPrice" + count_note : "lowPrice");
      } else if (Named(v, "highPrice")) {
        AddPrice(v, currency_text, base, PriceKind::kSecondary,
                 aggregate ? "AggregateOffer highPrice" + count_note : "highPrice");
      }
    }
    for (const Value& v : offer.values) {
      if (Named(v, "priceSpecification")) {
        if (const Subject* spec = SubjectValue(v, depth + 1)) {
          ReadPriceSpecification(*spec, base, currency_text, false, depth + 1);
        }
      } else if (Named(v, "offers")) {
        if (const Subject* inner = SubjectValue(v, depth + 1)) {
          ReadOffer(*inner, context, false, depth + 1);
        }
      }
    }
  }

  void ReadPriceSpecification(const Subject& spec, const PriceCandidate& offer_base,
                              const std::string& offer_currency, bool component, int depth) {
    std::string currency_text = First(spec, "priceCurrency");
    if (currency_text.empty()) {
      currency_text = offer_currency;
    }
    PriceCandidate base = offer_base;
    AppendNote(base.note, TypeName(spec));
    PriceKind kind = PriceKind::kCurrent;
    if (const std::string type = First(spec, "priceType"); !type.empty()) {
      kind = KindOfPriceType(type);
      AppendNote(base.note, "priceType " + std::string(LastSegment(type)));
    }
    if (const std::string quantity = ReferenceQuantity(spec, depth); !quantity.empty()) {
      kind = PriceKind::kSecondary;
      AppendNote(base.note, "per " + quantity);
    }
    if (component) {
      kind = PriceKind::kSecondary;
    }
    if (IsType(spec, "DeliveryChargeSpecification") || IsType(spec, "PaymentChargeSpecification")) {
      kind = PriceKind::kSecondary;
    }
    bool has_price = false;
    for (const Value& v : spec.values) {
      if (Named(v, "price")) {
        has_price = AddPrice(v, currency_text, base, kind, "") || has_price;
      }
    }
    for (const Value& v : spec.values) {
      if (Named(v, "minPrice") && !has_price) {
        AddPrice(v, currency_text, base, kind, "minPrice");
      } else if (Named(v, "maxPrice") && !has_price) {
        AddPrice(v, currency_text, base, PriceKind::kSecondary, "maxPrice");
      } else if (Named(v, "priceComponent")) {
        if (const Subject* part = SubjectValue(v, depth + 1)) {
          ReadPriceSpecification(*part, offer_base, currency_text, true, depth + 1);
        }
      }
    }
  }

  std::string ReferenceQuantity(const Subject& spec, int depth) {
    for (const Value& v : spec.values) {
      if (!Named(v, "referenceQuantity")) {
        continue;
      }
      if (const Subject* quantity = SubjectValue(v, depth + 1)) {
        std::string unit = First(*quantity, "unitCode");
        if (unit.empty()) {
          unit = First(*quantity, "unitText");
        }
        return CollapseSpace(First(*quantity, "value") + " " + unit);
      }
      return Literal(v);
    }
    return {};
  }

  Availability NoteAvailability(const Value& v) {
    const std::string text = Literal(v);
    const Availability a = ParseAvailability(text);
    if (a != Availability::kUnknown &&
        (out_.availability == Availability::kUnknown ||
         (a == Availability::kInStock && out_.availability != Availability::kInStock))) {
      out_.availability = a;
      out_.availability_note =
          "rdfa availability " + text + " (line " + std::to_string(v.element.SourceLine()) + ")";
    }
    return a;
  }

  // Adds the price `v` states; false when it holds none.
  bool AddPrice(const Value& v, const std::string& currency_text, const PriceCandidate& base,
                PriceKind kind, std::string_view note) {
    if (v.object >= 0) {
      return false;
    }
    const std::string text = Literal(v);
    std::string currency = NormalizeCurrency(currency_text, hints_);
    if (currency.empty() && !v.machine) {
      currency = NormalizeCurrency(text, hints_);
    }
    std::optional<Decimal> amount;
    if (v.machine || v.element.Is("meta")) {
      amount = ParseStructuredAmount(text, currency, hints_);
    } else {
      const ParsedPrice parsed = ParsePrice(text, currency);
      amount = parsed.amount;
      if (currency.empty()) {
        currency = parsed.currency_code;
      }
    }
    if (!amount || amount->IsNegative()) {
      return false;
    }
    PriceCandidate c = base;
    c.price = *amount;
    c.currency = currency;
    c.where = Describe(v.element);
    c.is_list_price = kind == PriceKind::kList || InListPriceContext(v.element);
    c.is_sale_price = kind == PriceKind::kSale;
    c.is_secondary = kind == PriceKind::kSecondary;
    AppendNote(c.note, note);
    if (c.is_list_price && kind != PriceKind::kList) {
      AppendNote(c.note, "struck out or marked as an old price");
    }
    out_.candidates.push_back(std::move(c));
    return true;
  }

  const std::vector<Subject>& subjects_;
  const PageHints& hints_;
  ExtractedFields& out_;
  std::size_t reads_left_;
  std::size_t text_left_;         // bytes of element text the reader may still read
  std::vector<bool> visited_;     // subjects already read (top level or as a value)
  std::vector<bool> referenced_;  // subjects that another subject has as a value
  std::set<std::string> names_;
};

}  // namespace

ExtractedFields ExtractRdfa(const HtmlDocument& doc, const PageHints& hints) {
  ExtractedFields out;
  const std::vector<Subject> subjects = GraphBuilder().Build(doc);
  RdfaReader reader(subjects, doc.Source().size(), hints, out);
  reader.ReadPage();
  return out;
}

}  // namespace pricecrawl::crawler
