#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai
// (liboai/include/liboai.h and the headers it includes) at commit 1936bdc, for mlflow-cpp's
// autolog tests. Written for this repository; nothing of the SDK's source is in it. Kept: the
// header layout (liboai.h, components/{chat,completions,embeddings}.h,
// core/{authorization,exception,netimpl,network,response}.h), liboai::OpenAI with its
// ChatCompletion, Completion and Embedding components and `auth`, Authorization's key setters,
// Conversation's common members, Response, FutureResponse, the exceptions, and the exact
// declarations of ChatCompletion::create / create_async, Completions::create / create_async,
// Embeddings::create / create_async (const &, std::optional parameters, streaming callbacks).
// Behaviour kept (src/liboai.cpp): the request body as the SDK's JsonConstructor builds it; the
// streaming callback given the raw server-sent events as libcurl delivers them, false aborting
// the transfer (an OpenAIException E_CURLERROR); a Response that throws for an error status
// (E_APIERROR with the provider's message, E_RATELIMIT, E_BADREQUEST without a JSON body) or no
// connection; create_async as std::async(std::launch::async, &create, ...). Left out: the other
// components (Audio, Azure, Edits, Files, FineTunes, Images, Models, Moderations), Functions,
// proxies and the rest of netimpl. Like the SDK, a compiled library (src/liboai.cpp), built
// without the plugin, using the system's nlohmann/json and libcurl.

#include "components/chat.h"
#include "components/completions.h"
#include "components/embeddings.h"

#include <memory>

namespace liboai {
	class OpenAI {
		public:
			OpenAI(const std::string& root = "https://api.openai.com/v1") :
				ChatCompletion(std::make_unique<liboai::ChatCompletion>(root)),
				Completion(std::make_unique<liboai::Completions>(root)),
				Embedding(std::make_unique<liboai::Embeddings>(root))
			{}
			OpenAI(OpenAI const&) = delete;
			OpenAI(OpenAI&&) = delete;
			void operator=(OpenAI const&) = delete;
			void operator=(OpenAI&&) = delete;

		public:
			std::unique_ptr<liboai::ChatCompletion> ChatCompletion;
			std::unique_ptr<liboai::Completions> Completion;
			std::unique_ptr<liboai::Embeddings> Embedding;

		public:
			Authorization& auth = Authorization::Authorizer();
	};
}
