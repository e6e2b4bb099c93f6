#!/usr/bin/env python3
"""Card benchmark for issue 4: one customer with 1,000 minutes, 1,000 tasks, 200 documents and 10,000
history entries; then each tab's first page under load with wrk, reporting wrk's latency and the server's
own per-request timing (from its log) as p50 / p99.

Usage: bench/card.py [--customers N]   (N demo customers around the card, default 100000)
Env: KARTOTEKA_BINARY (build/kartoteka), BENCH_CARD_DATA (/tmp/kartoteka-bench-card), PORT (18090),
     DURATION (10s), CONNECTIONS (4).
Only the Python standard library, wrk and the kartoteka binary are needed.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("KARTOTEKA_BINARY", os.path.join(ROOT, "build", "kartoteka"))
DATA = os.environ.get("BENCH_CARD_DATA", "/tmp/kartoteka-bench-card")
PORT = int(os.environ.get("PORT", "18090"))
DURATION = os.environ.get("DURATION", "10s")
CONNECTIONS = os.environ.get("CONNECTIONS", "4")
PASSWORD = "bench-password-123"

_local = threading.local()


def connection():
    if not hasattr(_local, "conn"):
        _local.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    return _local.conn


def call(method, path, token, body=None, headers=None, raw=None):
    all_headers = {"Authorization": "Bearer " + token}
    if body is not None:
        raw = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    conn = connection()
    conn.request(method, path, body=raw, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path} -> {response.status}: {data[:300]!r}")
    return json.loads(data) if data and response.getheader("Content-Type", "").startswith("application/json") else None


def upload(path, token, filename, content):
    boundary = "benchboundary7d1f"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return call("POST", path, token, raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def run_parallel(function, items, workers=4):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(function, items))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100000)
    args = parser.parse_args()

    shutil.rmtree(DATA, ignore_errors=True)
    os.makedirs(DATA)
    subprocess.run([BINARY, "demo-data", str(args.customers), "--data", DATA], check=True, capture_output=True)
    log_path = os.path.join(DATA, "server.log")
    env = dict(os.environ, KARTOTEKA_ADMIN_PASSWORD=PASSWORD)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [BINARY, "serve", "--data", DATA, "--listen", f"127.0.0.1:{PORT}"], stdout=log, stderr=log, env=env
        )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        subprocess.run([BINARY, "user", "passwd", "admin", "--data", DATA, "--password", PASSWORD], check=True,
                       capture_output=True)
        subprocess.run([BINARY, "user", "add", "colleague", "--data", DATA, "--password", PASSWORD], check=False,
                       capture_output=True)
        token = login_token()
        users = call("GET", "/api/v1/users", token)
        user_ids = [user["id"] for user in (users["items"] if isinstance(users, dict) else users)]

        started = time.time()
        customer = call("POST", "/api/v1/customers", token, {"kind": "company", "name": "Benchmark karta s.r.o."})
        cid = customer["id"]
        base = f"/api/v1/customers/{cid}"
        run_parallel(lambda i: call("POST", base + "/notes", token, {
            "kind": ["meeting", "call", "email", "visit", "other"][i % 5],
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(1.7e9 + i * 3600)),
            "place": "Brno", "subject": f"Schůzka č. {i}", "body": "**Probrali jsme** nabídku.\n\n- bod 1\n- bod 2",
            "conclusions": "Pokračovat.", "next_steps": "Poslat nabídku.", "participants": [],
        }), range(1000))
        run_parallel(lambda i: call("POST", base + "/tasks", token, {
            "title": f"Úkol č. {i}", "description": "Zavolat zpět.", "assignee_id": user_ids[i % len(user_ids)],
            "due_date": time.strftime("%Y-%m-%d", time.gmtime(1.79e9 + (i - 500) * 86400)), "due_time": None,
            "priority": "normal", "status": "open",
        }), range(1000))
        run_parallel(lambda i: upload(base + "/documents", token, f"Smlouva č. {i}.pdf",
                                      b"%PDF-1.4\n" + os.urandom(2048) + f"\n{i}\n%%EOF\n".encode()), range(200))
        version = call("GET", base, token)["version"]
        # The remaining history entries come from edits of the customer itself (one entry each).
        history_so_far = 1 + 1000 + 1000 + 200
        for i in range(10000 - history_so_far):
            version = call("PATCH", base, token, {"note": f"poznámka {i}"}, {"If-Match": f'"{version}"'})["version"]
        print(f"seeded the card (customer {cid}) in {time.time() - started:.1f} s")

        tabs = {
            "notes": base + "/notes",
            "tasks": base + "/tasks",
            "documents": base + "/documents",
            "history": base + "/history",
        }
        results = {}
        for name, path in tabs.items():
            log_mark = os.path.getsize(log_path)
            wrk = subprocess.run(
                ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s",
                 os.path.join(ROOT, "bench", "get_path.lua"), f"http://127.0.0.1:{PORT}"],
                env=dict(os.environ, KT_TOKEN=token, KT_PATH=path), capture_output=True, text=True, check=True,
            ).stdout
            time.sleep(1.5)  # the server flushes its log every second
            with open(log_path) as log:
                log.seek(log_mark)
                pattern = re.compile(r"GET " + re.escape(path) + r" 200 (\d+)us")
                micros = [int(m.group(1)) for m in map(pattern.search, log) if m]
            requests = re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1)
            wrk_p99 = re.search(r"99%\s+(\S+)", wrk).group(1)
            results[name] = {
                "requests_per_s": float(requests),
                "wrk_p99": wrk_p99,
                "server_p50_ms": percentile(micros, 0.5) / 1000,
                "server_p99_ms": percentile(micros, 0.99) / 1000,
                "samples": len(micros),
            }
        with open(f"/proc/{server.pid}/status") as status:
            rss = [line.split()[1] for line in status if line.startswith("VmRSS")][0]
        print(f"wrk -t1 -c{CONNECTIONS} -d{DURATION} per tab; server RSS {int(rss) // 1024} MB")
        print(f"{'tab':<10} {'req/s':>8} {'wrk p99':>9} {'server p50':>11} {'server p99':>11} {'n':>7}")
        for name, row in results.items():
            print(f"{name:<10} {row['requests_per_s']:>8.0f} {row['wrk_p99']:>9} {row['server_p50_ms']:>9.2f}ms "
                  f"{row['server_p99_ms']:>9.2f}ms {row['samples']:>7}")
    finally:
        server.terminate()
        server.wait()


def login_token():
    body = json.dumps({"username": "admin", "password": PASSWORD}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/auth/login", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        csrf = json.load(response).get("csrf_token")
    if not csrf:
        with urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{PORT}/api/v1/auth/me", headers={"Cookie": cookie})) as response:
            csrf = json.load(response)["csrf_token"]
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1/auth/tokens", data=json.dumps({"name": "bench"}).encode(),
        headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token"]


if __name__ == "__main__":
    sys.exit(main())
