-- wrk script for bench/run: POSTs pre-signed webhook bodies and times every request itself.
--
--   wrk -tT -cC -dD -s bench/webhooks.lua URL -- BODIES MODE THREADS RATE DONE_DIR BUDGET_S [PAUSE_MS]
--
-- BODIES   file of pre-signed requests, one per line: "<lowercase hex HMAC-SHA256> <exact body bytes>"
--          (bench/gen-bodies.py). Thread k of THREADS takes lines k, k+THREADS, k+2*THREADS, ...
-- MODE     cycle: the thread's lines round and round until wrk's -d ends (the bare-route baseline)
--          once:  each line at most once; when the thread has nothing more to send (all lines sent, or BUDGET_S
--                 seconds passed) and every request it sent is answered, it writes DONE_DIR/thread-k.done and stops.
--                 wrk itself would still wait for its whole -d: bench/run ends it with SIGINT once every thread is done.
-- RATE     0: closed loop, each connection sends as soon as it has its answer (saturation).
--          R > 0: paced at about R requests/s in all: delay() hands out send slots THREADS/R s apart per thread.
-- PAUSE_MS (optional, RATE 0): each connection pauses this long after each answer before its next request (a few
--          clients each sending one after the other, as "4 connections, 20 ms pauses" of the steady run with the
--          legs busy).
--
-- Latency: wrk's own percentiles include its "coordinated omission" correction (synthetic samples added at the end
-- of the run), so this script times each request itself: from the request() call, just before wrk writes it, to
-- the complete response, matched by the event id (webhook answers carry "event_id"; the bare route echoes the
-- x-bench-id header, which only requests to /bench/bare carry). done() prints one "RESULT key=value ..." line.
--
-- wrk 4.x calls request() once on thread 0 before any thread runs, only to count pipelined requests
-- (script_verify_request); that call is answered without using up a line.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

-- main state (setup, done) ----------------------------------------------------------------------------------------
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- thread state ----------------------------------------------------------------------------------------------------
local requests, ids = {}, {}
local filler
local mode, interval, done_dir, budget_ms, pause_ms
local verified
local sent, answered = 0, 0
local next_slot
local sent_at = {}
local finished = false
lat = {}                      -- latencies in ms of the requests matched to their answer
first_ms, last_ms = 0, 0
n2xx, n202, n200, nother, nfill, unmatched = 0, 0, 0, 0, 0, 0

function init(args)
  local file, nthreads, rate = args[1], tonumber(args[3]), tonumber(args[4] or "0")
  mode, done_dir = args[2], args[5]
  budget_ms = tonumber(args[6] or "0") * 1000
  pause_ms = tonumber(args[7] or "0")
  local path = wrk.path
  local bare = path:find("/bench/bare", 1, true) ~= nil
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == tid then
      local space = line:find(" ", 1, true)
      local signature, body = line:sub(1, space - 1), line:sub(space + 1)
      local id = body:match('"event":{"id":"([^"]+)"') or body:match('"id":"(evcus_[^"]+)"')
      local headers = { ["Content-Type"] = "application/json", ["x-voucherify-signature"] = signature }
      if bare then
        headers["x-bench-id"] = id
      end
      requests[#requests + 1] = wrk.format("POST", path, headers, body)
      ids[#ids + 1] = id
    end
    i = i + 1
  end
  filler = wrk.format("GET", "/bench/bare", {}, nil)
  if rate > 0 then
    interval = 1000.0 / (rate / nthreads)
  end
  verified = (tid ~= 0)
end

local function nothing_left(now)
  return sent >= #requests or (budget_ms > 0 and first_ms > 0 and now - first_ms >= budget_ms)
end

function delay()
  local now = now_ms()
  if mode == "once" and nothing_left(now) then
    return 60000 -- idle this connection; the thread stops once its last answers are in
  end
  if not interval then
    return pause_ms
  end
  next_slot = math.max(now, (next_slot or now) + interval)
  return next_slot - now
end

function request()
  if not verified then
    verified = true
    return requests[1] or filler
  end
  local now = now_ms()
  if first_ms == 0 then
    first_ms = now
  end
  local k
  if mode == "cycle" then
    k = sent % #requests + 1
  elseif not nothing_left(now) then
    k = sent + 1
  else
    return filler
  end
  sent = sent + 1
  sent_at[ids[k]] = now
  return requests[k]
end

local function finish()
  if finished then
    return
  end
  finished = true
  if done_dir and done_dir ~= "" then
    local f = io.open(done_dir .. "/thread-" .. tid .. ".done", "w")
    f:write(tostring(last_ms), "\n")
    f:close()
  end
  wrk.thread:stop()
end

function response(status, headers, body)
  local now = now_ms()
  local id = body:match('"event_id":"([^"]+)"') or body:match("^bare (%S+)")
  if not id then
    nfill = nfill + 1 -- a filler answer, or an answer without an event id
  else
    local t = sent_at[id]
    if t then
      lat[#lat + 1] = now - t
      sent_at[id] = nil
    else
      unmatched = unmatched + 1
    end
    answered = answered + 1
    last_ms = now
    if status == 202 then
      n202 = n202 + 1
    elseif status == 200 then
      n200 = n200 + 1
    else
      nother = nother + 1
    end
    if status >= 200 and status < 300 then
      n2xx = n2xx + 1
    end
  end
  if mode == "once" and answered >= sent and nothing_left(now) then
    finish()
  end
end

-- main state again ------------------------------------------------------------------------------------------------
function done(summary, latency, requests)
  local first, last = math.huge, 0
  local t = { n2xx = 0, n202 = 0, n200 = 0, nother = 0, nfill = 0, unmatched = 0 }
  local all = {}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
    local f, l = thread:get("first_ms") or 0, thread:get("last_ms") or 0
    if f > 0 and f < first then first = f end
    if l > last then last = l end
    for _, v in ipairs(thread:get("lat") or {}) do
      all[#all + 1] = v
    end
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then return 0 end
    local i = math.ceil(p / 100 * #all)
    if i < 1 then i = 1 end
    return all[i]
  end
  local sum = 0
  for _, v in ipairs(all) do sum = sum + v end
  local active_s = (last > 0 and first < math.huge) and (last - first) / 1000.0 or 0
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f active_s=%.3f status_2xx=%d status_202=%d status_200=%d status_other=%d "
      .. "filler=%d unmatched=%d timed=%d err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d "
      .. "lat_mean_ms=%.2f lat_p50_ms=%.2f lat_p90_ms=%.2f lat_p95_ms=%.2f lat_p99_ms=%.2f lat_p999_ms=%.2f lat_max_ms=%.2f "
      .. "wrk_p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, active_s, t.n2xx, t.n202, t.n200, t.nother, t.nfill, t.unmatched, #all,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    #all > 0 and sum / #all or 0, pct(50), pct(90), pct(95), pct(99), pct(99.9), #all > 0 and all[#all] or 0,
    latency:percentile(99) / 1000.0))
end
