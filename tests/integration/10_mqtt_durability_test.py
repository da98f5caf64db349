# kill -9 with a QoS 1 stream in flight: every message the server acknowledged (PUBACK) is
# stored after the restart. Each message carries its own timestamp, so the stored points name
# exactly which messages survived.
import threading
import time

import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import Device

MESSAGES = 3000
BASE_TS = 1_700_000_000_000


class MqttDurabilityTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="mqtt-durability")
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def stored_indexes(self, dev):
        path = harness.telemetry_path("DEVICE", eid(dev), "values/timeseries?keys=n&startTs=%d"
                                      "&endTs=%d&limit=%d" % (BASE_TS, BASE_TS + MESSAGES, MESSAGES))
        points = self.a.client.ok("GET", path).get("n", [])
        return {point["ts"] - BASE_TS for point in points}

    def test_acknowledged_messages_survive_kill_9(self):
        token = unique("tok")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("k9")})
        device = Device(self.server.mqtt_port, username=token)
        device.client.max_inflight_messages_set(100)
        index_of = {}

        def publish_all():
            for i in range(MESSAGES):
                info = device.publish("v1/devices/me/telemetry",
                                      '{"ts": %d, "values": {"n": %d}}' % (BASE_TS + i, i),
                                      wait=False)
                index_of[info.mid] = i

        publisher = threading.Thread(target=publish_all)
        publisher.start()
        deadline = time.monotonic() + 30
        while len(device.acked) < MESSAGES // 4 and time.monotonic() < deadline:
            time.sleep(0.001)
        self.server.kill()  # with the stream still flowing: some messages are in flight
        publisher.join(30)
        time.sleep(0.5)
        acknowledged = {index_of[mid] for mid in set(device.acked) if mid in index_of}
        device.client.loop_stop()
        self.assertGreater(len(acknowledged), 0, "some messages were acknowledged before the kill")
        self.server.start()
        self.a.client = self.server.client(self.a.email, self.a.password)
        # After the restart the consumer replays what the queue holds beyond its commit.
        def all_stored():
            stored = self.stored_indexes(dev)
            self.assertEqual(sorted(acknowledged - stored), [], "acknowledged but not stored")
            return stored
        stored = harness.eventually(all_stored, timeout=20)
        print("\n  %d messages acknowledged before the kill, %d stored after the restart" %
              (len(acknowledged), len(stored)))


if __name__ == "__main__":
    harness.main()
