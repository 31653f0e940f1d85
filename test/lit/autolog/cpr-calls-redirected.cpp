// cpr: every instantiation of the variadic template cpr::Post (options in any order, rvalues and
// lvalues) and Session::Post are redirected; cpr::Get is not, nor Session::Post called from
// inside cpr/api.h (cpr calling itself).
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-mlflow-debug %rtinc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include <cpr/cpr.h>

void calls(cpr::Session& session, const cpr::Url& url) {
  cpr::Post(cpr::Url{"http://h/v1/chat/completions"}, cpr::Header{}, cpr::Body{"{}"});
  cpr::Body body{"{}"};
  cpr::Post(body, url);
  cpr::Post(url, cpr::BodyView{"{}"},
            cpr::WriteCallback{[](std::string_view, intptr_t) { return true; }});
  session.Post();
  cpr::Get(url);
}
// CHECK-NOT: api.h:
// CHECK-NOT: warning
// CHECK-NOT: error
// CHECK: mlflow plugin: autolog cpr: cpr::Post at cpr-calls-redirected.cpp:8
// CHECK-NEXT: mlflow plugin: autolog cpr: cpr::Post at cpr-calls-redirected.cpp:10
// CHECK-NEXT: mlflow plugin: autolog cpr: cpr::Post at cpr-calls-redirected.cpp:11
// CHECK-NEXT: mlflow plugin: autolog cpr: cpr::Session::Post at cpr-calls-redirected.cpp:13
// CHECK-NOT: mlflow plugin
