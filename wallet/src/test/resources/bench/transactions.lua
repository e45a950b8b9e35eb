-- wrk script: POST /wallets/bench-<n>/transactions to a random one of BENCH_WALLETS wallets, half credits of
-- 10.00 and half debits of -5.00, each with a fingerprint of its own. Counts answers other than 201.
local wallets = tonumber(os.getenv("BENCH_WALLETS") or "1000")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  prefix = string.format("t%d-%d-%d-", tid, os.time(), math.random(1000000))
  math.randomseed(os.time() * 37 + tid)
end

function request()
  counter = counter + 1
  local amount = (math.random(2) == 1) and "10.00" or "-5.00"
  local body = string.format('{"amount": %s, "fingerprint": "%s%d", "description": "bench"}', amount, prefix, counter)
  return wrk.format("POST", string.format("/wallets/bench-%d/transactions", math.random(0, wallets - 1)),
    {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 201 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d micros=%d non200=%d errors=%d p50=%d p99=%d max=%d\n",
    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
