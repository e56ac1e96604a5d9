# pricecrawl::options: warnings and sanitizers for our own targets only.
add_library(pricecrawl_options INTERFACE)
add_library(pricecrawl::options ALIAS pricecrawl_options)
target_compile_options(pricecrawl_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  $<$<BOOL:${PRICECRAWL_WERROR}>:-Werror>)
if(PRICECRAWL_SANITIZE)
  set(_pc_san -fsanitize=${PRICECRAWL_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  if(PRICECRAWL_SANITIZE MATCHES "undefined")
    # oneTBB's graph_task casts after destruction; UBSan's vptr check reports it (STYLE.md 4.10).
    list(APPEND _pc_san -fno-sanitize=vptr)
  endif()
  target_compile_options(pricecrawl_options INTERFACE ${_pc_san})
  target_link_options(pricecrawl_options INTERFACE ${_pc_san})
endif()
