#pragma once
// TEST DOUBLE, NOT THE SDK: reproduces part of the public interface of D7EAD/liboai at commit
// 1936bdc, for mlflow-cpp's autolog tests (see liboai.h for what is kept). Written for this
// repository; nothing of the SDK's source is in it.

#include <string>

#include "netimpl.h"

namespace liboai {
	class Network {
		public:
			Network(const std::string& root) noexcept : openai_root_(root) {}
			NON_COPYABLE(Network)
			NON_MOVABLE(Network)

		protected:
			const std::string openai_root_;
	};
}
