#!/usr/bin/env bash
# Checks the dependency rule of the source tree (README "Code map"): a folder of crawler/ includes
# only from the folders below it or from itself; config/ and storage/ include nothing of crawler/;
# each C library, SQL text and the process's own output stay in the one place they belong.
# Prints every violation as file:line and exits 1 when there is one. CI runs it before the build.
set -uo pipefail
cd "$(dirname "$0")/.."

# The folders each crawler/ folder may include from, beside itself (lowest first).
allowed_below() {
  case "$1" in
    base) echo "" ;;
    fetch) echo "base" ;;
    html | politeness | price) echo "fetch base" ;;
    extract | alerts) echo "html politeness price fetch base" ;;
    crawl | report) echo "extract alerts html politeness price fetch base" ;;
    cli) echo "crawl report extract alerts html politeness price fetch base" ;;
    *) echo "?" ;;
  esac
}

violations=0
fail() {
  echo "$1: $2"
  violations=$((violations + 1))
}

# grep -n over the given files; prints file:line:text.
matches() {
  local pattern=$1
  shift
  [ $# -gt 0 ] && grep -HnE "$pattern" "$@"
}

mapfile -t sources < <(git ls-files 'crawler/*.cc' 'crawler/*.h' 'storage/*.cc' 'storage/*.h' \
  'config/*.cc' 'config/*.h')

for file in "${sources[@]}"; do
  top=${file%%/*}
  rest=${file#*/}
  if [ "$top" = crawler ] && [ "$rest" != main.cc ]; then
    folder=${rest%%/*}
    allowed=$(allowed_below "$folder")
    if [ "$allowed" = "?" ] || [ "$folder" = "$rest" ]; then
      fail "$file" "not in a known crawler/ subfolder (base fetch politeness html price extract alerts crawl report cli)"
      continue
    fi
    while IFS= read -r hit; do
      used=$(sed -E 's|.*#include "crawler/([a-z_]+)/.*|\1|' <<<"${hit#*:*:}")
      if [ "$used" != "$folder" ] && [[ " $allowed " != *" $used "* ]]; then
        fail "${hit%%:#*}" "crawler/$folder/ may not include crawler/$used/ (upward or sideways)"
      fi
    done < <(matches '^\s*#\s*include "crawler/' "$file")
  elif [ "$top" != crawler ]; then
    while IFS= read -r hit; do
      fail "${hit%%:#*}" "$top/ is a leaf: it may not include crawler/"
    done < <(matches '^\s*#\s*include "crawler/' "$file")
  fi
done

# The crawl loop and politeness see the frontier through plain records only (a second storage
# backend must not touch them): from storage/ they include only sqlite-free headers.
for file in "${sources[@]}"; do
  [[ $file =~ ^crawler/(politeness/|crawl/(crawl_loop|crawl_frontier|crawl_pipeline|stored_page)\.) ]] || continue
  while IFS= read -r hit; do
    fail "$(cut -d: -f1,2 <<<"$hit")" "the crawl loop and politeness include from storage/ only frontier_types.h and timestamp.h"
  done < <(matches '^\s*#\s*include "storage/' "$file" | grep -vE '"storage/(frontier_types|timestamp)\.h"')
done

# Library confinement: pattern, the path prefixes allowed to match it, what to say.
confine() {
  local pattern=$1 allowed=$2 what=$3 file
  for file in "${sources[@]}"; do
    [[ $file =~ $allowed ]] && continue
    while IFS= read -r hit; do
      fail "$(cut -d: -f1,2 <<<"$hit")" "$what"
    done < <(matches "$pattern" "$file")
  done
}
confine '^\s*#\s*include\s*[<"]curl/' '^crawler/fetch/' '<curl/...> is included only in crawler/fetch/'
confine '^\s*#\s*include\s*"crawler/fetch/curl_handles\.h"' '^crawler/fetch/' \
  'curl_handles.h (curl types) is included only in crawler/fetch/'
confine '^\s*#\s*include\s*[<"]gumbo\.h' '^crawler/html/' '<gumbo.h> is included only in crawler/html/'
confine '^\s*#\s*include\s*[<"](oneapi/)?tbb/' '^crawler/crawl/pipeline\.(cc|h)$' \
  'oneTBB is included only in crawler/crawl/pipeline.*'
confine '^\s*#\s*include\s*[<"]sqlite3\.h' '^storage/' '<sqlite3.h> is included only in storage/'
# SQL statements are string literals that start with a keyword, raw strings tagged sql, or the
# lines of a raw string; they live in storage/ only.
sql_keyword='(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|WITH)'
confine "(\"\\s*$sql_keyword\\s|R\"sql\\(|^\\s*$sql_keyword\\s)" '^storage/' 'SQL text belongs in storage/'
# What the user reads on the terminal, and exit codes, are the commands' business.
confine '(std::cout|std::cerr|std::clog|\bf?printf\(|\bputs\(|\bstd::exit\(|\bexit\(|STD(OUT|ERR)_FILENO)' \
  '^crawler/(cli/|main\.cc$)' 'stdout, stderr and exit codes only in crawler/cli/ and crawler/main.cc'

if [ "$violations" -gt 0 ]; then
  echo "check-layers: $violations violations of the dependency rule (README \"Code map\")"
  exit 1
fi
echo "check-layers: ${#sources[@]} files follow the dependency rule"
