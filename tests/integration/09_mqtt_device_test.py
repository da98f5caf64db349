# The MQTT device API with real clients (mosquitto_pub and Eclipse Paho, 3.1.1 and 5): telemetry
# and attributes stored, attribute requests, shared-attribute pushes, server-side RPC through
# REST, MQTT basic credentials, refused credentials and payloads with the reference's codes,
# session take-over, sessions ended by a credentials change or a deletion, malformed and oversized packets, keep-alive.
import json
import socket
import threading
import time

import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import Device, mosquitto_pub

TP = harness.telemetry_path
NOT_AUTHORIZED_V3 = 5
BAD_USER_OR_PASSWORD_V5 = 0x86
SESSION_TAKEN_OVER = 0x8E
ADMINISTRATIVE_ACTION = 0x98
PAYLOAD_FORMAT_INVALID = 0x99


class MqttDeviceTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        # Short RPC time-outs keep the time-out cases quick.
        cls.server = cls.start_server(name="mqtt-device",
                                      env={"SERVER_SIDE_RPC_MIN_TIMEOUT": "200"})
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())
        cls.port = cls.server.mqtt_port

    def device_with_token(self):
        token = unique("tok")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("md")})
        return dev, token

    def latest(self, dev):
        return self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/timeseries"))

    def attributes(self, dev, scope):
        rows = self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/attributes/" + scope))
        return {row["key"]: row["value"] for row in rows}

    def device(self, token, **kw):
        device = Device(self.port, username=token, **kw)
        self.addCleanup(device.close)
        return device

    def test_mosquitto_pub_telemetry_in_every_form_is_stored(self):
        dev, token = self.device_with_token()
        for topic, payload in (("v1/devices/me/telemetry", '{"temperature": 21.5}'),
                               ("v1/devices/me/telemetry", '{"ts": 1700000000000, "values": {"a": 1}}'),
                               ("v2/t", '[{"b": true}]')):
            code, out = mosquitto_pub(self.port, topic, payload, username=token)
            self.assertEqual(code, 0, out)
        def stored():
            latest = self.latest(dev)
            self.assertEqual(latest.get("temperature", [{}])[0].get("value"), "21.5")
            self.assertEqual(latest.get("a"), [{"ts": 1700000000000, "value": "1"}])
            self.assertEqual(latest.get("b", [{}])[0].get("value"), "true")
        harness.eventually(stored)

    def test_client_attributes_and_attribute_request(self):
        dev, token = self.device_with_token()
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"), {"mode": "eco"})
        device = self.device(token)
        device.publish("v1/devices/me/attributes", '{"firmware": "v1.2", "ready": true}')
        harness.eventually(lambda: self.assertEqual(self.attributes(dev, "CLIENT_SCOPE"),
                                                    {"firmware": "v1.2", "ready": True}))
        self.assertEqual(device.subscribe("v1/devices/me/attributes/response/+"), [1])
        device.publish("v1/devices/me/attributes/request/7",
                       '{"clientKeys": "firmware", "sharedKeys": "mode"}')
        topic, payload = device.next_message(what="attribute response")
        self.assertEqual(topic, "v1/devices/me/attributes/response/7")
        self.assertEqual(json.loads(payload), {"client": {"firmware": "v1.2"},
                                               "shared": {"mode": "eco"}})
        device.publish("v1/devices/me/attributes/request/8", "{}")
        topic, payload = device.next_message(what="response with every attribute")
        self.assertEqual(json.loads(payload)["client"], {"firmware": "v1.2", "ready": True})

    def test_shared_attribute_updates_are_pushed(self):
        dev, token = self.device_with_token()
        device = self.device(token, v5=True)
        self.assertEqual(device.subscribe("v1/devices/me/attributes"), [1])
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SERVER_SCOPE"), {"hidden": 1})
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"), {"target": 22})
        topic, payload = device.next_message(what="shared attribute update")
        self.assertEqual((topic, json.loads(payload)), ("v1/devices/me/attributes", {"target": 22}))
        self.a.client.ok("DELETE", TP("DEVICE", eid(dev), "SHARED_SCOPE?keys=target"))
        topic, payload = device.next_message(what="deletion")
        self.assertEqual(json.loads(payload), {"deleted": ["target"]})
        device.no_message(0.5)  # the server-scope write was not pushed

    def rpc_in_background(self, dev, kind, body, path="/api/plugins/rpc/"):
        result = {}

        def call():
            result["response"] = self.a.client.request("POST", path + kind + "/" + eid(dev), body)

        thread = threading.Thread(target=call)
        thread.start()
        return thread, result

    def test_two_way_and_one_way_rpc(self):
        dev, token = self.device_with_token()
        device = self.device(token)
        self.assertEqual(device.subscribe("v1/devices/me/rpc/request/+"), [1])
        thread, result = self.rpc_in_background(dev, "twoway",
                                                {"method": "getTemp", "params": {"unit": "C"}})
        topic, payload = device.next_message(what="RPC request")
        self.assertTrue(topic.startswith("v1/devices/me/rpc/request/"), topic)
        self.assertEqual(json.loads(payload), {"method": "getTemp", "params": {"unit": "C"}})
        request_id = topic.rsplit("/", 1)[1]
        device.publish("v1/devices/me/rpc/response/" + request_id, '{"temp": 21}')
        thread.join(15)
        self.assertStatus(result["response"], 200)
        self.assertEqual(result["response"].body, {"temp": 21})

        thread, result = self.rpc_in_background(dev, "oneway",
                                                {"method": "reboot", "params": {}}, "/api/rpc/")
        topic, payload = device.next_message(what="one-way RPC")
        thread.join(15)
        self.assertStatus(result["response"], 200)
        self.assertEqual(json.loads(payload)["method"], "reboot")

    def test_rpc_time_outs(self):
        dev, token = self.device_with_token()
        body = {"method": "x", "params": {}, "timeout": 500}
        offline = self.a.client.request("POST", "/api/plugins/rpc/twoway/" + eid(dev), body)
        self.assertStatus(offline, 409, "v1, no session ever took it")
        device = self.device(token)
        device.subscribe("v1/devices/me/rpc/request/+")
        silent = self.a.client.request("POST", "/api/plugins/rpc/twoway/" + eid(dev), body)
        self.assertStatus(silent, 408, "v1, delivered but never answered")
        v2 = self.a.client.request("POST", "/api/rpc/twoway/" + eid(dev), body)
        self.assertStatus(v2, 504)
        self.assertStatus(self.a.client.request("POST", "/api/rpc/twoway/" + eid(dev), {"x": 1}),
                          400, "no method")

    def test_mqtt_basic_credentials(self):
        dev, _ = self.device_with_token()
        credentials = self.a.client.ok("GET", "/api/device/%s/credentials" % eid(dev))
        credentials["credentialsType"] = "MQTT_BASIC"
        credentials["credentialsValue"] = json.dumps(
            {"clientId": "cid-" + eid(dev), "userName": "user1", "password": "pw1"})
        self.a.client.ok("POST", "/api/device/credentials", credentials)
        code, out = mosquitto_pub(self.port, "v1/devices/me/telemetry", '{"basic": 1}',
                                  username="user1", extra=["-i", "cid-" + eid(dev), "-P", "pw1"])
        self.assertEqual(code, 0, out)
        harness.eventually(
            lambda: self.assertEqual(self.latest(dev).get("basic", [{}])[0].get("value"), "1"))
        code, out = mosquitto_pub(self.port, "v1/devices/me/telemetry", '{"basic": 2}',
                                  username="user1", extra=["-i", "cid-" + eid(dev), "-P", "bad"])
        self.assertNotEqual(code, 0, out)
        self.assertIn("not authorised", out.lower().replace("authorized", "authorised"))

    def test_wrong_credentials_are_refused_with_the_reference_codes(self):
        v3 = Device(self.port, username="no-such-token", connect=False)
        self.assertEqual(v3.connect(self.port), NOT_AUTHORIZED_V3)
        v5 = Device(self.port, username="no-such-token", v5=True, connect=False)
        self.assertEqual(v5.connect(self.port), BAD_USER_OR_PASSWORD_V5)

    def test_bad_json_closes_v3_and_is_refused_in_v5_puback(self):
        dev, token = self.device_with_token()
        code, out = mosquitto_pub(self.port, "v1/devices/me/telemetry", '{"t": ', username=token,
                                  version="mqttv5")
        self.assertIn("RC:%d" % PAYLOAD_FORMAT_INVALID, out)
        v3 = self.device(token)
        v3.publish("v1/devices/me/telemetry", "not json", wait=False)
        self.assertTrue(v3.disconnected.wait(5), "3.1.1 connection closed on a bad payload")
        self.assertEqual(self.latest(dev), {}, "nothing stored")

    def test_unknown_topic_is_acknowledged_and_the_connection_kept(self):
        dev, token = self.device_with_token()
        device = self.device(token)
        device.publish("v1/devices/me/unknown", '{"a": 1}')
        device.publish("v1/devices/me/telemetry", '{"after": 1}')
        self.assertFalse(device.disconnected.is_set())
        self.assertEqual(device.subscribe("no/such/filter"), [0x80])

    def test_a_second_connection_takes_over(self):
        dev, token = self.device_with_token()
        first = self.device(token, v5=True)
        second = self.device(token, v5=True)
        self.assertTrue(first.disconnected.wait(5), "older session closed")
        self.assertEqual(first.disconnect_code, SESSION_TAKEN_OVER)
        second.publish("v1/devices/me/telemetry", '{"still": 1}')
        self.assertFalse(second.disconnected.is_set())

    def test_changed_credentials_end_the_open_session_and_the_old_token_is_refused(self):
        dev, token = self.device_with_token()
        session = self.device(token, v5=True)
        credentials = self.a.client.ok("GET", "/api/device/%s/credentials" % eid(dev))
        credentials["credentialsId"] = unique("rotated")
        self.a.client.ok("POST", "/api/device/credentials", credentials)
        self.assertTrue(session.disconnected.wait(5), "the session of the old token ended")
        self.assertEqual(session.disconnect_code, ADMINISTRATIVE_ACTION)
        old = Device(self.port, username=token, v5=True, connect=False)
        self.addCleanup(old.close)
        self.assertEqual(old.connect(self.port), BAD_USER_OR_PASSWORD_V5)
        self.device(credentials["credentialsId"]).publish("v1/devices/me/telemetry", '{"new": 1}')
        harness.eventually(lambda: self.assertIn("new", self.latest(dev)))

    def test_a_deleted_devices_session_ends(self):
        dev, token = self.device_with_token()
        session = self.device(token)  # 3.1.1: the connection just closes
        other_dev, other_token = self.device_with_token()
        other = self.device(other_token)
        self.a.client.ok("DELETE", "/api/device/" + eid(dev))
        self.assertTrue(session.disconnected.wait(5), "the deleted device's session ended")
        other.publish("v1/devices/me/telemetry", '{"kept": 1}')
        self.assertFalse(other.disconnected.is_set(), "other devices keep theirs")

    def raw_connection(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.addCleanup(sock.close)
        return sock

    def connect_packet(self, token, keepalive=60):
        user = token.encode()
        variable = b"\x00\x04MQTT\x04\xc2" + keepalive.to_bytes(2, "big")  # user+pass, clean
        payload = b"\x00\x00" + len(user).to_bytes(2, "big") + user + b"\x00\x00"
        body = variable + payload
        return bytes([0x10, len(body)]) + body

    def closed_within(self, sock, seconds):
        sock.settimeout(seconds)
        try:
            while sock.recv(4096):
                pass
            return True
        except socket.timeout:
            return False

    def test_malformed_packets_close_only_that_connection(self):
        _, token = self.device_with_token()
        witness = self.device(token)
        for garbage in (b"\x30\xff\xff\xff\xff\x01", b"\x00\x00", b"\x10\x02\x00\x04"):
            sock = self.raw_connection()
            sock.sendall(garbage)
            self.assertTrue(self.closed_within(sock, 5), "closed after %r" % garbage)
        witness.publish("v1/devices/me/telemetry", '{"alive": 1}')

    def test_keep_alive_and_packet_size_limits(self):
        _, token = self.device_with_token()
        sock = self.raw_connection()
        sock.sendall(self.connect_packet(token, keepalive=1))
        self.assertEqual(sock.recv(4), b"\x20\x02\x00\x00", "CONNACK accepted")
        started = time.monotonic()
        self.assertTrue(self.closed_within(sock, 5), "idle past 1.5 x keep-alive")
        self.assertGreater(time.monotonic() - started, 1.0)
        device = self.device(token, v5=True)
        device.publish("v1/devices/me/telemetry", "x" * 70000, wait=False)
        self.assertTrue(device.disconnected.wait(5), "closed after an oversized packet")
        self.assertEqual(device.disconnect_code, 0x95)


if __name__ == "__main__":
    harness.main()
