#!/usr/bin/env python3
"""Measures coursed's own store (embedded default) under uploads, and the asset-creation route under load.

    bench/assets-upload.py [--binary .build/release/coursed] [--clients 20] [--mib 50] [--port 18431]

Starts `coursed serve` on loopback (in-memory stores, or files under --dir), signs in an admin, creates a course,
then 20 clients each declare a 50 MiB file and PUT it with curl to the signed URL (exactly the returned headers)
at once; prints the wall time and coursed's peak RSS (VmHWM) before and after. With STORAGE_DIR the bytes go to
disk, so peak RSS must not grow with the file size. Then runs wrk (64 connections, 10 s each) on
POST /api/courses/{id}/assets and on GET /api/health/live and prints both p99 and their ratio.
"""
import argparse, json, os, subprocess, sys, tempfile, time, urllib.request, concurrent.futures

def call(method, url, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")

def rss(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) // 1024
    return -1

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/coursed")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--mib", type=int, default=50)
    parser.add_argument("--port", type=int, default=18431)
    parser.add_argument("--dir", default=None, help="STORAGE_DIR (default: a temporary directory)")
    parser.add_argument("--memory", action="store_true", help="keep objects in memory instead of files")
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    work = tempfile.mkdtemp(prefix="coursed-bench-")
    env = dict(os.environ, PORT=str(args.port), HOST="127.0.0.1", ADMIN_EMAIL="bench@example.com",
               ADMIN_PASSWORD="bench password long", LOG_LEVEL="warning", COURSED_CONFIG_DIR="/nonexistent")
    if not args.memory:
        env["STORAGE_DIR"] = args.dir or os.path.join(work, "store")
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/health/live")
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        token = call("POST", base + "/api/auth/login", body={"email": "bench@example.com", "password": "bench password long"})["token"]
        course = call("POST", base + "/api/courses", token, {"title": "Bench"})["id"]
        size = args.mib * 1024 * 1024
        path = os.path.join(work, "payload.bin")
        with open(path, "wb") as out:
            out.write(os.urandom(size))
        before = rss(server.pid, "VmRSS")

        def upload(_):
            created = call("POST", f"{base}/api/courses/{course}/assets", token,
                           {"filename": "big.mp4", "content_type": "video/mp4", "size_bytes": size})
            upload = created["upload"]
            headers = sum((["-H", f"{k}: {v}"] for k, v in upload["headers"].items()), [])
            code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-T", path] + headers + [upload["url"]],
                                  capture_output=True, text=True).stdout
            done = call("POST", f"{base}/api/assets/{created['asset']['id']}/complete", token)
            return code, done["status"]

        start = time.time()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(upload, range(args.clients)))
        elapsed = time.time() - start
        print(f"uploads: {args.clients} x {args.mib} MiB in {elapsed:.2f} s "
              f"({args.clients * args.mib / elapsed:.0f} MiB/s); results {sorted(set(results))}")
        print(f"coursed RSS before {before} MiB, after {rss(server.pid, 'VmRSS')} MiB, peak (VmHWM) {rss(server.pid, 'VmHWM')} MiB"
              f" ({'memory' if args.memory else 'files'} store)")

        lua = os.path.join(work, "post.lua")
        with open(lua, "w") as script:
            script.write('wrk.method = "POST"\n'
                         f'wrk.headers["authorization"] = "Bearer {token}"\n'
                         'wrk.headers["content-type"] = "application/json"\n'
                         'wrk.body = \'{"filename":"a.pdf","content_type":"application/pdf","size_bytes":1000}\'\n')
        def p99(url, extra):
            output = subprocess.run(["wrk", "-t2", "-c64", "-d10s", "--latency"] + extra + [url],
                                    capture_output=True, text=True).stdout
            for line in output.splitlines():
                if line.strip().startswith("99%"):
                    value = line.split()[1]
                    scale = 1000.0 if value.endswith("ms") and not value.endswith("us") else 1.0
                    if value.endswith("us"):
                        return float(value[:-2]) / 1000.0, output
                    if value.endswith("ms"):
                        return float(value[:-2]), output
                    return float(value[:-1]) * 1000.0, output
            return None, output
        live, live_output = p99(base + "/api/health/live", [])
        create, output = p99(f"{base}/api/courses/{course}/assets", ["-s", lua])
        print(f"p99 GET /api/health/live {live} ms, POST /api/courses/{{id}}/assets {create} ms, ratio {create / live:.2f}")
        for name, text in (("live", live_output), ("create", output)):
            for line in text.strip().splitlines():
                if "Requests/sec" in line or "Non-2xx" in line or "Socket errors" in line or "requests in" in line:
                    print(f"  {name}: {line.strip()}")
    finally:
        server.terminate()
        server.wait()

if __name__ == "__main__":
    sys.exit(main())
