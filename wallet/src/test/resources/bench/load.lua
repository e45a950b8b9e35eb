-- wrk script of the wallet benchmark. BENCH_REQUEST chooses the request; BENCH_WALLETS wallets "bench-<n>",
-- one picked at random per request; every write has a fingerprint of its own, so each is a new change.
--   deposit       POST /deposit of 1.25                                   (expects 200)
--   details       GET /details/bench-<n>                                  (expects 200)
--   health        GET /health, the HTTP stack without work                (expects 200)
--   transactions  POST /wallets/bench-<n>/transactions, half 10.00, half -5.00 (expects 201)
--   transfers     POST /transfers of 1.00 from bench-<a> to bench-<b> (a != b), both EUR      (expects 201)
--   xtransfers    POST /transfers of 1.00 from bench-<a> (EUR) to benchu-<b> (USD)            (expects 201)
--   holds         POST /wallets/bench-<n>/holds of 1.00, then (a later request of the same thread) its capture
--                 POST /wallets/bench-<n>/holds/<id>/capture; every 10th hold is left to expire in 5 s  (expects 201)
-- Prints one RESULT line at the end, with the number of answers that had another status.
local kind = os.getenv("BENCH_REQUEST") or "deposit"
local wallets = tonumber(os.getenv("BENCH_WALLETS") or "1000")
local expected = (kind == "transactions" or kind == "transfers" or kind == "xtransfers" or kind == "holds") and 201 or 200
local json = {["Content-Type"] = "application/json"}
local threads = {}
local counter = 0
local placed = {} -- holds placed by this thread and not captured yet: {wallet, id}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  math.randomseed(os.time() * 31 + tid)
  prefix = string.format("b%d-%d-%d-", tid, os.time(), math.random(1000000))
end

local function wallet()
  return "bench-" .. math.random(0, wallets - 1)
end

function request()
  counter = counter + 1
  if kind == "details" then return wrk.format("GET", "/details/" .. wallet()) end
  if kind == "health" then return wrk.format("GET", "/health") end
  if kind == "transactions" then
    local amount = (math.random(2) == 1) and "10.00" or "-5.00"
    local body = string.format('{"amount": %s, "fingerprint": "%s%d", "description": "bench"}', amount, prefix, counter)
    return wrk.format("POST", "/wallets/" .. wallet() .. "/transactions", json, body)
  end
  if kind == "holds" then
    local h = table.remove(placed)
    if h then
      local body = string.format('{"fingerprint": "%sc%d"}', prefix, counter)
      return wrk.format("POST", "/wallets/" .. h[1] .. "/holds/" .. h[2] .. "/capture", json, body)
    end
    local expiring = counter % 10 == 0
    local body = string.format('{"amount": "1.00", "fingerprint": "%s%d", "expires_in": %d%s}', prefix, counter,
      expiring and 5 or 900, expiring and ', "labels": {"bench": "expire"}' or '')
    return wrk.format("POST", "/wallets/" .. wallet() .. "/holds", json, body)
  end
  if kind == "transfers" or kind == "xtransfers" then
    local from = math.random(0, wallets - 1)
    local to = (from + math.random(1, wallets - 1)) % wallets
    local target = ((kind == "xtransfers") and "benchu-" or "bench-") .. to
    local body = string.format('{"from": "bench-%d", "to": "%s", "amount": "1.00", "fingerprint": "%s%d"}', from, target, prefix, counter)
    return wrk.format("POST", "/transfers", json, body)
  end
  local body = string.format('{"WalletID": "%s", "Amount": 1.25, "Fingerprint": "%s%d"}', wallet(), prefix, counter)
  return wrk.format("POST", "/deposit", json, body)
end

function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
  if kind == "holds" and status == 201 and body:find('"status":"held"', 1, true) and not body:find('"expire"', 1, true) then
    local id, w = body:match('"id":"([^"]+)","wallet":"([^"]+)"')
    if id then table.insert(placed, {w, id}) end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("unexpected") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d micros=%d unexpected=%d errors=%d p50=%d p99=%d max=%d\n",
    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
