# Two nodes of a cluster on one ZooKeeper, one RabbitMQ broker and one PostgreSQL database. A
# device publishes QoS 1 through one node while the other, which consumes the device's
# partition, is killed (kill -9): its partitions move to the survivor once its ZooKeeper session
# ends, what it had taken and not finished is delivered again, and every acknowledged message
# is stored. Which node consumes what is read from the lock znodes themselves (kazoo).
import json
import os
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402
from harness import eid, unique  # noqa: E402
from kazoo.client import KazooClient  # noqa: E402
from mqtt_client import Device  # noqa: E402

PARTITIONS = 8
POSTGRES = os.environ["PACIFICSOFT_TEST_POSTGRES"]
ZOOKEEPER = os.environ["PACIFICSOFT_TEST_ZOOKEEPER"]
RABBITMQ_PORT = os.environ["PACIFICSOFT_TEST_RABBITMQ"].rsplit(":", 1)[1]
MESSAGES = 400
KILL_AT = 150


def partition_of(device_id):
    """queue::partition_of: FNV-1a over the uuid's bytes, modulo the partitions."""
    value = 1469598103934665603
    for byte in uuid.UUID(device_id).bytes:
        value = ((value ^ byte) * 1099511628211) % (1 << 64)
    return value % PARTITIONS


class FailoverTest(unittest.TestCase):
    def setUp(self):
        schema = "ps_cluster_%d" % os.getpid()
        subprocess.run(["psql", POSTGRES, "-q", "-c", "CREATE SCHEMA " + schema], check=True)
        self.root = "/ps-failover-" + uuid.uuid4().hex
        env = dict(DATABASE_ENTITIES_TYPE="postgres", DATABASE_TS_TYPE="postgres",
                   POSTGRES_URL=POSTGRES + "?options=-csearch_path%3D" + schema,
                   QUEUE_TYPE="rabbitmq", QUEUE_PARTITIONS=PARTITIONS, RABBITMQ_HOST="127.0.0.1",
                   RABBITMQ_PORT=RABBITMQ_PORT, ZOOKEEPER_ENABLED="true", ZOOKEEPER_URL=ZOOKEEPER,
                   ZOOKEEPER_NODES_DIR=self.root, ZOOKEEPER_SESSION_TIMEOUT_MS="3000",
                   COAP_ENABLED="false")
        self.nodes = {}
        for name in ("node-1", "node-2"):  # one after the other: the first installs the schema
            node = harness.Server(env=dict(env, SERVICE_ID=name), name=name)
            self.addCleanup(node.cleanup)
            self.nodes[name] = node.start()
        self.zookeeper = KazooClient(hosts=ZOOKEEPER)
        self.zookeeper.start()
        self.addCleanup(self.zookeeper.stop)

    def consumers(self):
        """Partition -> the node holding its lock znode."""
        held = {}
        for partition in range(PARTITIONS):
            path = "%s/partitions/rule-engine/%d" % (self.root, partition)
            if self.zookeeper.exists(path):
                held[partition] = self.zookeeper.get(path)[0].decode()
        return held

    def test_a_killed_nodes_partitions_move_and_no_acknowledged_message_is_lost(self):
        harness.eventually(lambda: self.assertEqual(len(self.consumers()), PARTITIONS), 20)
        self.assertEqual(set(self.consumers().values()), {"node-1", "node-2"},
                         "both nodes consume some partitions")
        listed = self.nodes["node-2"].sysadmin().ok("GET", "/api/cluster/nodes")
        self.assertEqual(
            {node["id"]: (node["ready"], node["partitions"]["rule-engine"]) for node in listed},
            {name: (True, sorted(p for p, owner in self.consumers().items() if owner == name))
             for name in ("node-1", "node-2")},
            "every node lists the cluster as the lock znodes have it")
        admin = harness.create_tenant_admin(self.nodes["node-1"],
                                            self.nodes["node-1"].sysadmin())
        for _ in range(50):  # a device of a partition that node-1 consumes
            token = unique("tok")
            device = admin.client.ok("POST", "/api/device?accessToken=" + token,
                                     {"name": unique("failover")})
            if self.consumers()[partition_of(eid(device))] == "node-1":
                break
        else:
            self.fail("no device on node-1's partitions")

        survivor = self.nodes["node-2"]
        mqtt = Device(survivor.mqtt_port, username=token)
        self.addCleanup(mqtt.close)
        base = int(time.time() * 1000)
        acknowledged = []
        for n in range(MESSAGES):
            if n == KILL_AT:
                self.nodes["node-1"].proc.kill()  # SIGKILL, mid-stream
            mqtt.publish("v1/devices/me/telemetry", json.dumps({"ts": base + n, "values": {"n": n}}))
            acknowledged.append(n)

        reader = survivor.client(admin.email, admin.password)
        path = harness.telemetry_path(
            "DEVICE", eid(device), "values/timeseries?keys=n&startTs=%d&endTs=%d&limit=100000"
            % (base, base + MESSAGES))

        def stored():
            rows = reader.ok("GET", path).get("n", [])
            return sorted(int(row["value"]) for row in rows)

        harness.eventually(lambda: self.assertEqual(stored(), acknowledged), 60)
        self.assertEqual(set(self.consumers().values()), {"node-2"},
                         "the survivor consumes every partition")


if __name__ == "__main__":
    unittest.main(verbosity=2)
