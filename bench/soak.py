"""Mixed traffic against one spaceport for a bounded time: the three APIs' calls across many tenants that come and
go, with the journal on. Every answer's status is checked against what that call may answer; the server's resident
memory and open file descriptors are sampled every interval. Standard library only.

    python3 bench/soak.py BASE_URL PID [--seconds 600] [--tenants 200] [--workers 8] [--every 60]

Prints one line per sample and a JSON summary; exits 1 on any unexpected status or failed connection.
"""

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

CF_TOKEN = "spaceport-admin-token"
ORG = "c8412aa5-d3c0-4f4d-803e-c90b12a0c352"
PROVIDER = "spaceport-provider-token"
ASSEMBLA = "spaceport-assembla-token"
# The fixtures' space-creation token (the Onezone docs' example), which is not single-use.
SPACE_TOKEN = (
    "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowM"
    "DFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK"
)


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, data
            except (http.client.HTTPException, ConnectionError, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def cf(client, tenant, rng):
    """Create a CF space, read it, list by name, rename it, delete it."""
    auth = {"Authorization": f"bearer {CF_TOKEN}", "Content-Type": "application/json"}
    name = f"soak-{rng.getrandbits(48):x}"
    base = f"/t/{tenant}/v2"
    status, data = client.call("POST", f"{base}/spaces", json.dumps({"name": name, "organization_guid": ORG}), auth)
    yield "cf create", status, {201}
    if status != 201:
        return
    guid = json.loads(data)["metadata"]["guid"]
    status, _ = client.call("GET", f"{base}/spaces/{guid}", headers=auth)
    yield "cf get", status, {200}
    query = urllib.parse.quote(f"name:{name}")
    status, _ = client.call("GET", f"{base}/spaces?q={query}", headers=auth)
    yield "cf list", status, {200}
    status, _ = client.call("PUT", f"{base}/spaces/{guid}", json.dumps({"name": name + "-r"}), auth)
    yield "cf update", status, {201}
    status, _ = client.call("DELETE", f"{base}/spaces/{guid}", headers=auth)
    yield "cf delete", status, {204}


def assembla(client, tenant, rng):
    """Create an Assembla space, read it, update it, delete it."""
    auth = {"Authorization": f"Bearer {ASSEMBLA}", "Content-Type": "application/json"}
    name = f"soak-{rng.getrandbits(48):x}"
    base = f"/t/{tenant}/v1/spaces"
    status, data = client.call("POST", f"{base}.json", json.dumps({"space": {"name": name}}), auth)
    yield "assembla create", status, {201}
    if status != 201:
        return
    space = json.loads(data)["id"]
    status, _ = client.call("GET", f"{base}/{space}.json", headers=auth)
    yield "assembla get", status, {200}
    status, _ = client.call("PUT", f"{base}/{space}.json", json.dumps({"space": {"description": "soaked"}}), auth)
    yield "assembla update", status, {200, 204}
    status, _ = client.call("DELETE", f"{base}/{space}.json", headers=auth)
    yield "assembla delete", status, {204}


def onezone(client, tenant, rng):
    """Create a Onezone space as a provider, read it, list the provider's spaces."""
    auth = {"X-Auth-Token": PROVIDER, "Content-Type": "application/json"}
    base = f"/t/{tenant}/provider/spaces"
    body = json.dumps({"name": f"soak-{rng.getrandbits(48):x}", "token": SPACE_TOKEN, "size": 1024})
    status, data = client.call("POST", base, body, auth)
    yield "onezone create", status, {201}
    if status != 201:
        return
    status, _ = client.call("GET", base, headers=auth)
    yield "onezone list", status, {200}


def control(client, tenant, rng):
    """Read the tenant's journal, sometimes forget the tenant (it comes back at its next request)."""
    query = urllib.parse.urlencode({"tenant": tenant, "limit": 10})
    status, _ = client.call("GET", f"/__spaceport/requests?{query}")
    # A tenant forgotten earlier (by this worker, or by --tenant-idle) and not used since is 404.
    yield "journal read", status, {200, 404}
    if rng.random() < 0.1:
        status, _ = client.call("DELETE", f"/__spaceport/tenants/{tenant}")
        yield "tenant delete", status, {204, 404}


def sample(pid):
    """The server's resident memory (KiB) and open file descriptors."""
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("pid", type=int)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--every", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base)
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    counts, unexpected = {}, []

    def worker(index):
        rng = random.Random(args.seed + index)
        client = Client(url.hostname, url.port)
        flows = [cf, assembla, onezone, control]
        while time.monotonic() < deadline:
            # Each worker has tenants of its own, so a tenant it forgets has no request of another in flight.
            tenant = f"soak-{rng.randrange(index, args.tenants, args.workers)}"
            flow = rng.choice(flows)
            try:
                for name, status, allowed in flow(client, tenant, rng):
                    with lock:
                        counts[name] = counts.get(name, 0) + 1
                        if status not in allowed:
                            unexpected.append((name, status))
            except Exception as error:  # a refused or broken connection is a failure of the soak
                with lock:
                    unexpected.append((flow.__name__, repr(error)))

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.workers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    samples = []
    while any(thread.is_alive() for thread in threads):
        time.sleep(min(args.every, max(0.1, deadline - time.monotonic())))
        rss, fds = sample(args.pid)
        with lock:
            done = sum(counts.values())
        minute = round((time.monotonic() - started) / 60, 1)
        samples.append({"minute": minute, "rss_kib": rss, "fds": fds, "requests": done})
        print(f"minute {minute:5.1f}  rss {rss / 1024:7.1f} MiB  fds {fds:4d}  requests {done}", flush=True)
        if time.monotonic() >= deadline:
            break
    for thread in threads:
        thread.join(timeout=40)
    summary = {"requests": sum(counts.values()), "by_call": counts, "unexpected": unexpected[:20],
               "unexpected_count": len(unexpected), "samples": samples}
    print(json.dumps(summary))
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
