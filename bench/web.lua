-- wrk script of bench/web.py: counts the answers that are not 2xx (a redirect to the login
-- page or a 429 is a failure of the run, not a fast answer) and prints one JSON line with
-- the figures bench/web.py reads. Latencies are in microseconds. The script's arguments, when
-- given, are Cookie headers (one per doctor): each request takes the next one, every thread
-- starting at its own place, so that each doctor's pages are asked for from one "browser".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  non2xx = 0
  last_bad = 0
  cookies = args
  counter = id or 0
end

function request()
  if #cookies == 0 then
    return wrk.request()
  end
  counter = counter + 1
  return wrk.format(nil, nil, {Cookie = cookies[(counter % #cookies) + 1]})
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    last_bad = status
  end
end

function done(summary, latency, requests)
  local bad, status = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    if thread:get("last_bad") ~= 0 then
      status = thread:get("last_bad")
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.6f, "p50_us": %d, "p99_us": %d, "non2xx": %d, '
      .. '"bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    bad, status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
