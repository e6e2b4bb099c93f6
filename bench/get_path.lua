-- wrk script: GET one path with a bearer token. Env: KT_TOKEN, KT_PATH.
local token = os.getenv("KT_TOKEN")
local path = os.getenv("KT_PATH")

function request()
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
