#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.

#include <string>
#include <string_view>

#include "network.h"

namespace liboai {
	class Authorization final {
		public:
			Authorization(const Authorization&) = delete;
			Authorization& operator=(const Authorization&) = delete;
			Authorization(Authorization&&) = delete;
			Authorization& operator=(Authorization&&) = delete;
			~Authorization() = default;

			static Authorization& Authorizer() noexcept {
				static Authorization instance;
				return instance;
			}

			[[nodiscard]] LIBOAI_EXPORT bool SetKey(std::string_view key) noexcept;
			[[nodiscard]] LIBOAI_EXPORT bool SetKeyEnv(std::string_view var) noexcept;
			[[nodiscard]] LIBOAI_EXPORT bool SetOrganization(std::string_view org) noexcept;
			LIBOAI_EXPORT const netimpl::components::Header& GetAuthorizationHeaders() const noexcept { return this->openai_auth_headers_; }

		private:
			Authorization() = default;
			netimpl::components::Header openai_auth_headers_;
	};
}
