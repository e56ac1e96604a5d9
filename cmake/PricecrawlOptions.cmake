# pricecrawl::options: warnings and sanitizers for our own targets only.
add_library(pricecrawl_options INTERFACE)
add_library(pricecrawl::options ALIAS pricecrawl_options)
target_compile_options(pricecrawl_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  $<$<BOOL:${PRICECRAWL_WERROR}>:-Werror>)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # g++ 12 at -O3 reports "literal" + std::string as an overlapping memcpy inside libstdc++
  # (GCC bug 105651, a false -Wrestrict); it would fail every Release build under -Werror.
  target_compile_options(pricecrawl_options INTERFACE -Wno-restrict)
endif()
if(PRICECRAWL_SANITIZE)
  set(_pc_san -fsanitize=${PRICECRAWL_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  if(PRICECRAWL_SANITIZE MATCHES "undefined")
    # oneTBB's graph_task casts after destruction; UBSan's vptr check reports it (STYLE.md 4.10).
    list(APPEND _pc_san -fno-sanitize=vptr)
  endif()
  target_compile_options(pricecrawl_options INTERFACE ${_pc_san})
  target_link_options(pricecrawl_options INTERFACE ${_pc_san})
endif()
if(PRICECRAWL_FUZZ)
  # libFuzzer needs clang. Our code gets coverage instrumentation plus ASan+UBSan; each fuzzer
  # adds -fsanitize=fuzzer at link time (fuzz/CMakeLists.txt).
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PRICECRAWL_FUZZ=ON needs clang: configure with CXX=clang++")
  endif()
  set(_pc_fuzz_san -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  target_compile_options(pricecrawl_options INTERFACE -fsanitize=fuzzer-no-link ${_pc_fuzz_san})
  target_link_options(pricecrawl_options INTERFACE ${_pc_fuzz_san})
endif()

# A module library from its folder's sources; an INTERFACE library while the folder has none,
# so a partial checkout still configures.
function(pricecrawl_module_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(ARG_SOURCES)
    add_library(${name} STATIC ${ARG_SOURCES})
    set(${name}_SCOPE PUBLIC PARENT_SCOPE)
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  else()
    add_library(${name} INTERFACE)
    set(${name}_SCOPE INTERFACE PARENT_SCOPE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
  endif()
endfunction()
