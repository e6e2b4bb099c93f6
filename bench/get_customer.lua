-- wrk script: GET /api/v1/customers/{random id} with a session cookie.
-- Env: KT_COOKIE ("kt_session=..."), KT_MAX_ID (highest customer id in the store).
local cookie = os.getenv("KT_COOKIE")
local max_id = tonumber(os.getenv("KT_MAX_ID") or "1000000")

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
end

function init(args)
    math.randomseed(seed or os.time())
end

function request()
    local id = math.random(1, max_id)
    return wrk.format("GET", "/api/v1/customers/" .. id, { ["Cookie"] = cookie })
end
