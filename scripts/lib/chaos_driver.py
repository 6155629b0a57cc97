"""Live load for scripts/chaos.sh: simulated users who enqueue, honour pollAfterMs and Retry-After, enqueue
again when told NOT_IN_QUEUE or TICKET_EXPIRED, fail over between gates, and record every answer.

Writes --out (JSON): per user the list of answers [t_ms, http, status or error code, rank, coupon code,
json_ok, kind (E enqueue, R rank)], then a final sweep (one more /rank per user once everyone is final) under "sweep".
Standard library only: a small keep-alive HTTP/1.1 client on asyncio.
"""
import argparse, asyncio, base64, hashlib, hmac, json, random, time

p = argparse.ArgumentParser()
p.add_argument("--gates", required=True, help="comma-separated base URLs, e.g. http://127.0.0.1:8097")
p.add_argument("--event", type=int, required=True)
p.add_argument("--users", type=int, required=True)
p.add_argument("--arrival", type=float, default=3.0, help="seconds over which users arrive")
p.add_argument("--deadline", type=float, default=120.0, help="seconds after which unfinished users give up")
p.add_argument("--secret", required=True, help="the gate's HS256 JWT secret")
p.add_argument("--prefix", required=True, help="user id prefix")
p.add_argument("--connections", type=int, default=48, help="keep-alive connections per gate")
p.add_argument("--out", required=True)
p.add_argument("--progress", default="", help="file to write a one-line progress summary to, every second")
a = p.parse_args()

FINAL = {"ISSUED", "SOLD_OUT"}
START = time.monotonic()


def now_ms():
    return int((time.monotonic() - START) * 1000)


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(user):
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    t = int(time.time())
    payload = b64(json.dumps({"sub": user, "iat": t, "exp": t + 3600}).encode())
    sig = hmac.new(a.secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(sig)}"


class Gate:
    """A pool of keep-alive connections to one gate."""

    def __init__(self, url):
        hostport = url.split("://", 1)[1].rstrip("/")
        self.host, port = hostport.rsplit(":", 1)
        self.port = int(port)
        self.idle = []
        self.slots = asyncio.Semaphore(a.connections)

    async def request(self, method, path, headers, body=b""):
        async with self.slots:
            conn = self.idle.pop() if self.idle else None
            for attempt in range(2):
                if conn is None:
                    conn = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 3)
                reader, writer = conn
                try:
                    head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n"
                    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
                    writer.write(head.encode() + body)
                    await writer.drain()
                    status_line = await asyncio.wait_for(reader.readline(), 10)
                    if not status_line:
                        raise ConnectionError("closed")
                    code = int(status_line.split()[1])
                    length, close, retry_after = 0, False, None
                    while True:
                        line = await asyncio.wait_for(reader.readline(), 10)
                        if line in (b"\r\n", b"\n", b""):
                            break
                        name, _, value = line.decode("latin-1").partition(":")
                        name, value = name.strip().lower(), value.strip()
                        if name == "content-length":
                            length = int(value)
                        elif name == "connection" and value.lower() == "close":
                            close = True
                        elif name == "retry-after":
                            retry_after = float(value)
                    data = await asyncio.wait_for(reader.readexactly(length), 10) if length else b""
                    if close:
                        writer.close()
                    else:
                        self.idle.append(conn)
                    return code, data, retry_after
                except (ConnectionError, OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError):
                    writer.close()
                    conn = None
                    # A pooled connection the gate closed while idle: one fresh attempt. A dead gate: the error.
                    if attempt == 1:
                        raise
            raise ConnectionError("unreachable")


gates = [Gate(u) for u in a.gates.split(",")]
histories = {}
done = set()


async def call(user, state, method, path, headers, body=b""):
    """One request, recorded; connection errors fail over to the next gate after a short pause."""
    while True:
        gate = gates[state["gate"] % len(gates)]
        try:
            code, data, retry_after = await gate.request(method, path, headers, body)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            histories[user].append([now_ms(), 0, "CONNECTION", None, None, True, "E" if method == "POST" else "R"])
            state["gate"] += 1
            await asyncio.sleep(0.3 + random.random() * 0.4)
            if time.monotonic() - START > a.deadline:
                return None
            continue
        try:
            doc = json.loads(data) if data else None
            json_ok = isinstance(doc, dict)
        except ValueError:
            doc, json_ok = None, False
        doc = doc if isinstance(doc, dict) else {}
        err = doc.get("error") if isinstance(doc.get("error"), dict) else {}
        status = doc.get("status") if code < 300 else err.get("code", doc.get("code"))
        coupon = (doc.get("coupon") or {}).get("code") if code < 300 else None
        histories[user].append([now_ms(), code, status, doc.get("rank"), coupon, json_ok, "E" if method == "POST" else "R"])
        return code, doc, status, retry_after


async def user_flow(i, user):
    await asyncio.sleep(a.arrival * i / max(1, a.users))
    histories[user] = []
    state = {"gate": i, "ticket": None}
    token = jwt(user)
    body = json.dumps({"eventId": a.event}).encode()
    enqueue = True
    while time.monotonic() - START < a.deadline:
        if enqueue:
            r = await call(user, state, "POST", "/enqueue",
                           {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, body)
        else:
            r = await call(user, state, "GET", f"/rank?eventId={a.event}&userId={user}",
                           {"Authorization": f"Bearer {state['ticket']}"})
        if r is None:
            break
        code, doc, status, retry_after = r
        if code < 300:
            if doc.get("ticket"):
                state["ticket"] = doc["ticket"]
            if status in FINAL:
                state["final"] = status
                break
            enqueue = False
            await asyncio.sleep(max(50, doc.get("pollAfterMs", 500)) / 1000)
        elif status == "SOLD_OUT" and enqueue:
            state["final"] = "SOLD_OUT"
            break
        elif status == "EVENT_CLOSED":
            break
        elif status in ("NOT_IN_QUEUE", "TICKET_EXPIRED", "UNAUTHORIZED"):
            # UNAUTHORIZED on /rank: the ticket names a place this Redis no longer has (the checker counts it).
            enqueue = True
            await asyncio.sleep(0.2 + random.random() * 0.3)
        else:
            # 429, 503 and anything unexpected: back off as told, then the same request again.
            await asyncio.sleep(retry_after if retry_after is not None else 0.5 + random.random())
    state_of[user] = state
    done.add(user)


state_of = {}


async def sweep():
    """Once everyone is final: ask each user's status once more, as a reload of the page would."""
    out = {}
    sem = asyncio.Semaphore(64)

    async def one(user):
        st = state_of.get(user) or {}
        if not st.get("ticket"):
            return
        async with sem:
            before = len(histories[user])
            r = await call(user, {"gate": 0}, "GET", f"/rank?eventId={a.event}&userId={user}",
                           {"Authorization": f"Bearer {st['ticket']}"})
            answer = histories[user][before:] if r else []
            out[user] = answer[-1] if answer else None

    await asyncio.gather(*(one(u) for u in list(histories)))
    return out


async def progress():
    while True:
        await asyncio.sleep(1)
        if a.progress:
            finals = sum(1 for u in done if state_of[u].get("final"))
            with open(a.progress, "w") as f:
                f.write(f"t={now_ms() / 1000:.0f}s arrived={len(histories)} done={len(done)} final={finals}\n")


async def main():
    reporter = asyncio.create_task(progress())
    users = [f"{a.prefix}-{i}" for i in range(a.users)]
    await asyncio.gather(*(user_flow(i, u) for i, u in enumerate(users)))
    swept = await sweep()
    reporter.cancel()
    json.dump({"users": histories, "sweep": swept, "elapsedMs": now_ms()}, open(a.out, "w"))


asyncio.run(main())
