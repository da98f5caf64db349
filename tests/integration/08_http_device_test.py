# The HTTP device API as far as it exists yet: a device posts telemetry and client attributes
# with curl to /api/v1/{accessToken}/..., the values are stored (read back through REST) and
# reach a WebSocket subscriber; unknown tokens are 401 and bad payloads 400 with nothing stored.
import json
import subprocess

import harness
from harness import ApiTestCase, WsSession, eid, unique

TP = harness.telemetry_path
WAIT = 5.0


class HttpDeviceTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="http-device")
        sa = cls.server.sysadmin()
        cls.a = harness.create_tenant_admin(cls.server, sa)
        harness.websocket_module()

    def device_with_token(self):
        token = unique("tok")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("hd")})
        return dev, token

    def curl_post(self, token, resource, payload):
        """POSTs like a device would, with curl; answers the HTTP status code."""
        url = "%s/api/v1/%s/%s" % (self.server.base_url, token, resource)
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                              "-H", "Content-Type: application/json", "--data-binary", payload, url],
                             capture_output=True, text=True, timeout=10, check=True)
        return int(out.stdout)

    def latest(self, dev):
        return self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/timeseries"))

    def test_telemetry_is_stored_and_pushed_live(self):
        dev, token = self.device_with_token()
        ws = WsSession(self.server, self.a.client.token)
        try:
            ws.send({"tsSubCmds": [{"cmdId": 1, "entityType": "DEVICE", "entityId": eid(dev),
                                    "keys": "temperature", "scope": "LATEST_TELEMETRY"}]})
            ws.next_for(1, WAIT, "first frame (no data yet)")
            self.assertEqual(self.curl_post(token, "telemetry", '{"temperature": 21.5}'), 200)
            frame = ws.next_for(1, WAIT, "update after the device's HTTP post")
            values = frame["data"]["temperature"]
            self.assertEqual(values[0][1], "21.5", "pushed value: %r" % frame)
        finally:
            ws.close()
        self.assertEqual(self.latest(dev)["temperature"][0]["value"], "21.5")

    def test_all_payload_forms_are_accepted(self):
        dev, token = self.device_with_token()
        payload = json.dumps([{"ts": 1700000000000, "values": {"a": 1}}, {"b": True}])
        self.assertEqual(self.curl_post(token, "telemetry", payload), 200)
        latest = self.latest(dev)
        self.assertEqual(latest["a"], [{"ts": 1700000000000, "value": "1"}])
        self.assertEqual(latest["b"][0]["value"], "true")

    def test_client_attributes(self):
        dev, token = self.device_with_token()
        self.assertEqual(self.curl_post(token, "attributes", '{"firmware": "v1.2"}'), 200)
        attributes = self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/attributes/CLIENT_SCOPE"))
        self.assertEqual([(a["key"], a["value"]) for a in attributes], [("firmware", "v1.2")])

    def test_unknown_token_is_401(self):
        self.assertEqual(self.curl_post("no-such-token", "telemetry", '{"t": 1}'), 401)
        self.assertEqual(self.curl_post("no-such-token", "attributes", '{"t": 1}'), 401)

    def test_bad_payloads_are_400_and_store_nothing(self):
        dev, token = self.device_with_token()
        for payload in ('{"t": ', '42', '"text"', '[1, 2]', '{}'):
            self.assertEqual(self.curl_post(token, "telemetry", payload), 400, payload)
        self.assertEqual(self.curl_post(token, "attributes", '[{"a": 1}]'), 400)
        self.assertEqual(self.latest(dev), {}, "nothing stored from refused payloads")


if __name__ == "__main__":
    harness.main()
