#!/usr/bin/env python3
# Creates N devices with known access tokens (prefix + index) through the REST API, logged in as
# the demo tenant administrator; prints "<token> <device id>" per device (python3 stdlib only).
"""Usage: create_devices.py --url http://127.0.0.1:8080 --count 100 [--prefix bench-token-]
[--start 0] [--workers 4] [--user tenant@pacificsoft.io --password tenant] [--out FILE]"""

import argparse
import concurrent.futures
import http.client
import json
import sys
import threading
import urllib.parse


class Rest:
    """A keep-alive HTTP/1.1 connection per thread to one server, with a JWT once logged in."""

    def __init__(self, url, token=None):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.token = token
        self.local = threading.local()

    def request(self, method, path, body=None):
        for attempt in range(2):  # one retry on a connection the server closed
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            headers = {"Content-Type": "application/json"}
            if self.token:
                headers["X-Authorization"] = "Bearer " + self.token
            try:
                conn.request(method, path, json.dumps(body) if body is not None else None, headers)
                response = conn.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                self.local.conn = None
                if attempt:
                    raise
                continue
            parsed = json.loads(text) if text.strip().startswith(("{", "[")) else text
            return response.status, parsed
        raise RuntimeError("unreachable")

    def ok(self, method, path, body=None):
        status, parsed = self.request(method, path, body)
        if status != 200:
            raise RuntimeError("%s %s -> %d %s" % (method, path, status, str(parsed)[:300]))
        return parsed


def login(url, user="tenant@pacificsoft.io", password="tenant"):
    rest = Rest(url)
    rest.token = rest.ok("POST", "/api/auth/login", {"username": user, "password": password})["token"]
    return rest


def create_devices(rest, count, prefix="bench-token-", start=0, workers=4):
    """Creates devices start..start+count-1; answers [(token, device id)] in index order."""

    def create(index):
        token = "%s%d" % (prefix, index)
        body = {"name": "bench-device-%d" % index, "type": "default"}
        device = rest.ok("POST", "/api/device?accessToken=" + urllib.parse.quote(token), body)
        return token, device["id"]["id"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(create, range(start, start + count)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--prefix", default="bench-token-")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--user", default="tenant@pacificsoft.io")
    parser.add_argument("--password", default="tenant")
    parser.add_argument("--out", help="write the lines here instead of stdout")
    args = parser.parse_args()
    rest = login(args.url, args.user, args.password)
    devices = create_devices(rest, args.count, args.prefix, args.start, args.workers)
    lines = "".join("%s %s\n" % pair for pair in devices)
    if args.out:
        with open(args.out, "w") as out:
            out.write(lines)
    else:
        sys.stdout.write(lines)


if __name__ == "__main__":
    main()
