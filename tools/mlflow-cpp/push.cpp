// push.cpp: see push.h.
#include "push.h"

#include <ostream>

#include "config/config.h"
#include "exit_code.h"
#include "push/trace_push.h"

namespace mlflow::cli {

int run_push(const PushCommandOptions& options, std::ostream& out, std::ostream& err) {
  detail::PushOptions push;
  push.dir = options.dir;
  // Authentication, TLS and timeouts come from the same variables as in the traced program.
  push.settings = detail::Config::from_environment().tracking;
  if (options.tracking_uri) {
    std::string uri = *options.tracking_uri;
    while (!uri.empty() && uri.back() == '/') uri.pop_back();
    push.settings.uri = uri;
  }
  if (!options.quiet) push.progress = [&out](const std::string& line) { out << line << "\n"; };
  const detail::PushReport report = detail::push_undelivered_traces(push);
  for (const auto& error : report.errors) err << "mlflow-cpp push: " << error << "\n";
  // Each skipped line with its file and line number; then how many, so a long list still ends
  // with the count.
  for (const auto& problem : report.problems) err << "mlflow-cpp push: " << problem << "\n";
  if (report.problems_not_listed > 0)
    err << "mlflow-cpp push: ... and " << report.problems_not_listed << " more skipped line(s)\n";
  if (report.unreadable > 0)
    err << "mlflow-cpp push: skipped " << report.unreadable
        << " stored line(s) that are not deliverable traces\n";
  out << "delivered " << report.delivered << ", already delivered " << report.already_delivered
      << ", not delivered " << report.failed << "\n";
  return report.failed == 0 && report.errors.empty() ? kExitOk : kExitError;
}

}  // namespace mlflow::cli
