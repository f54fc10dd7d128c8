-- wrk script for bench/load.sh (issue 17, "Under load"): each request a random pick from WRK_PATHS (paths separated by
-- spaces, weighted by repetition), GET with the session cookie wrk is given; at the end one summary line from wrk's own
-- latency histogram, in the format of bench/web-report.lua.
local paths = {}
for p in string.gmatch(os.getenv("WRK_PATHS") or "/api/v1/worklist", "%S+") do paths[#paths + 1] = p end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("vern-report p50 %7.1f  p95 %7.1f  p99 %7.1f ms  %8.1f req/s  %d requests  errors: %d non-2xx, %d socket (%d timeouts)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, e.status, e.connect + e.read + e.write + e.timeout, e.timeout))
end
