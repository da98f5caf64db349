# The gateway API (children created on first sight, their telemetry, attributes, attribute
# requests, shared-attribute pushes and RPC through the gateway) and MQTT over TLS (token
# devices with mosquitto_pub; X.509 device credentials with a client certificate in Paho).
import json
import os
import subprocess
import tempfile
import threading
from urllib.parse import quote

import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import Device, mosquitto_pub

TP = harness.telemetry_path


class DeviceReads:
    """The latest time series of a device, read as its tenant administrator."""

    def latest(self, dev):
        return self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/timeseries"))


class GatewayTest(DeviceReads, ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="mqtt-gateway")
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def gateway(self):
        token = unique("gw")
        self.a.client.ok("POST", "/api/device?accessToken=" + token,
                         {"name": unique("gateway"), "additionalInfo": {"gateway": True}})
        device = Device(self.server.mqtt_port, username=token)
        self.addCleanup(device.close)
        return device

    def child(self, name):
        return self.a.client.ok("GET", "/api/tenant/devices?deviceName=" + quote(name))

    def test_children_are_created_and_their_telemetry_stored(self):
        gateway = self.gateway()
        name_a, name_b = unique("Child A"), unique("Child B")
        gateway.publish("v1/gateway/connect", json.dumps({"device": name_a, "type": "thermostat"}))
        self.assertEqual(self.child(name_a)["type"], "thermostat")
        gateway.publish("v1/gateway/telemetry", json.dumps({
            name_a: [{"ts": 1700000000000, "values": {"t": 42}}],
            name_b: [{"h": 7}]}))
        harness.eventually(lambda: self.assertEqual(
            self.latest(self.child(name_a)).get("t"), [{"ts": 1700000000000, "value": "42"}]))
        child_b = self.child(name_b)
        self.assertEqual(child_b["type"], "default", "created by its first telemetry")
        gateway.publish("v1/gateway/attributes", json.dumps({name_b: {"fw": "v2"}}))
        harness.eventually(lambda: self.assertEqual(
            [(r["key"], r["value"]) for r in self.a.client.ok(
                "GET", TP("DEVICE", eid(child_b), "values/attributes/CLIENT_SCOPE"))],
            [("fw", "v2")]))

    def test_a_deleted_child_is_created_again_by_its_next_message(self):
        gateway = self.gateway()
        name = unique("Child")
        gateway.publish("v1/gateway/telemetry", json.dumps({name: [{"before": 1}]}))
        first = self.child(name)
        harness.eventually(lambda: self.assertIn("before", self.latest(first)))
        self.a.client.ok("DELETE", "/api/device/" + eid(first))
        # The gateway forgets the child as the deletion commits, so this names it afresh.
        gateway.publish("v1/gateway/telemetry", json.dumps({name: [{"after": 2}]}))
        second = self.child(name)
        self.assertNotEqual(eid(second), eid(first))
        harness.eventually(lambda: self.assertIn("after", self.latest(second)))
        self.assertFalse(gateway.disconnected.is_set(), "the gateway's own session stays")

    def test_attribute_requests_updates_and_rpc_go_through_the_gateway(self):
        gateway = self.gateway()
        name = unique("Child")
        for topic in ("v1/gateway/attributes", "v1/gateway/attributes/response", "v1/gateway/rpc"):
            self.assertEqual(gateway.subscribe(topic), [1], topic)
        gateway.publish("v1/gateway/connect", json.dumps({"device": name}))
        child = self.child(name)
        self.a.client.ok("POST", TP("DEVICE", eid(child), "attributes/SHARED_SCOPE"), {"sp": 21})
        topic, payload = gateway.next_message(what="shared update for the child")
        self.assertEqual((topic, json.loads(payload)),
                         ("v1/gateway/attributes", {"device": name, "data": {"sp": 21}}))
        gateway.publish("v1/gateway/attributes/request",
                        json.dumps({"id": 3, "device": name, "client": False, "key": "sp"}))
        topic, payload = gateway.next_message(what="attribute response")
        self.assertEqual((topic, json.loads(payload)), ("v1/gateway/attributes/response",
                                                        {"id": 3, "device": name, "value": 21}))
        result = {}
        call = threading.Thread(target=lambda: result.update(response=self.a.client.request(
            "POST", "/api/plugins/rpc/twoway/" + eid(child), {"method": "toggle", "params": 1})))
        call.start()
        topic, payload = gateway.next_message(what="RPC for the child")
        request = json.loads(payload)
        self.assertEqual((topic, request["device"], request["data"]["method"]),
                         ("v1/gateway/rpc", name, "toggle"))
        gateway.publish("v1/gateway/rpc", json.dumps(
            {"device": name, "id": request["data"]["id"], "data": {"on": True}}))
        call.join(15)
        self.assertStatus(result["response"], 200)
        self.assertEqual(result["response"].body, {"on": True})

    def test_gateway_topics_are_refused_for_plain_devices(self):
        token = unique("plain")
        self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("plain")})
        device = Device(self.server.mqtt_port, username=token)
        self.addCleanup(device.close)
        self.assertEqual(device.subscribe("v1/gateway/rpc"), [0x80])
        name = unique("Never")
        device.publish("v1/gateway/connect", json.dumps({"device": name}))
        self.assertStatus(self.a.client.request(
            "GET", "/api/tenant/devices?deviceName=" + quote(name)), 404)


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True, timeout=30)


def make_certificates(folder):
    """A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
            "-keyout", "ca.key", "-out", "ca.pem", cwd=folder)
    for name, subject in (("server", "/CN=127.0.0.1"), ("client", "/CN=device-x509")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + ".key",
                "-out", name + ".csr", cwd=folder)
        with open(os.path.join(folder, name + ".ext"), "w") as ext:
            ext.write("subjectAltName=IP:127.0.0.1\n" if name == "server" else "")
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem",
                cwd=folder)


class TlsTest(DeviceReads, ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.certs = tempfile.mkdtemp(prefix="pacificsoft-tls-")
        make_certificates(cls.certs)
        cls.tls_port = harness.free_port()
        cls.server = cls.start_server(name="mqtt-tls", env={
            "MQTT_SSL_ENABLED": "true", "MQTT_SSL_BIND_ADDRESS": "127.0.0.1",
            "MQTT_SSL_BIND_PORT": str(cls.tls_port),
            "MQTT_SSL_PEM_CERT": os.path.join(cls.certs, "server.pem"),
            "MQTT_SSL_PEM_KEY": os.path.join(cls.certs, "server.key")})
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def cert(self, name):
        return os.path.join(self.certs, name)

    def test_token_device_over_tls(self):
        token = unique("tls")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("tls")})
        code, out = mosquitto_pub(self.tls_port, "v1/devices/me/telemetry", '{"secure": 1}',
                                  username=token, extra=["--cafile", self.cert("ca.pem")])
        self.assertEqual(code, 0, out)
        harness.eventually(lambda: self.assertEqual(
            self.latest(dev).get("secure", [{}])[0].get("value"), "1"))

    def test_x509_certificate_credentials(self):
        dev = self.a.client.ok("POST", "/api/device", {"name": unique("x509")})
        credentials = self.a.client.ok("GET", "/api/device/%s/credentials" % eid(dev))
        with open(self.cert("client.pem")) as pem:
            credentials.update(credentialsType="X509_CERTIFICATE", credentialsValue=pem.read())
        self.a.client.ok("POST", "/api/device/credentials", credentials)
        device = Device(self.tls_port, connect=False)
        device.client.tls_set(ca_certs=self.cert("ca.pem"), certfile=self.cert("client.pem"),
                              keyfile=self.cert("client.key"))
        self.assertEqual(device.connect(self.tls_port), 0)
        self.addCleanup(device.close)
        device.publish("v1/devices/me/telemetry", '{"by_certificate": true}')
        harness.eventually(lambda: self.assertEqual(
            self.latest(dev).get("by_certificate", [{}])[0].get("value"), "true"))

    def test_plain_port_still_serves(self):
        token = unique("plain")
        self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("plain")})
        code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry", '{"p": 1}',
                                  username=token)
        self.assertEqual(code, 0, out)


if __name__ == "__main__":
    harness.main()
