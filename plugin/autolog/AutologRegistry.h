//===- AutologRegistry.h - The call-site autolog integrations, in one list ===//
//
// Every call-site autolog integration (autolog/README.md) is registered here, one line each,
// in alphabetical order of its id:
//
//   MLFLOW_AUTOLOG_INTEGRATION(CppHttplib, "cpp-httplib")
//
// The class is the integration's, in autolog/<Class>.{h,cpp}; the id is its name everywhere
// else (plugin argument, run-time switch, adapter header, lit tests, docs). A user of the list
// defines MLFLOW_AUTOLOG_INTEGRATION(CLASS, ID) and then expands MLFLOW_AUTOLOG_INTEGRATIONS.
//===----------------------------------------------------------------------===//
#ifndef MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREGISTRY_H
#define MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREGISTRY_H

#include "autolog/CppHttplib.h"
#include "autolog/Cpr.h"
#include "autolog/Libcurl.h"
#include "autolog/Liboai.h"
#include "autolog/LlamaCpp.h"
#include "autolog/OllamaHpp.h"
#include "autolog/OpenaiCpp.h"

#define MLFLOW_AUTOLOG_INTEGRATIONS                                                              \
  MLFLOW_AUTOLOG_INTEGRATION(CppHttplib, "cpp-httplib")                                          \
  MLFLOW_AUTOLOG_INTEGRATION(Cpr, "cpr")                                                          \
  MLFLOW_AUTOLOG_INTEGRATION(Libcurl, "libcurl")                                                  \
  MLFLOW_AUTOLOG_INTEGRATION(Liboai, "liboai")                                                    \
  MLFLOW_AUTOLOG_INTEGRATION(LlamaCpp, "llama-cpp")                                               \
  MLFLOW_AUTOLOG_INTEGRATION(OllamaHpp, "ollama-hpp")                                             \
  MLFLOW_AUTOLOG_INTEGRATION(OpenaiCpp, "openai-cpp")

#endif // MLFLOW_PLUGIN_AUTOLOG_AUTOLOGREGISTRY_H
