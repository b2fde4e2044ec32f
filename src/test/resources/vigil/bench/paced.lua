-- Paced load for wrk: each thread sends at most its share of the rate given after "--"
-- (requests per second over all threads), on a fixed schedule: a request waits for its slot
-- when ahead, goes at once when behind. wrk still measures latency from the actual send.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } vigil_timeval;
  int gettimeofday(vigil_timeval *tv, void *tz);
]]
local tv = ffi.new("vigil_timeval")
local function now_us()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000000 + tonumber(tv.tv_usec)
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("share", threads)
end

local interval_us, next_slot
function init(args)
  local rate = tonumber(args[1])
  local count = tonumber(args[2])
  interval_us = 1000000 * count / rate
  next_slot = nil
end

function delay()
  local now = now_us()
  if next_slot == nil or next_slot < now - 1000000 then
    next_slot = now
  end
  local wait = next_slot - now
  next_slot = next_slot + interval_us
  if wait <= 0 then
    return 0
  end
  return math.floor(wait / 1000)
end
