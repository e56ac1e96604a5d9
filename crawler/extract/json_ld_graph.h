#pragma once
// Reads the nodes of one parsed JSON-LD block (W3C JSON-LD 1.1) the way the schema.org
// vocabulary means them:
// - node references: {"@id": "#o1"} (an object with no property but @id, and perhaps @type)
//   stands for the node with that @id in the same block, in a @graph or anywhere in the tree
//   (JSON-LD 1.1 §4.5 "Embedding" and §4.9 "Named Graphs"); a relative reference also matches
//   an absolute @id with the same fragment. One look-up, never a chain, so it is bounded and
//   cannot loop.
// - types without their vocabulary prefix: "http://schema.org/Product", "https://schema.org/
//   Product", "schema:Product" and "Product" are one type; @type may be an array.
// - properties by their term, also when the key is a schema.org IRI ("http://schema.org/price",
//   "schema:price") or written in another letter case ("Price", "Offers"). JSON-LD terms are
//   case-sensitive, so a case-folded match is reported for the candidate's reasons.

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace pricecrawl::crawler {

// A property found on a node.
struct JsonLdProperty {
  const nlohmann::json* value = nullptr;  // nullptr when the node does not have the property
  // "key 'Price' read case-insensitively" when only a key in another letter case matched.
  std::string note;

  explicit operator bool() const { return value != nullptr; }
};

// The @id index of one parsed block. Holds pointers into `root`, which must outlive it.
class JsonLdGraph {
 public:
  explicit JsonLdGraph(const nlohmann::json& root);

  // The node `value` stands for: the node with that @id when `value` is a reference and the
  // block defines it, else `value` itself.
  const nlohmann::json& Resolve(const nlohmann::json& value) const;

  // The @id a reference names ("#o1"), "" when `value` is not a reference.
  static std::string ReferenceId(const nlohmann::json& value);

 private:
  std::unordered_map<std::string, const nlohmann::json*> by_id_;
  std::unordered_map<std::string, const nlohmann::json*> by_fragment_;
};

// The term of a schema.org type or property IRI: "http://schema.org/Product", "schema:Product"
// -> "Product". Other text is returned as it is.
std::string_view BareTerm(std::string_view iri);

// Whether the node's @type (a string or an array of them) names one of `names`, compared
// without vocabulary prefix and ignoring letter case.
bool HasType(const nlohmann::json& node, std::initializer_list<std::string_view> names);

// The first @type of the node without its prefix, "" when it has none.
std::string FirstType(const nlohmann::json& node);

// The property `term` of `node` (an object): the key as the vocabulary spells it first, then
// a schema.org IRI of it, then a key that differs only in letter case (noted).
JsonLdProperty FindProperty(const nlohmann::json& node, std::string_view term);

// A scalar as text: strings as they are, integers in their digits, an object by its @value,
// value, name or @id, an array by its first element. Fractional numbers never reach here as
// numbers (json_ld_parse.h turns them into strings).
std::string ScalarText(const nlohmann::json& value);

}  // namespace pricecrawl::crawler
