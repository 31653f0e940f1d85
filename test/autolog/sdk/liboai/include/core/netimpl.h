#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.
// The SDK's netimpl.h is its own libcurl wrapper; only the types its public headers name are
// here, and one POST that the components make.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "response.h"

namespace liboai {
	namespace netimpl {
		namespace components {
			using Header = std::map<std::string, std::string>;

			class WriteCallback final {
				public:
					WriteCallback() = default;
					WriteCallback(std::function<bool(std::string data, intptr_t userdata)> p_callback, intptr_t p_userdata = 0)
						: userdata(p_userdata), callback(std::move(p_callback)) {}
					[[nodiscard]] bool operator()(std::string data) const { return callback(std::move(data), userdata); }

					intptr_t userdata{};
					std::function<bool(std::string data, intptr_t userdata)> callback;
			};

			// A user name and password (proxies' authentication), wiped when destroyed. Kept
			// for the secrets tests (test/lit/instrument/filter-secret-*.cpp): traced by name,
			// its SecureStringClear(str) was recorded with the password in it.
			class EncodedAuthentication final {
				public:
					EncodedAuthentication() = default;
					EncodedAuthentication(const std::string& p_username, const std::string& p_password)
						: username(p_username), password(p_password) {}
					~EncodedAuthentication() noexcept;
					[[nodiscard]] const std::string& GetUsername() const { return username; }
					[[nodiscard]] const std::string& GetPassword() const { return password; }
					void SecureStringClear(std::string& str);

				private:
					std::string username;
					std::string password;
			};
		}

		// The SDK's libcurl session, reduced to its headers (the secrets tests: SetHeader with
		// the Authorization header was recorded verbatim). As in liboai, the setters are
		// private and reached through set_options(session, options...).
		class Session final {
			private:
				template <class... _Options> friend void set_options(Session&, _Options&&...);

				void SetOption(const components::Header& header);
				void SetHeader(const components::Header& header);

				components::Header header_;
		};

		template <class... _Options> void set_options(Session& session, _Options&&... opts) {
			(session.SetOption(std::forward<_Options>(opts)), ...);
		}

		// POST body to url with the headers; the body of the reply to write, or into the
		// Response. Throws OpenAIException (E_CURLERROR) when the transfer fails.
		liboai::Response Post(const std::string& url, const components::Header& headers,
		                      const std::string& body, const components::WriteCallback& write);
	}
}
