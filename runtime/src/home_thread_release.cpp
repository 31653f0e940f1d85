// home_thread_release.cpp: see home_thread_release.h.
#include "home_thread_release.h"

MLFLOW_BEGIN_NAMESPACE
namespace detail {
namespace {

// Drains the box when its thread exits; traces given back later are freed by the box's
// destructor, run by whoever drops the last reference.
struct ThreadBox {
  std::shared_ptr<ReleaseBox> box = std::make_shared<ReleaseBox>();
  ~ThreadBox() { box->release_pending(); }
};

}  // namespace

const std::shared_ptr<ReleaseBox>& ReleaseBox::of_this_thread() {
  thread_local ThreadBox box;
  return box.box;
}

}  // namespace detail
MLFLOW_END_NAMESPACE
