"""Load client for coursed's built-in Pusher server (loopback only, bounded).

  realtime-load.py idle    --port P --key K --sockets N --pid PID
      opens N idle sockets, waits until all are established, prints the server's RSS (VmRSS of PID).
  realtime-load.py fanout  --port P --key K --app-id A --secret S --sockets 1000 --events 50 --burst 2000
      N sockets subscribe to one channel; 'events' single events are triggered one at a time (latency from the
      trigger to each client: p50/p99 over all deliveries), then 'burst' events are triggered in batches of 10
      as fast as the HTTP API takes them; deliveries/s = sockets x burst / time until every client got them all.

Run the server with REALTIME_MAX_CONNECTIONS above N; the client and the server share the machine.
"""
import argparse
import asyncio
import json
import statistics
import time

import pusher
import websockets


async def connect(url, ready):
    ws = await websockets.connect(url, max_queue=None, ping_interval=None, open_timeout=60)
    message = json.loads(await ws.recv())
    assert message["event"] == "pusher:connection_established", message
    ready.append(ws)
    return ws


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


async def open_many(url, count, parallel=200):
    sockets = []
    for start in range(0, count, parallel):
        await asyncio.gather(*(connect(url, sockets) for _ in range(min(parallel, count - start))))
    return sockets


async def idle(args):
    url = "ws://127.0.0.1:%d/app/%s?protocol=7" % (args.port, args.key)
    before = rss_mib(args.pid)
    started = time.monotonic()
    sockets = await open_many(url, args.sockets)
    opened = time.monotonic() - started
    await asyncio.sleep(2)
    after = rss_mib(args.pid)
    print(json.dumps({"sockets": len(sockets), "open_seconds": round(opened, 1), "rss_before_mib": round(before, 1),
                      "rss_after_mib": round(after, 1)}))
    await asyncio.gather(*(ws.close() for ws in sockets))


async def fanout(args):
    url = "ws://127.0.0.1:%d/app/%s?protocol=7" % (args.port, args.key)
    sdk = pusher.Pusher(app_id=args.app_id, key=args.key, secret=args.secret, host="127.0.0.1", port=args.port,
                        ssl=False)
    sockets = await open_many(url, args.sockets)
    for ws in sockets:
        await ws.send(json.dumps({"event": "pusher:subscribe", "data": {"channel": "bench"}}))
    for ws in sockets:
        assert json.loads(await ws.recv())["event"] == "pusher_internal:subscription_succeeded"

    latencies = []
    counts = [0] * len(sockets)
    done = asyncio.Event()
    expected = args.events + args.burst

    async def reader(index, ws):
        async for raw in ws:
            message = json.loads(raw)
            if message.get("event") != "tick":
                continue
            data = json.loads(message["data"])
            if "sent" in data:
                latencies.append(time.time() - data["sent"])
            counts[index] += 1
            if counts[index] == expected and all(c == expected for c in counts):
                done.set()

    readers = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(sockets)]
    loop = asyncio.get_running_loop()
    for _ in range(args.events):
        await loop.run_in_executor(None, lambda: sdk.trigger("bench", "tick", {"sent": time.time()}))
        await asyncio.sleep(0.05)

    started = time.monotonic()
    batches = [[{"channel": "bench", "name": "tick", "data": {"i": i + j}} for j in range(10)]
               for i in range(0, args.burst, 10)]

    def send_all():
        for batch in batches:
            sdk.trigger_batch(batch)

    await loop.run_in_executor(None, send_all)
    try:
        await asyncio.wait_for(done.wait(), timeout=300)
    except asyncio.TimeoutError:
        pass
    elapsed = time.monotonic() - started
    burst_delivered = sum(counts) - args.events * len(sockets)
    latencies.sort()
    print(json.dumps({
        "sockets": len(sockets),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "latency_samples": len(latencies),
        "burst_deliveries": burst_delivered,
        "burst_seconds": round(elapsed, 2),
        "deliveries_per_second": round(burst_delivered / elapsed) if elapsed else None,
        "complete": all(c == expected for c in counts),
    }))
    for task in readers:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["idle", "fanout"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", default="coursed")
    parser.add_argument("--app-id", default="coursed")
    parser.add_argument("--secret", default="")
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--pid", type=int, default=0)
    arguments = parser.parse_args()
    asyncio.run(idle(arguments) if arguments.mode == "idle" else fanout(arguments))
