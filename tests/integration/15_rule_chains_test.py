# Rule chains: metadata over REST (a new tenant's root chain holds the reference's default chain;
# nodes and connections saved and read back; malformed metadata 400; other tenants and customer
# users refused) and the engine running a tenant's root chain on device messages.
import json
import threading

import harness
from harness import ApiTestCase, eid, unique
from mqtt_client import Device, mosquitto_pub

NODES = "org.thingsboard.rule.engine."


class RuleChainMetadataTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="rule-chains", env={
            "RULE_SCRIPT_TIMEOUT_MS": "300", "CLIENT_SIDE_RPC_TIMEOUT": "1000",
            "SERVER_SIDE_RPC_MIN_TIMEOUT": "500"})
        cls.sa = cls.server.sysadmin()
        cls.a = harness.create_tenant_admin(cls.server, cls.sa)

    def root_chain(self, actor):
        chains = actor.client.page("/api/ruleChains")
        return next(chain for chain in chains if chain["root"])

    def test_root_chain_has_the_default_nodes(self):
        metadata = self.a.client.ok("GET", "/api/ruleChain/%s/metadata" % eid(self.root_chain(self.a)))
        types = [node["type"][len(NODES):] for node in metadata["nodes"]]
        self.assertEqual(types[metadata["firstNodeIndex"]], "profile.TbDeviceProfileNode")
        self.assertIn("filter.TbMsgTypeSwitchNode", types)
        self.assertIn("telemetry.TbMsgTimeseriesNode", types)
        switch = types.index("filter.TbMsgTypeSwitchNode")
        save = types.index("telemetry.TbMsgTimeseriesNode")
        self.assertIn({"fromIndex": switch, "toIndex": save, "type": "Post telemetry"},
                      metadata["connections"])

    def test_save_and_read_back(self):
        chain = self.a.client.ok("POST", "/api/ruleChain", {"name": unique("chain")})
        body = {"ruleChainId": chain["id"], "firstNodeIndex": 0,
                "nodes": [{"type": NODES + "filter.TbJsFilterNode", "name": "hot?",
                           "configuration": {"jsScript": "return msg.temperature > 30;"}},
                          {"type": NODES + "action.TbLogNode", "name": "log",
                           "configuration": {"jsScript": "return 'hot';"}}],
                "connections": [{"fromIndex": 0, "toIndex": 1, "type": "True"}]}
        saved = self.a.client.ok("POST", "/api/ruleChain/metadata", body)
        self.assertEqual(saved["ruleChainId"], chain["id"])
        self.assertTrue(all(node["id"]["entityType"] == "RULE_NODE" for node in saved["nodes"]))
        read = self.a.client.ok("GET", "/api/ruleChain/%s/metadata" % eid(chain))
        self.assertEqual(read, saved)
        self.a.client.ok("DELETE", "/api/ruleChain/" + eid(chain))
        self.assertStatus(self.a.client.get("/api/ruleChain/%s/metadata" % eid(chain)), 404)

    def test_new_chain_is_empty(self):
        chain = self.a.client.ok("POST", "/api/ruleChain", {"name": unique("empty")})
        read = self.a.client.ok("GET", "/api/ruleChain/%s/metadata" % eid(chain))
        self.assertEqual((read["nodes"], read["connections"]), ([], []))

    def test_malformed_metadata_is_refused(self):
        chain = self.a.client.ok("POST", "/api/ruleChain", {"name": unique("bad")})
        node = {"type": NODES + "action.TbLogNode", "name": "log"}
        for body in ({"ruleChainId": chain["id"], "nodes": [node],
                      "connections": [{"fromIndex": 0, "toIndex": 5, "type": "Success"}]},
                     {"ruleChainId": chain["id"], "nodes": [{"name": "no type"}]},
                     {"nodes": [node]}):
            self.assertErrorBody(self.a.client.post("/api/ruleChain/metadata", body), 400)

    def test_other_tenants_and_customers_are_refused(self):
        other = harness.create_tenant_admin(self.server, self.sa)
        chain_id = eid(self.root_chain(self.a))
        self.assertDenied(other.client.get("/api/ruleChain/%s/metadata" % chain_id))
        customer = harness.create_customer_user(self.server, self.a)
        self.assertStatus(customer.client.get("/api/ruleChain/%s/metadata" % chain_id), 403)

    def root_chain_of(self, tenant, nodes, connections):
        """Makes a chain of these nodes the tenant's root chain; answers a device token."""
        chain = tenant.client.ok("POST", "/api/ruleChain", {"name": unique("chain")})
        tenant.client.ok("POST", "/api/ruleChain/metadata", {
            "ruleChainId": chain["id"], "firstNodeIndex": 0, "nodes": nodes,
            "connections": connections})
        tenant.client.ok("POST", "/api/ruleChain/%s/root" % eid(chain))
        token = unique("tok")
        dev = tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        return dev, token

    def publish(self, token, payload):
        code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry", payload,
                                  username=token)
        self.assertEqual(code, 0, out)

    def test_a_script_filter_chain_driven_by_mqtt(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        dev, token = self.root_chain_of(tenant, [
            {"type": NODES + "filter.TbJsFilterNode", "name": "hot?",
             "configuration": {"scriptLang": "JS", "jsScript": "return msg.temperature > 30;"}},
            {"type": NODES + "transform.TbTransformMsgNode", "name": "mark",
             "configuration": {"scriptLang": "JS",
                               "jsScript": "msg.alert = true; return {msg: msg};"}},
            {"type": NODES + "telemetry.TbMsgTimeseriesNode", "name": "save",
             "configuration": {"defaultTTL": 0}}],
            [{"fromIndex": 0, "toIndex": 1, "type": "True"},
             {"fromIndex": 1, "toIndex": 2, "type": "Success"}])
        self.publish(token, '{"temperature": 20}')
        self.publish(token, '{"temperature": 35}')
        latest = harness.telemetry_path("DEVICE", eid(dev), "values/timeseries")
        def marked():
            values = tenant.client.ok("GET", latest)
            self.assertIn("alert", values)
            return values
        stored = harness.eventually(marked)
        self.assertEqual(stored["temperature"][0]["value"], "35", "20 did not pass the filter")

    def test_a_runaway_script_does_not_wedge_the_engine(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        dev, token = self.root_chain_of(tenant, [
            {"type": NODES + "filter.TbJsFilterNode", "name": "loops when asked",
             "configuration": {"jsScript": "if (msg.loop) { while (true) {} } return true;"}},
            {"type": NODES + "telemetry.TbMsgTimeseriesNode", "name": "save",
             "configuration": {}}],
            [{"fromIndex": 0, "toIndex": 1, "type": "True"}])
        self.publish(token, '{"loop": 1}')
        self.publish(token, '{"after": 1}')
        latest = harness.telemetry_path("DEVICE", eid(dev), "values/timeseries")
        harness.eventually(lambda: self.assertIn("after", tenant.client.ok("GET", latest)),
                           timeout=10)
        self.assertNotIn("loop", tenant.client.ok("GET", latest))

    def client_rpc(self, token, request_id, method):
        device = Device(self.server.mqtt_port, username=token)
        self.addCleanup(device.close)
        self.assertEqual(device.subscribe("v1/devices/me/rpc/response/+"), [1])
        device.publish("v1/devices/me/rpc/request/%d" % request_id,
                       json.dumps({"method": method, "params": {}}))
        return device.next_message(timeout=10, what="client-side RPC answer")

    def test_client_side_rpc_answered_by_the_chain(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        _, token = self.root_chain_of(tenant, [
            {"type": NODES + "filter.TbMsgTypeSwitchNode", "name": "switch", "configuration": {}},
            {"type": NODES + "transform.TbTransformMsgNode", "name": "answer",
             "configuration": {"jsScript": "return {msg: {time: 42, asked: msg.method}};"}},
            {"type": NODES + "rpc.TbSendRPCReplyNode", "name": "reply", "configuration": {}}],
            [{"fromIndex": 0, "toIndex": 1, "type": "RPC Request from Device"},
             {"fromIndex": 1, "toIndex": 2, "type": "Success"}])
        topic, payload = self.client_rpc(token, 7, "getTime")
        self.assertEqual(topic, "v1/devices/me/rpc/response/7")
        self.assertEqual(json.loads(payload), {"time": 42, "asked": "getTime"})

    def test_client_side_rpc_nobody_answers_times_out(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)  # the default chain only logs
        token = unique("tok")
        tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        _, payload = self.client_rpc(token, 3, "getTime")
        self.assertEqual(json.loads(payload), {"error": "timeout"})

    def test_rest_rpc_goes_through_the_root_chain(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        dev, token = self.root_chain_of(tenant, [
            {"type": NODES + "filter.TbMsgTypeSwitchNode", "name": "switch", "configuration": {}},
            {"type": NODES + "transform.TbTransformMsgNode", "name": "mark",
             "configuration": {"jsScript": "msg.params.via = 'chain'; return {msg: msg};"}},
            {"type": NODES + "rpc.TbSendRPCRequestNode", "name": "send",
             "configuration": {"timeoutInSeconds": 60}}],
            [{"fromIndex": 0, "toIndex": 1, "type": "RPC Request to Device"},
             {"fromIndex": 1, "toIndex": 2, "type": "Success"}])
        device = Device(self.server.mqtt_port, username=token)
        self.addCleanup(device.close)
        self.assertEqual(device.subscribe("v1/devices/me/rpc/request/+"), [1])
        result = {}
        thread = threading.Thread(target=lambda: result.setdefault("response", tenant.client.request(
            "POST", "/api/plugins/rpc/twoway/" + eid(dev), {"method": "getTemp", "params": {}})))
        thread.start()
        topic, payload = device.next_message(what="RPC request, changed by the chain")
        self.assertEqual(json.loads(payload), {"method": "getTemp", "params": {"via": "chain"}})
        device.publish("v1/devices/me/rpc/response/" + topic.rsplit("/", 1)[1], '{"temp": 21}')
        thread.join(15)
        self.assertStatus(result["response"], 200)
        self.assertEqual(result["response"].body, {"temp": 21})

    def test_rest_rpc_times_out_when_the_root_chain_does_not_send_it(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        dev, token = self.root_chain_of(tenant, [
            {"type": NODES + "action.TbLogNode", "name": "log only", "configuration": {}}], [])
        device = Device(self.server.mqtt_port, username=token)
        self.addCleanup(device.close)
        device.subscribe("v1/devices/me/rpc/request/+")
        body = {"method": "x", "params": {}, "timeout": 500}
        self.assertStatus(
            tenant.client.request("POST", "/api/plugins/rpc/twoway/" + eid(dev), body), 409)
        device.no_message(0.2)

    def test_a_custom_root_chain_decides_what_is_stored(self):
        tenant = harness.create_tenant_admin(self.server, self.sa)
        chain = tenant.client.ok("POST", "/api/ruleChain", {"name": unique("only-temperature")})
        tenant.client.ok("POST", "/api/ruleChain/metadata", {
            "ruleChainId": chain["id"], "firstNodeIndex": 0,
            "nodes": [{"type": NODES + "filter.TbMsgTypeFilterNode", "name": "telemetry?",
                       "configuration": {"messageTypes": ["POST_TELEMETRY_REQUEST"]}},
                      {"type": NODES + "filter.TbCheckMessageNode", "name": "has temperature?",
                       "configuration": {"messageNames": ["temperature"], "metadataNames": [],
                                         "checkAllKeys": True}},
                      {"type": NODES + "telemetry.TbMsgTimeseriesNode", "name": "save",
                       "configuration": {"defaultTTL": 0}}],
            "connections": [{"fromIndex": 0, "toIndex": 1, "type": "True"},
                            {"fromIndex": 1, "toIndex": 2, "type": "True"}]})
        tenant.client.ok("POST", "/api/ruleChain/%s/root" % eid(chain))
        token = unique("tok")
        dev = tenant.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("d")})
        for payload in ('{"humidity": 40}', '{"temperature": 21.5}'):
            code, out = mosquitto_pub(self.server.mqtt_port, "v1/devices/me/telemetry", payload,
                                      username=token)
            self.assertEqual(code, 0, out)
        latest = harness.telemetry_path("DEVICE", eid(dev), "values/timeseries")
        harness.eventually(lambda: self.assertIn("temperature", tenant.client.ok("GET", latest)))
        self.assertNotIn("humidity", tenant.client.ok("GET", latest), "filtered out by the chain")


if __name__ == "__main__":
    harness.main()
