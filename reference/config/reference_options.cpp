#include "reference/config/reference_options.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <tuple>

#include "platform/platform_profile.h"

namespace wc::reference {

DeliveryTiming fastDeliveryTiming() {
  DeliveryTiming t;
  t.connectTimeout = std::chrono::milliseconds(1000);
  t.readTimeout = std::chrono::milliseconds(1000);
  t.backoffBase = std::chrono::milliseconds(50);
  t.maxAttempts = 3;
  return t;
}

DeliveryTiming harnessDeliveryTiming(double timeoutScale) {
  const double scale = std::max(1.0, timeoutScale);
  DeliveryTiming t;
  t.connectTimeout = std::chrono::milliseconds(1000);
  t.readTimeout = std::chrono::milliseconds(static_cast<long long>(250 * scale));
  t.backoffBase = std::chrono::milliseconds(static_cast<long long>(20 * scale));
  t.maxAttempts = 3;
  return t;
}

void logLine(const ReferenceOptions& options, const std::string& message) {
  if (!options.log) return;
  if (options.logSink) options.logSink("reference: " + message);
  else std::cerr << "reference: " + message + "\n" << std::flush;
}

bool emulateVersion(ReferenceOptions* options, const std::string& version, std::string* error) {
  if (!parseVersionTriple(version)) {
    *error = "--emulate-version must look like MAJOR.MINOR.PATCH (e.g. 0.7.45), got '" +
             version.substr(0, 64) + "'";
    return false;
  }
  // The same table the cases judge by (platform/platform_profile.h).
  const auto platform = pythonPlatform(version, "");
  options->version = version;
  options->errorAsObject = platform.promises(PlatformChange::ErrorObject);
  options->loopbackRefusedByDefault = platform.promises(PlatformChange::LoopbackRefusedByDefault);
  options->ssrfProtection = platform.promises(PlatformChange::SsrfProtection);
  options->followsRedirects = platform.promises(PlatformChange::RedirectsFollowed);
  options->cronPatch = platform.promises(PlatformChange::CronPatch);
  options->cronEnabledFlag = platform.promises(PlatformChange::CronEnabledFlag);
  return true;
}

}  // namespace wc::reference
