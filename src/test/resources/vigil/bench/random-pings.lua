-- paced.lua's schedule (arguments: rate, threads), each request pinging one of N workflows at
-- random (third argument): the URL's path with 0..N-1 appended.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "paced.lua")

local paced_init = init
local spread
function init(args)
  paced_init(args)
  spread = tonumber(args[3])
end

function request()
  return wrk.format(nil, wrk.path .. math.random(0, spread - 1))
end
