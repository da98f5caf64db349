# Two nodes of a cluster on one ZooKeeper, one RabbitMQ broker and one PostgreSQL database,
# behind HAProxy with the shipped configuration (deploy/haproxy/haproxy.cfg). A device
# publishes QoS 1 through HAProxy while the node that consumes the device's partition is killed
# (kill -9): a device connected to it reconnects through HAProxy and sends again what was not
# acknowledged, the partitions move to the survivor once the dead node's ZooKeeper session ends,
# what it had taken and not finished is delivered again, and every acknowledged message is
# stored. Which node consumes what is read from the lock znodes themselves (kazoo).
import json
import os
import socket
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
HAPROXY_CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy",
                              "haproxy", "haproxy.cfg")


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
        self.haproxy_mqtt = self.start_haproxy()

    def start_haproxy(self):
        """HAProxy on the shipped configuration; answers its MQTT port once a node is up."""
        node1, node2 = self.nodes["node-1"], self.nodes["node-2"]
        mqtt_port = harness.free_port()
        env = dict(os.environ, MQTT_BIND="127.0.0.1:%d" % mqtt_port,
                   HTTP_BIND="127.0.0.1:%d" % harness.free_port(),
                   NODE1_MQTT="127.0.0.1:%d" % node1.mqtt_port,
                   NODE1_HTTP="127.0.0.1:%d" % node1.port,
                   NODE2_MQTT="127.0.0.1:%d" % node2.mqtt_port,
                   NODE2_HTTP="127.0.0.1:%d" % node2.port,
                   # A third node that is not there: its checks keep it out.
                   NODE3_MQTT="127.0.0.1:%d" % harness.free_port(),
                   NODE3_HTTP="127.0.0.1:%d" % harness.free_port())
        proxy = subprocess.Popen(["haproxy", "-db", "-f", HAPROXY_CONFIG], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(proxy.wait)
        self.addCleanup(proxy.terminate)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", mqtt_port), timeout=1).close()
                return mqtt_port
            except OSError:
                time.sleep(0.1)
        self.fail("HAProxy did not listen")

    @staticmethod
    def connections_to(port):
        """Established TCP connections whose local port is `port` (HAProxy's, to a node)."""
        count = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                        count += 1
        return count

    def fill_until_least_is(self, admin, node, other):
        """Connects other devices through HAProxy until `node` has fewer connections than
        `other`, so the next one goes to `node` (leastconn)."""
        for _ in range(6):
            if self.connections_to(node.mqtt_port) < self.connections_to(other.mqtt_port):
                return
            token = unique("filler")
            admin.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("filler")})
            filler = self.connect_device(token)
            self.addCleanup(filler.close)
            time.sleep(0.2)
        self.fail("HAProxy never sent a connection to %s" % other.name)

    def connect_device(self, token):
        """A device connected through HAProxy, trying again while a dead node is told apart."""
        for _ in range(30):
            device = Device(self.haproxy_mqtt, username=token, connect=False)
            try:
                if device.connect(self.haproxy_mqtt) == 0:
                    return device
            except (AssertionError, OSError):
                pass
            device.close()
            time.sleep(0.5)
        self.fail("no connection through HAProxy")

    def publish_until_acknowledged(self, token, payload):
        """As a device does: a message not acknowledged is sent again on a new connection."""
        for _ in range(20):
            try:
                if self.mqtt.disconnected.is_set():
                    raise AssertionError("disconnected")
                self.mqtt.publish("v1/devices/me/telemetry", payload)
                return
            except AssertionError:
                self.mqtt.close()
                self.mqtt = self.connect_device(token)
        self.fail("never acknowledged: " + payload)

    def consumers(self):
        """Partition -> the node holding its lock znode."""
        held = {}
        for partition in range(PARTITIONS):
            path = "%s/partitions/rule-engine/%d" % (self.root, partition)
            if self.zookeeper.exists(path):
                held[partition] = self.zookeeper.get(path)[0].decode()
        return held

    def test_a_killed_nodes_partitions_move_and_no_acknowledged_message_is_lost(self):
        def settled():
            consumers = self.consumers()
            self.assertEqual(len(consumers), PARTITIONS)
            self.assertEqual(set(consumers.values()), {"node-1", "node-2"},
                             "both nodes consume some partitions")
        harness.eventually(settled, 20)
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

        survivor, victim = self.nodes["node-2"], self.nodes["node-1"]
        self.fill_until_least_is(admin, victim, survivor)
        before = self.connections_to(victim.mqtt_port)
        self.mqtt = self.connect_device(token)
        self.addCleanup(lambda: self.mqtt.close())
        time.sleep(0.2)
        self.assertEqual(self.connections_to(victim.mqtt_port), before + 1,
                         "the device's session is on the node that will be killed")
        first_connection = self.mqtt
        base = int(time.time() * 1000)
        acknowledged = []
        for n in range(MESSAGES):
            if n == KILL_AT:
                victim.proc.kill()  # SIGKILL, mid-stream
            self.publish_until_acknowledged(
                token, json.dumps({"ts": base + n, "values": {"n": n}}))
            acknowledged.append(n)

        reader = survivor.client(admin.email, admin.password)
        path = harness.telemetry_path(
            "DEVICE", eid(device), "values/timeseries?keys=n&startTs=%d&endTs=%d&limit=100000"
            % (base, base + MESSAGES))

        def stored():
            rows = reader.ok("GET", path).get("n", [])
            return sorted(int(row["value"]) for row in rows)

        self.assertIsNot(self.mqtt, first_connection, "the device reconnected through HAProxy")
        harness.eventually(lambda: self.assertEqual(stored(), acknowledged), 60)
        self.assertEqual(set(self.consumers().values()), {"node-2"},
                         "the survivor consumes every partition")


if __name__ == "__main__":
    unittest.main(verbosity=2)
