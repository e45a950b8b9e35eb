-- wrk script: POST /deposit of 1.25 to a random one of BENCH_WALLETS wallets ("bench-<n>"), each request
-- with a fingerprint of its own, so every request is a new deposit. Prints one RESULT line at the end.
local wallets = tonumber(os.getenv("BENCH_WALLETS") or "1000")
local path = os.getenv("BENCH_PATH") or "/deposit"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  prefix = string.format("b%d-%d-%d-", tid, os.time(), math.random(1000000))
  math.randomseed(os.time() * 31 + tid)
end

function request()
  counter = counter + 1
  local body = string.format('{"WalletID": "bench-%d", "Amount": 1.25, "Fingerprint": "%s%d"}',
    math.random(0, wallets - 1), prefix, counter)
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
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
