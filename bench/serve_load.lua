-- wrk script of bench/serve_compare.py: POSTs the bodies of a file (one JSON document a line),
-- cycling through them, each thread from its own offset, and prints the figures as one JSON line.
-- Arguments (after `--`): bodies file, path, content type.
local bodies, path, ctype = {}, "/", "application/json"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  path = args[2] or path
  ctype = args[3] or ctype
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  i = (id * 7919) % #bodies
  headers = { ["Content-Type"] = ctype }
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", path, headers, bodies[i])
end

function done(summary, latency, _requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, '
      .. '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, e.connect, e.read, e.write, e.status, e.timeout))
end
