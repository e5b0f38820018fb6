-- wrk reporting script: one JSON line with counts and latency percentiles (milliseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JVLOAD {"requests": %d, "duration_s": %.3f, "bytes": %d, "socket_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "mean_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
-- JVLOAD_FRESH=1: every request gets a unique ending (the path ends in "?fresh="), so every
-- request is a page-cache miss and is rendered.
if os.getenv("JVLOAD_FRESH") == "1" then
  local counter = 0
  local tag = tostring({}):gsub("[^%w]", "")
  request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. tag .. "-" .. counter)
  end
end
