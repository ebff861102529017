"""Live minutes under load: FOLLOWERS signed-in members follow a meeting's record over
server-sent events while the secretary saves the same item's record EDITS times through
the API; prints the latency from each save to each follower's event (p50, p99, max).

Usage: python3 bench/live.py PORT MEETING_ID ITEM_RECORD_ID EMAIL PASSWORD [FOLLOWERS] [EDITS]
The account must be able to read and write the meeting's record.
"""
import asyncio, base64, json, re, statistics, sys, time, urllib.parse, urllib.request

port, meeting, record, email, password = sys.argv[1:6]
followers = int(sys.argv[6]) if len(sys.argv) > 6 else 200
edits = int(sys.argv[7]) if len(sys.argv) > 7 else 30
base = f"http://127.0.0.1:{port}"
auth = "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()


def session_cookie():
    """Signs in through the login form, as a browser would."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": password, "next": "/"}).encode()
    opener.open(base + "/login", data=form)
    jar = opener.handlers[[type(h).__name__ for h in opener.handlers].index("HTTPCookieProcessor")].cookiejar
    return "; ".join(f"{c.name}={c.value}" for c in jar)


sent = {}      # version -> time the save was sent
latencies = []


async def follow(cookie, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", int(port))
    writer.write(f"GET /meetings/{meeting}/minutes/live HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    assert b" 200 " in status, status
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    ready.set()
    while True:
        line = await reader.readline()
        if not line:
            return
        if line.startswith(b"data:") and b'"version"' in line:
            # Chunked framing may split lines; the JSON carries the version saved.
            found = re.search(rb'"version":(\d+)', line)
            if found and int(found.group(1)) in sent:
                latencies.append(time.perf_counter() - sent[int(found.group(1))])


def save(version, text):
    body = json.dumps({"item_id": item_id, "discussion": text, "outcome": "noted", "outcome_text": "Merkittiin tiedoksi."}).encode()
    request = urllib.request.Request(f"{base}/api/v1/item-records/{record}", data=body, method="PUT",
                                     headers={"Authorization": auth, "Content-Type": "application/json", "If-Match": f'"{version}"'})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["version"]


async def main():
    global item_id
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/v1/item-records/{record}", headers={"Authorization": auth})) as r:
        current = json.load(r)
    item_id, version = current["item_id"], current["version"]
    cookie = session_cookie()
    events = [asyncio.Event() for _ in range(followers)]
    tasks = [asyncio.create_task(follow(cookie, e)) for e in events]
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in events)), 60)
    await asyncio.sleep(0.5)
    loop = asyncio.get_running_loop()
    for i in range(edits):
        sent[version + 1] = time.perf_counter()
        version = await loop.run_in_executor(None, save, version, f"Live-kirjaus {i}")
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)
    for t in tasks:
        t.cancel()
    got = sorted(latencies)
    p = lambda q: got[min(len(got) - 1, int(q * len(got)))] * 1000
    print(f"{followers} followers, {edits} edits: {len(got)} of {followers * edits} events received; "
          f"latency p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {got[-1] * 1000:.1f} ms")


asyncio.run(main())
