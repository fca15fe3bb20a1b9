-- The closed-loop ingest run of the benchmark (BENCHMARKS.md, "Ingest, closed loop"), a wrk script copied to the results
-- and run by bench/Wrk: every request is a callback of the open-loop harness (CallbackBodies) with a new headshots_id.
--
-- wrk -s closed-loop.lua URL -- TEMPLATE MARKER SECRET SEED [JOBS]
--   TEMPLATE  a callback body, in which the UUID MARKER stands for the job's id (in headshots_id and in every URL)
--   SECRET    the X-Webhook-Secret header
--   SEED      seeds the ids: one stream per wrk thread, a new seed per run
--   JOBS      optional: a file of lines "TOKEN JOB_ID", jobs recorded with a per-job callback URL. Each request is then the
--             callback of one of them, drawn at random, sent to URL followed by its token (URL ends with a slash), without
--             the shared secret: the per-job callback URL's path, which costs the service a lookup of the token.
-- done() prints one line, "closed-loop-result " and a JSON object (WrkSummary parses it). Answers other than 2xx are
-- counted by wrk itself (summary.errors.status: status > 399), not in a response() hook, which would make wrk buffer the
-- headers and body of every answer; the service's endpoints answer 200 or 4xx/5xx, never 1xx or 3xx.

local thread_count = 0

-- Runs in wrk's main state, once per thread before its init(): numbers the threads, so that each draws its own ids.
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

-- The request, cut at every MARKER: table.concat(parts, id) is the request for the job id.
local parts
-- With JOBS, the whole request of each job instead, built once.
local jobs

local function split(text, separator)
  local pieces, from = {}, 1
  while true do
    local at = text:find(separator, from, true)
    if not at then
      pieces[#pieces + 1] = text:sub(from)
      return pieces
    end
    pieces[#pieces + 1] = text:sub(from, at - 1)
    from = at + #separator
  end
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local body = file:read("*a")
  file:close()
  local marker = args[2]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  math.randomseed(tonumber(args[4]) + thread_number * 1000003)
  if args[5] then
    local pieces = split(body, marker)
    jobs = {}
    for line in io.lines(args[5]) do
      local token, id = line:match("^(%S+) (%S+)$")
      jobs[#jobs + 1] = wrk.format(nil, wrk.path .. token, nil, table.concat(pieces, id))
    end
    assert(#jobs > 0, "no jobs in " .. args[5])
    return
  end
  wrk.headers["X-Webhook-Secret"] = args[3]
  -- Every id has the marker's length, so one request line and header block (with the body's Content-Length) serve all.
  local request = wrk.format(nil, nil, nil, body)
  parts = split(request, marker)
  assert(#parts > 1, "the marker is not in the template")
end

local random, format = math.random, string.format

-- A random UUID of version 4 (variant 10xx), in 16-bit pieces: LuaJIT formats %x of 32 bits and less exactly.
local function uuid()
  return format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x", random(0, 0xffff), random(0, 0xffff), random(0, 0xffff),
    random(0, 0xfff), random(0x8000, 0xbfff), random(0, 0xffff), random(0, 0xffff), random(0, 0xffff))
end

function request()
  if jobs then
    return jobs[random(#jobs)]
  end
  return table.concat(parts, uuid())
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(format('closed-loop-result {"duration_us":%.0f,"requests":%.0f,"bytes":%.0f,"status_errors":%.0f,'
    .. '"connect_errors":%.0f,"read_errors":%.0f,"write_errors":%.0f,"timeouts":%.0f,'
    .. '"p50_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"max_us":%.0f}\n',
    summary.duration, summary.requests, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
