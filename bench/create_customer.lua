-- wrk script: POST /api/v1/customers with a bearer token (no CSRF needed for tokens).
-- Env: KT_TOKEN.
local token = os.getenv("KT_TOKEN")
local counter = 0

function request()
    counter = counter + 1
    local body = string.format(
        '{"kind":"company","name":"Zátěžová firma %d s.r.o.","ico":"25596641","email":"info%d@example.cz",' ..
        '"phone":"777 123 %03d","billing_address":{"street":"Husova 12","city":"Brno","postal_code":"602 00",' ..
        '"country":"CZ"},"tags":["bench"],"contacts":[{"name":"Jana Nováková","role":"nákup"}]}',
        counter, counter, counter % 1000)
    return wrk.format("POST", "/api/v1/customers", {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
    }, body)
end
