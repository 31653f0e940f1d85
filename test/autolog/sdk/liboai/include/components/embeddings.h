#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.

#include <optional>
#include <string>

#include "../core/authorization.h"
#include "../core/response.h"

namespace liboai {
	class Embeddings final : private Network {
		public:
			Embeddings(const std::string& root) : Network(root) {}
			NON_COPYABLE(Embeddings)
			NON_MOVABLE(Embeddings)
			~Embeddings() = default;

			LIBOAI_EXPORT liboai::Response create(
				const std::string& model_id,
				std::optional<std::string> input = std::nullopt,
				std::optional<std::string> user = std::nullopt
			) const & noexcept(false);

			LIBOAI_EXPORT liboai::FutureResponse create_async(
				const std::string& model_id,
				std::optional<std::string> input = std::nullopt,
				std::optional<std::string> user = std::nullopt
			) const & noexcept(false);

		private:
			Authorization& auth_ = Authorization::Authorizer();
	};
}
