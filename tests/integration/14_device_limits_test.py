# Per-device and per-tenant limits: a device over its message rate is disconnected (MQTT 5:
# DISCONNECT 0x96) or answered 429 (HTTP) while other devices carry on; a tenant at its
# connection limit gets CONNACK 0x97; getSessionLimits reports the configured limits. A queue
# whose consumer is behind its backlog limit refuses new messages at the edge.
import json

import harness
from harness import ApiTestCase, unique
from mqtt_client import Device

MESSAGE_RATE_TOO_HIGH = 0x96
QUOTA_EXCEEDED = 0x97


class DeviceLimitsTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="device-limits", env={
            "DEVICE_MESSAGES_RATE_LIMIT": "5:60", "TENANT_MAX_DEVICE_CONNECTIONS": "3"})
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def token(self):
        token = unique("lim")
        self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("lim")})
        return token

    def device(self, token, **kw):
        device = Device(self.server.mqtt_port, username=token, **kw)
        self.addCleanup(device.close)
        return device

    def test_a_device_over_its_rate_is_told_and_others_are_not(self):
        noisy = self.device(self.token(), v5=True)
        quiet = self.device(self.token(), v5=True)
        for i in range(5):
            noisy.publish("v1/devices/me/telemetry", '{"n": %d}' % i)
        noisy.publish("v1/devices/me/telemetry", '{"n": 5}', wait=False)
        self.assertTrue(noisy.disconnected.wait(5), "the sixth message in a minute is refused")
        self.assertEqual(noisy.disconnect_code, MESSAGE_RATE_TOO_HIGH)
        quiet.publish("v1/devices/me/telemetry", '{"n": 1}')
        self.assertFalse(quiet.disconnected.is_set())

    def test_http_device_over_its_rate_gets_429(self):
        token = self.token()
        codes = [harness.request(self.server.port, "POST", "/api/v1/%s/telemetry" % token,
                                 {"n": i}).status for i in range(6)]
        self.assertEqual(codes, [200] * 5 + [429])

    def test_tenant_connection_limit(self):
        tenant = harness.create_tenant_admin(self.server, self.server.sysadmin())
        tokens = []
        for _ in range(4):
            token = unique("conn")
            tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("c")})
            tokens.append(token)
        for token in tokens[:3]:
            self.device(token)
        refused = Device(self.server.mqtt_port, username=tokens[3], v5=True, connect=False)
        self.assertEqual(refused.connect(self.server.mqtt_port), QUOTA_EXCEEDED)

    def test_get_session_limits(self):
        device = self.device(self.token())
        self.assertEqual(device.subscribe("v1/devices/me/rpc/response/+"), [1])
        device.publish("v1/devices/me/rpc/request/1", '{"method": "getSessionLimits", "params": {}}')
        topic, payload = device.next_message(what="getSessionLimits reply")
        self.assertEqual(topic, "v1/devices/me/rpc/response/1")
        limits = json.loads(payload)
        self.assertEqual(limits["maxPayloadSize"], 65536)
        self.assertEqual(limits["maxInflightMessages"], 100)
        self.assertEqual(limits["rateLimits"]["messages"], "5:60")


class QueueBacklogTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        # A backlog limit of 0 makes every partition "behind": each message is refused.
        cls.server = cls.start_server(name="queue-backlog", env={"QUEUE_MAX_BACKLOG": "0"})
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def test_messages_are_refused_while_the_engine_is_behind(self):
        token = unique("full")
        self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("full")})
        response = harness.request(self.server.port, "POST", "/api/v1/%s/telemetry" % token,
                                   {"t": 1})
        self.assertEqual(response.status, 429)
        device = Device(self.server.mqtt_port, username=token, v5=True)
        self.addCleanup(device.close)
        device.publish("v1/devices/me/telemetry", '{"t": 1}', wait=False)
        self.assertTrue(device.disconnected.wait(5))
        self.assertEqual(device.disconnect_code, MESSAGE_RATE_TOO_HIGH)


if __name__ == "__main__":
    harness.main()
