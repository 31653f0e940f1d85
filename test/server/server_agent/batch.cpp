// batch.cpp: small traces, each with its own client request id.
#include "agent.h"

namespace server_agent {

int batch_step(int index) { return index * index; }

int batch_item(int index, const std::string& request_id) {
  mlflow::TraceUpdate update;
  update.client_request_id = request_id;
  update.tags["batch"] = "push";
  mlflow::update_current_trace(update);
  return batch_step(index) + 1;
}

}  // namespace server_agent
