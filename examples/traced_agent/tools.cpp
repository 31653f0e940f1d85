// tools.cpp: see tools.h.
#include "tools.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace agent {

long to_feet(double metres) {
  if (metres < 0) throw std::domain_error("negative length: " + std::to_string(metres));
  return std::lround(metres * 3.28084);
}

std::string summarize(const std::string& text, std::size_t words) {
  std::istringstream in(text);
  std::string word, out;
  for (std::size_t i = 0; i < words && in >> word; ++i) out += (i ? " " : "") + word;
  return out;
}

}  // namespace agent
