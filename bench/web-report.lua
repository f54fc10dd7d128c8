-- wrk script for bench/web.sh: an optional POST body (WRK_METHOD, WRK_BODY), and one summary line from wrk's own latency
-- histogram at the end: "vern-report p50 … p95 … p99 … ms, … req/s, errors: … non-2xx, … socket, … requests".
local method = os.getenv("WRK_METHOD")
local body = os.getenv("WRK_BODY")
if method then wrk.method = method end
if body then wrk.body = body end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("vern-report p50 %7.1f  p95 %7.1f  p99 %7.1f ms  %8.1f req/s  errors: %d non-2xx, %d socket  %d requests\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
