#pragma once
// <regex>, included with GCC 12's false -Wmaybe-uninitialized silenced: under
// -fsanitize=address it fires inside the header's std::function members (GCC bug 105616), not
// in our code. Include this instead of <regex>.

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
