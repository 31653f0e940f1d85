// Malformed attribute syntax gets Clang's parse errors and nothing else: no crash, no second
// diagnostic from the plugin, no annotation. Each case is its own file, so that one parse
// error's recovery cannot hide the next.
// REQUIRES: scoped-plugin-attributes
// RUN: rm -rf %t && split-file %s %t
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/unclosed.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/missing-comma.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/trailing-comma.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/lone-comma.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/parenthesized-type.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/call.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/pack.cpp
// RUN: %clangxx -std=c++17 -fsyntax-only -fplugin=%plugin -Xclang -verify %t/end-of-file.cpp

//--- unclosed.cpp
// (The parser recovers at the end of the file.)
// expected-error@+2 {{expected expression}}
// expected-error@+1 {{expected ']'}}
[[mlflow::trace(]] int f();
// expected-error@* {{expected external declaration}}

//--- missing-comma.cpp
[[mlflow::trace(CHAIN CHAIN)]] int f(); // expected-error {{expected ')'}} \
                                        // expected-error 2 {{expected ','}}

//--- trailing-comma.cpp
[[mlflow::trace(CHAIN,)]] int f(); // expected-error {{expected expression}}

//--- lone-comma.cpp
[[mlflow::trace(,)]] int f(); // expected-error {{expected expression}}

//--- parenthesized-type.cpp
// Only a bare word is a span type: in parentheses it is an expression, and undeclared.
[[mlflow::trace((CHAIN))]] int f(); // expected-error {{use of undeclared identifier 'CHAIN'}}

//--- call.cpp
[[mlflow::trace(TOOL, no_output())]] int f();
// expected-error@-1 {{called object type 'int' is not a function or function pointer}}
// expected-error@-2 {{invalid 'mlflow::trace' argument}}

//--- pack.cpp
template <class... Names> [[mlflow::trace(TOOL, Names...)]] int f();
// expected-error@-1 {{'Names' does not refer to a value}}
// expected-note@-2 {{declared here}}

//--- end-of-file.cpp
// expected-error@+3 {{expected ')'}}
// expected-error@+2 2 {{expected ']'}}
// expected-error@+1 {{expected external declaration}}
[[mlflow::trace(TOOL, "search_docs"