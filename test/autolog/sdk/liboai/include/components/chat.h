#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../core/authorization.h"
#include "../core/response.h"

namespace liboai {
	// The messages of a chat, {"messages": [...]}, as the SDK keeps them.
	class Conversation final {
		public:
			Conversation();
			Conversation(const Conversation& other);
			Conversation(Conversation&& old) noexcept;
			Conversation(std::string_view system_data);
			Conversation(std::string_view system_data, std::string_view user_data);
			~Conversation() = default;

			Conversation& operator=(const Conversation& other);
			Conversation& operator=(Conversation&& old) noexcept;

			friend std::ostream& operator<<(std::ostream& os, const Conversation& conv);

			[[nodiscard]] LIBOAI_EXPORT bool SetSystemData(std::string_view data) & noexcept(false);
			[[nodiscard]] LIBOAI_EXPORT bool AddUserData(std::string_view data) & noexcept(false);
			[[nodiscard]] LIBOAI_EXPORT bool PopUserData() & noexcept(false);
			LIBOAI_EXPORT std::string GetLastResponse() const & noexcept;
			[[nodiscard]] LIBOAI_EXPORT bool Update(std::string_view history) & noexcept(false);
			[[nodiscard]] LIBOAI_EXPORT bool Update(const Response& response) & noexcept(false);
			[[nodiscard]] LIBOAI_EXPORT bool AppendStreamData(std::string data) & noexcept(false);
			[[nodiscard]] LIBOAI_EXPORT bool AppendStreamData(std::string data, std::string& delta, bool& completed) & noexcept(false);
			LIBOAI_EXPORT std::string GetRawConversation() const & noexcept;
			LIBOAI_EXPORT const nlohmann::json& GetJSON() const & noexcept;
			LIBOAI_EXPORT const nlohmann::json& GetFunctionsJSON() const & noexcept;
			[[nodiscard]] constexpr bool HasFunctions() const & noexcept { return this->_functions ? true : false; }
			void SetMaxHistorySize(size_t size) noexcept { _max_history_size = size; }

		private:
			friend class ChatCompletion;
			bool ParseStreamData(std::string data, std::string& delta, bool& completed);

			nlohmann::json _conversation;
			std::optional<nlohmann::json> _functions = std::nullopt;
			bool _last_resp_is_fc = false;
			std::string _last_incomplete_buffer;
			size_t _max_history_size = std::numeric_limits<size_t>::max();
	};

	class ChatCompletion final : private Network {
		public:
			ChatCompletion(const std::string& root) : Network(root) {}
			NON_COPYABLE(ChatCompletion)
			NON_MOVABLE(ChatCompletion)
			~ChatCompletion() = default;

			using ChatStreamCallback = std::function<bool(std::string, intptr_t, Conversation&)>;

			LIBOAI_EXPORT liboai::Response create(
				const std::string& model,
				Conversation& conversation,
				std::optional<std::string> function_call = std::nullopt,
				std::optional<float> temperature = std::nullopt,
				std::optional<float> top_p = std::nullopt,
				std::optional<uint16_t> n = std::nullopt,
				std::optional<ChatStreamCallback> stream = std::nullopt,
				std::optional<std::vector<std::string>> stop = std::nullopt,
				std::optional<uint16_t> max_tokens = std::nullopt,
				std::optional<float> presence_penalty = std::nullopt,
				std::optional<float> frequency_penalty = std::nullopt,
				std::optional<std::unordered_map<std::string, int8_t>> logit_bias = std::nullopt,
				std::optional<std::string> user = std::nullopt
			) const & noexcept(false);

			LIBOAI_EXPORT liboai::FutureResponse create_async(
				const std::string& model,
				Conversation& conversation,
				std::optional<std::string> function_call = std::nullopt,
				std::optional<float> temperature = std::nullopt,
				std::optional<float> top_p = std::nullopt,
				std::optional<uint16_t> n = std::nullopt,
				std::optional<ChatStreamCallback> stream = std::nullopt,
				std::optional<std::vector<std::string>> stop = std::nullopt,
				std::optional<uint16_t> max_tokens = std::nullopt,
				std::optional<float> presence_penalty = std::nullopt,
				std::optional<float> frequency_penalty = std::nullopt,
				std::optional<std::unordered_map<std::string, int8_t>> logit_bias = std::nullopt,
				std::optional<std::string> user = std::nullopt
			) const & noexcept(false);

		private:
			Authorization& auth_ = Authorization::Authorizer();
	};
}
