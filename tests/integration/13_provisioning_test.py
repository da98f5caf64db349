# Device provisioning over HTTP (POST /api/v1/provision) and MQTT (user name "provision",
# /provision/request → /provision/response): new devices under ALLOW_CREATE_NEW_DEVICES, the
# credentials of a pre-provisioned device handed out once, wrong key or secret NOT_FOUND, and the
# credentials received work for telemetry.
import json

import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import Device, mosquitto_pub


class ProvisioningTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="provisioning")
        cls.a = harness.create_tenant_admin(cls.server, cls.server.sysadmin())

    def profile(self, provision_type):
        key, secret = unique("key"), unique("secret")
        profile = self.a.client.ok("POST", "/api/deviceProfile", {
            "name": unique("prov"), "provisionType": provision_type, "provisionDeviceKey": key,
            "profileData": {"configuration": {"type": "DEFAULT"},
                            "transportConfiguration": {"type": "DEFAULT"},
                            "provisionConfiguration": {"type": provision_type,
                                                       "provisionDeviceSecret": secret}}})
        return profile, key, secret

    def http_provision(self, body):
        response = harness.request(self.server.port, "POST", "/api/v1/provision", body)
        self.assertStatus(response, 200)
        return response.body

    def test_new_device_over_http_gets_a_working_token(self):
        profile, key, secret = self.profile("ALLOW_CREATE_NEW_DEVICES")
        name = unique("prov-dev")
        answer = self.http_provision({"deviceName": name, "provisionDeviceKey": key,
                                      "provisionDeviceSecret": secret})
        self.assertEqual((answer["status"], answer["credentialsType"]), ("SUCCESS", "ACCESS_TOKEN"))
        device = self.a.client.ok("GET", "/api/tenant/devices?deviceName=" + name)
        self.assertEqual(device["deviceProfileId"]["id"], eid(profile))
        code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry", '{"p": 1}',
                                  username=answer["credentialsValue"])
        self.assertEqual(code, 0, out)
        again = self.http_provision({"deviceName": name, "provisionDeviceKey": key,
                                     "provisionDeviceSecret": secret})
        self.assertEqual(again["status"], "FAILURE", "the name exists already")

    def test_wrong_key_or_secret_is_not_found(self):
        _, key, secret = self.profile("ALLOW_CREATE_NEW_DEVICES")
        for body in ({"deviceName": "x", "provisionDeviceKey": key, "provisionDeviceSecret": "no"},
                     {"deviceName": "x", "provisionDeviceKey": "no", "provisionDeviceSecret": secret}):
            answer = self.http_provision(body)
            self.assertEqual(answer, {"errorMsg": "Provision data was not found!",
                                      "status": "NOT_FOUND"})

    def test_pre_provisioned_device_over_mqtt_once(self):
        profile, key, secret = self.profile("CHECK_PRE_PROVISIONED_DEVICES")
        name = unique("pre")
        token = unique("pretok")
        self.a.client.ok("POST", "/api/device?accessToken=" + token,
                         {"name": name, "deviceProfileId": profile["id"]})
        device = Device(self.server.mqtt_port, username="provision")
        self.addCleanup(device.close)
        self.assertEqual(device.subscribe("/provision/response"), [1])
        request = json.dumps({"deviceName": name, "provisionDeviceKey": key,
                              "provisionDeviceSecret": secret})
        device.publish("/provision/request", request)
        topic, payload = device.next_message(what="provision response")
        self.assertEqual(topic, "/provision/response")
        self.assertEqual(json.loads(payload), {"credentialsType": "ACCESS_TOKEN",
                                               "credentialsValue": token, "status": "SUCCESS"})
        device.publish("/provision/request", request)
        _, payload = device.next_message(what="second response")
        self.assertEqual(json.loads(payload)["status"], "FAILURE", "handed out once only")

    def test_mqtt_basic_credentials_can_be_provisioned(self):
        _, key, secret = self.profile("ALLOW_CREATE_NEW_DEVICES")
        answer = self.http_provision({
            "deviceName": unique("basic"), "provisionDeviceKey": key,
            "provisionDeviceSecret": secret, "credentialsType": "MQTT_BASIC",
            "clientId": unique("cid"), "username": unique("user"), "password": "pw"})
        self.assertEqual(answer["status"], "SUCCESS", answer)
        value = answer["credentialsValue"]
        code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry", '{"b": 1}',
                                  username=value["userName"],
                                  extra=["-i", value["clientId"], "-P", value["password"]])
        self.assertEqual(code, 0, out)

    def test_provisioning_connection_may_do_nothing_else(self):
        device = Device(self.server.mqtt_port, username="provision", v5=True)
        self.addCleanup(device.close)
        self.assertEqual(device.subscribe("v1/devices/me/attributes"), [0x8F])
        device.publish("v1/devices/me/telemetry", '{"a": 1}', wait=False)
        self.assertTrue(device.disconnected.wait(5), "closed after a publish elsewhere")


if __name__ == "__main__":
    harness.main()
