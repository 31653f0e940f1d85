//===- AutologRegistry.h - The call-site autolog integrations, in one list ===//
//
// Every call-site autolog integration (autolog/README.md) is registered here, one line each,
// in alphabetical order of its registry id:
//
//   MLFLOW_AUTOLOG_INTEGRATION(OllamaChat, "ollama-chat")
//
// The class is the integration's, in autolog/<Class>.{h,cpp}; the id is the same name in
// kebab-case, as in its lit test, runtime adapter and docs page. A user of the list defines
// MLFLOW_AUTOLOG_INTEGRATION(CLASS, ID) and then expands MLFLOW_AUTOLOG_INTEGRATIONS.
//
// The list is empty: there is no integration yet, and nothing includes this header yet.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREGISTRY_H
#define MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREGISTRY_H

#define MLFLOW_AUTOLOG_INTEGRATIONS /* none yet */

#endif // MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREGISTRY_H
