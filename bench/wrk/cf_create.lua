-- POST /v2/spaces with a name never sent before: `wrk -s cf_create.lua URL -- TOKEN ORG_GUID PREFIX`, where PREFIX
-- is new each run (a run's names are PREFIX-THREAD-N).
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  headers = {["Authorization"] = "Bearer " .. args[1], ["Content-Type"] = "application/json"}
  body = '{"name":"' .. args[3] .. '-' .. tid .. '-%d","organization_guid":"' .. args[2] .. '"}'
  n = 0
end

function request()
  n = n + 1
  return wrk.format("POST", "/v2/spaces", headers, body:format(n))
end
