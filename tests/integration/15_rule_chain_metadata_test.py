# Rule chain metadata over REST: a new tenant's root chain holds the reference's default chain;
# a chain's nodes and connections are saved and read back (node ids given); malformed metadata
# is 400, other tenants and customer users are refused.
import harness
from harness import ApiTestCase, eid, unique

NODES = "org.thingsboard.rule.engine."


class RuleChainMetadataTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="rule-chain-metadata")
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


if __name__ == "__main__":
    harness.main()
