-- wrk script: GET /details/bench-<n> of a random one of BENCH_WALLETS wallets (BENCH_PATH "/health" reads
-- the liveness route instead, the HTTP stack's own ceiling). Prints one RESULT line at the end.
local wallets = tonumber(os.getenv("BENCH_WALLETS") or "1000")
local path = os.getenv("BENCH_PATH") or "/details/bench-"
local fixed = path:sub(-1) ~= "-"
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  math.randomseed(os.time() * 17 + tid)
end

function request()
  if fixed then return wrk.format("GET", path) end
  return wrk.format("GET", path .. math.random(0, wallets - 1))
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d micros=%d non200=%d errors=%d p50=%d p99=%d max=%d\n",
    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
