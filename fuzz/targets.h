#pragma once
// Fuzz targets: one function per parser of untrusted or user input, each feeding arbitrary
// bytes to the project's real code and checking the cheap invariants its contract promises.
// The same functions back the libFuzzer executables (fuzz/*_fuzzer.cc, built with
// -DPRICECRAWL_FUZZ=ON and clang) and tests/fuzz/corpus_replay_test.cc, which replays the
// checked-in corpora (fuzz/corpus/<name>/) in every test build, sanitizers included.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pricecrawl::fuzz {

// What one run of a target found: empty when every invariant held, else a one-line
// description of the first broken one. Exceptions a contract allows (UsageError from the
// seeds and config parsers) are caught inside; any other exception propagates to the caller,
// because for these parsers it is a bug.
using FuzzResult = std::string;

// URL normalisation and resolution (crawler/fetch/url.h). The whole input is normalised; split at
// its first '\n' it is also a (base, reference) pair for ResolveUrl. Checks: NormalizeUrl is
// idempotent on its own output and stays within kMaxUrlLength, a resolved URL is already
// normal, a non-file base never resolves to a file: URL, HostKey of a normal http(s) URL is
// not empty.
FuzzResult FuzzUrl(const std::uint8_t* data, std::size_t size);

// robots.txt parsing and matching (crawler/politeness/robots.h). Parses the input for "pricecrawl"
// and queries IsAllowed for fixed paths and for each of the file's first lines taken as a path.
// Checks: "/robots.txt" is always allowed, Crawl-delay lies within 0..24 h, a copy of the
// policy answers like the original.
FuzzResult FuzzRobots(const std::uint8_t* data, std::size_t size);

// The price-string parser (crawler/price/price_parser.h). The first byte picks the forced decimal
// separator (none, '.', ','), the rest is the text. Checks: the amount is never negative and
// has an amount_text, the currency as printed is part of the input, a currency code is three
// uppercase letters, the amount's canonical text re-parses (with '.' forced) to the same
// amount, and both ParsePrice overloads agree.
FuzzResult FuzzPrice(const std::uint8_t* data, std::size_t size);

// Product extraction over arbitrary HTML (crawler/html/html.h, crawler/extract/product_extractor.h,
// crawler/html/page_links.h): JSON-LD, microdata, OpenGraph, selectors and visible text, with and
// without per-site selectors, plus link discovery. Checks: a product has a price, prices are
// not negative, currency codes are three uppercase letters or empty, the winning price is one
// of the candidates, every discovered link is already normal.
FuzzResult FuzzExtract(const std::uint8_t* data, std::size_t size);

// Seeds-file parsing (config/seeds.h). UsageError is the contract for bad input; its message
// must name the source. Checks on success: URLs are non-empty and unique, line numbers
// increase from 1.
FuzzResult FuzzSeeds(const std::uint8_t* data, std::size_t size);

// Config parsing (config/config.h). UsageError is the contract for bad input; its message must
// name the source. Checks on success: PolicyFor and SelectorsFor answer for a few hosts.
FuzzResult FuzzConfig(const std::uint8_t* data, std::size_t size);

// One named target, for drivers that run them all (the corpus replay test).
struct FuzzTarget {
  std::string_view name;  // also the corpus folder: fuzz/corpus/<name>/
  FuzzResult (*run)(const std::uint8_t* data, std::size_t size);
};

// Every target above, in a fixed order.
const std::vector<FuzzTarget>& AllFuzzTargets();

}  // namespace pricecrawl::fuzz
