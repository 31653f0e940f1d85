//===- TailInstantiations.h - Instantiate what the tail defines, at the end -===//
//
// The generated code calls templates that <mlflow/detail/prelude.h> only declares (capture_value)
// or whose class is defined by the plugin's tail (the autolog adapters): their definitions come
// after the user's last line. Sema normally instantiates such a use at the end of the translation
// unit. But a use made during an *eager* instantiation (Sema instantiating a function, and what it
// needs, at once: explicit instantiations and constexpr functions of a library such as fmt)
// before the tail was read is queued, then dropped when that eager scope restores its saved
// queue: the object file calls an instantiation nobody defines, and the program does not link
// (test/robustness/NOTES.md, problem H). At the end of the translation unit, once everything is
// parsed, this finds every instantiation of the runtime's templates that was used but never
// defined, and instantiates it (and, through Sema's queue, whatever that needs), before CodeGen
// finishes. Test: test/lit/inject/eager-instantiation.cpp.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_INJECT_TAILINSTANTIATIONS_H
#define MLFLOW_PLUGIN_INJECT_TAILINSTANTIATIONS_H

#include "clang/Sema/Sema.h"

namespace mlflow::plugin {

// Instantiates, in S, the used but undefined instantiations of function templates and of member
// functions of class templates declared in namespace ::mlflow (and its inline and nested
// namespaces); returns how many.
unsigned completeTailInstantiations(clang::Sema &S);

} // namespace mlflow::plugin

#endif // MLFLOW_PLUGIN_INJECT_TAILINSTANTIATIONS_H
