"""Load client for coursed's built-in Pusher server (loopback only, bounded).

  realtime-load.py idle    --port P --key K --sockets N --pid PID
      opens N idle sockets, waits until all are established, prints the server's RSS (VmRSS of PID).
  realtime-load.py fanout  --port P --key K --app-id A --secret S --sockets 1000 --processes 4 --events 50
                           --burst 2000
      N sockets, spread over `processes` client processes, subscribe to one channel. Then `events` single events
      are triggered one at a time, 50 ms apart, each carrying its trigger time: every client notes its arrival,
      so the latency is trigger -> each client (p50/p99 over all deliveries), with the HTTP trigger's own round
      trip and, per event, the first and the last arrival beside it (where the time goes). Then `burst` events are
      triggered in batches of 10 as fast as the HTTP API takes them; deliveries/s = sockets x burst / time from the
      first trigger until every client got them all.

The clients read raw WebSocket frames (server frames are unmasked) on an epoll loop and parse only what they
measure, several processes at once: the Python `websockets` client (asyncio) in one process was the bottleneck at
1,000 subscribers.
Run the server with REALTIME_MAX_CONNECTIONS above N; clients and server share the machine.
"""
import argparse
import asyncio
import base64
import json
import multiprocessing
import os
import selectors
import socket
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


class RawSubscriber:
    """One subscribed socket read as raw frames: counts `tick` events and notes the arrival of timed ones."""

    def __init__(self, port, key, report):
        self.buffer = bytearray()
        self.report = report
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        nonce = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET /app/%s?protocol=7 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           % (key, nonce)).encode())
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        self.buffer = bytearray(rest)
        self.next_text()  # connection_established
        self.send(json.dumps({"event": "pusher:subscribe", "data": {"channel": "bench"}}).encode())
        assert b"subscription_succeeded" in self.next_text()
        self.sock.setblocking(False)

    def send(self, payload):
        mask = os.urandom(4)
        header = bytes([0x81, 0x80 | len(payload)]) if len(payload) < 126 else \
            bytes([0x81, 0x80 | 126]) + len(payload).to_bytes(2, "big")
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def next_text(self):
        while True:
            frames = self.parse()
            if frames:
                return frames[0]
            self.buffer += self.sock.recv(65536)

    def parse(self, collect=True):
        """Complete frames at the buffer's start: their payloads (collect), or counted (not collect)."""
        buffer, position, out = self.buffer, 0, []
        size = len(buffer)
        while size - position >= 2:
            length = buffer[position + 1] & 0x7F
            header = 2
            if length == 126:
                if size - position < 4:
                    break
                length = int.from_bytes(buffer[position + 2:position + 4], "big")
                header = 4
            elif length == 127:
                if size - position < 10:
                    break
                length = int.from_bytes(buffer[position + 2:position + 10], "big")
                header = 10
            end = position + header + length
            if end > size:
                break
            if collect:
                out.append(bytes(buffer[position + header:end]))
            else:
                self.count(position + header, end)
            position = end
        del buffer[:position]
        return out

    def count(self, start, end):
        buffer, report = self.buffer, self.report
        if buffer.find(b'"tick"', start, end) < 0:
            return
        report["ticks"] += 1
        report["last"] = time.time()
        at = buffer.find(b'sent\\":', start, end)
        if at >= 0:
            stop = buffer.find(b"}", at, end)
            report["timed"].append((float(buffer[at + 7:stop]), report["last"]))

    def readable(self):
        try:
            chunk = self.sock.recv(1 << 16)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        self.buffer += chunk
        self.parse(collect=False)
        return True


def worker(port, key, count, ready, go, results):
    """One client process: `count` sockets on one epoll loop (no asyncio: a wake-up costs microseconds)."""
    report = {"ticks": 0, "last": None, "timed": []}
    subscribers = [RawSubscriber(port, key, report) for _ in range(count)]
    poller = selectors.DefaultSelector()
    for subscriber in subscribers:
        poller.register(subscriber.sock, selectors.EVENT_READ, subscriber)
    ready.release()
    go.wait()
    expected, deadline = None, None
    while expected is None or (report["ticks"] < expected and time.time() < deadline):
        for key_, _ in poller.select(timeout=0.05):
            if not key_.data.readable():
                poller.unregister(key_.fileobj)
        if expected is None and results.poll():
            expected, deadline = results.recv()
    results.send(report)


def fanout(args):
    sdk = pusher.Pusher(app_id=args.app_id, key=args.key, secret=args.secret, host="127.0.0.1", port=args.port,
                        ssl=False)
    share = [args.sockets // args.processes + (1 if i < args.sockets % args.processes else 0)
             for i in range(args.processes)]
    ready, go = multiprocessing.Semaphore(0), multiprocessing.Event()
    pipes, processes = [], []
    for count in share:
        mine, theirs = multiprocessing.Pipe()
        process = multiprocessing.Process(target=worker, args=(args.port, args.key, count, ready, go, theirs))
        process.start()
        pipes.append(mine)
        processes.append(process)
    for _ in share:
        ready.acquire()
    go.set()
    time.sleep(0.5)
    round_trips = []
    for _ in range(args.events):
        sent = time.time()
        sdk.trigger("bench", "tick", {"sent": sent})
        round_trips.append(time.time() - sent)
        time.sleep(0.05)
    started = time.time()
    batches = [[{"channel": "bench", "name": "tick", "data": {"i": i + j}} for j in range(10)]
               for i in range(0, args.burst, 10)]
    for batch in batches:
        sdk.trigger_batch(batch)
    triggered = time.time() - started
    deadline = time.time() + 300
    for pipe, count in zip(pipes, share):
        pipe.send(((args.events + args.burst) * count, deadline))
    reports = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join()
    latencies, first, last = [], {}, {}
    for report in reports:
        for sent, arrived in report["timed"]:
            latencies.append(arrived - sent)
            first[sent] = min(first.get(sent, arrived), arrived)
            last[sent] = max(last.get(sent, arrived), arrived)
    latencies.sort()
    finished = max(r["last"] or started for r in reports)
    elapsed = finished - started
    burst_delivered = sum(r["ticks"] for r in reports) - args.events * args.sockets

    def ms(values, fraction):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(len(values) * fraction))] * 1000, 1) if values else None

    print(json.dumps({
        "sockets": args.sockets, "client_processes": args.processes,
        "latency_ms_p50": ms(latencies, 0.5), "latency_ms_p99": ms(latencies, 0.99),
        "latency_ms_max": ms(latencies, 1.0), "latency_samples": len(latencies),
        "trigger_round_trip_ms_p50": ms(round_trips, 0.5), "trigger_round_trip_ms_p99": ms(round_trips, 0.99),
        "first_arrival_ms_p50": ms([first[s] - s for s in first], 0.5),
        "last_arrival_ms_p50": ms([last[s] - s for s in last], 0.5),
        "last_arrival_ms_p99": ms([last[s] - s for s in last], 0.99),
        "burst_trigger_seconds": round(triggered, 2),
        "burst_deliveries": burst_delivered, "burst_seconds": round(elapsed, 2),
        "deliveries_per_second": round(burst_delivered / elapsed) if elapsed > 0 else None,
        "complete": burst_delivered == args.burst * args.sockets and len(latencies) == args.events * args.sockets,
    }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["idle", "fanout"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", default="coursed")
    parser.add_argument("--app-id", default="coursed")
    parser.add_argument("--secret", default="")
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--pid", type=int, default=0)
    arguments = parser.parse_args()
    if arguments.mode == "idle":
        asyncio.run(idle(arguments))
    else:
        fanout(arguments)
