-- 80 % reads, 20 % writes: four GETs of one space for each create (a new name each, as cf_create.lua).
-- `wrk -s cf_mixed.lua URL -- TOKEN ORG_GUID PREFIX GUID`
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  local auth = "Bearer " .. args[1]
  create_headers = {["Authorization"] = auth, ["Content-Type"] = "application/json"}
  body = '{"name":"' .. args[3] .. '-' .. tid .. '-%d","organization_guid":"' .. args[2] .. '"}'
  read = wrk.format("GET", "/v2/spaces/" .. args[4], {["Authorization"] = auth})
  n = 0
end

function request()
  n = n + 1
  if n % 5 == 0 then
    return wrk.format("POST", "/v2/spaces", create_headers, body:format(n))
  end
  return read
end
