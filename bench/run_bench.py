#!/usr/bin/env python3
# `make bench`: runs the Google Benchmarks, then the same MQTT load against a fresh Pacificsoft
# and against Debian's Mosquitto in the same run, and prints rates, their ratio, PUBACK latency,
# idle memory per connection and publish-to-WebSocket latency next to the targets.
"""Usage: run_bench.py --build-dir build-bench [--devices 100] [--seconds 20] [--hold 5000]
[--skip-micro] [--json FILE]"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_procs  # noqa: E402
from create_devices import create_devices, login  # noqa: E402


def say(text):
    print(text, flush=True)


def ensure_mosquitto():
    """Debian's broker, installed here when missing (not by tools/install_deps.sh); the package's
    own service, if the system starts one, is left alone: ours runs on its own port."""
    found = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if os.path.exists(
        "/usr/sbin/mosquitto") else None)
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    say("bench: installing Debian's mosquitto")
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "mosquitto"], check=True,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    return "/usr/sbin/mosquitto"


def machine():
    """What the figures were measured on; the load average says how busy the machine was."""
    info = {"nproc": os.cpu_count(), "kernel": os.uname().release}
    with open("/proc/cpuinfo") as f:
        info["cpu"] = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")),
                           "?")
    with open("/proc/meminfo") as f:
        info["ram_mb"] = int(f.readline().split()[1]) // 1024
    return info


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def micro_benchmarks(build_dir, results):
    say("== Google Benchmarks (%s/bench) ==" % build_dir)
    for binary in sorted(glob.glob(os.path.join(build_dir, "bench", "bench_*"))):
        out = os.path.join(build_dir, os.path.basename(binary) + ".json")
        subprocess.run([binary, "--benchmark_min_time=0.3", "--benchmark_out=" + out,
                        "--benchmark_out_format=json"], check=True)
        with open(out) as f:
            for b in json.load(f)["benchmarks"]:
                results["micro"][b["name"]] = {
                    k: b[k] for k in ("real_time", "cpu_time", "time_unit", "items_per_second",
                                      "points/s") if k in b}


def stored_count(rest, device_ids):
    """Points of key "tx" stored for the devices (one COUNT bucket each)."""
    now = int(time.time() * 1000)
    start, end = now - 86_400_000, now + 86_400_000
    total = 0
    for dev in device_ids:
        data = rest.ok("GET", "/api/plugins/telemetry/DEVICE/%s/values/timeseries?keys=tx"
                       "&startTs=%d&endTs=%d&agg=COUNT&interval=%d&limit=1"
                       % (dev, start, end, end - start))
        total += sum(int(float(p["value"])) for p in data.get("tx", []))
    return total


def wait_stored(rest, device_ids, at_least, seconds=90):
    """Waits until at least `at_least` points are stored; answers (count, seconds waited)."""
    start = time.monotonic()
    count = stored_count(rest, device_ids)
    while count < at_least and time.monotonic() - start < seconds:
        time.sleep(0.5)
        count = stored_count(rest, device_ids)
    return count, time.monotonic() - start


def load_args(args, seconds=None, rate=0):
    return ["--devices", args.devices, "--qos", 1, "--window", args.window, "--warmup", 2,
            "--duration", seconds or args.seconds, "--rate", "%.2f" % rate]


def ws_latency(args, loader, server, rest, ids, per_device):
    ws = bench_procs.WsLatency(args.build_dir + "/ws_latency", server, rest.token, ids[:10])
    time.sleep(1)
    ws.start()
    run = bench_procs.run_load(loader, server.mqtt_port,
                               load_args(args, args.ws_seconds, per_device))
    time.sleep(1)
    result = ws.stop()
    figures = {"rate": run["rate"], "per_device_rate": per_device,
               "updates": int(result["updates"]), "p50_ms": result.get("p50_ms"),
               "p99_ms": result.get("p99_ms"), "max_ms": result.get("max_ms"), "puback": run,
               "command": run["command"]}
    say("publish-to-WebSocket at %.0f msg/s: %d updates, p50 %s p99 %s max %s ms; PUBACK p50 "
        "%.2f p99 %.2f ms" % (run["rate"], figures["updates"], figures["p50_ms"],
                              figures["p99_ms"], figures["max_ms"], run["p50_ms"],
                              run["p99_ms"]))
    return figures


def max_rate_load(args, loader, server, rest, ids):
    """The maximum-rate load, then waits until every acknowledged message is stored. Returns the
    figures and when the load ended (time.monotonic)."""
    load = bench_procs.run_load(loader, server.mqtt_port, load_args(args))
    ended = time.monotonic()
    # Acknowledged means durable in the queue log; the store may still be behind. The store's
    # sustained rate is what it took while the generator ran (warm-up included), on the same
    # cores; catching up afterwards, alone on the machine, it goes faster.
    stored_while_loaded = stored_count(rest, ids)
    stored, waited = wait_stored(rest, ids, int(load["acked"]))
    load.update(stored=stored, store_drain_s=round(waited, 1),
                store_rate=stored_while_loaded / (2 + args.seconds))
    say("QoS 1 max: %(rate).0f acked msg/s, PUBACK p50 %(p50_ms).2f p90 %(p90_ms).2f "
        "p99 %(p99_ms).2f max %(max_ms).2f ms; acked %(acked)d, stored %(stored)d "
        "(%(store_rate).0f msg/s into the store under load, the rest %(store_drain_s)s s "
        "after it)" % load)
    return load, ended


def bench_pacificsoft_postgres(args, loader, results, url):
    """The maximum-rate load again, with the time series on PostgreSQL (entities on SQLite)."""
    say("== Pacificsoft, time series on PostgreSQL ==")
    server = bench_procs.Pacificsoft(args.server, {"DATABASE_TS_TYPE": "postgres",
                                                   "POSTGRES_URL": url})
    try:
        rest = login(server.url)
        ids = [dev for _, dev in create_devices(rest, args.devices)]
        results["pacificsoft_postgres"]["load"], _ = max_rate_load(args, loader, server, rest, ids)
    finally:
        server.stop()


def bench_pacificsoft(args, loader, results):
    say("== Pacificsoft (%s) ==" % args.server)
    server = bench_procs.Pacificsoft(args.server)
    try:
        rest = login(server.url)
        started = time.monotonic()
        devices = create_devices(rest, max(args.devices, args.hold))
        say("created %d devices through REST in %.1f s" % (len(devices), time.monotonic() - started))
        ids = [dev for _, dev in devices[:args.devices]]
        memory = bench_procs.hold_memory(server, loader, args.hold)
        results["pacificsoft"]["memory"] = memory
        results["loadavg"]["pacificsoft_load"] = loadavg()
        say("idle memory: %(empty_kb)d KB empty, %(held_kb)d KB with %(connected)d connections "
            "= %(per_connection_kb).2f KB per connection" % memory)
        load, after = max_rate_load(args, loader, server, rest, ids)
        results["pacificsoft"]["load"] = load
        # Publish-to-WebSocket latency at half the maximum rate, then at a light 10 msg/s per
        # device (the path's latency without queueing), on 10 subscribed devices.
        # "Half the maximum" is half of what the store takes while the generator runs:
        # acknowledgements can run ahead of it (the queue holds the difference), and above it
        # updates wait in the queue.
        time.sleep(max(0.0, 2 - (time.monotonic() - after)))
        half = max(min(load["rate"], load["store_rate"]) / 2 / args.devices, 0.5)
        ws = ws_latency(args, loader, server, rest, ids, half)
        results["pacificsoft"]["ws"] = ws
        # The light run measures the path without a backlog: the half-rate run stored first.
        wait_stored(rest, ids, load["stored"] + int(ws["puback"]["acked"]))
        results["pacificsoft"]["ws_light"] = ws_latency(args, loader, server, rest, ids, 10)
    finally:
        server.stop()


def bench_mosquitto(args, loader, results):
    binary = ensure_mosquitto()
    version = subprocess.run([binary, "-h"], capture_output=True, text=True).stdout.split("\n")[0]
    say("== Mosquitto (%s) ==" % version)
    broker = bench_procs.Mosquitto(binary)
    try:
        memory = bench_procs.hold_memory(broker, loader, args.hold)
        results["mosquitto"].update(version=version, memory=memory)
        results["loadavg"]["mosquitto_load"] = loadavg()
        say("idle memory: %(empty_kb)d KB empty, %(held_kb)d KB with %(connected)d connections "
            "= %(per_connection_kb).2f KB per connection" % memory)
        load = bench_procs.run_load(loader, broker.mqtt_port, load_args(args))
        results["mosquitto"]["load"] = load
        say("QoS 1 max: %(rate).0f acked msg/s, PUBACK p50 %(p50_ms).2f p90 %(p90_ms).2f "
            "p99 %(p99_ms).2f max %(max_ms).2f ms" % load)
    finally:
        broker.stop()


def summary(results):
    ps, mq = results["pacificsoft"], results["mosquitto"]
    ratio = ps["load"]["rate"] / mq["load"]["rate"] if mq["load"]["rate"] else float("nan")
    results["ratio"] = ratio
    avg = results["micro"].get("bm_aggregate_one_million_points/sqlite/avg/1000/real_time", {})
    ws = ps.get("ws", {})
    rows = [
        ("QoS 1 persisted, 5 keys (msg/s)", "%.0f" % ps["load"]["rate"],
         "%.0f" % mq["load"]["rate"], "ratio %.2f (target >= 0.30)" % ratio),
        ("  of which reached the store (msg/s)", "%.0f" % ps["load"]["store_rate"], "-",
         "ratio %.2f" % (ps["load"]["store_rate"] / mq["load"]["rate"])),
        ("idle connection (KB)", "%.2f" % ps["memory"]["per_connection_kb"],
         "%.2f" % mq["memory"]["per_connection_kb"], "target <= 4 KB"),
        ("publish->WebSocket p99 (ms)", "%s" % (ws.get("p99_ms") and "%.2f" % ws["p99_ms"]), "-",
         "target < 10 ms at half max rate"),
        ("publish->WebSocket p99, 10/s/device", "%s" % (ps.get("ws_light", {}).get("p99_ms")),
         "-", "latency without queueing"),
        ("AVG 1000 buckets / 1M points (ms)", "%.1f" % avg.get("real_time", float("nan")), "-",
         "target < 100 ms"),
    ]
    pg = results.get("pacificsoft_postgres", {}).get("load")
    if pg:
        pg_avg = results["micro"].get(
            "bm_aggregate_one_million_points/postgres/avg/1000/real_time", {})
        rows += [
            ("QoS 1 persisted, ts on PostgreSQL", "%.0f" % pg["rate"], "%.0f" % mq["load"]["rate"],
             "ratio %.2f" % (pg["rate"] / mq["load"]["rate"])),
            ("  of which reached the store (msg/s)", "%.0f" % pg["store_rate"], "-", ""),
            ("AVG 1000 buckets / 1M points, PG (ms)", "%.1f" % pg_avg.get("real_time",
                                                                        float("nan")), "-", ""),
        ]
    say("\n== Summary ==")
    say("%-36s %12s %12s   %s" % ("figure", "Pacificsoft", "Mosquitto", "note"))
    for row in rows:
        say("%-36s %12s %12s   %s" % row)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", default=os.path.join(here, "..", "build-bench"))
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--ws-seconds", type=int, default=10)
    parser.add_argument("--hold", type=int, default=5000)
    parser.add_argument("--skip-micro", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true",
                        help="SQLite only (PostgreSQL runs when Debian's binaries are there)")
    parser.add_argument("--json", help="write every figure here (default BUILD/bench-results.json)")
    args = parser.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    args.server = os.path.join(args.build_dir, "pacificsoft")
    loader = os.path.join(args.build_dir, "mqtt_load")
    results = {"machine": machine(), "micro": {}, "pacificsoft": {}, "mosquitto": {},
               "pacificsoft_postgres": {}, "loadavg": {"start": loadavg()}}
    say("machine: %(nproc)d x %(cpu)s, %(ram_mb)d MB RAM, kernel %(kernel)s" % results["machine"])
    say("load average at start: %s (other work on the machine skews every figure)"
        % results["loadavg"]["start"])
    cluster = None
    if not args.skip_postgres:
        try:
            cluster = bench_procs.PostgresCluster()
            os.environ["PACIFICSOFT_BENCH_POSTGRES_URL"] = cluster.url  # for the store benchmarks
        except (FileNotFoundError, subprocess.CalledProcessError) as error:
            say("PostgreSQL figures skipped: %s" % error)
    try:
        if not args.skip_micro:
            micro_benchmarks(args.build_dir, results)
        bench_pacificsoft(args, loader, results)
        if cluster:
            bench_pacificsoft_postgres(args, loader, results, cluster.url)
    finally:
        if cluster:
            cluster.stop()
    bench_mosquitto(args, loader, results)
    results["loadavg"]["end"] = loadavg()
    summary(results)
    say("load average at end: %s" % results["loadavg"]["end"])
    out = args.json or os.path.join(args.build_dir, "bench-results.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
    say("figures written to %s" % out)


if __name__ == "__main__":
    main()
