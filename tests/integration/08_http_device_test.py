# The HTTP device API: a device posts telemetry and client attributes with curl to
# /api/v1/{accessToken}/..., the values are stored (read back through REST) and reach a WebSocket
# subscriber; it reads its attributes, long-polls for shared-attribute updates and for RPC
# requests (answered, or 408 at the time-out) and replies to RPC. Unknown tokens are 401 and bad
# payloads 400 with nothing stored.
import json
import subprocess
import threading
import time

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

    def curl(self, method, token, resource, payload=None, timeout=20):
        """Any device request with curl; answers (status, body text)."""
        url = "%s/api/v1/%s/%s" % (self.server.base_url, token, resource)
        args = ["curl", "-s", "-w", "\n%{http_code}", "-X", method, url]
        if payload is not None:
            args += ["-H", "Content-Type: application/json", "--data-binary", payload]
        out = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)
        body, _, code = out.stdout.rpartition("\n")
        return int(code), body

    def in_background(self, run):
        result = {}
        thread = threading.Thread(target=lambda: result.update(value=run()))
        thread.start()
        return thread, result

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
        # The live update may come before the store's commit (the queue holds the message until
        # then), so the stored value is waited for; absent still counts as not yet.
        harness.eventually(lambda: self.assertEqual(
            self.latest(dev).get("temperature", [{}])[0].get("value"), "21.5"))

    def test_all_payload_forms_are_accepted(self):
        dev, token = self.device_with_token()
        payload = json.dumps([{"ts": 1700000000000, "values": {"a": 1}}, {"b": True}])
        self.assertEqual(self.curl_post(token, "telemetry", payload), 200)
        def stored():
            latest = self.latest(dev)
            self.assertEqual(latest.get("a"), [{"ts": 1700000000000, "value": "1"}])
            self.assertEqual(latest.get("b", [{}])[0].get("value"), "true")
        harness.eventually(stored)

    def test_client_attributes(self):
        dev, token = self.device_with_token()
        self.assertEqual(self.curl_post(token, "attributes", '{"firmware": "v1.2"}'), 200)
        harness.eventually(lambda: self.assertEqual(
            [(a["key"], a["value"]) for a in self.a.client.ok(
                "GET", TP("DEVICE", eid(dev), "values/attributes/CLIENT_SCOPE"))],
            [("firmware", "v1.2")]))

    def test_a_body_over_the_size_limit_is_413(self):
        _, token = self.device_with_token()
        payload = '{"big": "%s"}' % ("x" * (2 << 20))  # over http.max_body_bytes (1 MiB)
        response = harness.request(self.server.port, "POST", "/api/v1/%s/telemetry" % token,
                                   raw_body=payload)
        self.assertEqual(response.status, 413)

    def test_unknown_token_is_401(self):
        self.assertEqual(self.curl_post("no-such-token", "telemetry", '{"t": 1}'), 401)
        self.assertEqual(self.curl_post("no-such-token", "attributes", '{"t": 1}'), 401)

    def test_changed_credentials_and_a_deleted_device_take_effect_at_once(self):
        # Authentication keeps what it read; a change through REST must reach it before the
        # REST call returns, not after a cache time-out.
        dev, token = self.device_with_token()
        self.assertEqual(self.curl_post(token, "telemetry", '{"t": 1}'), 200)  # now kept
        credentials = self.a.client.ok("GET", "/api/device/%s/credentials" % eid(dev))
        credentials["credentialsId"] = unique("tok2")
        self.a.client.ok("POST", "/api/device/credentials", credentials)
        self.assertEqual(self.curl_post(token, "telemetry", '{"t": 2}'), 401, "the old token")
        self.assertEqual(self.curl_post(credentials["credentialsId"], "telemetry", '{"t": 3}'), 200)
        self.a.client.ok("DELETE", "/api/device/" + eid(dev))
        self.assertEqual(self.curl_post(credentials["credentialsId"], "telemetry", '{"t": 4}'), 401,
                         "a deleted device's token")

    def test_bad_payloads_are_400_and_store_nothing(self):
        dev, token = self.device_with_token()
        for payload in ('{"t": ', '42', '"text"', '[1, 2]', '{}'):
            self.assertEqual(self.curl_post(token, "telemetry", payload), 400, payload)
        self.assertEqual(self.curl_post(token, "attributes", '[{"a": 1}]'), 400)
        self.assertEqual(self.latest(dev), {}, "nothing stored from refused payloads")

    def test_attribute_request(self):
        dev, token = self.device_with_token()
        self.assertEqual(self.curl_post(token, "attributes", '{"fw": "v1.0", "ok": true}'), 200)
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"), {"mode": 2})
        def answered():
            code, body = self.curl("GET", token, "attributes?clientKeys=fw&sharedKeys=mode")
            self.assertEqual((code, json.loads(body)), (200, {"client": {"fw": "v1.0"},
                                                              "shared": {"mode": 2}}))
        harness.eventually(answered)
        code, body = self.curl("GET", token, "attributes")
        self.assertEqual(json.loads(body), {"client": {"fw": "v1.0", "ok": True},
                                            "shared": {"mode": 2}})
        self.assertEqual(self.curl("GET", "no-such-token", "attributes")[0], 401)

    def test_long_poll_for_shared_attribute_updates(self):
        dev, token = self.device_with_token()
        thread, result = self.in_background(
            lambda: self.curl("GET", token, "attributes/updates?timeout=10000"))
        time.sleep(0.5)  # the poll is open before the change
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"), {"target": 5})
        thread.join(15)
        self.assertEqual(result["value"][0], 200)
        self.assertEqual(json.loads(result["value"][1]), {"target": 5})
        self.assertEqual(self.curl("GET", token, "attributes/updates?timeout=500")[0], 408)

    def test_rpc_by_long_poll_and_reply(self):
        dev, token = self.device_with_token()
        call, answer = self.in_background(lambda: self.a.client.request(
            "POST", "/api/plugins/rpc/twoway/" + eid(dev), {"method": "getTime", "params": {}}))
        code, body = self.curl("GET", token, "rpc?timeout=10000")
        self.assertEqual(code, 200, body)
        request = json.loads(body)
        self.assertEqual((request["method"], request["params"]), ("getTime", {}))
        code, _ = self.curl("POST", token, "rpc/%d" % request["id"], '{"time": 42}')
        self.assertEqual(code, 200)
        call.join(15)
        self.assertStatus(answer["value"], 200)
        self.assertEqual(answer["value"].body, {"time": 42})
        self.assertEqual(self.curl("GET", token, "rpc?timeout=500")[0], 408, "nothing pending")


if __name__ == "__main__":
    harness.main()
