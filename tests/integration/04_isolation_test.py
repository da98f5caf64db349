# Isolation: tenant B's admin cannot read, change, delete or list tenant A's items in any entity
# family; a customer user sees only its customer's items and cannot write; no sysadmin powers.
import unittest

import harness
from harness import ApiTestCase, eid, entity_id, unique

FAMILIES_NOTE = "tenants, customers, users, devices, credentials, device/asset profiles, " \
                "assets, relations, dashboards, rule chains"


class IsolationTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server = cls.start_server(name="isolation")
        cls.sa = server.sysadmin()
        cls.sa_user = cls.sa.ok("GET", "/api/auth/user")
        cls.a = a = harness.create_tenant_admin(server, cls.sa)
        cls.b = b = harness.create_tenant_admin(server, cls.sa)
        cls.cu = harness.create_customer_user(server, a)        # customer CA of tenant A
        cls.ca = cls.cu.customer
        ac = a.client
        cls.ca2 = ac.ok("POST", "/api/customer", {"title": unique("A-other-customer")})
        cls.cb = b.client.ok("POST", "/api/customer", {"title": unique("B-customer")})

        cls.token_a = unique("A-TOKEN")
        cls.dev_a = ac.ok("POST", "/api/device?accessToken=" + cls.token_a,
                          {"name": unique("A-dev"), "label": "original"})
        cls.dev_a_free = ac.ok("POST", "/api/device", {"name": unique("A-free-dev")})
        cls.dev_a_other = ac.ok("POST", "/api/device", {"name": unique("A-other-dev")})
        cls.dev_b = b.client.ok("POST", "/api/device", {"name": unique("B-dev")})
        ac.ok("POST", "/api/customer/%s/device/%s" % (eid(cls.ca), eid(cls.dev_a)))
        ac.ok("POST", "/api/customer/%s/device/%s" % (eid(cls.ca2), eid(cls.dev_a_other)))

        cls.profile_a = ac.ok("POST", "/api/deviceProfile", {
            "name": unique("A-profile"), "type": "DEFAULT", "transportType": "DEFAULT",
            "profileData": {"configuration": {"type": "DEFAULT"},
                            "transportConfiguration": {"type": "DEFAULT"}}})
        cls.asset_profile_a = ac.ok("POST", "/api/assetProfile", {"name": unique("A-aprofile")})
        cls.asset_a = ac.ok("POST", "/api/asset", {"name": unique("A-asset"), "type": "room"})
        cls.asset_a_free = ac.ok("POST", "/api/asset", {"name": unique("A-free-asset"),
                                                        "type": "room"})
        ac.ok("POST", "/api/customer/%s/asset/%s" % (eid(cls.ca), eid(cls.asset_a)))
        cls.relation_a = {"from": cls.asset_a["id"], "to": cls.dev_a["id"], "type": "Contains",
                          "typeGroup": "COMMON"}
        ac.ok("POST", "/api/relation", cls.relation_a)
        cls.dash_a = ac.ok("POST", "/api/dashboard", {"title": unique("A-dash"),
                                                      "configuration": {"widgets": {"w": 1}}})
        cls.dash_a_free = ac.ok("POST", "/api/dashboard", {"title": unique("A-free-dash")})
        cls.dash_b = b.client.ok("POST", "/api/dashboard", {"title": unique("B-dash")})
        ac.ok("POST", "/api/customer/%s/dashboard/%s" % (eid(cls.ca), eid(cls.dash_a)))
        cls.chain_a = ac.ok("POST", "/api/ruleChain", {"name": unique("A-chain"), "type": "CORE"})
        cls.root_a = [c for c in ac.page("/api/ruleChains") if c.get("root") is True]

    # -- helpers -------------------------------------------------------------------------------

    def denied(self, label, resp):
        with self.subTest(label):
            self.assertDenied(resp, label)

    def forbidden(self, label, resp):
        """A lower authority: 403 with errorCode 20."""
        with self.subTest(label):
            self.assertErrorBody(resp, 403, 20, label)

    def rejected(self, label, resp):
        """Never 2xx: 400/403/404/409 with the error body."""
        with self.subTest(label):
            self.assertErrorBody(resp, (400, 403, 404, 409), None, label)

    def absent(self, label, items, *entities):
        with self.subTest(label):
            listed = [eid(i) for i in items]
            leaked = [eid(e) for e in entities if eid(e) in listed]
            self.assertEqual(leaked, [], "%s: another tenant's items are listed" % label)

    def still(self, label, path, check):
        """Reads `path` as tenant A and applies check(body) -> (actual, expected)."""
        with self.subTest("A's item intact: " + label):
            body = self.assertStatus(self.a.client.get(path), 200, "A reading " + path)
            actual, expected = check(body)
            self.assertEqual(actual, expected, "%s was changed by another tenant" % label)

    # -- tenant B against tenant A, family by family -------------------------------------------

    def test_tenants(self):
        bc, a_tid = self.b.client, self.a.tenant_id
        self.denied("B reads A's tenant", bc.get("/api/tenant/" + a_tid))
        self.denied("B renames A's tenant", bc.post("/api/tenant", dict(self.a.tenant,
                                                                        title="hacked")))
        self.denied("B deletes A's tenant", bc.delete("/api/tenant/" + a_tid))
        self.denied("B lists A's tenant users", bc.get("/api/tenant/%s/users?pageSize=10&page=0"
                                                       % a_tid))
        self.forbidden("B lists tenants", bc.get("/api/tenants?pageSize=10&page=0"))
        with self.subTest("A's tenant intact"):
            got = self.sa.ok("GET", "/api/tenant/" + a_tid)
            self.assertEqual(got.get("title"), self.a.tenant["title"])

    def test_customers(self):
        bc, ca = self.b.client, eid(self.ca)
        self.denied("B reads A's customer", bc.get("/api/customer/" + ca))
        self.denied("B renames A's customer", bc.post("/api/customer", dict(self.ca,
                                                                            title="hacked")))
        self.denied("B deletes A's customer", bc.delete("/api/customer/" + ca))
        for sub in ("users", "devices", "assets", "dashboards"):
            self.denied("B lists A's customer %s" % sub,
                        bc.get("/api/customer/%s/%s?pageSize=10&page=0" % (ca, sub)))
        self.absent("B's /api/customers", bc.page("/api/customers"), self.ca, self.ca2)
        self.absent("B's /api/customers?textSearch", bc.page("/api/customers",
                                                            textSearch=self.ca["title"]), self.ca)
        with self.subTest("B looks A's customer up by title"):
            self.assertErrorBody(bc.get("/api/tenant/customers?customerTitle=" +
                                        self.ca2["title"]), 404, 32)
        with self.subTest("B may reuse A's customer title (unique per tenant only)"):
            self.assertStatus(bc.post("/api/customer", {"title": self.ca["title"]}), 200,
                              "same customer title in another tenant")
        self.still("customer title", "/api/customer/" + ca,
                   lambda c: (c.get("title"), self.ca["title"]))

    def test_users(self):
        bc = self.b.client
        a_admin, cu = self.a.user, self.cu.user
        for label, user in (("A's admin", a_admin), ("A's customer user", cu)):
            self.denied("B reads " + label, bc.get("/api/user/" + eid(user)))
            self.denied("B reads the activation link of " + label,
                        bc.get("/api/user/%s/activationLink" % eid(user)))
        self.denied("B renames A's admin", bc.post("/api/user", dict(a_admin, firstName="hacked")))
        self.denied("B deletes A's customer user", bc.delete("/api/user/" + eid(cu)))
        self.rejected("B adds a user to A's customer", bc.post(
            "/api/user?sendActivationMail=false",
            {"email": unique("intruder") + "@example.com", "authority": "CUSTOMER_USER",
             "customerId": self.ca["id"]}))
        email = unique("planted") + "@example.com"
        resp = bc.post("/api/user?sendActivationMail=false",
                       {"email": email, "authority": "TENANT_ADMIN",
                        "tenantId": self.a.tenant["id"]})
        with self.subTest("B creates a tenant admin naming A's tenant"):
            if resp.status == 200:
                self.assertEqual(resp.body.get("tenantId"), self.b.tenant["id"],
                                 "a user B creates must land in B's tenant: %r" % resp.body)
            else:
                self.assertErrorBody(resp, (400, 403, 404))
            a_users = self.sa.page("/api/tenant/%s/users" % self.a.tenant_id)
            self.assertNotIn(email, [u.get("email") for u in a_users])
        self.absent("B's /api/users", bc.page("/api/users"), a_admin, cu)
        self.still("admin first name", "/api/user/" + eid(a_admin),
                   lambda u: (u.get("firstName"), a_admin.get("firstName")))
        with self.subTest("A's customer user can still log in"):
            self.server.login(self.cu.email, self.cu.password)

    def test_devices(self):
        bc, dev = self.b.client, self.dev_a
        self.denied("B reads A's device", bc.get("/api/device/" + eid(dev)))
        self.denied("B updates A's device", bc.post("/api/device", dict(dev, label="hacked")))
        self.denied("B deletes A's device", bc.delete("/api/device/" + eid(dev)))
        self.denied("B assigns A's device to B's customer",
                    bc.post("/api/customer/%s/device/%s" % (eid(self.cb), eid(dev))))
        self.denied("B assigns B's device to A's customer",
                    bc.post("/api/customer/%s/device/%s" % (eid(self.ca), eid(self.dev_b))))
        self.denied("B unassigns A's device", bc.delete("/api/customer/device/" + eid(dev)))
        with self.subTest("B looks A's device up by name"):
            self.assertErrorBody(bc.get("/api/tenant/devices?deviceName=" + dev["name"]), 404, 32)
        self.absent("B's /api/tenant/devices", bc.page("/api/tenant/devices"), dev,
                    self.dev_a_free, self.dev_a_other)
        self.absent("B's /api/tenant/devices?textSearch",
                    bc.page("/api/tenant/devices", textSearch=dev["name"]), dev)
        with self.subTest("B may reuse A's device name (unique per tenant only)"):
            twin = self.assertStatus(bc.post("/api/device", {"name": dev["name"]}), 200,
                                     "same name in another tenant")
            self.assertNotEqual(eid(twin), eid(dev))
        with self.subTest("B's device naming A's tenant lands in B's tenant"):
            resp = bc.post("/api/device", {"name": unique("planted"),
                                           "tenantId": self.a.tenant["id"]})
            if resp.status == 200:
                self.assertEqual(resp.body.get("tenantId"), self.b.tenant["id"], repr(resp.body))
                self.assertNotIn(eid(resp.body), [eid(d) for d in self.a.client.page(
                    "/api/tenant/devices")], "planted device visible in A")
            else:
                self.assertErrorBody(resp, (400, 403, 404))
        for kind, body in (("device", {"name": unique("B-into-A-customer")}),
                           ("asset", {"name": unique("B-into-A-customer"), "type": "t"})):
            with self.subTest("B's new %s naming A's customer" % kind):
                resp = bc.post("/api/" + kind, dict(body, customerId=self.ca["id"]))
                if resp.status == 200:
                    self.assertNotEqual(resp.body.get("customerId"), self.ca["id"],
                                        "B's %s must not join A's customer" % kind)
                else:
                    self.assertErrorBody(resp, (400, 403, 404))
                listed = [eid(i) for i in self.a.client.page(
                    "/api/customer/%s/%ss" % (eid(self.ca), kind))]
                if resp.status == 200:
                    self.assertNotIn(eid(resp.body), listed, "visible to A's customer")
        self.rejected("B's device on A's device profile",
                      bc.post("/api/device", {"name": unique("B-on-A-profile"),
                                              "deviceProfileId": self.profile_a["id"]}))
        self.still("device label and customer", "/api/device/" + eid(dev),
                   lambda d: ((d.get("label"), d.get("customerId")),
                              ("original", self.ca["id"])))

    def test_credentials(self):
        bc, dev = self.b.client, self.dev_a
        self.denied("B reads A's device credentials", bc.get("/api/device/%s/credentials" %
                                                             eid(dev)))
        self.rejected("B rewrites A's device credentials", bc.post("/api/device/credentials", {
            "deviceId": dev["id"], "credentialsType": "ACCESS_TOKEN",
            "credentialsId": unique("stolen"), "credentialsValue": None}))
        self.rejected("B creates a device with A's access token",
                      bc.post("/api/device?accessToken=" + self.token_a,
                              {"name": unique("B-thief")}))
        self.still("access token", "/api/device/%s/credentials" % eid(dev),
                   lambda c: (c.get("credentialsId"), self.token_a))

    def test_device_profiles(self):
        bc, prof = self.b.client, self.profile_a
        self.denied("B reads A's device profile", bc.get("/api/deviceProfile/" + eid(prof)))
        self.denied("B updates A's device profile", bc.post("/api/deviceProfile",
                                                            dict(prof, name="hacked")))
        self.denied("B makes A's profile default", bc.post("/api/deviceProfile/%s/default" %
                                                           eid(prof)))
        self.denied("B deletes A's device profile", bc.delete("/api/deviceProfile/" + eid(prof)))
        a_profiles = self.a.client.page("/api/deviceProfiles")
        self.absent("B's /api/deviceProfiles", bc.page("/api/deviceProfiles"), *a_profiles)
        self.absent("B's /api/deviceProfileInfos", bc.page("/api/deviceProfileInfos"),
                    *a_profiles)
        self.still("device profile", "/api/deviceProfile/" + eid(prof),
                   lambda p: ((p.get("name"), p.get("default")), (prof["name"], False)))

    def test_asset_profiles(self):
        bc, prof = self.b.client, self.asset_profile_a
        self.denied("B reads A's asset profile", bc.get("/api/assetProfile/" + eid(prof)))
        self.denied("B updates A's asset profile", bc.post("/api/assetProfile",
                                                           dict(prof, name="hacked")))
        self.denied("B deletes A's asset profile", bc.delete("/api/assetProfile/" + eid(prof)))
        a_profiles = self.a.client.page("/api/assetProfiles")
        self.absent("B's /api/assetProfiles", bc.page("/api/assetProfiles"), *a_profiles)
        self.still("asset profile", "/api/assetProfile/" + eid(prof),
                   lambda p: (p.get("name"), prof["name"]))

    def test_assets(self):
        bc, asset = self.b.client, self.asset_a
        self.denied("B reads A's asset", bc.get("/api/asset/" + eid(asset)))
        self.denied("B updates A's asset", bc.post("/api/asset", dict(asset, name="hacked")))
        self.denied("B deletes A's asset", bc.delete("/api/asset/" + eid(asset)))
        self.denied("B assigns A's asset to B's customer",
                    bc.post("/api/customer/%s/asset/%s" % (eid(self.cb), eid(asset))))
        self.denied("B unassigns A's asset", bc.delete("/api/customer/asset/" + eid(asset)))
        self.absent("B's /api/tenant/assets", bc.page("/api/tenant/assets"), asset,
                    self.asset_a_free)
        self.still("asset", "/api/asset/" + eid(asset),
                   lambda x: ((x.get("name"), x.get("customerId")),
                              (asset["name"], self.ca["id"])))

    def test_relations(self):
        bc = self.b.client
        q_from = "fromId=%s&fromType=ASSET" % eid(self.asset_a)
        q_to = "toId=%s&toType=DEVICE" % eid(self.dev_a)
        single = "/api/relation?%s&relationType=Contains&%s" % (q_from, q_to)
        self.denied("B lists relations from A's asset", bc.get("/api/relations?" + q_from))
        self.denied("B lists relations to A's device", bc.get("/api/relations?" + q_to))
        self.denied("B lists relation infos of A's asset", bc.get("/api/relations/info?" + q_from))
        self.denied("B reads A's relation", bc.get(single))
        self.denied("B queries relations of A's asset", bc.post("/api/relations", {
            "parameters": {"rootId": eid(self.asset_a), "rootType": "ASSET", "direction": "FROM",
                           "maxLevel": 1}, "filters": []}))
        self.denied("B deletes A's relation", bc.delete(single))
        self.denied("B relates B's device to A's device", bc.post("/api/relation", {
            "from": self.dev_b["id"], "to": self.dev_a["id"], "type": "Contains",
            "typeGroup": "COMMON"}))
        self.denied("B relates A's asset to A's device", bc.post("/api/relation", {
            "from": self.asset_a["id"], "to": self.dev_a_free["id"], "type": "Manages",
            "typeGroup": "COMMON"}))
        with self.subTest("A's relations intact"):
            out = self.a.client.ok("GET", "/api/relations?" + q_from)
            self.assertEqual(sorted((r["to"]["id"], r["type"]) for r in out),
                             [(eid(self.dev_a), "Contains")])
            incoming = self.a.client.ok("GET", "/api/relations?" + q_to)
            self.assertEqual([r["from"]["id"] for r in incoming], [eid(self.asset_a)])

    def test_dashboards(self):
        bc, dash = self.b.client, self.dash_a
        self.denied("B reads A's dashboard", bc.get("/api/dashboard/" + eid(dash)))
        self.denied("B updates A's dashboard", bc.post("/api/dashboard", dict(
            dash, title="hacked", configuration={"widgets": {}})))
        self.denied("B deletes A's dashboard", bc.delete("/api/dashboard/" + eid(dash)))
        self.denied("B assigns A's dashboard to B's customer",
                    bc.post("/api/customer/%s/dashboard/%s" % (eid(self.cb), eid(dash))))
        self.denied("B assigns B's dashboard to A's customer",
                    bc.post("/api/customer/%s/dashboard/%s" % (eid(self.ca), eid(self.dash_b))))
        self.denied("B unassigns A's dashboard",
                    bc.delete("/api/customer/%s/dashboard/%s" % (eid(self.ca), eid(dash))))
        self.absent("B's /api/tenant/dashboards", bc.page("/api/tenant/dashboards"), dash,
                    self.dash_a_free)
        self.still("dashboard", "/api/dashboard/" + eid(dash),
                   lambda d: ((d.get("title"), d.get("configuration")),
                              (dash["title"], {"widgets": {"w": 1}})))

    def test_rule_chains(self):
        bc, chain = self.b.client, self.chain_a
        for target in [chain] + self.root_a:
            self.denied("B reads A's rule chain %s" % target.get("name"),
                        bc.get("/api/ruleChain/" + eid(target)))
        self.denied("B renames A's rule chain", bc.post("/api/ruleChain", dict(chain,
                                                                               name="hacked")))
        self.denied("B makes A's chain root", bc.post("/api/ruleChain/%s/root" % eid(chain)))
        self.denied("B deletes A's rule chain", bc.delete("/api/ruleChain/" + eid(chain)))
        self.absent("B's /api/ruleChains", bc.page("/api/ruleChains"),
                    *self.a.client.page("/api/ruleChains"))
        self.still("rule chain", "/api/ruleChain/" + eid(chain),
                   lambda c: ((c.get("name"), c.get("root")), (chain["name"], False)))
        with self.subTest("A's root chain unchanged"):
            roots = [eid(c) for c in self.a.client.page("/api/ruleChains") if c.get("root")]
            self.assertEqual(roots, [eid(c) for c in self.root_a])

    # -- the customer user of A ---------------------------------------------------------------

    def test_customer_user_sees_only_its_customer_items(self):
        cc, ca = self.cu.client, eid(self.ca)
        for kind, mine in (("devices", self.dev_a), ("assets", self.asset_a),
                           ("dashboards", self.dash_a)):
            with self.subTest("customer %s" % kind):
                listed = [eid(i) for i in cc.page("/api/customer/%s/%s" % (ca, kind))]
                self.assertEqual(listed, [eid(mine)], "the customer user's %s" % kind)
            self.denied("customer user lists another customer's %s" % kind,
                        cc.get("/api/customer/%s/%s?pageSize=10&page=0" % (eid(self.ca2), kind)))
        self.assertStatus(cc.get("/api/device/" + eid(self.dev_a)), 200, "own device")
        for label, path in (("an unassigned device", "/api/device/" + eid(self.dev_a_free)),
                            ("another customer's device", "/api/device/" + eid(self.dev_a_other)),
                            ("another tenant's device", "/api/device/" + eid(self.dev_b)),
                            ("credentials of an unassigned device",
                             "/api/device/%s/credentials" % eid(self.dev_a_free)),
                            ("an unassigned asset", "/api/asset/" + eid(self.asset_a_free)),
                            ("an unassigned dashboard", "/api/dashboard/" + eid(self.dash_a_free)),
                            ("another customer", "/api/customer/" + eid(self.ca2)),
                            ("the tenant admin", "/api/user/" + self.a.user_id)):
            self.denied("customer user reads " + label, cc.get(path))

    def test_text_search_injection_does_not_leak(self):
        bc = self.b.client
        for text in ("' OR '1'='1", "%", "_", "\\", "') OR 1=1 --", '" OR ""="'):
            for path in ("/api/tenant/devices", "/api/customers", "/api/tenant/assets",
                         "/api/tenant/dashboards", "/api/users"):
                with self.subTest(path=path, textSearch=text):
                    resp = bc.get(path + "?" + harness.urlencode(
                        {"pageSize": 100, "page": 0, "textSearch": text}))
                    self.assertNotEqual(resp.status // 100, 5, resp.describe())
                    if resp.status == 200:
                        a_tenant = self.a.tenant["id"]
                        leaked = [i for i in resp.body.get("data", [])
                                  if i.get("tenantId") == a_tenant]
                        self.assertEqual(leaked, [], "textSearch %r leaked A's items" % text)

    def test_tenant_admin_cannot_push_its_items_into_another_tenant(self):
        ac = self.a.client
        b_tenant, b_customer = self.b.tenant["id"], self.cb["id"]
        own = ac.ok("POST", "/api/device", {"name": unique("A-mover")})
        cases = (("device moved by tenantId", "/api/device", dict(own, tenantId=b_tenant)),
                 ("device given B's customer", "/api/device", dict(own, customerId=b_customer)),
                 ("customer moved by tenantId", "/api/customer",
                  dict(self.ca2, tenantId=b_tenant)))
        for label, path, body in cases:
            with self.subTest(label):
                resp = ac.post(path, body)
                if resp.status != 200:
                    self.assertErrorBody(resp, (400, 403, 404), None, label)
        with self.subTest("nothing of A arrived in B"):
            b_devices = [eid(d) for d in self.b.client.page("/api/tenant/devices")]
            self.assertNotIn(eid(own), b_devices, "A's device appears in B")
            self.assertNotIn(eid(own), [eid(d) for d in self.b.client.page(
                "/api/customer/%s/devices" % eid(self.cb))], "A's device joined B's customer")
            self.assertNotIn(eid(self.ca2), [eid(c) for c in self.b.client.page(
                "/api/customers")], "A's customer appears in B")
            got = ac.ok("GET", "/api/device/" + eid(own))
            self.assertEqual(got.get("tenantId"), self.a.tenant["id"])
            self.assertNotEqual(got.get("customerId"), b_customer)
        dash = ac.ok("POST", "/api/dashboard", {"title": unique("A-share")})
        resp = ac.post("/api/dashboard", dict(dash, assignedCustomers=[
            {"customerId": b_customer, "title": self.cb["title"], "public": False}]))
        with self.subTest("dashboard body naming B's customer"):
            if resp.status != 200:
                self.assertErrorBody(resp, (400, 403, 404))
            listed = [eid(d) for d in self.b.client.page("/api/customer/%s/dashboards" %
                                                         eid(self.cb))]
            self.assertNotIn(eid(dash), listed, "A's dashboard is listed for B's customer")
        self.denied("A relates A's asset to B's device", ac.post("/api/relation", {
            "from": self.asset_a["id"], "to": self.dev_b["id"], "type": "Contains",
            "typeGroup": "COMMON"}))
        self.denied("an id presented as another entity type",
                    self.b.client.get("/api/relations?fromId=%s&fromType=ASSET" %
                                      eid(self.dev_b)))

    def test_no_privilege_escalation_through_own_user(self):
        cases = (("customer user to TENANT_ADMIN", self.cu, {"authority": "TENANT_ADMIN"},
                  "CUSTOMER_USER"),
                 ("tenant admin to SYS_ADMIN", self.b, {"authority": "SYS_ADMIN"}, "TENANT_ADMIN"),
                 ("tenant admin into tenant A", self.b, {"tenantId": self.a.tenant["id"]},
                  "TENANT_ADMIN"))
        for label, actor, change, authority in cases:
            with self.subTest(label):
                me = actor.client.ok("GET", "/api/auth/user")
                resp = actor.client.post("/api/user", dict(me, **change))
                if resp.status != 200:
                    self.assertErrorBody(resp, (400, 403, 404), None, label)
                claims = harness.decode_jwt(self.server.login(actor.email, actor.password))[1]
                self.assertEqual((claims.get("scopes"), claims.get("tenantId")),
                                 ([authority], actor.tenant_id),
                                 "%s: a fresh login after the attempt" % label)

    def test_customer_user_lists_its_customer_users_and_profile_infos(self):
        users = self.assertPage(self.assertStatus(
            self.cu.client.get("/api/users?pageSize=100&page=0"), 200,
            "GET /api/users as a customer user (reference: TA and CU)"))
        self.assertEqual([eid(u) for u in users["data"]], [self.cu.user_id],
                         "a customer user lists only its customer's users")
        infos = self.assertPage(self.assertStatus(
            self.cu.client.get("/api/deviceProfileInfos?pageSize=100&page=0"), 200,
            "GET /api/deviceProfileInfos as a customer user (reference: TA and CU)"))
        self.assertTrue(infos["data"], "profile infos of the customer's tenant")

    def test_customer_user_reads_its_own_customer(self):
        got = self.assertStatus(self.cu.client.get("/api/customer/" + eid(self.ca)), 200,
                                "a customer user reading its own customer")
        self.assertEqual(eid(got), eid(self.ca))

    def test_customer_user_cannot_write(self):
        cc = self.cu.client
        self.forbidden("customer user creates a device", cc.post("/api/device",
                                                                 {"name": unique("cu-dev")}))
        self.forbidden("customer user updates its device",
                       cc.post("/api/device", dict(self.dev_a, label="by-customer")))
        self.forbidden("customer user deletes its device", cc.delete("/api/device/" +
                                                                     eid(self.dev_a)))
        self.forbidden("customer user creates an asset", cc.post("/api/asset",
                                                                 {"name": unique("cu-asset")}))
        self.forbidden("customer user creates a dashboard", cc.post("/api/dashboard",
                                                                    {"title": unique("cu-d")}))
        self.forbidden("customer user deletes its dashboard", cc.delete("/api/dashboard/" +
                                                                        eid(self.dash_a)))
        self.forbidden("customer user creates a customer", cc.post("/api/customer",
                                                                   {"title": unique("cu-c")}))
        self.forbidden("customer user assigns a device to itself", cc.post(
            "/api/customer/%s/device/%s" % (eid(self.ca), eid(self.dev_a_free))))
        self.forbidden("customer user creates a user", cc.post(
            "/api/user?sendActivationMail=false",
            {"email": unique("cu-made") + "@example.com", "authority": "CUSTOMER_USER",
             "customerId": self.ca["id"]}))
        self.forbidden("customer user creates a relation", cc.post("/api/relation", {
            "from": self.asset_a["id"], "to": self.dev_a["id"], "type": "Manages",
            "typeGroup": "COMMON"}))
        for path in ("/api/tenant/devices", "/api/tenant/assets", "/api/tenant/dashboards",
                     "/api/customers", "/api/tenants", "/api/deviceProfiles", "/api/ruleChains"):
            resp = cc.get(path + "?pageSize=100&page=0")
            self.forbidden("customer user lists " + path, resp)
            if resp.status == 200 and path.startswith("/api/tenant/"):
                with self.subTest("customer user lists %s: at least nothing of others" % path):
                    foreign = [i.get("name") or i.get("title") for i in resp.body.get("data", [])
                               if (i.get("customerId") or {}).get("id") != eid(self.ca) and
                               eid(self.ca) not in [(c.get("customerId") or {}).get("id")
                                                    for c in i.get("assignedCustomers") or []]]
                    self.assertEqual(foreign, [], "items not assigned to the customer leaked")
        self.still("device after the customer user's attempts", "/api/device/" + eid(self.dev_a),
                   lambda d: (d.get("label"), "original"))
        self.still("dashboard after the customer user's attempts",
                   "/api/dashboard/" + eid(self.dash_a), lambda d: (d.get("title"),
                                                                    self.dash_a["title"]))

    # -- tenant admin against sysadmin endpoints ----------------------------------------------

    def test_tenant_admin_has_no_sysadmin_powers(self):
        ac = self.a.client
        self.forbidden("tenant admin lists tenants", ac.get("/api/tenants?pageSize=10&page=0"))
        self.forbidden("tenant admin creates a tenant", ac.post("/api/tenant",
                                                                {"title": unique("ta-made")}))
        self.forbidden("tenant admin deletes its own tenant",
                       ac.delete("/api/tenant/" + self.a.tenant_id))
        self.forbidden("tenant admin lists its tenant's users via the sysadmin endpoint",
                       ac.get("/api/tenant/%s/users?pageSize=10&page=0" % self.a.tenant_id))
        self.forbidden("tenant admin creates a sysadmin", ac.post(
            "/api/user?sendActivationMail=false",
            {"email": unique("root") + "@example.com", "authority": "SYS_ADMIN"}))
        self.denied("tenant admin reads the sysadmin user", ac.get("/api/user/" +
                                                                   eid(self.sa_user)))
        self.denied("tenant admin reads another tenant", ac.get("/api/tenant/" +
                                                                self.b.tenant_id))
        with self.subTest("tenant admin reads its own tenant"):
            own = self.assertStatus(ac.get("/api/tenant/" + self.a.tenant_id), 200)
            self.assertEqual(eid(own), self.a.tenant_id)


if __name__ == "__main__":
    harness.main()
