# Alarms raised and cleared by a rule chain driven by MQTT telemetry (one active alarm per
# originator and type: raising again updates it), acknowledged, cleared, listed with
# searchStatus and deleted through REST; other tenants see none of them. Device connect and
# disconnect reach chains as CONNECT_EVENT / DISCONNECT_EVENT, inactivity and renewed activity as
# INACTIVITY_EVENT / ACTIVITY_EVENT. A device profile's alarm rules raise, escalate and clear
# alarms through the default root chain's device profile node.
import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import mosquitto_pub

NODES = "org.thingsboard.rule.engine."


class AlarmsTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        # A 1 s inactivity time-out (checked every 3 s) lets the inactivity test run quickly.
        cls.server = cls.start_server(name="alarms", env={"DEFAULT_INACTIVITY_TIMEOUT": "1"})
        cls.sa = cls.server.sysadmin()
        cls.a = harness.create_tenant_admin(cls.server, cls.sa)
        chain = cls.a.client.ok("POST", "/api/ruleChain", {"name": unique("alarms")})
        cls.a.client.ok("POST", "/api/ruleChain/metadata", {
            "ruleChainId": chain["id"], "firstNodeIndex": 0,
            "nodes": [{"type": NODES + "filter.TbMsgTypeFilterNode", "name": "telemetry?",
                       "configuration": {"messageTypes": ["POST_TELEMETRY_REQUEST"]}},
                      {"type": NODES + "filter.TbJsFilterNode", "name": "hot?",
                       "configuration": {"jsScript": "return msg.temperature > 30;"}},
                      {"type": NODES + "action.TbCreateAlarmNode", "name": "raise",
                       "configuration": {"alarmType": "High Temperature", "severity": "MAJOR",
                                         "alarmDetailsBuildJs":
                                             "return {temperature: msg.temperature};"}},
                      {"type": NODES + "action.TbClearAlarmNode", "name": "clear",
                       "configuration": {"alarmType": "High Temperature"}}],
            "connections": [{"fromIndex": 0, "toIndex": 1, "type": "True"},
                            {"fromIndex": 1, "toIndex": 2, "type": "True"},
                            {"fromIndex": 1, "toIndex": 3, "type": "False"}]})
        cls.a.client.ok("POST", "/api/ruleChain/%s/root" % eid(chain))

    def device(self):
        token = unique("tok")
        dev = self.a.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        return dev, token

    def publish(self, token, temperature):
        code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry",
                                  '{"temperature": %s}' % temperature, username=token)
        self.assertEqual(code, 0, out)

    def alarms(self, dev, status="ANY", client=None):
        return (client or self.a.client).ok(
            "GET", "/api/alarm/DEVICE/%s?pageSize=10&page=0&searchStatus=%s" % (eid(dev), status))

    def wait_for(self, dev, check):
        def matched():
            page = self.alarms(dev)
            check(page["data"])
            return page["data"]
        return harness.eventually(matched, timeout=10)

    def test_raise_update_acknowledge_clear(self):
        dev, token = self.device()
        self.publish(token, 35)
        alarm = self.wait_for(dev, lambda data: self.assertEqual(len(data), 1))[0]
        self.assertEqual((alarm["type"], alarm["severity"], alarm["status"]),
                         ("High Temperature", "MAJOR", "ACTIVE_UNACK"))
        self.assertEqual(alarm["originator"], dev["id"])
        self.assertEqual(alarm["details"], {"temperature": 35})
        self.publish(token, 38)
        self.wait_for(dev, lambda data: self.assertEqual(
            [(a["id"], a["details"]) for a in data], [(alarm["id"], {"temperature": 38})]))
        acked = self.a.client.ok("POST", "/api/alarm/%s/ack" % eid(alarm))
        self.assertEqual(acked["status"], "ACTIVE_ACK")
        self.publish(token, 20)
        self.wait_for(dev, lambda data: self.assertEqual(data[0]["status"], "CLEARED_ACK"))
        self.assertEqual(self.alarms(dev, "ACTIVE")["data"], [])
        self.publish(token, 40)
        data = self.wait_for(dev, lambda data: self.assertEqual(len(data), 2))
        self.assertEqual(data[0]["status"], "ACTIVE_UNACK", "a cleared alarm is not reopened")

    def test_rest_clear_delete_and_isolation(self):
        dev, token = self.device()
        self.publish(token, 50)
        alarm = self.wait_for(dev, lambda data: self.assertEqual(len(data), 1))[0]
        other = harness.create_tenant_admin(self.server, self.sa)
        self.assertDenied(other.client.get("/api/alarm/" + eid(alarm)))
        self.assertEqual(other.client.page("/api/alarms"), [])
        # Alarm ids where other entities are expected are refused, never a crash.
        self.assertStatus(self.a.client.get(
            "/api/plugins/telemetry/ALARM/%s/values/timeseries?keys=x" % eid(alarm)), 400)
        self.assertStatus(self.a.client.post("/api/relation", {
            "from": alarm["id"], "to": dev["id"], "type": "Contains", "typeGroup": "COMMON"}), 400)
        cleared = self.a.client.ok("POST", "/api/alarm/%s/clear" % eid(alarm))
        self.assertEqual(cleared["status"], "CLEARED_UNACK")
        self.assertTrue(any(a["id"] == alarm["id"] for a in self.a.client.page("/api/alarms")))
        self.assertEqual(self.a.client.ok("DELETE", "/api/alarm/" + eid(alarm)), True)
        self.assertStatus(self.a.client.get("/api/alarm/" + eid(alarm)), 404)

    def event_alarm_chain(self, tenant, raise_on, clear_on):
        """A root chain raising alarm "Online" on one event type and clearing it on another."""
        chain = tenant.client.ok("POST", "/api/ruleChain", {"name": unique("events")})
        tenant.client.ok("POST", "/api/ruleChain/metadata", {
            "ruleChainId": chain["id"], "firstNodeIndex": 0,
            "nodes": [{"type": NODES + "filter.TbMsgTypeSwitchNode", "name": "switch"},
                      {"type": NODES + "action.TbCreateAlarmNode", "name": "online",
                       "configuration": {"alarmType": "Online", "severity": "INDETERMINATE"}},
                      {"type": NODES + "action.TbClearAlarmNode", "name": "offline",
                       "configuration": {"alarmType": "Online"}}],
            "connections": [{"fromIndex": 0, "toIndex": 1, "type": raise_on},
                            {"fromIndex": 0, "toIndex": 2, "type": clear_on}]})
        tenant.client.ok("POST", "/api/ruleChain/%s/root" % eid(chain))

    def test_connect_and_disconnect_events_reach_the_chain(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        self.event_alarm_chain(tenant, "Connect Event", "Disconnect Event")
        token = unique("tok")
        dev = tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        self.publish(token, 1)  # connects, publishes, disconnects
        page = "/api/alarm/DEVICE/%s?pageSize=10&page=0" % eid(dev)
        harness.eventually(lambda: self.assertEqual(
            [(a["type"], a["status"]) for a in tenant.client.ok("GET", page)["data"]],
            [("Online", "CLEARED_UNACK")]), timeout=10)

    def test_inactivity_and_activity_events_reach_the_chain(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        self.event_alarm_chain(tenant, "Inactivity Event", "Activity Event")
        token = unique("tok")
        dev = tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        self.publish(token, 1)
        page = "/api/alarm/DEVICE/%s?pageSize=10&page=0" % eid(dev)
        harness.eventually(lambda: self.assertEqual(
            [a["status"] for a in tenant.client.ok("GET", page)["data"]], ["ACTIVE_UNACK"]),
            timeout=15)
        self.publish(token, 2)  # active again
        harness.eventually(lambda: self.assertEqual(
            [a["status"] for a in tenant.client.ok("GET", page)["data"]], ["CLEARED_UNACK"]),
            timeout=10)

    def test_device_profile_alarm_rules_through_the_default_chain(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)  # the default root chain

        def above(value, details=None):
            rule = {"condition": {"condition": [{
                "key": {"type": "TIME_SERIES", "key": "temperature"}, "valueType": "NUMERIC",
                "predicate": {"type": "NUMERIC", "operation": "GREATER",
                              "value": {"defaultValue": value}}}], "spec": {"type": "SIMPLE"}}}
            if details:
                rule["alarmDetails"] = details
            return rule
        clear = above(0)
        clear["condition"]["condition"][0]["predicate"]["operation"] = "LESS"
        clear["condition"]["condition"][0]["predicate"]["value"]["defaultValue"] = 20
        profile = tenant.client.ok("POST", "/api/deviceProfile", {
            "name": unique("thermo"), "type": "DEFAULT", "transportType": "DEFAULT",
            "profileData": {"configuration": {"type": "DEFAULT"},
                            "transportConfiguration": {"type": "DEFAULT"},
                            "provisionConfiguration": {"type": "DISABLED"},
                            "alarms": [{"id": "heat", "alarmType": "Heat", "clearRule": clear,
                                        "createRules": {
                                            "MAJOR": above(30, "at ${temperature}"),
                                            "CRITICAL": above(50)}},
                                       {"id": "fault", "alarmType": "Fault", "createRules": {
                                           "WARNING": {"condition": {"condition": [{
                                               "key": {"type": "ATTRIBUTE", "key": "state"},
                                               "valueType": "STRING", "predicate": {
                                                   "type": "STRING", "operation": "EQUAL",
                                                   "value": {"defaultValue": "FAULT"}}}],
                                               "spec": {"type": "SIMPLE"}}}}}]}})
        token = unique("tok")
        dev = tenant.client.ok("POST", "/api/device?accessToken=" + token,
                               {"name": unique("d"), "deviceProfileId": profile["id"]})
        page = "/api/alarm/DEVICE/%s?pageSize=10&page=0" % eid(dev)

        def alarms_are(expected):
            harness.eventually(lambda: self.assertEqual(
                [(a["type"], a["severity"], a["status"], a["details"])
                 for a in tenant.client.ok("GET", page)["data"]], expected), timeout=10)
        self.publish(token, 35)
        alarms_are([("Heat", "MAJOR", "ACTIVE_UNACK", {"data": "at 35"})])
        self.publish(token, 55)
        alarms_are([("Heat", "CRITICAL", "ACTIVE_UNACK", {"data": "at 35"})])  # details kept
        self.publish(token, 10)
        alarms_are([("Heat", "CRITICAL", "CLEARED_UNACK", {"data": "at 35"})])
        latest = "/api/plugins/telemetry/DEVICE/%s/values/timeseries?keys=temperature" % eid(dev)
        # The alarm can come before the store's commit: absent still counts as not yet.
        harness.eventually(lambda: self.assertEqual(
            tenant.client.ok("GET", latest).get("temperature", [{}])[0].get("value"), "10",
            "the chain still saves telemetry"), timeout=10)
        # A server attribute saved through REST reaches the chain as ATTRIBUTES_UPDATED.
        tenant.client.ok("POST", "/api/plugins/telemetry/DEVICE/%s/SERVER_SCOPE" % eid(dev),
                         {"state": "FAULT"})
        harness.eventually(lambda: self.assertIn(
            ("Fault", "WARNING", "ACTIVE_UNACK"),
            [(a["type"], a["severity"], a["status"])
             for a in tenant.client.ok("GET", page)["data"]]), timeout=10)


if __name__ == "__main__":
    harness.main()
