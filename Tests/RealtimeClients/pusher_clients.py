"""Drives coursed's real-time server with clients nobody here wrote: Pusher's Python server SDK (`pusher`) and
the `pysher` WebSocket client. Called by the Swift tests with one mode and a JSON object on stdin; prints one JSON
object on stdout; exits non-zero with the reason on stderr when an expectation fails.

Modes:
  sdk-auth   {key, secret, app_id, socket_id, channel, channel_data?} -> what pusher.authenticate() returns
  http-api   {port, app_id, key, secret} -> trigger / trigger_batch / channels_info / users_info against the
             built-in HTTP API, received by pysher sockets (public, private, presence, socket exclusion)
  sse        {port, app_id, key, secret} -> GET /api/realtime/stream: live events, a resume with Last-Event-ID
             that replays what was missed, and `event: reset` for an id the history does not know
  fanout     {port_a, port_b, app_id, key, secret} -> an event triggered on instance B reaches a socket on
             instance A exactly once; one triggered on A too (no double delivery through Redis)
  presence   {port_a, port_b, app_id, key, secret, ready_file} -> a member who joined on instance A is listed
             by B's /users and in the roster a socket on B gets; ready_file is touched, then (once A was killed)
             how long B still listed the member
  member-events {port_a, port_b, app_id, key, secret} -> a socket on B in a presence channel is told (Pusher's
             member_added / member_removed) when a user joins and leaves that channel on instance A
  await-close {port, key, ready_file} -> connects, subscribes, touches ready_file, and reports the close code
             the server sends (4200 on SIGTERM)
  e2e        {port, key, token, admin_token, user_id} -> pysher subscribes to private-user-{id} through
             /api/realtime/auth with the user's token; an admin changes the user's role; user.updated arrives
  record     {port, key, token, channel, events, until, linger, ready_file} -> pysher subscribes to channel
             through /api/realtime/auth with the token, touches ready_file, and records the events (with their
             arrival on a monotonic clock) until `until` arrived and `linger` seconds more
"""
import json
import logging
import queue
import sys
import time
import urllib.request

import pusher
import pysher
import pysher.channel

TIMEOUT = 15


class Compact(json.JSONEncoder):
    """What coursed signs: no spaces, sorted keys, non-ASCII kept."""

    def __init__(self, *args, **kwargs):
        kwargs["separators"] = (",", ":")
        kwargs["sort_keys"] = True
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def sdk_auth(args):
    client = pusher.Pusher(app_id=args["app_id"], key=args["key"], secret=args["secret"], json_encoder=Compact)
    custom = json.loads(args["channel_data"]) if args.get("channel_data") else None
    return client.authenticate(channel=args["channel"], socket_id=args["socket_id"], custom_data=custom)


class Socket:
    """A pysher connection whose events land in a queue."""

    def __init__(self, port, key, **options):
        self.events = queue.Queue()
        self.client = pysher.Pusher(key, custom_host="127.0.0.1", port=port, secure=False,
                                    log_level=logging.WARNING, **options)
        established = queue.Queue()
        self.client.connection.bind("pusher:connection_established", lambda data: established.put(data))
        self.client.connect()
        data = established.get(timeout=TIMEOUT)
        self.socket_id = (json.loads(data) if isinstance(data, str) else data)["socket_id"]

    def subscribe(self, channel, events, auth=None):
        subscribed = queue.Queue()
        # Bound before the subscription is sent: pysher's own subscribe() makes the channel only after sending,
        # so a fast server's answer could find no channel to go to.
        handle = pysher.channel.Channel(channel, self.client.connection)
        self.client.channels[channel] = handle
        handle.bind("pusher_internal:subscription_succeeded", lambda data: subscribed.put(("ok", data)))
        handle.bind("pusher:subscription_error", lambda data: subscribed.put(("error", data)))
        for event in events:
            handle.bind(event, lambda data, event=event: self.events.put((channel, event, data)))
        message = {"channel": channel}
        if auth is not None:
            message["auth"] = auth
        elif channel.startswith("presence-"):
            message["auth"] = self.client._generate_presence_token(channel)
            message["channel_data"] = json.dumps(self.client.user_data)
        elif channel.startswith("private-"):
            message["auth"] = self.client._generate_auth_token(channel)
        self.client.connection.send_event("pusher:subscribe", message)
        outcome, data = subscribed.get(timeout=TIMEOUT)
        if outcome != "ok":
            fail("subscribing to %s failed: %s" % (channel, data))
        return data

    def next_event(self, timeout=TIMEOUT):
        return self.events.get(timeout=timeout)

    def assert_nothing(self, seconds=0.5):
        try:
            got = self.events.get(timeout=seconds)
        except queue.Empty:
            return
        fail("unexpected event: %r" % (got,))

    def close(self):
        # Bounded: websocket-client's reader thread sometimes stays in select() on the socket another thread
        # closed (seen 8 s to 100 s, against any server); the thread is a daemon, so it does not keep us alive.
        self.client.disconnect(timeout=2)


def http_api(args):
    port, key = args["port"], args["key"]
    server = pusher.Pusher(app_id=args["app_id"], key=key, secret=args["secret"], host="127.0.0.1", port=port,
                           ssl=False)
    a = Socket(port, key, secret=args["secret"], user_data={"user_id": "ann", "user_info": {"name": "Ann"}})
    b = Socket(port, key, secret=args["secret"], user_data={"user_id": "bob", "user_info": {"name": "Bob"}})
    for socket in (a, b):
        socket.subscribe("news", ["headline"])
        socket.subscribe("private-team", ["memo"])
    presence = a.subscribe("presence-room", [])
    b.subscribe("presence-room", [])
    report = {"presence_on_subscribe": json.loads(presence) if isinstance(presence, str) else presence}

    server.trigger(["news", "private-team"], "headline", {"title": "hello"})
    got = sorted([a.next_event()[0], b.next_event()[0]])
    if got != ["news", "news"]:
        fail("trigger on two channels: %r" % got)
    # Excluding a's socket: only b gets it.
    server.trigger("private-team", "memo", {"n": 1}, socket_id=a.socket_id)
    channel, event, data = b.next_event()
    if (channel, event, json.loads(data)) != ("private-team", "memo", {"n": 1}):
        fail("private event: %r" % ((channel, event, data),))
    a.assert_nothing()

    server.trigger_batch([
        {"channel": "news", "name": "headline", "data": {"i": 1}},
        {"channel": "news", "name": "headline", "data": {"i": 2}},
    ])
    order = [json.loads(a.next_event()[2])["i"] for _ in range(2)]
    if order != [1, 2]:
        fail("batch order: %r" % order)
    for _ in range(2):
        b.next_event()

    report["channels"] = server.channels_info(prefix_filter="presence-", attributes=["user_count"])
    report["channel"] = server.channel_info("news", attributes=["subscription_count"])
    report["users"] = server.users_info("presence-room")

    bad = pusher.Pusher(app_id=args["app_id"], key=key, secret="not-the-secret", host="127.0.0.1", port=port,
                        ssl=False)
    try:
        bad.trigger("news", "headline", {})
        fail("a request signed with the wrong secret was accepted")
    except pusher.errors.PusherBadAuth:
        report["wrong_secret"] = 401
    try:
        server.trigger("news", "headline", "x" * 20000)
        fail("20 KB of data was accepted")
    except pusher.errors.PusherBadStatus as error:
        report["oversized"] = int(str(error).split(":")[0])
    a.close()
    b.close()
    return report


def signed_in_socket(port, key, token):
    """A socket whose private and presence subscriptions are signed by coursed's /api/realtime/auth for `token`."""
    return Socket(port, key, auth_endpoint="http://127.0.0.1:%d/api/realtime/auth" % port,
                  auth_endpoint_headers={"Authorization": "Bearer " + token})


def e2e(args):
    port, key = args["port"], args["key"]
    socket = signed_in_socket(port, key, args["token"])
    channel = "private-user-" + args["user_id"]
    socket.subscribe(channel, ["user.updated"])
    request = urllib.request.Request(
        "http://127.0.0.1:%d/api/users/%s" % (port, args["user_id"]), method="PATCH",
        data=json.dumps({"role": "instructor"}).encode(),
        headers={"Authorization": "Bearer " + args["admin_token"], "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        if response.status != 200:
            fail("PATCH answered %d" % response.status)
    got_channel, event, data = socket.next_event()
    socket.close()
    return {"channel": got_channel, "event": event, "data": json.loads(data)}


def record(args):
    socket = signed_in_socket(args["port"], args["key"], args["token"])
    socket.subscribe(args["channel"], args["events"])
    open(args["ready_file"], "w").close()
    received = []
    deadline = time.monotonic() + args.get("timeout", 180)
    end = None
    while time.monotonic() < (end if end is not None else deadline):
        try:
            _, event, data = socket.next_event(timeout=(end if end is not None else deadline) - time.monotonic())
        except queue.Empty:
            break
        received.append({"event": event, "at": time.monotonic(),
                         "data": json.loads(data) if isinstance(data, str) else data})
        if event == args["until"] and end is None:
            end = time.monotonic() + args["linger"]
    socket.close()
    if end is None:
        fail("no %s within the timeout; received %r" % (args["until"], received))
    return {"events": received}


class Stream:
    """One Server-Sent Events connection, read record by record."""

    def __init__(self, port, channels, last_event_id=None):
        import http.client
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        headers = {"Accept": "text/event-stream"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request("GET", "/api/realtime/stream?channels=" + channels, headers=headers)
        self.response = self.connection.getresponse()
        if self.response.status != 200:
            fail("stream answered %d: %s" % (self.response.status, self.response.read()))

    def record(self):
        """The next record with an event or id (comments skipped), as a dict of its fields."""
        fields = {}
        while True:
            line = self.response.readline().decode()
            if line == "":
                fail("stream ended")
            line = line.rstrip("\n")
            if line == "":
                if any(key in fields for key in ("id", "event")):
                    return fields
                fields = {}
                continue
            if line.startswith(":"):
                continue
            key, _, value = line.partition(": ")
            fields[key] = value

    def close(self):
        self.connection.close()


def sse(args):
    port = args["port"]
    server = pusher.Pusher(app_id=args["app_id"], key=args["key"], secret=args["secret"], host="127.0.0.1", port=port,
                           ssl=False)
    live = Stream(port, "news,other")
    for i in range(3):
        server.trigger("news", "headline", {"i": i})
    received = [live.record() for _ in range(3)]
    live.close()
    ids = [record["id"] for record in received]
    server.trigger("news", "headline", {"i": 3})
    server.trigger("elsewhere", "headline", {"i": -1})
    server.trigger("other", "headline", {"i": 4})
    resumed = Stream(port, "news,other", last_event_id=ids[1])
    replay = [resumed.record() for _ in range(3)]
    server.trigger("news", "headline", {"i": 5})
    after = resumed.record()
    resumed.close()
    reset = Stream(port, "news", last_event_id="unknown-7")
    reset_record = reset.record()
    reset.close()

    def payload(record):
        return json.loads(json.loads(record["data"])["data"])["i"]

    return {
        "live": [payload(r) for r in received],
        "replay": [payload(r) for r in replay] + [payload(after)],
        "ids_increase": ids == sorted(ids, key=lambda i: int(i.split("-")[1])),
        "reset": reset_record.get("event"),
    }


def fanout(args):
    a_port, b_port, key = args["port_a"], args["port_b"], args["key"]
    sdk = {port: pusher.Pusher(app_id=args["app_id"], key=key, secret=args["secret"], host="127.0.0.1", port=port,
                               ssl=False) for port in (a_port, b_port)}
    socket = Socket(a_port, key)
    socket.subscribe("news", ["headline"])
    # The subscriber of instance B may still be connecting: retry until an event makes it across.
    deadline = time.monotonic() + TIMEOUT
    crossed = None
    i = 0
    while crossed is None and time.monotonic() < deadline:
        sdk[b_port].trigger("news", "headline", {"from": "b", "i": i})
        try:
            crossed = json.loads(socket.next_event(timeout=0.5)[2])
        except queue.Empty:
            i += 1
    if crossed is None:
        fail("no event from instance B reached instance A")
    # Drain the late copies of earlier attempts, then check single delivery.
    while True:
        try:
            socket.next_event(timeout=0.5)
        except queue.Empty:
            break
    sdk[b_port].trigger("news", "headline", {"from": "b", "i": "last"})
    from_b = json.loads(socket.next_event()[2])
    sdk[a_port].trigger("news", "headline", {"from": "a"})
    from_a = json.loads(socket.next_event()[2])
    socket.assert_nothing(1.0)
    socket.close()
    return {"from_b": from_b, "from_a": from_a}


def presence(args):
    a_port, b_port, key, secret = args["port_a"], args["port_b"], args["key"], args["secret"]
    b_sdk = pusher.Pusher(app_id=args["app_id"], key=key, secret=secret, host="127.0.0.1", port=b_port, ssl=False)

    def users_on_b():
        return [user["id"] for user in b_sdk.users_info("presence-room")["users"]]

    ann = Socket(a_port, key, secret=secret, user_data={"user_id": "ann", "user_info": {"name": "Ann"}})
    ann.subscribe("presence-room", [])
    deadline = time.monotonic() + TIMEOUT
    while users_on_b() != ["ann"]:
        if time.monotonic() > deadline:
            fail("ann, on instance A, never listed by instance B: %r" % users_on_b())
        time.sleep(0.1)
    report = {"users_on_b": users_on_b(),
              "channel_on_b": b_sdk.channel_info("presence-room", attributes=["user_count"])}
    bob = Socket(b_port, key, secret=secret, user_data={"user_id": "bob", "user_info": {"name": "Bob"}})
    roster = bob.subscribe("presence-room", [])
    report["roster_on_b"] = json.loads(roster) if isinstance(roster, str) else roster
    bob.close()
    open(args["ready_file"], "w").close()
    # Instance A is killed now (its sockets vanish without a word): B must drop ann once her entry expires.
    killed = time.monotonic()
    deadline = killed + 4 * TIMEOUT
    while "ann" in users_on_b():
        if time.monotonic() > deadline:
            fail("ann still listed by B %.0f s after her instance died" % (time.monotonic() - killed))
        time.sleep(0.5)
    report["gone_after_seconds"] = round(time.monotonic() - killed, 1)
    report["users_on_b_after"] = users_on_b()
    return report


def member_events(args):
    a_port, b_port, key, secret = args["port_a"], args["port_b"], args["key"], args["secret"]
    a_sdk = pusher.Pusher(app_id=args["app_id"], key=key, secret=secret, host="127.0.0.1", port=a_port, ssl=False)
    bob = Socket(b_port, key, secret=secret, user_data={"user_id": "bob", "user_info": {"name": "Bob"}})
    bob.subscribe("presence-hall", ["pusher_internal:member_added", "pusher_internal:member_removed", "probe"])
    # Instance B's Redis subscriber may still be connecting: wait until an event from A makes it across.
    deadline = time.monotonic() + TIMEOUT
    while True:
        a_sdk.trigger("presence-hall", "probe", {})
        try:
            if bob.next_event(timeout=0.5)[1] == "probe":
                break
        except queue.Empty:
            pass
        if time.monotonic() > deadline:
            fail("no event from instance A reached instance B")
    while True:
        try:
            bob.next_event(timeout=0.5)
        except queue.Empty:
            break
    carol = Socket(a_port, key, secret=secret, user_data={"user_id": "carol", "user_info": {"name": "Carol"}})
    carol.subscribe("presence-hall", [])
    added = bob.next_event()
    carol.close()
    removed = bob.next_event()
    bob.assert_nothing(1.0)
    bob.close()

    def event(received):
        channel, name, data = received
        return {"channel": channel, "event": name, "data": json.loads(data) if isinstance(data, str) else data}

    return {"added": event(added), "removed": event(removed)}


def await_close(args):
    import websocket
    ws = websocket.create_connection("ws://127.0.0.1:%d/app/%s?protocol=7" % (args["port"], args["key"]),
                                     timeout=TIMEOUT * 3)
    established = json.loads(ws.recv())
    ws.send(json.dumps({"event": "pusher:subscribe", "data": {"channel": "news"}}))
    subscribed = json.loads(ws.recv())
    open(args["ready_file"], "w").close()
    while True:
        opcode, data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            return {"established": established["event"], "subscribed": subscribed["event"], "close_code": code,
                    "reason": data[2:].decode(errors="replace")}


if __name__ == "__main__":
    modes = {"sdk-auth": sdk_auth, "http-api": http_api, "sse": sse, "fanout": fanout, "await-close": await_close,
             "presence": presence, "member-events": member_events,
             "e2e": e2e, "record": record}
    if len(sys.argv) != 2 or sys.argv[1] not in modes:
        fail("usage: pusher_clients.py %s < args.json" % "|".join(modes))
    print(json.dumps(modes[sys.argv[1]](json.load(sys.stdin))))
