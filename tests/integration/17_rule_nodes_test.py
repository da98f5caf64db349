# Enrichment, transformation and external rule nodes in the running server: a device's MQTT
# telemetry picks up a server attribute, goes through a REST endpoint served by this test,
# has a key renamed and is stored; a REST endpoint that fails sends the message to Failure.
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import mosquitto_pub

NODES = "org.thingsboard.rule.engine."


class EchoHandler(BaseHTTPRequestHandler):
    """POST /echo/<name>: the JSON body back with "via" set to <name>; /fail: 500."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/fail":
            self.send_response(500)
            self.end_headers()
            return
        answer = json.loads(body)
        answer["via"] = self.path.rsplit("/", 1)[-1]
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class RuleNodesTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="rule-nodes")
        cls.sa = cls.server.sysadmin()
        cls.endpoint = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
        threading.Thread(target=cls.endpoint.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.endpoint.shutdown)

    def chain_with_rest_call(self, url_path):
        """A tenant whose root chain enriches, calls the endpoint, renames and saves."""
        tenant = harness.create_tenant_admin(self.server, self.sa)
        url = "http://127.0.0.1:%d%s" % (self.endpoint.server_address[1], url_path)
        chain = tenant.client.ok("POST", "/api/ruleChain", {"name": unique("nodes")})
        tenant.client.ok("POST", "/api/ruleChain/metadata", {
            "ruleChainId": chain["id"], "firstNodeIndex": 0,
            "nodes": [
                {"type": NODES + "metadata.TbGetAttributesNode", "name": "limit",
                 "configuration": {"serverAttributeNames": ["limit"], "fetchTo": "DATA",
                                   "tellFailureIfAbsent": True}},
                {"type": NODES + "rest.TbRestApiCallNode", "name": "call",
                 "configuration": {"restEndpointUrlPattern": url, "requestMethod": "POST",
                                   "headers": {"Content-Type": "application/json"},
                                   "readTimeoutMs": 5000}},
                {"type": NODES + "transform.TbRenameKeysNode", "name": "rename",
                 "configuration": {"renameIn": "DATA",
                                   "renameKeysMapping": {"temperature": "temp"}}},
                {"type": NODES + "telemetry.TbMsgTimeseriesNode", "name": "save",
                 "configuration": {"defaultTTL": 0}},
                {"type": NODES + "transform.TbCopyKeysNode", "name": "error to data",
                 "configuration": {"copyFrom": "METADATA", "keys": ["statusCode"]}},
            ],
            "connections": [{"fromIndex": 0, "toIndex": 1, "type": "Success"},
                            {"fromIndex": 1, "toIndex": 2, "type": "Success"},
                            {"fromIndex": 2, "toIndex": 3, "type": "Success"},
                            {"fromIndex": 1, "toIndex": 4, "type": "Failure"},
                            {"fromIndex": 4, "toIndex": 3, "type": "Success"}]})
        tenant.client.ok("POST", "/api/ruleChain/%s/root" % eid(chain))
        token = unique("tok")
        name = unique("dev")
        dev = tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": name})
        attributes = harness.telemetry_path("DEVICE", eid(dev), "attributes/SERVER_SCOPE")
        self.assertStatus(tenant.client.post(attributes, {"limit": 30}), 200)
        return tenant, dev, token, name

    def publish(self, token, payload):
        code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry", payload,
                                  username=token)
        self.assertEqual(code, 0, out)

    def latest(self, tenant, dev):
        return tenant.client.ok("GET", harness.telemetry_path("DEVICE", eid(dev),
                                                              "values/timeseries"))

    def test_enriched_called_renamed_and_stored(self):
        tenant, dev, token, name = self.chain_with_rest_call("/echo/${deviceName}")
        self.publish(token, '{"temperature": 21.5}')
        stored = harness.eventually(lambda: self.assertIn("via", self.latest(tenant, dev)) or
                                    self.latest(tenant, dev), timeout=10)
        self.assertEqual(stored["via"][0]["value"], name)
        self.assertEqual(stored["temp"][0]["value"], "21.5")
        self.assertEqual(stored["ss_limit"][0]["value"], "30")
        self.assertNotIn("temperature", stored)

    def test_a_failing_endpoint_takes_the_failure_relation(self):
        tenant, dev, token, _ = self.chain_with_rest_call("/fail")
        self.publish(token, '{"temperature": 22}')
        stored = harness.eventually(lambda: self.assertIn("statusCode", self.latest(tenant, dev))
                                    or self.latest(tenant, dev), timeout=10)
        self.assertEqual(stored["statusCode"][0]["value"], "500")
        self.assertEqual(stored["temperature"][0]["value"], "22")


if __name__ == "__main__":
    harness.main()
