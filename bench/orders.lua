-- B1 light driver for wrk (4.1): posts the same realistic orders as bench/LoadGenerator.java to POST /api/v1/orders.
--
--   wrk -t1 -c16 -d11s --latency --timeout 10s -s bench/orders.lua http://localhost:8080 -- \
--       <API key> <run id> <measured seconds> <clients> [skus=2000] [sku prefix=SKU-]
--
-- Every request is a new order (2-5 lines over <prefix>00001..N, an address in one of ten regions with coordinates,
-- sometimes a note with intent words, captured payment) with its own Idempotency-Key and externalId
-- "B-<run>-<thread>-<n>". A thread stops sending new requests once <measured seconds> have passed and lets the ones in
-- flight finish, so run wrk for a second longer than that: then no order is left half-sent when wrk stops (wrk itself
-- would drop the requests in flight at its -d deadline, which may still create orders nobody counted).
-- done() prints one JSON line starting with {"driver":"wrk" (orders = 2xx answers, orders/s over the time from the
-- first request to the last answer, p50/p99/max from wrk's latency histogram, non-2xx, socket errors, and
-- inFlightAtStop, which must be 0 for the counts to be exact).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } fulcrum_timespec;
int clock_gettime(int clock, fulcrum_timespec *ts);
]]
local ts = ffi.new("fulcrum_timespec")
local function now() -- seconds, CLOCK_MONOTONIC (the same clock in every thread)
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local REGIONS = {
    { "上海", "SH", "200001", "31.23", "121.47" }, { "北京", "BJ", "100000", "39.90", "116.40" },
    { "广州", "GD", "510000", "23.13", "113.26" }, { "深圳", "GD", "518000", "22.54", "114.06" },
    { "杭州", "ZJ", "310000", "30.27", "120.15" }, { "成都", "SC", "610000", "30.57", "104.07" },
    { "武汉", "HB", "430000", "30.59", "114.31" }, { "西安", "SN", "710000", "34.34", "108.94" },
    { "南京", "JS", "210000", "32.06", "118.80" }, { "重庆", "CQ", "400000", "29.56", "106.55" } }
local NAMES = { "王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞" }
local NOTES = { "null", "null", "null", '"急用，送长辈"', '"礼物，请包装"', '"周末不收"', '"urgent please"', '"gift"', "null" }
local CHANNELS = { "web", "shopify", "tmall", "douyin", "amazon" }
local random, floor, format, concat = math.random, math.floor, string.format, table.concat

-- setup() runs in wrk's main Lua state, once per thread before it starts: number the threads, keep them for done().
local threads = {}
function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

local head, run, deadline, skus, prefix, counter, checking
-- Globals, so that done() can read them with thread:get(); id is set by setup().
sent, ok, non2xx, first, last, samples, clients = 0, 0, 0, 0, 0, {}, 0

function init(args)
    local key = args[1] or error("usage: -- <API key> <run id> <seconds> <clients> [skus] [sku prefix]")
    run = args[2] or "run"
    deadline = now() + tonumber(args[3] or "10")
    clients = tonumber(args[4] or "0")
    skus = tonumber(args[5] or "2000")
    prefix = args[6] or "SKU-"
    counter = 0
    checking = id == 1 -- wrk calls request() of its first thread once before starting, to check what it returns
    local seed = id * 7919
    for i = 1, #run do seed = (seed * 31 + run:byte(i)) % 2147483647 end
    math.randomseed(seed)
    local host = wrk.host .. (wrk.port and (":" .. wrk.port) or "")
    head = "POST /api/v1/orders HTTP/1.1\r\nHost: " .. host .. "\r\nAuthorization: Bearer " .. key ..
        "\r\nContent-Type: application/json\r\nIdempotency-Key: bench-" .. run .. "-" .. id .. "-"
end

local function order(externalId)
    local region = REGIONS[random(#REGIONS)]
    local name = NAMES[random(#NAMES)]
    local note = NOTES[random(#NOTES)]
    local lines, used, total = {}, {}, 0
    for i = 1, 1 + random(4) do
        local sku
        repeat sku = random(skus) until not used[sku]
        used[sku] = true
        local quantity = random(3)
        local price = 500 + (sku * 37) % 20000
        total = total + price * quantity
        lines[i] = format('{"sku":"%s%05d","quantity":%d,"unitPrice":"%d.%02d"}', prefix, sku, quantity,
            floor(price / 100), price % 100)
    end
    return format('{"channel":"%s","externalId":"%s","currency":"CNY",' ..
        '"customer":{"id":"C-%d","name":"%s","email":"c%d@example.com","phone":"+86 138 0000 %04d"},' ..
        '"shippingAddress":{"name":"%s","line1":"人民路 %d 号","city":"%s","region":"%s","postalCode":"%s",' ..
        '"country":"CN","latitude":%s,"longitude":%s},' ..
        '"lines":[%s],"payment":{"status":"captured","method":"alipay","amount":"%d.%02d"},"notes":%s,"tags":[]}',
        CHANNELS[random(#CHANNELS)], externalId, random(0, 99999), name, random(0, 99999), random(0, 9999), name,
        random(999), region[1], region[2], region[3], region[4], region[5], concat(lines, ","), floor(total / 100),
        total % 100, note)
end

function request()
    local t = now()
    if checking then
        checking = false
        return head .. "0\r\nContent-Length: 2\r\n\r\n{}" -- parsed by wrk, never sent
    end
    if t >= deadline then
        return "" -- wrk sends nothing and the connection stays idle until wrk stops
    end
    if first == 0 then first = t end
    counter = counter + 1
    sent = sent + 1
    local body = order("B-" .. run .. "-" .. id .. "-" .. counter)
    return head .. counter .. "\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body
end

function response(status, headers, body)
    last = now()
    if status >= 200 and status < 300 then
        ok = ok + 1
    else
        non2xx = non2xx + 1
        if #samples < 3 then samples[#samples + 1] = status .. " " .. body:sub(1, 200) end
    end
end

local function quote(s)
    return '"' .. s:gsub('[%c"\\]', function(c)
        return c == '"' and '\\"' or c == "\\" and "\\\\" or " "
    end) .. '"'
end

local function round(x) return floor(x * 100 + 0.5) / 100 end

function done(summary, latency, requests)
    local orders, bad, inflight, from, to, errs = 0, 0, 0, math.huge, 0, {}
    for _, thread in ipairs(threads) do
        orders = orders + thread:get("ok")
        bad = bad + thread:get("non2xx")
        inflight = inflight + thread:get("sent") - thread:get("ok") - thread:get("non2xx")
        local f, l = thread:get("first"), thread:get("last")
        if f > 0 and f < from then from = f end
        if l > to then to = l end
        for _, s in ipairs(thread:get("samples")) do if #errs < 3 then errs[#errs + 1] = quote(s) end end
    end
    local e = summary.errors
    local socket = e.connect + e.read + e.write + e.timeout
    local elapsed = to > from and to - from or summary.duration / 1e6
    local clients = threads[1]:get("clients")
    io.write(format('{"driver":"wrk","clients":%s,"threads":%d,"seconds":%.2f,"orders":%d,"errors":%d,' ..
        '"non2xx":%d,"socketErrors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"inFlightAtStop":%d,' ..
        '"ordersPerSecond":%.2f,"requestsPerSecond":%.2f,"p50Millis":%.2f,"p99Millis":%.2f,"maxMillis":%.2f,' ..
        '"firstErrors":[%s]}\n',
        clients, #threads, round(elapsed), orders, bad + socket, bad, e.connect, e.read, e.write, e.timeout, inflight,
        round(orders / elapsed), round(summary.requests / elapsed), round(latency:percentile(50) / 1000),
        round(latency:percentile(99) / 1000), round(latency.max / 1000), concat(errs, ",")))
end
