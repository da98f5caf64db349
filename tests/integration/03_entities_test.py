# Entity walkthrough (the README path): sysadmin creates a tenant and its admin, activation, then
# customers, users, devices and credentials, profiles, assets, relations, dashboards, rule chains.
import re
import time
import unittest

import harness
from harness import ApiTestCase, eid, entity_id, is_none_id, unique

DASHBOARD_CONFIGURATION = {
    "description": "Température — ünïcode ✓",
    "widgets": {"a1b2": {"type": "timeseries", "sizeX": 8.5, "sizeY": 5, "config": {
        "datasources": [{"type": "entity", "dataKeys": [{"name": "temperature", "color": "#2196f3",
                                                         "settings": {}, "_hash": 0.7314}]}],
        "showLegend": True, "decimals": None, "units": "°C", "big": 12345678901234}}},
    "states": {"default": {"name": "Main", "root": True, "layouts": {"main": {
        "widgets": {"a1b2": {"row": 0, "col": 0}}, "gridSettings": {"columns": 24}}}}},
    "entityAliases": {}, "filters": {}, "timewindow": {"realtime": {"timewindowMs": 60000}},
    "settings": {"stateControllerId": "entity", "showTitle": False, "emptyList": [],
                 "nested": [[1, 2], [], [{"x": -1.25e-3}]]},
}


class EntitiesTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="entities")
        cls.sa = cls.server.sysadmin()
        cls.ta = harness.create_tenant_admin(cls.server, cls.sa)
        cls.cu = harness.create_customer_user(cls.server, cls.ta)

    # -- small helpers -------------------------------------------------------------------------

    def create(self, path, body, client=None, what=""):
        resp = (client or self.ta.client).post(path, body)
        return self.assertStatus(resp, 200, what or "create via POST " + path)

    def get_ok(self, path, client=None):
        return self.assertStatus((client or self.ta.client).get(path), 200)

    def ids(self, items):
        return [eid(i) for i in items]

    def default_device_profile(self):
        profiles = self.ta.client.page("/api/deviceProfiles")
        defaults = [p for p in profiles if p.get("default") is True]
        self.assertEqual(len(defaults), 1, "exactly one default device profile expected: %r" %
                         [(p.get("name"), p.get("default")) for p in profiles])
        return defaults[0]

    def new_device(self, **fields):
        body = dict({"name": unique("dev")}, **fields)
        return self.create("/api/device", body)

    # -- tenants and their admins (sysadmin) --------------------------------------------------

    def test_01_tenant_create_read_update_list(self):
        title = unique("Acme")
        tenant = self.create("/api/tenant", {"title": title, "email": "ops@acme.example"},
                             self.sa)
        self.assertEntityId(tenant.get("id"), "TENANT", "created tenant")
        self.assertEqual(tenant.get("title"), title)
        self.assertIsInstance(tenant.get("createdTime"), int, "createdTime %r" % tenant)
        self.assertLess(abs(tenant["createdTime"] - time.time() * 1000), 600000,
                        "createdTime should be ms near now")
        got = self.get_ok("/api/tenant/" + eid(tenant), self.sa)
        self.assertEqual((eid(got), got.get("title")), (eid(tenant), title))
        renamed = dict(got, title=title + "-renamed")
        updated = self.create("/api/tenant", renamed, self.sa, "update tenant")
        self.assertEqual(eid(updated), eid(tenant), "update keeps the id")
        self.assertEqual(updated.get("createdTime"), tenant["createdTime"], "update keeps createdTime")
        self.assertEqual(self.get_ok("/api/tenant/" + eid(tenant), self.sa).get("title"),
                         title + "-renamed")
        listed = self.sa.page("/api/tenants", textSearch=title)
        self.assertEqual(self.ids(listed), [eid(tenant)], "textSearch on tenant titles")

    def test_02_tenant_admin_activation_and_login(self):
        tenant = self.create("/api/tenant", {"title": unique("Walk")}, self.sa)
        email = unique("walk-admin") + "@example.com"
        user = self.create("/api/user?sendActivationMail=false",
                           {"email": email, "authority": "TENANT_ADMIN", "firstName": "Ada",
                            "lastName": "Admin", "tenantId": tenant["id"]}, self.sa)
        self.assertEntityId(user.get("id"), "USER", "created user")
        self.assertEqual((user.get("email"), user.get("authority")), (email, "TENANT_ADMIN"))
        self.assertEqual(user.get("tenantId"), tenant["id"], "user tenantId")
        resp = self.server.request("POST", "/api/auth/login",
                                   {"username": email, "password": "Walk-pass-1"})
        self.assertErrorBody(resp, 401, 10, "login before activation")

        resp = self.sa.get("/api/user/%s/activationLink" % eid(user),
                           headers={"Accept": "text/plain"})
        self.assertStatus(resp, 200, "activation link")
        self.assertIn("text/plain", resp.content_type, "activation link content type")
        match = re.search(r"/api/noauth/activate\?activateToken=([^&\s\"]+)", resp.text)
        self.assertTrue(match, "activation link should hold "
                               "/api/noauth/activate?activateToken=...: %r" % resp.text)
        self.assertTrue(resp.text.startswith("http"), "activation link is a URL: %r" % resp.text)
        pair = self.assertStatus(self.server.request(
            "POST", "/api/noauth/activate", {"activateToken": match.group(1),
                                             "password": "Walk-pass-1"}), 200, "activate")
        self.assertIsInstance(pair.get("token"), str, "activate answers a token pair: %r" % pair)
        self.assertIsInstance(pair.get("refreshToken"), str, "activate answers a token pair")
        claims = harness.decode_jwt(pair["token"])[1]
        self.assertEqual((claims.get("scopes"), claims.get("tenantId")),
                         (["TENANT_ADMIN"], eid(tenant)), "claims after activation %r" % claims)
        client = self.server.client(email, "Walk-pass-1")
        me = self.get_ok("/api/auth/user", client)
        self.assertEqual((eid(me), me["tenantId"]["id"]), (eid(user), eid(tenant)))
        resp = self.server.request("POST", "/api/noauth/activate",
                                   {"activateToken": match.group(1), "password": "Other-pass-2"})
        self.assertErrorBody(resp, (400, 404), None, "an activation token used twice")
        users = self.sa.page("/api/tenant/%s/users" % eid(tenant))
        self.assertEqual(self.ids(users), [eid(user)], "GET /api/tenant/{id}/users")

    # -- customers and their users ------------------------------------------------------------

    def test_03_customer_create_read_update_list(self):
        title = unique("Customer")
        customer = self.create("/api/customer", {"title": title, "city": "Lyon"})
        self.assertEntityId(customer.get("id"), "CUSTOMER", "created customer")
        self.assertEqual(customer.get("tenantId"), self.ta.tenant["id"], "customer tenantId")
        got = self.get_ok("/api/customer/" + eid(customer))
        self.assertEqual((got.get("title"), got.get("city")), (title, "Lyon"))
        updated = self.create("/api/customer", dict(got, city="Nice"), what="update customer")
        self.assertEqual(eid(updated), eid(customer))
        self.assertEqual(self.get_ok("/api/customer/" + eid(customer)).get("city"), "Nice")
        listed = self.ta.client.page("/api/customers", textSearch=title.upper())
        self.assertEqual(self.ids(listed), [eid(customer)], "textSearch on customer titles")
        by_title = self.get_ok("/api/tenant/customers?customerTitle=" + title)
        self.assertEqual(eid(by_title), eid(customer), "GET /api/tenant/customers?customerTitle=")

    def test_04_customer_user_is_listed_and_logs_in(self):
        users = self.ta.client.page("/api/customer/%s/users" % self.cu.customer_id)
        self.assertEqual(self.ids(users), [self.cu.user_id], "GET /api/customer/{id}/users")
        me = self.get_ok("/api/auth/user", self.cu.client)
        self.assertEqual(me.get("authority"), "CUSTOMER_USER")
        self.assertEqual(me.get("customerId"), self.cu.customer["id"], "customer user customerId")
        self.assertEqual(me.get("tenantId"), self.ta.tenant["id"], "customer user tenantId")
        tenant_users = self.ta.client.page("/api/users")
        self.assertIn(self.cu.user_id, self.ids(tenant_users), "GET /api/users as tenant admin")

    # -- devices and credentials --------------------------------------------------------------

    def test_05_device_with_generated_token(self):
        name = unique("thermo")
        device = self.create("/api/device", {"name": name, "label": "Kitchen",
                                             "additionalInfo": {"description": "first"}})
        self.assertEntityId(device.get("id"), "DEVICE", "created device")
        self.assertEqual(device.get("name"), name)
        self.assertEqual(device.get("label"), "Kitchen")
        self.assertEqual(device.get("tenantId"), self.ta.tenant["id"], "device tenantId")
        self.assertTrue(is_none_id(device.get("customerId")), "new device has no customer: %r" %
                        device.get("customerId"))
        self.assertEqual((device.get("additionalInfo") or {}).get("description"), "first")
        profile = self.default_device_profile()
        self.assertEqual(device.get("type"), profile.get("name"), "type mirrors the profile name")
        self.assertEqual(device.get("deviceProfileId"), profile.get("id"),
                         "a device without type or profile gets the default profile")
        creds = self.get_ok("/api/device/%s/credentials" % eid(device))
        self.assertEqual(creds.get("deviceId"), device["id"], "credentials deviceId %r" % creds)
        self.assertEqual(creds.get("credentialsType"), "ACCESS_TOKEN", "credentials %r" % creds)
        self.assertRegex(creds.get("credentialsId") or "", r"^[A-Za-z0-9]{20}$",
                         "a generated access token is 20 random alphanumerics")
        self.assertIsNone(creds.get("credentialsValue"), "credentialsValue %r" % creds)
        other = self.get_ok("/api/device/%s/credentials" % eid(self.new_device()))
        self.assertNotEqual(other.get("credentialsId"), creds["credentialsId"],
                            "two devices got the same generated token")

    def test_06_device_with_given_token_and_lookup_by_name(self):
        name = unique("meter")
        token = unique("TOKEN")
        device = self.create("/api/device?accessToken=" + token, {"name": name})
        creds = self.get_ok("/api/device/%s/credentials" % eid(device))
        self.assertEqual((creds.get("credentialsType"), creds.get("credentialsId")),
                         ("ACCESS_TOKEN", token), "credentials of a device made with ?accessToken")
        by_name = self.get_ok("/api/tenant/devices?deviceName=" + name)
        self.assertEqual(eid(by_name), eid(device), "GET /api/tenant/devices?deviceName=")
        got = self.get_ok("/api/device/" + eid(device))
        self.assertEqual((eid(got), got.get("name")), (eid(device), name))

    def test_07_update_device(self):
        device = self.new_device(label="before", additionalInfo={"description": "d1"})
        before = len(self.ta.client.page("/api/tenant/devices"))
        changed = dict(device, label="after", additionalInfo={"description": "d2", "gateway": False})
        updated = self.create("/api/device", changed, what="update device")
        self.assertEqual(eid(updated), eid(device), "update keeps the id")
        self.assertEqual(updated.get("createdTime"), device.get("createdTime"),
                         "update keeps createdTime")
        got = self.get_ok("/api/device/" + eid(device))
        self.assertEqual(got.get("label"), "after")
        self.assertEqual((got.get("additionalInfo") or {}).get("description"), "d2")
        self.assertEqual(len(self.ta.client.page("/api/tenant/devices")), before,
                         "an update must not create a device")
        token = self.get_ok("/api/device/%s/credentials" % eid(device)).get("credentialsId")
        self.create("/api/device", dict(got, label="again"), what="second update")
        self.assertEqual(self.get_ok("/api/device/%s/credentials" % eid(device)).get(
            "credentialsId"), token, "updating a device keeps its token")

    def test_08_update_credentials(self):
        device = self.new_device()
        creds = self.get_ok("/api/device/%s/credentials" % eid(device))
        new_token = unique("NEWTOKEN")
        resp = self.ta.client.post("/api/device/credentials", dict(creds, credentialsId=new_token))
        saved = self.assertStatus(resp, 200, "POST /api/device/credentials")
        self.assertEqual(saved.get("credentialsId"), new_token)
        got = self.get_ok("/api/device/%s/credentials" % eid(device))
        self.assertEqual(got.get("credentialsId"), new_token, "credentials after update")

    # -- profiles ------------------------------------------------------------------------------

    def test_09_device_profiles_and_default(self):
        old_default = self.default_device_profile()
        self.assertEqual(old_default.get("name"), "default", "the tenant's default profile name")
        self.assertEntityId(old_default.get("id"), "DEVICE_PROFILE", "profile id")
        infos = self.ta.client.page("/api/deviceProfileInfos")
        self.assertIn(eid(old_default), self.ids(infos), "GET /api/deviceProfileInfos")
        name = unique("profile")
        profile = self.create("/api/deviceProfile", {
            "name": name, "type": "DEFAULT", "transportType": "DEFAULT",
            "profileData": {"configuration": {"type": "DEFAULT"},
                            "transportConfiguration": {"type": "DEFAULT"},
                            "alarms": [], "provisionConfiguration": {"type": "DISABLED"}}})
        self.assertEntityId(profile.get("id"), "DEVICE_PROFILE", "created profile")
        self.assertIs(profile.get("default"), False, "a new profile is not the default")
        got = self.get_ok("/api/deviceProfile/" + eid(profile))
        self.assertEqual(got.get("name"), name)
        device = self.new_device(deviceProfileId=profile["id"])
        self.assertEqual((device.get("type"), device.get("deviceProfileId")),
                         (name, profile["id"]), "device made with deviceProfileId")
        resp = self.ta.client.post("/api/deviceProfile/%s/default" % eid(profile))
        self.assertStatus(resp, 200, "make default")
        try:
            self.assertEqual(eid(self.default_device_profile()), eid(profile), "new default")
            self.assertIs(self.get_ok("/api/deviceProfile/" + eid(old_default)).get("default"),
                          False, "the old default is no longer default")
        finally:
            self.ta.client.post("/api/deviceProfile/%s/default" % eid(old_default))

    def test_10_device_with_new_type_gets_a_profile_of_that_name(self):
        type_name = unique("sensor-type")
        device = self.new_device(type=type_name)
        self.assertEqual(device.get("type"), type_name)
        profiles = [p for p in self.ta.client.page("/api/deviceProfiles")
                    if p.get("name") == type_name]
        self.assertEqual(len(profiles), 1, "a profile named after the new type should exist")
        self.assertEqual(device.get("deviceProfileId"), profiles[0].get("id"))

    def test_11_assets_and_asset_profiles(self):
        profiles = self.ta.client.page("/api/assetProfiles")
        defaults = [p for p in profiles if p.get("default") is True]
        self.assertEqual([p.get("name") for p in defaults], ["default"],
                         "one default asset profile named 'default': %r" % profiles)
        name = unique("Building")
        asset = self.create("/api/asset", {"name": name, "type": "building", "label": "HQ"})
        self.assertEntityId(asset.get("id"), "ASSET", "created asset")
        self.assertEqual((asset.get("name"), asset.get("type"), asset.get("label")),
                         (name, "building", "HQ"))
        self.assertEntityId(asset.get("assetProfileId"), "ASSET_PROFILE", "assetProfileId")
        self.assertEqual(asset.get("tenantId"), self.ta.tenant["id"])
        updated = self.create("/api/asset", dict(asset, label="Head office"), what="update asset")
        self.assertEqual(eid(updated), eid(asset))
        self.assertEqual(self.get_ok("/api/asset/" + eid(asset)).get("label"), "Head office")
        listed = self.ta.client.page("/api/tenant/assets", textSearch=name.lower())
        self.assertEqual(self.ids(listed), [eid(asset)], "GET /api/tenant/assets textSearch")
        plain = self.create("/api/asset", {"name": unique("Plain")})
        self.assertEqual(plain.get("type"), "default", "an asset without type")

    # -- relations -----------------------------------------------------------------------------

    def test_12_relations(self):
        asset = self.create("/api/asset", {"name": unique("Room"), "type": "room"})
        device = self.new_device()
        relation = {"from": asset["id"], "to": device["id"], "type": "Contains",
                    "typeGroup": "COMMON", "additionalInfo": {"note": "x"}}
        self.assertStatus(self.ta.client.post("/api/relation", relation), 200, "POST /api/relation")
        q_from = "fromId=%s&fromType=ASSET" % eid(asset)
        q_to = "toId=%s&toType=DEVICE" % eid(device)
        out = self.get_ok("/api/relations?" + q_from)
        self.assertIsInstance(out, list, "GET /api/relations answers a list")
        self.assertEqual([(r.get("to"), r.get("type"), r.get("typeGroup")) for r in out],
                         [(device["id"], "Contains", "COMMON")], "relations from the asset")
        incoming = self.get_ok("/api/relations?" + q_to)
        self.assertEqual([r.get("from") for r in incoming], [asset["id"]], "relations to device")
        single = "/api/relation?%s&relationType=Contains&%s" % (q_from, q_to)
        got = self.get_ok(single)
        self.assertEqual((got.get("from"), got.get("to"), got.get("additionalInfo")),
                         (asset["id"], device["id"], {"note": "x"}), "GET /api/relation")
        infos = self.get_ok("/api/relations/info?" + q_from)
        self.assertEqual([(i.get("fromName"), i.get("toName")) for i in infos],
                         [(asset["name"], device["name"])], "GET /api/relations/info")
        query = {"parameters": {"rootId": eid(asset), "rootType": "ASSET", "direction": "FROM",
                                "maxLevel": 1},
                 "filters": [{"relationType": "Contains", "entityTypes": ["DEVICE"]}]}
        found = self.assertStatus(self.ta.client.post("/api/relations", query), 200,
                                  "POST /api/relations query")
        self.assertEqual([r.get("to") for r in found], [device["id"]], "relation query result")
        self.assertStatus(self.ta.client.delete(single), 200, "DELETE /api/relation")
        self.assertErrorBody(self.ta.client.get(single), 404, 32, "deleted relation")
        self.assertEqual(self.get_ok("/api/relations?" + q_from), [], "relations after delete")

    # -- dashboards ----------------------------------------------------------------------------

    def test_13_dashboards_keep_configuration_verbatim(self):
        title = unique("Dash")
        dash = self.create("/api/dashboard", {"title": title,
                                              "configuration": DASHBOARD_CONFIGURATION})
        self.assertEntityId(dash.get("id"), "DASHBOARD", "created dashboard")
        got = self.get_ok("/api/dashboard/" + eid(dash))
        self.assertEqual(got.get("title"), title)
        self.assertEqual(got.get("configuration"), DASHBOARD_CONFIGURATION,
                         "dashboard configuration must come back verbatim")
        renamed = self.create("/api/dashboard", dict(got, title=title + "-2"), what="update")
        self.assertEqual(eid(renamed), eid(dash))
        got = self.get_ok("/api/dashboard/" + eid(dash))
        self.assertEqual((got.get("title"), got.get("configuration")),
                         (title + "-2", DASHBOARD_CONFIGURATION), "after a rename")
        listed = self.ta.client.page("/api/tenant/dashboards", textSearch=title)
        self.assertEqual(self.ids(listed), [eid(dash)], "GET /api/tenant/dashboards")

    def test_14_dashboard_assignment(self):
        dash = self.create("/api/dashboard", {"title": unique("Shared"), "configuration": {}})
        cid = self.cu.customer_id
        resp = self.ta.client.post("/api/customer/%s/dashboard/%s" % (cid, eid(dash)))
        assigned = self.assertStatus(resp, 200, "assign dashboard")
        self.assertIn(cid, [(c.get("customerId") or {}).get("id")
                            for c in assigned.get("assignedCustomers") or []],
                      "assignedCustomers after assignment: %r" % assigned)
        for who, client in (("tenant admin", self.ta.client), ("customer user", self.cu.client)):
            listed = client.page("/api/customer/%s/dashboards" % cid)
            self.assertIn(eid(dash), self.ids(listed), "customer dashboards as " + who)
        self.get_ok("/api/dashboard/" + eid(dash), self.cu.client)
        resp = self.ta.client.delete("/api/customer/%s/dashboard/%s" % (cid, eid(dash)))
        self.assertStatus(resp, 200, "unassign dashboard")
        listed = self.ta.client.page("/api/customer/%s/dashboards" % cid)
        self.assertNotIn(eid(dash), self.ids(listed), "customer dashboards after unassign")

    # -- rule chains ---------------------------------------------------------------------------

    def test_15_rule_chains_and_root(self):
        chains = self.ta.client.page("/api/ruleChains")
        roots = [c for c in chains if c.get("root") is True]
        self.assertEqual(len(roots), 1, "a new tenant has exactly one root chain: %r" %
                         [(c.get("name"), c.get("root")) for c in chains])
        old_root = roots[0]
        self.assertEntityId(old_root.get("id"), "RULE_CHAIN", "rule chain id")
        self.assertEqual(old_root.get("type"), "CORE")
        chain = self.create("/api/ruleChain", {"name": unique("Chain"), "type": "CORE"})
        self.assertEntityId(chain.get("id"), "RULE_CHAIN", "created chain")
        self.assertIs(chain.get("root"), False, "a new chain is not root")
        self.assertEqual(self.get_ok("/api/ruleChain/" + eid(chain)).get("name"), chain["name"])
        resp = self.ta.client.post("/api/ruleChain/%s/root" % eid(chain))
        self.assertStatus(resp, 200, "make root")
        try:
            chains = self.ta.client.page("/api/ruleChains")
            self.assertEqual([eid(c) for c in chains if c.get("root") is True], [eid(chain)],
                             "the new chain is the only root")
        finally:
            self.ta.client.post("/api/ruleChain/%s/root" % eid(old_root))

    # -- customer assignment -------------------------------------------------------------------

    def test_16_assign_and_unassign_device(self):
        device = self.new_device()
        cid = self.cu.customer_id
        resp = self.ta.client.post("/api/customer/%s/device/%s" % (cid, eid(device)))
        assigned = self.assertStatus(resp, 200, "assign device")
        self.assertEqual(assigned.get("customerId"), self.cu.customer["id"], "customerId")
        self.assertEqual(self.get_ok("/api/device/" + eid(device)).get("customerId"),
                         self.cu.customer["id"], "customerId after assignment, read back")
        for who, client in (("tenant admin", self.ta.client), ("customer user", self.cu.client)):
            listed = client.page("/api/customer/%s/devices" % cid)
            self.assertIn(eid(device), self.ids(listed), "customer devices as " + who)
        self.get_ok("/api/device/" + eid(device), self.cu.client)
        self.get_ok("/api/device/%s/credentials" % eid(device), self.cu.client)
        resp = self.ta.client.delete("/api/customer/device/" + eid(device))
        unassigned = self.assertStatus(resp, 200, "unassign device")
        self.assertTrue(is_none_id(unassigned.get("customerId")), "customerId after unassign")
        listed = self.ta.client.page("/api/customer/%s/devices" % cid)
        self.assertNotIn(eid(device), self.ids(listed), "customer devices after unassign")
        self.assertDenied(self.cu.client.get("/api/device/" + eid(device)),
                          "customer user reading an unassigned device")

    def test_17_assign_and_unassign_asset(self):
        asset = self.create("/api/asset", {"name": unique("Site"), "type": "site"})
        cid = self.cu.customer_id
        resp = self.ta.client.post("/api/customer/%s/asset/%s" % (cid, eid(asset)))
        self.assertEqual(self.assertStatus(resp, 200, "assign asset").get("customerId"),
                         self.cu.customer["id"])
        listed = self.cu.client.page("/api/customer/%s/assets" % cid)
        self.assertIn(eid(asset), self.ids(listed), "customer assets as the customer user")
        self.assertStatus(self.ta.client.delete("/api/customer/asset/" + eid(asset)), 200,
                          "unassign asset")
        listed = self.ta.client.page("/api/customer/%s/assets" % cid)
        self.assertNotIn(eid(asset), self.ids(listed), "customer assets after unassign")

    # -- deletion ------------------------------------------------------------------------------

    def test_18_delete_device(self):
        token = unique("DELTOKEN")
        device = self.create("/api/device?accessToken=" + token, {"name": unique("gone")})
        asset = self.create("/api/asset", {"name": unique("Holder"), "type": "room"})
        self.assertStatus(self.ta.client.post("/api/relation", {
            "from": asset["id"], "to": device["id"], "type": "Contains", "typeGroup": "COMMON"}),
            200)
        self.assertStatus(self.ta.client.delete("/api/device/" + eid(device)), 200, "delete")
        self.assertErrorBody(self.ta.client.get("/api/device/" + eid(device)), 404, 32,
                             "deleted device")
        self.assertErrorBody(self.ta.client.get("/api/device/%s/credentials" % eid(device)), 404,
                             32, "credentials of a deleted device")
        self.assertErrorBody(self.ta.client.get("/api/tenant/devices?deviceName=" +
                                                device["name"]), 404, 32, "by name")
        self.assertNotIn(eid(device), self.ids(self.ta.client.page("/api/tenant/devices")))
        self.assertEqual(self.get_ok("/api/relations?fromId=%s&fromType=ASSET" % eid(asset)), [],
                         "relations of a deleted device are deleted with it")
        again = self.create("/api/device?accessToken=" + token, {"name": device["name"]},
                            what="name and token of a deleted device are free again")
        self.assertNotEqual(eid(again), eid(device))
        self.assertErrorBody(self.ta.client.delete("/api/device/" + eid(device)), 404, 32,
                             "deleting twice")

    def test_19_delete_other_entities(self):
        made = {
            "customer": self.create("/api/customer", {"title": unique("Bye")}),
            "asset": self.create("/api/asset", {"name": unique("Bye"), "type": "t"}),
            "dashboard": self.create("/api/dashboard", {"title": unique("Bye")}),
            "ruleChain": self.create("/api/ruleChain", {"name": unique("Bye"), "type": "CORE"}),
        }
        for kind, entity in made.items():
            with self.subTest(kind=kind):
                path = "/api/%s/%s" % (kind, eid(entity))
                self.assertStatus(self.ta.client.delete(path), 200, "DELETE " + path)
                self.assertErrorBody(self.ta.client.get(path), 404, 32, "after delete")

    def test_20_delete_tenant_removes_its_users(self):
        doomed = harness.create_tenant_admin(self.server, self.sa)
        token = unique("DOOMED")
        doomed.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("doomed")})
        self.assertStatus(self.sa.delete("/api/tenant/" + doomed.tenant_id), 200, "delete tenant")
        self.assertErrorBody(self.sa.get("/api/tenant/" + doomed.tenant_id), 404, 32,
                             "deleted tenant")
        resp = self.server.request("POST", "/api/auth/login",
                                   {"username": doomed.email, "password": doomed.password})
        self.assertErrorBody(resp, 401, 10, "login of a deleted tenant's admin")
        self.create("/api/device?accessToken=" + token, {"name": unique("heir")},
                    what="the access token of a deleted tenant's device is free again")


    def test_21_delete_customer_unassigns_and_removes_its_users(self):
        extra = harness.create_customer_user(self.server, self.ta)
        device = self.new_device()
        cid = extra.customer_id
        self.assertStatus(self.ta.client.post("/api/customer/%s/device/%s" % (cid, eid(device))),
                          200, "assign")
        self.assertStatus(self.ta.client.delete("/api/customer/" + cid), 200, "delete customer")
        got = self.get_ok("/api/device/" + eid(device))
        self.assertTrue(is_none_id(got.get("customerId")),
                        "a deleted customer's devices go back to the tenant: %r" %
                        got.get("customerId"))
        resp = self.server.request("POST", "/api/auth/login",
                                   {"username": extra.email, "password": extra.password})
        self.assertErrorBody(resp, 401, 10, "login of a deleted customer's user")

    def test_22_unicode_names_round_trip(self):
        name = "Датчик-温度-✓-" + unique("u")
        device = self.new_device(name=name, label="Étage 2 — salle ß")
        got = self.get_ok("/api/device/" + eid(device))
        self.assertEqual((got.get("name"), got.get("label")), (name, "Étage 2 — salle ß"))
        listed = self.ta.client.page("/api/tenant/devices", textSearch="温度")
        self.assertIn(eid(device), self.ids(listed), "textSearch with non-ASCII text")
        from urllib.parse import quote
        by_name = self.get_ok("/api/tenant/devices?deviceName=" + quote(name))
        self.assertEqual(eid(by_name), eid(device), "deviceName lookup with non-ASCII text")


    def test_23_type_filters_and_single_lookups(self):
        kind = unique("kind")
        typed = [self.new_device(type=kind) for _ in range(2)]
        self.new_device()
        listed = self.ta.client.page("/api/tenant/devices", type=kind)
        self.assertEqual(sorted(self.ids(listed)), sorted(self.ids(typed)),
                         "GET /api/tenant/devices?type=")
        asset = self.create("/api/asset", {"name": unique("Typed"), "type": kind})
        self.create("/api/asset", {"name": unique("Other"), "type": "other"})
        self.assertEqual(self.ids(self.ta.client.page("/api/tenant/assets", type=kind)),
                         [eid(asset)], "GET /api/tenant/assets?type=")
        got = self.get_ok("/api/tenant/assets?assetName=" + asset["name"])
        self.assertEqual(eid(got), eid(asset), "GET /api/tenant/assets?assetName=")

    def test_24_relation_defaults_and_multi_level_queries(self):
        building = self.create("/api/asset", {"name": unique("Building"), "type": "building"})
        floor = self.create("/api/asset", {"name": unique("Floor"), "type": "floor"})
        device = self.new_device()
        for parent, child in ((building, floor), (floor, device)):
            self.assertStatus(self.ta.client.post("/api/relation", {
                "from": parent["id"], "to": child["id"], "type": "Contains"}), 200,
                "relation without typeGroup")
        out = self.get_ok("/api/relations?fromId=%s&fromType=ASSET" % eid(building))
        self.assertEqual([r.get("typeGroup") for r in out], ["COMMON"],
                         "typeGroup defaults to COMMON")

        def query(root, root_type, direction, level, entity_types=None):
            filters = [{"relationType": "Contains", "entityTypes": entity_types}] \
                if entity_types else []
            body = {"parameters": {"rootId": eid(root), "rootType": root_type,
                                   "direction": direction, "maxLevel": level},
                    "filters": filters}
            found = self.assertStatus(self.ta.client.post("/api/relations", body), 200,
                                      "relation query %r" % body)
            return sorted((r["from"]["id"], r["to"]["id"]) for r in found)
        one = (eid(building), eid(floor))
        two = (eid(floor), eid(device))
        self.assertEqual(query(building, "ASSET", "FROM", 1), [one], "FROM, maxLevel 1")
        self.assertEqual(query(building, "ASSET", "FROM", 2), sorted([one, two]),
                         "FROM, maxLevel 2")
        self.assertEqual(query(building, "ASSET", "FROM", 2, ["DEVICE"]), [two],
                         "FROM, maxLevel 2, only relations to devices")
        self.assertEqual(query(device, "DEVICE", "TO", 2), sorted([one, two]), "TO, maxLevel 2")

    def test_25_dashboard_shared_with_two_customers(self):
        dash = self.create("/api/dashboard", {"title": unique("TwoCust")})
        first = self.cu.customer
        second = self.create("/api/customer", {"title": unique("Second")})
        for customer in (first, second):
            self.assertStatus(self.ta.client.post("/api/customer/%s/dashboard/%s" % (
                eid(customer), eid(dash))), 200, "assign")
        got = self.get_ok("/api/dashboard/" + eid(dash))
        assigned = sorted((c.get("customerId") or {}).get("id")
                          for c in got.get("assignedCustomers") or [])
        self.assertEqual(assigned, sorted([eid(first), eid(second)]),
                         "a dashboard may be assigned to several customers: %r" % got)
        for customer in (first, second):
            self.assertIn(eid(dash), self.ids(self.ta.client.page(
                "/api/customer/%s/dashboards" % eid(customer))))


    def test_26_json_documents_keep_their_numbers_byte_for_byte(self):
        # Regression: dashboards and rule chain metadata came back with numbers changed
        # in their last digit. The numbers are written as the web UI (JavaScript) writes them.
        numbers = ('[0.09545533885166413,123456789.12345679,1.5,-0.25,0.00001,1e-7,1e+21,'
                   '42,42.0,-9007199254740993,0.1,1.7976931348623157e+308]')
        raw = ('{"title":"%s","configuration":{"widgets":{"w":{"config":{"numbers":%s}}}}}'
               % (unique("Digits"), numbers))
        resp = self.ta.client.post("/api/dashboard", raw_body=raw)
        dash = self.assertStatus(resp, 200, "POST a dashboard as raw JSON")
        self.assertIn('"numbers":' + numbers, resp.text, "the saved dashboard as answered")
        got = self.ta.client.get("/api/dashboard/" + eid(dash))
        self.assertStatus(got, 200, "GET the dashboard")
        self.assertIn('"numbers":' + numbers, got.text, "the dashboard as read back")

        chain = self.create("/api/ruleChain", {"name": unique("digits")})
        metadata = ('{"ruleChainId":{"entityType":"RULE_CHAIN","id":"%s"},"firstNodeIndex":0,'
                    '"nodes":[{"type":"org.thingsboard.rule.engine.action.TbLogNode",'
                    '"name":"log","configuration":{"jsScript":"return \'\';"},'
                    '"additionalInfo":{"layoutX":%s}}],"connections":[]}'
                    % (eid(chain), numbers))
        self.assertStatus(self.ta.client.post("/api/ruleChain/metadata", raw_body=metadata), 200,
                          "save rule chain metadata with numbers in a node's additionalInfo")
        got = self.ta.client.get("/api/ruleChain/%s/metadata" % eid(chain))
        self.assertIn('"layoutX":' + numbers, got.text, "the metadata as read back")

class DemoDataTest(ApiTestCase):
    """The demo tenant as the README shows it (on the same kind of fresh server)."""

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="entities-demo")

    def test_demo_customer_sees_its_devices_only(self):
        ta = self.server.client(*harness.TENANT_ADMIN)
        cu = self.server.client(*harness.CUSTOMER_USER)
        cid = cu.ok("GET", "/api/auth/user")["customerId"]["id"]
        customers = ta.page("/api/customers")
        self.assertIn(cid, [eid(c) for c in customers], "the demo customer is the tenant's")
        mine = cu.page("/api/customer/%s/devices" % cid)
        self.assertTrue(mine, "the demo customer should have devices")
        for device in mine:
            self.assertEqual((device.get("customerId") or {}).get("id"), cid)


if __name__ == "__main__":
    harness.main()
