#include "crawler/extract/json_ld_graph.h"

#include <utility>
#include <vector>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

using Json = nlohmann::json;

// Deeper nesting is not indexed: no publisher nests a node definition this deep, and a hostile
// block stays linear.
constexpr int kMaxIndexDepth = 64;

bool IsReference(const Json& value) {
  if (!value.is_object()) {
    return false;
  }
  const auto id = value.find("@id");
  if (id == value.end() || !id->is_string()) {
    return false;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() != "@id" && it.key() != "@type") {
      return false;
    }
  }
  return true;
}

// The schema.org term of a key or type written as an IRI or compact IRI, "" when it is not one.
std::string_view SchemaOrgTerm(std::string_view iri) {
  for (const std::string_view prefix : {"schema:", "http://schema.org/", "https://schema.org/",
                                        "http://www.schema.org/", "https://www.schema.org/"}) {
    if (iri.size() > prefix.size() && StartsWithIgnoreCase(iri, prefix)) {
      return iri.substr(prefix.size());
    }
  }
  return {};
}

}  // namespace

JsonLdGraph::JsonLdGraph(const Json& root) {
  std::vector<std::pair<const Json*, int>> stack{{&root, 0}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxIndexDepth || !(node->is_object() || node->is_array())) {
      continue;
    }
    if (node->is_object() && !IsReference(*node)) {
      const auto id = node->find("@id");
      if (id != node->end() && id->is_string()) {
        const std::string& text = id->get_ref<const std::string&>();
        by_id_.emplace(text, node);
        if (const auto hash = text.find('#'); hash != std::string::npos) {
          by_fragment_.emplace(text.substr(hash), node);
        }
      }
    }
    for (const Json& child : *node) {
      if (child.is_object() || child.is_array()) {
        stack.emplace_back(&child, depth + 1);
      }
    }
  }
}

const Json& JsonLdGraph::Resolve(const Json& value) const {
  if (!IsReference(value)) {
    return value;
  }
  const std::string& id = value.find("@id")->get_ref<const std::string&>();
  if (const auto it = by_id_.find(id); it != by_id_.end()) {
    return *it->second;
  }
  if (const auto hash = id.find('#'); hash != std::string::npos) {
    if (const auto it = by_fragment_.find(id.substr(hash)); it != by_fragment_.end()) {
      return *it->second;
    }
  }
  return value;
}

std::string JsonLdGraph::ReferenceId(const Json& value) {
  return IsReference(value) ? value.find("@id")->get<std::string>() : std::string();
}

std::string_view BareTerm(std::string_view iri) {
  if (const std::string_view term = SchemaOrgTerm(iri); !term.empty()) {
    return term;
  }
  const auto cut = iri.find_last_of("/:#");
  return cut == std::string_view::npos ? iri : iri.substr(cut + 1);
}

bool HasType(const Json& node, std::initializer_list<std::string_view> names) {
  if (!node.is_object()) {
    return false;
  }
  const auto it = node.find("@type");
  if (it == node.end()) {
    return false;
  }
  auto matches = [&](const Json& t) {
    if (!t.is_string()) {
      return false;
    }
    const std::string_view bare = BareTerm(t.get_ref<const std::string&>());
    for (const std::string_view n : names) {
      if (AsciiEqualsIgnoreCase(bare, n)) {
        return true;
      }
    }
    return false;
  };
  if (it->is_array()) {
    for (const Json& t : *it) {
      if (matches(t)) {
        return true;
      }
    }
    return false;
  }
  return matches(*it);
}

std::string FirstType(const Json& node) {
  if (!node.is_object()) {
    return {};
  }
  const auto it = node.find("@type");
  if (it == node.end()) {
    return {};
  }
  const Json& first = it->is_array() && !it->empty() ? it->front() : *it;
  return first.is_string() ? std::string(BareTerm(first.get_ref<const std::string&>()))
                           : std::string();
}

JsonLdProperty FindProperty(const Json& node, std::string_view term) {
  if (!node.is_object()) {
    return {};
  }
  if (const auto exact = node.find(term); exact != node.end()) {
    return {&*exact, {}};
  }
  const Json* folded = nullptr;
  std::string folded_key;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string_view key = it.key();
    const std::string_view schema_term = SchemaOrgTerm(key);
    if (schema_term == term) {
      return {&it.value(), {}};
    }
    const std::string_view candidate = schema_term.empty() ? key : schema_term;
    if (folded == nullptr && AsciiEqualsIgnoreCase(candidate, term)) {
      folded = &it.value();
      folded_key = std::string(key);
    }
  }
  if (folded == nullptr) {
    return {};
  }
  return {folded, "key '" + folded_key + "' read case-insensitively"};
}

std::string ScalarText(const Json& value) {
  const Json* v = &value;
  // An array stands for its first element; an object for one of its scalar members.
  for (int hops = 0; hops < 8; ++hops) {
    if (v->is_string()) {
      return v->get<std::string>();
    }
    if (v->is_number_integer() || v->is_number_unsigned()) {
      return v->dump();
    }
    if (v->is_array() && !v->empty()) {
      v = &v->front();
      continue;
    }
    if (!v->is_object()) {
      return {};
    }
    const Json* next = nullptr;
    for (const char* key : {"@value", "value", "name", "@id"}) {
      if (const auto it = v->find(key); it != v->end() && !it->is_object() && !it->is_array()) {
        next = &*it;
        break;
      }
    }
    if (next == nullptr) {
      return {};
    }
    v = next;
  }
  return {};
}

}  // namespace pricecrawl::crawler
