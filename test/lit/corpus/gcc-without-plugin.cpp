// Corpus (issue 14): without the plugin the corpus is ordinary C++ that GCC builds warning-free:
// the annotation macros (and the projects' own macros around them) expand to nothing, the raw
// and GNU attribute spellings are behind __has_cpp_attribute checks. Each corpus source is
// compiled with g++ -Wall -Wextra -Werror -pedantic in the standard its test uses, and the C
// part of extern-c.cpp with gcc's C front end. (lambdas.cpp and explicit-object-parameter.cpp are
// left out: explicit object parameters, `this auto self`, need GCC 14.)
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/macro-attribute.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/redeclarations.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/dependent-return.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/inline-namespace.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/default-arguments.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/parameter-packs.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/parameter-pack-empty.cpp
// RUN: %gxx -std=c++20 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/coroutines.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic -fno-exceptions %rtinc %S/no-exceptions-no-rtti.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic -fno-rtti %rtinc %S/no-exceptions-no-rtti.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti %rtinc %S/no-exceptions-no-rtti.cpp
// RUN: %gxx -std=c++23 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/lambda-return-captured.cpp
// RUN: %gxx -std=c++23 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/lambda-implicitly-constexpr.cpp
// RUN: %gxx -std=c++20 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/constexpr.cpp
// RUN: %gxx -std=c++23 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/constexpr.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/nodiscard-noexcept.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/references-and-arrays.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/ref-qualifiers.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %S/move-only-return.cpp
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -Wsuggest-override -pedantic %rtinc %S/virtual-override.cpp
// RUN: rm -rf %t && split-file %S/extern-c.cpp %t
// RUN: %gxx -x c -std=c11 -fsyntax-only -Wall -Wextra -Werror -pedantic %t/main.c
// RUN: %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic %rtinc %t/lib.cpp
