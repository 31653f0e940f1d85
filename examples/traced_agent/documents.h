// documents.h: the agent's data, and how it appears in traces (nlohmann's to_json, found by ADL).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace agent {

struct Document {
  std::string id;
  std::string text;
  double score = 0;
};

inline void to_json(nlohmann::json& j, const Document& d) {
  j = {{"id", d.id}, {"text", d.text}, {"score", d.score}};
}

}  // namespace agent
