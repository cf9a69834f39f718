-- One request, the same every time: `wrk -s request.lua URL -- METHOD BODY [HEADER: VALUE]...` (BODY may be "").
function init(args)
  wrk.method = args[1]
  if args[2] ~= "" then wrk.body = args[2] end
  for i = 3, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    wrk.headers[name] = value
  end
end
