# PostgreSQL, holding the time series, goes away while a device publishes over MQTT (QoS 1): the
# server keeps acknowledging (the durable queue holds the messages), logs that it retries, and
# once the database is back every acknowledged message is stored. Entities stay on SQLite, so
# devices still authenticate meanwhile. Run by tests/postgres/run.sh, which gives the commands
# that stop and start its cluster.
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402
from harness import ApiTestCase, eid, unique  # noqa: E402
from mqtt_client import Device  # noqa: E402

STOP = os.environ.get("PACIFICSOFT_IT_PG_STOP")
START = os.environ.get("PACIFICSOFT_IT_PG_START")
BASE_TS = 1_700_000_000_000


class PostgresOutageTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        if not (harness.POSTGRES_TS and STOP and START):
            raise unittest.SkipTest("needs tests/postgres/run.sh (a cluster it may stop)")
        cls.server = cls.start_server(name="pg-outage", env={"DATABASE_ENTITIES_TYPE": "sqlite"})
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def stored(self, dev, count):
        path = harness.telemetry_path("DEVICE", eid(dev), "values/timeseries?keys=n&startTs=%d"
                                      "&endTs=%d&limit=%d" % (BASE_TS, BASE_TS + count, count))
        return {p["ts"] - BASE_TS for p in self.a.client.ok("GET", path).get("n", [])}

    def publish(self, device, first, count):
        mids = [device.publish("v1/devices/me/telemetry",
                               '{"ts": %d, "values": {"n": %d}}' % (BASE_TS + i, i),
                               wait=False).mid for i in range(first, first + count)]
        harness.eventually(lambda: self.assertEqual(set(mids) - set(device.acked), set()),
                           timeout=20)

    def test_messages_acknowledged_while_the_database_is_down_are_stored_when_it_returns(self):
        token = unique("tok")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        device = Device(self.server.mqtt_port, username=token)
        self.publish(device, 0, 100)
        harness.eventually(lambda: self.assertEqual(len(self.stored(dev, 300)), 100), timeout=20)
        subprocess.run(STOP, shell=True, check=True, stdout=subprocess.DEVNULL)
        try:
            self.publish(device, 100, 200)  # acknowledged: durable in the queue
            time.sleep(2)  # the consumer tries, fails and says it retries
            with open(self.server.stderr_path) as err, open(self.server.stdout_path) as out:
                log = err.read() + out.read()
            self.assertIn("retrying", log, "the server says it retries while storage is down")
        finally:
            subprocess.run(START, shell=True, check=True, stdout=subprocess.DEVNULL)
        harness.eventually(lambda: self.assertEqual(self.stored(dev, 300), set(range(300))),
                           timeout=40)
        device.client.loop_stop()


if __name__ == "__main__":
    harness.main()
