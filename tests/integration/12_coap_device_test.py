# The CoAP device API with libcoap's coap-client: telemetry posted confirmable and not, and
# block-wise when large, is stored (read back through REST) and answered 2.01; client attributes;
# attribute reads; a shared-attribute change made through REST reaches an observer of
# /attributes; a two-way RPC reaches an observer of /rpc and the device's reply reaches REST.
# Unknown tokens are 4.01, bad payloads 4.00, unknown resources 4.04, wrong methods 4.05.
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time

import harness
from harness import ApiTestCase, eid, unique

TP = harness.telemetry_path
CLIENT = shutil.which("coap-client-notls") or shutil.which("coap-client-openssl") or "coap-client"
INCOMING = re.compile(r"process incoming (\d\.\d\d) response")


class CoapDeviceTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        # The default chain does not answer client-side RPC: a short time-out keeps that test quick.
        cls.server = cls.start_server(name="coap-device", env={"CLIENT_SIDE_RPC_TIMEOUT": "1000"})
        sa = cls.server.sysadmin()
        cls.a = harness.create_tenant_admin(cls.server, sa)

    def device_with_token(self):
        token = unique("tok")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("cd")})
        return dev, token

    def url(self, token, resource):
        prefix = "api/v1/%s/" % token if token else "api/v1/"
        return "coap://127.0.0.1:%d/%s%s" % (self.server.coap_port, prefix, resource)

    def coap(self, method, token, resource, payload=None, args=()):
        """One request with coap-client; answers (code such as "2.01", payload text)."""
        with tempfile.TemporaryDirectory() as scratch:
            out = os.path.join(scratch, "out")
            command = [CLIENT, "-v", "7", "-B", "10", "-o", out, "-m", method] + list(args)
            if payload is not None:
                body = os.path.join(scratch, "body")
                with open(body, "w") as f:
                    f.write(payload)
                command += ["-t", "50", "-f", body]
            run = subprocess.run(command + [self.url(token, resource)], capture_output=True,
                                 text=True, timeout=30)
            codes = INCOMING.findall(run.stdout + run.stderr)
            self.assertTrue(codes, "no response to %s %s:\n%s" % (method, resource, run.stderr))
            text = open(out).read() if os.path.exists(out) else ""
            return codes[-1], text

    def observe(self, token, resource, seconds):
        """coap-client observing in the background. It prints each notification's payload with no
        separator, unbuffered through stdbuf; answers (process, reader thread, received text)."""
        command = ["stdbuf", "-o0", CLIENT, "-B", str(seconds + 5), "-s", str(seconds), "-m",
                   "get", self.url(token, resource)]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        received = []
        reader = threading.Thread(
            target=lambda: received.extend(iter(lambda: os.read(proc.stdout.fileno(), 4096), b"")))
        reader.start()
        return proc, reader, received

    def wait_for_notification(self, received, predicate, timeout=10.0):
        """The first JSON document in the observer's output that satisfies `predicate`."""
        decoder = json.JSONDecoder()
        deadline = time.monotonic() + timeout
        documents = []
        while time.monotonic() < deadline:
            text, documents = b"".join(received).decode(), []
            while text:
                document, end = decoder.raw_decode(text)
                documents.append(document)
                text = text[end:].lstrip()
            for document in documents:
                if predicate(document):
                    return document
            time.sleep(0.05)
        self.fail("no matching notification in %r" % documents)

    def latest(self, dev):
        return self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/timeseries"))

    def assertCount(self, latest, count):
        self.assertEqual(len(latest), count)
        return latest

    def stored(self, dev, key):
        """The latest values of one key, once the queue's consumer has stored them."""
        def present():
            latest = self.latest(dev)
            self.assertIn(key, latest)
            return latest[key]
        return harness.eventually(present)

    def test_telemetry_confirmable_and_not(self):
        dev, token = self.device_with_token()
        self.assertEqual(self.coap("post", token, "telemetry", '{"temperature": 21.5}')[0], "2.01")
        self.assertEqual(self.stored(dev, "temperature")[0]["value"], "21.5")
        self.assertEqual(self.coap("post", token, "telemetry", '{"humidity": 40}', ["-N"])[0],
                         "2.01")
        self.assertEqual(self.stored(dev, "humidity")[0]["value"], "40")
        payload = json.dumps([{"ts": 1700000000000, "values": {"a": 1}}, {"b": True}])
        self.assertEqual(self.coap("post", token, "telemetry", payload)[0], "2.01")
        self.assertEqual(self.stored(dev, "a"), [{"ts": 1700000000000, "value": "1"}])

    def test_large_telemetry_goes_blockwise(self):
        dev, token = self.device_with_token()
        values = {"key%03d" % i: "value-%03d-%s" % (i, "x" * 20) for i in range(150)}
        payload = json.dumps(values)
        self.assertGreater(len(payload), 4000)
        self.assertEqual(self.coap("post", token, "telemetry", payload, ["-b", "64"])[0], "2.01")
        latest = harness.eventually(lambda: self.assertCount(self.latest(dev), 150))
        self.assertEqual(latest["key149"][0]["value"], values["key149"])

    def test_client_attributes_and_attribute_reads(self):
        dev, token = self.device_with_token()
        self.assertEqual(self.coap("get", token, "attributes")[0], "4.04", "none yet")
        self.assertEqual(self.coap("post", token, "attributes", '{"fw": "v1.0", "ok": true}')[0],
                         "2.01")
        harness.eventually(lambda: self.assertEqual(
            sorted((a["key"], a["value"]) for a in self.a.client.ok(
                "GET", TP("DEVICE", eid(dev), "values/attributes/CLIENT_SCOPE"))),
            [("fw", "v1.0"), ("ok", True)]))
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"), {"mode": 2})
        code, body = self.coap("get", token, "attributes?clientKeys=fw&sharedKeys=mode")
        self.assertEqual((code, json.loads(body)), ("2.05", {"client": {"fw": "v1.0"},
                                                             "shared": {"mode": 2}}))
        code, body = self.coap("get", token, "attributes")
        self.assertEqual(json.loads(body), {"client": {"fw": "v1.0", "ok": True},
                                            "shared": {"mode": 2}})

    def test_errors(self):
        dev, token = self.device_with_token()
        self.assertEqual(self.coap("post", "no-such-token", "telemetry", '{"t": 1}')[0], "4.01")
        self.assertEqual(self.coap("get", "no-such-token", "attributes")[0], "4.01")
        for payload in ('{"t": ', '42', '"text"', '[1, 2]', '{}'):
            self.assertEqual(self.coap("post", token, "telemetry", payload)[0], "4.00", payload)
        self.assertEqual(self.coap("post", token, "attributes", '[{"a": 1}]')[0], "4.00")
        self.assertEqual(self.coap("post", token, "rpc", '{"params": 1}')[0], "4.00")
        self.assertEqual(self.latest(dev), {}, "nothing stored from refused payloads")
        self.assertEqual(self.coap("post", token, "nothing", '{"t": 1}')[0], "4.04")
        self.assertEqual(self.coap("get", None, "", None)[0], "4.04")
        self.assertEqual(self.coap("get", token, "telemetry")[0], "4.05")
        self.assertEqual(self.coap("put", token, "attributes", '{"a": 1}')[0], "4.05")

    def test_observe_shared_attributes(self):
        dev, token = self.device_with_token()
        self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"), {"mode": 1})
        proc, reader, received = self.observe(token, "attributes", 4)
        try:
            self.wait_for_notification(received, lambda doc: doc == {"mode": 1})  # the current
            self.a.client.ok("POST", TP("DEVICE", eid(dev), "attributes/SHARED_SCOPE"),
                             {"target": 5})
            self.wait_for_notification(received, lambda doc: doc == {"target": 5})
        finally:
            proc.wait(20)
            reader.join(5)

    def test_rpc_by_observe_and_reply(self):
        dev, token = self.device_with_token()
        proc, reader, received = self.observe(token, "rpc", 6)
        try:
            time.sleep(0.5)  # the observation is in place before the call
            result = {}
            call = threading.Thread(target=lambda: result.update(value=self.a.client.request(
                "POST", "/api/plugins/rpc/twoway/" + eid(dev),
                {"method": "setGpio", "params": {"pin": 7}})))
            call.start()
            request = self.wait_for_notification(received,
                                                 lambda doc: doc.get("method") == "setGpio")
            self.assertEqual((request["method"], request["params"]), ("setGpio", {"pin": 7}))
            code, _ = self.coap("post", token, "rpc/%d" % request["id"], '{"pin": 7, "value": 1}')
            self.assertEqual(code, "2.01")
            call.join(15)
            self.assertStatus(result["value"], 200)
            self.assertEqual(result["value"].body, {"pin": 7, "value": 1})
        finally:
            proc.wait(20)
            reader.join(5)

    def test_client_side_rpc_is_answered_in_the_response(self):
        _, token = self.device_with_token()
        code, body = self.coap("post", token, "rpc", '{"method": "getTime", "params": {}}')
        self.assertEqual(code, "2.05")
        self.assertEqual(json.loads(body), {"error": "timeout"}, "the default chain only logs it")

    def test_server_stops_with_observers_open(self):
        server = harness.Server(name="coap-stop").start()
        observers = []
        try:
            admin = harness.create_tenant_admin(server, server.sysadmin())
            token = unique("tok")
            admin.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("cd")})
            url = "coap://127.0.0.1:%d/api/v1/%s/" % (server.coap_port, token)
            observers += [subprocess.Popen([CLIENT, "-s", "30", "-B", "30", "-m", "get", url + r],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                         for r in ("attributes", "rpc")]
            time.sleep(0.5)
            server.stop()  # exits 0 in time, or this fails
        finally:
            for observer in observers:
                observer.kill()
                observer.wait()
            server.finish()

    def test_provisioning(self):
        key, secret = unique("key"), unique("secret")
        self.a.client.ok("POST", "/api/deviceProfile", {
            "name": unique("coap-prov"), "provisionType": "ALLOW_CREATE_NEW_DEVICES",
            "provisionDeviceKey": key,
            "profileData": {"provisionConfiguration": {"type": "ALLOW_CREATE_NEW_DEVICES",
                                                       "provisionDeviceSecret": secret}}})
        request = {"deviceName": unique("coap-dev"), "provisionDeviceKey": key,
                   "provisionDeviceSecret": secret}
        code, payload = self.coap("post", None, "provision", json.dumps(request))
        answer = json.loads(payload)
        self.assertEqual((code, answer["status"]), ("2.05", "SUCCESS"), payload)
        code, _ = self.coap("post", answer["credentialsValue"], "telemetry", '{"t": 1}')
        self.assertEqual(code, "2.01", "the provisioned token works")
        code, payload = self.coap("post", None, "provision",
                                  json.dumps(dict(request, provisionDeviceSecret="wrong")))
        self.assertEqual(json.loads(payload)["status"], "NOT_FOUND")


if __name__ == "__main__":
    harness.main()
