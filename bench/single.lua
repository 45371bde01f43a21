-- One path, for ratios between endpoints: PATH_FILE holds the paths (one a line), used round-robin.
local paths = {}
local counter = 0

function init(args)
  local file = io.open(os.getenv("PATH_FILE") or "paths.txt", "r")
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

dofile((os.getenv("BENCH_DIR") or "bench") .. "/report.lua")
