#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.

#if defined(__linux__) || defined(__APPLE__)
	#define LIBOAI_EXPORT
#else
	#define LIBOAI_EXPORT __declspec(dllexport)
#endif

#define NON_COPYABLE(Class) Class(const Class&) = delete; Class& operator=(const Class&) = delete;
#define NON_MOVABLE(Class) Class(Class&&) = delete; Class& operator=(Class&&) = delete;

#include <future>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exception.h"

namespace liboai {
	class Response final {
		public:
			Response() = default;
			Response(const liboai::Response& other) noexcept = default;
			Response(liboai::Response&& old) noexcept = default;
			// Parses the body and throws for an error status, as the SDK's.
			Response(
				std::string&& url,
				std::string&& content,
				std::string&& status_line,
				std::string&& reason,
				long status_code,
				double elapsed
			) noexcept(false);
			Response& operator=(const liboai::Response& other) noexcept = default;
			Response& operator=(liboai::Response&& old) noexcept = default;

			template <class _Ty>
			nlohmann::json::const_reference operator[](const _Ty& key) const noexcept {
				return this->raw_json[key];
			}

			LIBOAI_EXPORT friend std::ostream& operator<<(std::ostream& os, const Response& r);

		public:
			long status_code = 0; double elapsed = 0.0;
			std::string status_line{}, content{}, url{}, reason{};
			nlohmann::json raw_json{};

		private:
			LIBOAI_EXPORT void CheckResponse() const noexcept(false);
	};

	using FutureResponse = std::future<liboai::Response>;
}
