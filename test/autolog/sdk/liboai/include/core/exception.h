#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace liboai {
	namespace exception {
		enum class EType : uint8_t {
			E_FAILURETOPARSE,
			E_BADREQUEST,
			E_APIERROR,
			E_RATELIMIT,
			E_CONNECTIONERROR,
			E_FILEERROR,
			E_CURLERROR
		};

		constexpr const char* _etype_strs_[7] = {
			"E_FAILURETOPARSE:0x00", "E_BADREQUEST:0x01", "E_APIERROR:0x02", "E_RATELIMIT:0x03",
			"E_CONNECTIONERROR:0x04", "E_FILEERROR:0x05", "E_CURLERROR:0x06"
		};

		// what(): "<locale>: <data> (<EType>)", as the SDK's.
		class OpenAIException : public std::exception {
			public:
				OpenAIException() = default;
				OpenAIException(std::string_view data, EType error_type, std::string_view locale) noexcept
					: error_type_(error_type), data_(data), locale_(locale),
					  fmt_str_(locale_ + ": " + data_ + " (" + _etype_strs_[static_cast<uint8_t>(error_type)] + ")") {}
				const char* what() const noexcept override { return fmt_str_.c_str(); }
			private:
				EType error_type_ = EType::E_BADREQUEST;
				std::string data_, locale_, fmt_str_;
		};

		class OpenAIRateLimited : public std::exception {
			public:
				OpenAIRateLimited() = default;
				OpenAIRateLimited(std::string_view data, EType error_type, std::string_view locale) noexcept
					: error_type_(error_type), data_(data), locale_(locale),
					  fmt_str_(locale_ + ": " + data_ + " (" + _etype_strs_[static_cast<uint8_t>(error_type)] + ")") {}
				const char* what() const noexcept override { return fmt_str_.c_str(); }
			private:
				EType error_type_ = EType::E_RATELIMIT;
				std::string data_, locale_, fmt_str_;
		};
	}
}
