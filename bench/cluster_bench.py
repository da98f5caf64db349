#!/usr/bin/env python3
# Cluster figures (issue 18): persisted QoS 1 msg/s through HAProxy for clusters of 1, 2 and 3
# nodes on this one machine (they share its cores: this shows the overhead of the cluster's
# path, broker round trips and PostgreSQL, not scaling), and the time from kill -9 of a node to
# its partitions being consumed again. Needs ZooKeeper, RabbitMQ and PostgreSQL: run it through
# bench/run_cluster_bench.sh, which starts them and passes their addresses in the environment.
"""Usage: cluster_bench.py --build-dir build-bench [--devices 100] [--seconds 20] [--json FILE]"""

import argparse
import json
import os
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_procs  # noqa: E402
from create_devices import create_devices, login  # noqa: E402
from run_bench import load_args, stored_count, wait_stored  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HAPROXY_CONFIG = os.path.join(HERE, "..", "deploy", "haproxy", "haproxy.cfg")
PARTITIONS = 8


def say(text):
    print(text, flush=True)


class Cluster:
    """`size` nodes on fresh ZooKeeper nodes, a fresh schema and the shared broker, behind
    HAProxy; stop() ends them."""

    def __init__(self, binary, size):
        tag = uuid.uuid4().hex[:8]
        schema = "ps_bench_" + tag
        subprocess.run(["psql", os.environ["PACIFICSOFT_TEST_POSTGRES"], "-q", "-c",
                        "CREATE SCHEMA " + schema], check=True)
        env = dict(DATABASE_ENTITIES_TYPE="postgres", DATABASE_TS_TYPE="postgres",
                   POSTGRES_URL=os.environ["PACIFICSOFT_TEST_POSTGRES"] +
                   "?options=-csearch_path%3D" + schema,
                   QUEUE_TYPE="rabbitmq", QUEUE_PARTITIONS=str(PARTITIONS),
                   RABBITMQ_HOST="127.0.0.1",
                   RABBITMQ_PORT=os.environ["PACIFICSOFT_TEST_RABBITMQ"].rsplit(":", 1)[1],
                   ZOOKEEPER_ENABLED="true", ZOOKEEPER_URL=os.environ["PACIFICSOFT_TEST_ZOOKEEPER"],
                   ZOOKEEPER_NODES_DIR="/ps-bench-" + tag)
        self.nodes = []
        for index in range(size):  # one after the other: the first installs the schema
            self.nodes.append(bench_procs.Pacificsoft(
                binary, dict(env, SERVICE_ID="node-%d" % (index + 1))))
        self.mqtt_port = bench_procs.free_port()
        proxy_env = dict(os.environ, MQTT_BIND="127.0.0.1:%d" % self.mqtt_port,
                         HTTP_BIND="127.0.0.1:%d" % bench_procs.free_port())
        for index in range(3):
            node = self.nodes[index] if index < size else None
            proxy_env["NODE%d_MQTT" % (index + 1)] = "127.0.0.1:%d" % (
                node.mqtt_port if node else bench_procs.free_port())
            proxy_env["NODE%d_HTTP" % (index + 1)] = "127.0.0.1:%d" % (
                node.http_port if node else bench_procs.free_port())
        self.proxy = subprocess.Popen(["haproxy", "-db", "-f", HAPROXY_CONFIG], env=proxy_env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bench_procs.wait_port(self.mqtt_port, self.proxy)
        time.sleep(2.5)  # HAProxy's checks (rise 2, every second) bring the nodes up

    def partitions_of(self, rest):
        return {node["id"]: len(node["partitions"].get("rule-engine", []))
                for node in rest.ok("GET", "/api/cluster/nodes")}

    def wait_settled(self, rest, ids, seconds=30):
        """Until the live nodes `ids` consume every partition between them."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            held = self.partitions_of(rest)
            if sum(held.get(i, 0) for i in ids) == PARTITIONS and all(held.get(i) for i in ids):
                return held
            time.sleep(0.1)
        raise RuntimeError("the cluster did not settle: %r" % self.partitions_of(rest))

    def stop(self):
        self.proxy.terminate()
        self.proxy.wait()
        for node in self.nodes:
            node.stop()


def sysadmin(url):
    return login(url, "sysadmin@pacificsoft.io", "sysadmin")


def throughput(args, loader, size):
    say("== %d node%s behind HAProxy ==" % (size, "s" if size > 1 else ""))
    cluster = Cluster(args.server, size)
    try:
        first = cluster.nodes[0]
        rest, admin = login(first.url), sysadmin(first.url)
        cluster.wait_settled(admin, ["node-%d" % (i + 1) for i in range(size)])
        ids = [dev for _, dev in create_devices(rest, args.devices)]
        load = bench_procs.run_load(loader, cluster.mqtt_port, load_args(args))
        stored_while_loaded = stored_count(rest, ids)
        stored, waited = wait_stored(rest, ids, int(load["acked"]), seconds=300)
        load.update(nodes=size, stored=stored, store_drain_s=round(waited, 1),
                    store_rate=stored_while_loaded / (2 + args.seconds))
        say("QoS 1 max: %(rate).0f acked msg/s, PUBACK p50 %(p50_ms).2f p99 %(p99_ms).2f ms; "
            "acked %(acked)d, stored %(stored)d (%(store_rate).0f msg/s into the store under "
            "load, the rest %(store_drain_s)s s after it)" % load)
        return load
    finally:
        cluster.stop()


def failover(args):
    """kill -9 of one of two nodes: seconds until the other consumes every partition."""
    say("== kill -9 of one of 2 nodes ==")
    cluster = Cluster(args.server, 2)
    try:
        admin = sysadmin(cluster.nodes[1].url)
        cluster.wait_settled(admin, ["node-1", "node-2"])
        killed = time.monotonic()
        cluster.nodes[0].proc.kill()
        cluster.wait_settled(admin, ["node-2"])
        seconds = time.monotonic() - killed
        say("partitions consumed again %.1f s after the kill (ZooKeeper session time-out 6 s, "
            "rebalance delay 1 s)" % seconds)
        return {"seconds": round(seconds, 1), "session_timeout_s": 6}
    finally:
        cluster.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", default=os.path.join(HERE, "..", "build-bench"))
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--json", help="write every figure here")
    args = parser.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    args.server = os.path.join(args.build_dir, "pacificsoft")
    loader = os.path.join(args.build_dir, "mqtt_load")
    say("machine: %d cores; load average %s" % (os.cpu_count(), os.getloadavg()))
    results = {"throughput": [throughput(args, loader, size) for size in (1, 2, 3)],
               "failover": failover(args)}
    say("\n== Summary ==")
    for load in results["throughput"]:
        say("%d node(s): %.0f acked msg/s through HAProxy, %.0f msg/s into the store, all "
            "acked stored: %s" % (load["nodes"], load["rate"], load["store_rate"],
                                  load["stored"] >= load["acked"]))
    say("kill -9 to partitions consumed again: %.1f s" % results["failover"]["seconds"])
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
