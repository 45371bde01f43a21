-- The platform's load scenario: course listing, then course details (deployment plan, "Load Testing").
-- Course ids come from the file named by the IDS_FILE environment variable (one id a line).
local ids = {}
local listings = {
  "/api/courses", "/api/courses?limit=20", "/api/courses?category=programming",
  "/api/courses?difficulty=beginner", "/api/courses?limit=50",
}
local counter = 0

function init(args)
  local file = io.open(os.getenv("IDS_FILE") or "ids.txt", "r")
  if file then
    for line in file:lines() do
      if #line > 0 then ids[#ids + 1] = line end
    end
    file:close()
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  counter = counter + 1
  if counter % 2 == 1 or #ids == 0 then
    return wrk.format("GET", listings[math.random(#listings)])
  end
  -- A skewed mix: one request in two goes to the hottest tenth of the catalogue.
  local index
  if math.random() < 0.5 then
    index = math.random(math.max(1, math.floor(#ids / 10)))
  else
    index = math.random(#ids)
  end
  return wrk.format("GET", "/api/courses/" .. ids[index])
end

dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
