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
-- JVLOAD_FRESH=queries: the path ends in "?q="; every request appends the next word of the file
-- JVLOAD_QUERIES (one per line), starting at JVLOAD_QUERY_OFFSET; the threads take turns, so no
-- word is sent twice while the list lasts (each one is a whole search, not a remembered answer).
local thread_count = 0
setup = function(thread)
  thread:set("thread_id", thread_count)
  thread:set("thread_total", 2)
  thread_count = thread_count + 1
end
if os.getenv("JVLOAD_FRESH") == "queries" then
  local words = {}
  for line in io.lines(os.getenv("JVLOAD_QUERIES")) do
    if line ~= "" then
      words[#words + 1] = line:gsub("[^%w%-]", function(c) return string.format("%%%02X", string.byte(c)) end)
    end
  end
  local offset = tonumber(os.getenv("JVLOAD_QUERY_OFFSET") or "0")
  local counter = 0
  request = function()
    local i = offset + counter * (thread_total or 1) + (thread_id or 0)
    counter = counter + 1
    return wrk.format(nil, wrk.path .. words[(i % #words) + 1])
  end
end
