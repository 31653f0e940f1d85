// A header with traced inline functions, for header-function.cpp.
#ifndef GEOMETRY_H
#define GEOMETRY_H

#include <mlflow/trace.h>

namespace geometry {

MLFLOW_TRACE(TOOL) inline double area(double w, double h) { return w * h; }

struct Circle {
  double r;
  MLFLOW_TRACE(TOOL) double circumference() const { return 2 * 3 * r; }
};

template <class T>
MLFLOW_TRACE(TOOL) T perimeter(T w, T h) {
  return 2 * (w + h);
}

}  // namespace geometry

#endif
