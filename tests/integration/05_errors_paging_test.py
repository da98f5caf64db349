# Error answers and paging: malformed JSON, missing fields, unknown ids (404/32), bad uuids,
# duplicates, and the page contract (pageSize/page/textSearch/sortProperty/sortOrder).
import unittest

import harness
from harness import ApiTestCase, eid, unique

UNKNOWN = "784f394c-42b6-435a-983c-b7beff2784f9"
DATA_ERRORS = (30, 31)          # invalid arguments / bad request parameters
DUPLICATE_STATUSES = (400, 409)


class ErrorsTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="errors")
        cls.sa = cls.server.sysadmin()
        cls.ta = harness.create_tenant_admin(cls.server, cls.sa)
        cls.customer = cls.ta.client.ok("POST", "/api/customer", {"title": unique("Cust")})
        cls.device = cls.ta.client.ok("POST", "/api/device", {"name": unique("err-dev")})

    def test_malformed_json_is_400_with_error_body(self):
        cases = (("/api/device", self.ta.client), ("/api/customer", self.ta.client),
                 ("/api/asset", self.ta.client), ("/api/dashboard", self.ta.client),
                 ("/api/relation", self.ta.client), ("/api/tenant", self.sa),
                 ("/api/user?sendActivationMail=false", self.sa))
        for path, client in cases:
            for label, raw in (("truncated", '{"name": "x", '), ("not json", "name=x"),
                               ("array instead of object", '["name"]')):
                with self.subTest(path=path, body=label):
                    resp = client.request("POST", path, raw_body=raw)
                    self.assertErrorBody(resp, 400, DATA_ERRORS, "%s body to %s" % (label, path))

    def test_wrong_field_types_are_400(self):
        cases = (("/api/device", {"name": {"nested": "object"}}),
                 ("/api/device", {"name": unique("t"), "deviceProfileId": "not-an-id-object"}),
                 ("/api/customer", {"title": ["list"]}),
                 ("/api/device", {"name": unique("t"),
                                  "id": {"entityType": "DEVICE", "id": "zzz"}}))
        for path, body in cases:
            with self.subTest(path=path, body=body):
                self.assertErrorBody(self.ta.client.post(path, body), 400, DATA_ERRORS)

    def test_missing_required_fields_are_400(self):
        ta, sa = self.ta.client, self.sa
        cases = (
            ("device without name", ta, "/api/device", {"label": "no name"}),
            ("device with empty name", ta, "/api/device", {"name": ""}),
            ("customer without title", ta, "/api/customer", {"city": "Paris"}),
            ("asset without name", ta, "/api/asset", {"type": "room"}),
            ("dashboard without title", ta, "/api/dashboard", {"configuration": {}}),
            ("device profile without name", ta, "/api/deviceProfile", {"type": "DEFAULT"}),
            ("rule chain without name", ta, "/api/ruleChain", {"type": "CORE"}),
            ("relation without to", ta, "/api/relation",
             {"from": self.device["id"], "type": "Contains", "typeGroup": "COMMON"}),
            ("tenant without title", sa, "/api/tenant", {"email": "x@example.com"}),
            ("user without email", sa, "/api/user?sendActivationMail=false",
             {"authority": "TENANT_ADMIN", "tenantId": self.ta.tenant["id"]}),
            ("user with an invalid email", sa, "/api/user?sendActivationMail=false",
             {"email": "not-an-email", "authority": "TENANT_ADMIN",
              "tenantId": self.ta.tenant["id"]}),
            ("activation without password", None, "/api/noauth/activate",
             {"activateToken": "whatever"}),
        )
        for label, client, path, body in cases:
            with self.subTest(label):
                if client is None:
                    resp = self.server.request("POST", path, body)
                    self.assertErrorBody(resp, (400, 404), None, label)
                else:
                    self.assertErrorBody(client.post(path, body), 400, DATA_ERRORS, label)

    def test_unknown_ids_are_404_code_32(self):
        ta, sa = self.ta.client, self.sa
        cases = [(ta, "GET", "/api/%s/%s" % (kind, UNKNOWN))
                 for kind in ("device", "customer", "user", "asset", "dashboard",
                              "deviceProfile", "assetProfile", "ruleChain")]
        cases += [(sa, "GET", "/api/tenant/" + UNKNOWN),
                  (ta, "GET", "/api/device/%s/credentials" % UNKNOWN),
                  (ta, "DELETE", "/api/device/" + UNKNOWN),
                  (ta, "DELETE", "/api/asset/" + UNKNOWN),
                  (ta, "DELETE", "/api/customer/" + UNKNOWN),
                  (ta, "POST", "/api/customer/%s/device/%s" % (eid(self.customer), UNKNOWN)),
                  (ta, "GET", "/api/tenant/devices?deviceName=" + unique("nobody")),
                  (ta, "GET", "/api/relation?fromId=%s&fromType=DEVICE&relationType=Contains"
                              "&toId=%s&toType=ASSET" % (UNKNOWN, UNKNOWN)),
                  (sa, "GET", "/api/user/%s/activationLink" % UNKNOWN)]
        for client, method, path in cases:
            with self.subTest(call=method + " " + path):
                self.assertErrorBody(client.request(method, path), 404, 32)

    def test_update_of_unknown_id_is_404(self):
        body = {"id": {"entityType": "DEVICE", "id": UNKNOWN}, "name": unique("ghost")}
        self.assertErrorBody(self.ta.client.post("/api/device", body), 404, 32,
                             "update (POST with id) of an unknown device")
        self.assertNotIn(body["name"], [d["name"] for d in self.ta.client.page(
            "/api/tenant/devices")], "an update of an unknown id must not create it")

    def test_invalid_uuid_in_path_is_400(self):
        for path in ("/api/device/not-a-uuid", "/api/customer/1234", "/api/asset/%s-x" % UNKNOWN,
                     "/api/device/%s/credentials" % "zz-zz"):
            with self.subTest(path=path):
                self.assertErrorBody(self.ta.client.get(path), 400, DATA_ERRORS)
        self.assertErrorBody(self.sa.get("/api/tenant/not-a-uuid"), 400, DATA_ERRORS)

    def test_duplicate_device_name(self):
        name = unique("twin")
        self.ta.client.ok("POST", "/api/device", {"name": name})
        resp = self.ta.client.post("/api/device", {"name": name})
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS, "duplicate device name")
        same = [d for d in self.ta.client.page("/api/tenant/devices", textSearch=name)
                if d.get("name") == name]
        self.assertEqual(len(same), 1, "only one device named %s" % name)

    def test_rename_onto_existing_device_name(self):
        first = self.ta.client.ok("POST", "/api/device", {"name": unique("first")})
        second = self.ta.client.ok("POST", "/api/device", {"name": unique("second")})
        resp = self.ta.client.post("/api/device", dict(second, name=first["name"]))
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS, "rename onto a taken name")
        self.assertEqual(self.ta.client.ok("GET", "/api/device/" + eid(second))["name"],
                         second["name"], "the refused rename must not be stored")

    def test_duplicate_access_token(self):
        token = unique("SHARED")
        self.ta.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("t1")})
        resp = self.ta.client.post("/api/device?accessToken=" + token, {"name": unique("t2")})
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS, "duplicate access token")

    def test_duplicate_user_email(self):
        email = unique("dup") + "@example.com"
        harness.create_user(self.sa, email, "TENANT_ADMIN", tenant_id=self.ta.tenant_id)
        resp = self.ta.client.post("/api/user?sendActivationMail=false",
                                   {"email": email, "authority": "CUSTOMER_USER",
                                    "customerId": self.customer["id"]})
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS, "duplicate user email")
        resp = self.sa.post("/api/user?sendActivationMail=false",
                            {"email": self.ta.email, "authority": "TENANT_ADMIN",
                             "tenantId": self.ta.tenant["id"]})
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS,
                             "email of an existing tenant admin")

    def test_duplicate_customer_title(self):
        resp = self.ta.client.post("/api/customer", {"title": self.customer["title"]})
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS, "duplicate customer title")

    def test_server_survives_bad_input(self):
        for raw in ("\x00\x01\x02", "{" * 5000 + "}" * 5000, '{"name": "\\ud800"}',
                    '{"name": ' + '"' + "x" * 100000 + '"}'):
            resp = self.ta.client.request("POST", "/api/device", raw_body=raw)
            with self.subTest(body=raw[:20]):
                self.assertNotEqual(resp.status // 100, 5, "5xx on bad input: " + resp.describe())
        self.assertStatus(self.ta.client.get("/api/auth/user"), 200, "server alive afterwards")

    def test_rpc_timeout_past_the_maximum_is_400(self):
        # Regression: any timeout was taken; 9000000000000 ms kept the call's queue message
        # unfinished for centuries, and its expirationTime overflowed.
        for path in ("/api/plugins/rpc/oneway/", "/api/plugins/rpc/twoway/", "/api/rpc/oneway/",
                     "/api/rpc/twoway/"):
            for timeout in (9000000000000, 3600001):
                with self.subTest(path=path, timeout=timeout):
                    resp = self.ta.client.post(path + eid(self.device),
                                               {"method": "m", "params": {}, "timeout": timeout})
                    self.assertErrorBody(resp, 400, DATA_ERRORS)


    # -- rules that protect stored data -------------------------------------------------------

    def test_delete_guards(self):
        ta = self.ta.client
        profiles = ta.page("/api/deviceProfiles")
        default = [p for p in profiles if p.get("default") is True][0]
        self.assertErrorBody(ta.delete("/api/deviceProfile/" + eid(default)), 400, DATA_ERRORS,
                             "deleting the default device profile")
        used = ta.ok("POST", "/api/deviceProfile", {"name": unique("used"), "type": "DEFAULT",
                                                   "transportType": "DEFAULT"})
        ta.ok("POST", "/api/device", {"name": unique("user-of-profile"),
                                      "deviceProfileId": used["id"]})
        self.assertErrorBody(ta.delete("/api/deviceProfile/" + eid(used)), 400, DATA_ERRORS,
                             "deleting a device profile that devices use")
        root = [c for c in ta.page("/api/ruleChains") if c.get("root") is True][0]
        self.assertErrorBody(ta.delete("/api/ruleChain/" + eid(root)), 400, DATA_ERRORS,
                             "deleting the root rule chain")
        asset_default = [p for p in ta.page("/api/assetProfiles") if p.get("default") is True][0]
        self.assertErrorBody(ta.delete("/api/assetProfile/" + eid(asset_default)), 400,
                             DATA_ERRORS, "deleting the default asset profile")
        for path in ("/api/deviceProfile/" + eid(default), "/api/deviceProfile/" + eid(used),
                     "/api/ruleChain/" + eid(root)):
            self.assertStatus(ta.get(path), 200, "still there after a refused delete")

    def test_one_default_profile_and_one_root_chain_whatever_the_body_says(self):
        ta = self.ta.client
        ta.post("/api/deviceProfile", {"name": unique("claims-default"), "type": "DEFAULT",
                                       "transportType": "DEFAULT", "default": True})
        ta.post("/api/assetProfile", {"name": unique("claims-default"), "default": True})
        ta.post("/api/ruleChain", {"name": unique("claims-root"), "type": "CORE", "root": True})
        for path in ("/api/deviceProfiles", "/api/assetProfiles"):
            flags = [p.get("name") for p in ta.page(path) if p.get("default") is True]
            self.assertEqual(len(flags), 1, "%s: exactly one default, got %r" % (path, flags))
        roots = [c.get("name") for c in ta.page("/api/ruleChains") if c.get("root") is True]
        self.assertEqual(len(roots), 1, "exactly one root rule chain, got %r" % roots)

    def test_duplicate_profile_name(self):
        name = unique("profile")
        body = {"name": name, "type": "DEFAULT", "transportType": "DEFAULT"}
        self.ta.client.ok("POST", "/api/deviceProfile", body)
        self.assertErrorBody(self.ta.client.post("/api/deviceProfile", body), DUPLICATE_STATUSES,
                             DATA_ERRORS, "duplicate device profile name")

    def test_credentials_update_to_a_taken_token(self):
        token = unique("TAKEN")
        self.ta.client.ok("POST", "/api/device?accessToken=" + token, {"name": unique("owner")})
        other = self.ta.client.ok("POST", "/api/device", {"name": unique("other")})
        creds = self.ta.client.ok("GET", "/api/device/%s/credentials" % eid(other))
        resp = self.ta.client.post("/api/device/credentials", dict(creds, credentialsId=token))
        self.assertErrorBody(resp, DUPLICATE_STATUSES, DATA_ERRORS, "another device's token")
        self.assertEqual(self.ta.client.ok("GET", "/api/device/%s/credentials" % eid(other))[
            "credentialsId"], creds["credentialsId"], "the refused change must not be stored")

    def test_bad_credentials_are_400(self):
        device = self.ta.client.ok("POST", "/api/device", {"name": unique("creds")})
        creds = self.ta.client.ok("GET", "/api/device/%s/credentials" % eid(device))
        for label, change in (("empty credentialsId", {"credentialsId": ""}),
                              ("unknown credentialsType", {"credentialsType": "PIN_CODE"}),
                              ("missing credentialsId", {"credentialsId": None})):
            with self.subTest(label):
                resp = self.ta.client.post("/api/device/credentials", dict(creds, **change))
                self.assertErrorBody(resp, 400, DATA_ERRORS, label)
        self.assertEqual(self.ta.client.ok("GET", "/api/device/%s/credentials" % eid(device)),
                         creds, "refused changes must not be stored")

    def test_relation_to_unknown_entity(self):
        resp = self.ta.client.post("/api/relation", {
            "from": self.device["id"], "to": {"entityType": "ASSET", "id": UNKNOWN},
            "type": "Contains", "typeGroup": "COMMON"})
        self.assertErrorBody(resp, (400, 404), (30, 31, 32), "relation to an unknown asset")
        out = self.ta.client.ok("GET", "/api/relations?fromId=%s&fromType=DEVICE" %
                                eid(self.device))
        self.assertEqual(out, [], "no dangling relation stored")

    def test_activation_link_of_an_active_user_is_400(self):
        resp = self.sa.get("/api/user/%s/activationLink" % self.ta.user_id)
        self.assertErrorBody(resp, 400, DATA_ERRORS, "activation link of an activated user")

    # -- HTTP robustness ------------------------------------------------------------------------

    def test_oversized_body_is_413(self):
        # config/pacificsoft.yml: http.max_body_bytes 1048576, larger requests answered 413.
        import socket as socket_mod
        size = 2 * 1024 * 1024
        head = ("POST /api/device HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                "\r\nX-Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n" % (
                    self.ta.client.token, size)).encode()
        sock = socket_mod.create_connection(("127.0.0.1", self.server.port), timeout=10)
        answer = b""
        try:
            sock.sendall(head)
            sock.settimeout(2)
            try:
                answer = sock.recv(65536)       # an early answer from the headers alone
            except socket_mod.timeout:
                sock.settimeout(10)
                try:
                    sock.sendall(b"{" + b" " * (size - 2) + b"}")
                    answer = sock.recv(65536)
                except OSError as e:
                    answer = ("connection error %r" % e).encode()
        finally:
            sock.close()
        self.assertTrue(answer.startswith(b"HTTP/1.1 413") or answer.startswith(b"HTTP/1.0 413"),
                        "a 2 MiB body should be answered 413, got %r" % answer[:200])
        self.assertStatus(self.ta.client.get("/api/auth/user"), 200, "server alive afterwards")

    def test_keep_alive_connection_serves_several_requests(self):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            for i in range(3):
                conn.request("GET", "/api/auth/user",
                             headers={"X-Authorization": "Bearer " + self.ta.client.token})
                resp = conn.getresponse()
                body = resp.read()
                self.assertEqual(resp.status, 200, "request %d on one connection: %r" % (i, body))
                conn.request("POST", "/api/device", body=b'{"name": ',
                             headers={"X-Authorization": "Bearer " + self.ta.client.token,
                                      "Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                self.assertEqual(resp.status, 400, "bad request %d on one connection" % i)
        finally:
            conn.close()

    def test_concurrent_creates_of_one_name_make_one_device(self):
        import threading
        name = unique("race")
        barrier = threading.Barrier(8)
        statuses = []

        def create():
            barrier.wait()
            statuses.append(self.ta.client.post("/api/device", {"name": name}).status)
        threads = [threading.Thread(target=create) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(sorted(statuses).count(200), 1, "exactly one of 8 concurrent creates "
                                                         "of one name succeeds: %r" % statuses)
        self.assertTrue(all(s in (200,) + DUPLICATE_STATUSES for s in statuses), statuses)
        same = [d for d in self.ta.client.page("/api/tenant/devices", textSearch=name)
                if d["name"] == name]
        self.assertEqual(len(same), 1, "one device named %s" % name)

    def test_concurrent_mixed_load_stays_consistent(self):
        import threading
        prefix = unique("load")
        errors = []

        def worker(n):
            try:
                for i in range(10):
                    name = "%s-%d-%d" % (prefix, n, i)
                    d = self.ta.client.ok("POST", "/api/device", {"name": name})
                    got = self.ta.client.ok("GET", "/api/device/" + eid(d))
                    if got["name"] != name:
                        errors.append("read %r for %r" % (got["name"], name))
                    self.ta.client.ok("GET", "/api/tenant/devices?pageSize=5&page=0")
            except Exception as e:  # collected and reported below
                errors.append(repr(e))
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [], "errors under concurrent load")
        body = self.ta.client.ok("GET", "/api/tenant/devices?pageSize=1&page=0&textSearch=" +
                                 prefix)
        self.assertEqual(body["totalElements"], 60, "60 devices created concurrently")


class PagingTest(ApiTestCase):
    COUNT = 25

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="paging")
        cls.ta = harness.create_tenant_admin(cls.server, cls.server.sysadmin())
        cls.names = []
        for i in range(cls.COUNT):
            # Queries use other letter cases than the names; numbers give a known name order.
            name = "Pager-%02d" % i
            cls.ta.client.ok("POST", "/api/device", {"name": name, "label": "L%02d" % i})
            cls.names.append(name)
        cls.ta.client.ok("POST", "/api/device", {"name": "unrelated-device"})

    def get_page(self, query):
        return self.assertPage(self.assertStatus(
            self.ta.client.get("/api/tenant/devices?" + query), 200, query), query)

    def test_page_size_10_gives_3_pages(self):
        seen = []
        for page, (size, has_next) in enumerate(((10, True), (10, True), (5, False))):
            body = self.get_page("pageSize=10&page=%d&textSearch=pager" % page)
            what = "page %d: %r" % (page, {k: v for k, v in body.items() if k != "data"})
            self.assertEqual(len(body["data"]), size, what)
            self.assertEqual(body["totalElements"], self.COUNT, what)
            self.assertEqual(body["totalPages"], 3, what)
            self.assertIs(body["hasNext"], has_next, what)
            seen += [eid(d) for d in body["data"]]
        self.assertEqual(len(set(seen)), self.COUNT, "pages must not overlap or skip items")
        beyond = self.get_page("pageSize=10&page=3&textSearch=pager")
        self.assertEqual((beyond["data"], beyond["hasNext"]), ([], False), "past the last page")

    def test_total_without_search_counts_every_device(self):
        body = self.get_page("pageSize=100&page=0")
        self.assertEqual(body["totalElements"], self.COUNT + 1)
        self.assertEqual(body["totalPages"], 1)
        self.assertIs(body["hasNext"], False)

    def test_text_search_ignores_case(self):
        for text in ("pager", "PAGER", "PaGeR-0"):
            with self.subTest(textSearch=text):
                body = self.get_page("pageSize=100&page=0&textSearch=" + text)
                expected = sorted(n for n in self.names if text.lower() in n.lower())
                self.assertEqual(sorted(d["name"] for d in body["data"]), expected)
                self.assertEqual(body["totalElements"], len(expected))
        body = self.get_page("pageSize=100&page=0&textSearch=no-such-device")
        self.assertEqual((body["data"], body["totalElements"], body["totalPages"]), ([], 0, 0),
                         "an empty result")

    def test_sort_by_name_asc_and_desc(self):
        expected = sorted(self.names)
        for order, want in (("ASC", expected), ("DESC", expected[::-1])):
            with self.subTest(sortOrder=order):
                names = []
                for page in range(3):
                    body = self.get_page("pageSize=10&page=%d&textSearch=pager&sortProperty=name"
                                         "&sortOrder=%s" % (page, order))
                    names += [d["name"] for d in body["data"]]
                self.assertEqual(names, want,
                                 "sortProperty=name sortOrder=%s across pages" % order)

    def test_sort_by_created_time(self):
        query = "pageSize=100&page=0&textSearch=pager&sortProperty=createdTime&sortOrder="
        asc = [d["createdTime"] for d in self.get_page(query + "ASC")["data"]]
        desc = [d["createdTime"] for d in self.get_page(query + "DESC")["data"]]
        self.assertEqual(len(asc), self.COUNT)
        self.assertEqual(asc, sorted(asc), "createdTime ASC order")
        self.assertEqual(desc, sorted(desc, reverse=True), "createdTime DESC order")

    def test_extreme_paging_values(self):
        body = self.get_page("pageSize=100000&page=0")
        self.assertEqual(len(body["data"]), self.COUNT + 1, "a huge pageSize returns everything")
        body = self.get_page("pageSize=100000&page=99999999")
        self.assertEqual((body["data"], body["totalElements"], body["hasNext"]),
                         ([], self.COUNT + 1, False), "an offset beyond 32 bits is just empty")
        resp = self.ta.client.get("/api/tenant/devices?pageSize=2147483648&page=0")
        self.assertErrorBody(resp, 400, DATA_ERRORS, "pageSize beyond a 32-bit int")

    def test_bad_paging_parameters_are_400(self):
        cases = {
            "bad sortOrder": "pageSize=10&page=0&sortProperty=name&sortOrder=UP",
            "lower-case sortOrder (only ASC or DESC)":
                "pageSize=10&page=0&sortProperty=name&sortOrder=asc",
            "missing pageSize": "page=0",
            "pageSize not a number": "pageSize=ten&page=0",
            "pageSize 0": "pageSize=0&page=0",
            "negative page": "pageSize=10&page=-1",
            "injected sortProperty": "pageSize=10&page=0&sortProperty=name%3BDROP%20TABLE%20x",
        }
        for label, query in cases.items():
            with self.subTest(label):
                resp = self.ta.client.get("/api/tenant/devices?" + query)
                self.assertErrorBody(resp, 400, DATA_ERRORS, label)
        self.assertEqual(self.get_page("pageSize=100&page=0")["totalElements"], self.COUNT + 1,
                         "data intact after the bad queries")

    def test_sort_by_label_and_search_users_by_email(self):
        body = self.get_page("pageSize=5&page=0&textSearch=pager&sortProperty=label"
                             "&sortOrder=DESC")
        self.assertEqual([d["label"] for d in body["data"]], ["L24", "L23", "L22", "L21", "L20"],
                         "sortProperty=label DESC")
        sa = self.server.sysadmin()
        users = sa.page("/api/tenant/%s/users" % self.ta.tenant_id,
                        textSearch=self.ta.email.split("@")[0].upper())
        self.assertEqual([u["email"] for u in users], [self.ta.email], "textSearch on emails")

    def test_other_lists_page_the_same_way(self):
        sa = self.server.sysadmin()
        for i in range(3):
            self.ta.client.ok("POST", "/api/customer", {"title": "PagedCustomer-%d" % i})
        body = self.assertPage(self.assertStatus(self.ta.client.get(
            "/api/customers?pageSize=2&page=0&textSearch=pagedcustomer&sortProperty=title"
            "&sortOrder=DESC"), 200))
        self.assertEqual([c["title"] for c in body["data"]], ["PagedCustomer-2",
                                                              "PagedCustomer-1"])
        self.assertEqual((body["totalElements"], body["totalPages"], body["hasNext"]),
                         (3, 2, True))
        body = self.assertPage(self.assertStatus(sa.get(
            "/api/tenant/%s/users?pageSize=1&page=0" % self.ta.tenant_id), 200))
        self.assertEqual((body["totalElements"], body["hasNext"]), (1, False))
        self.assertErrorBody(self.ta.client.get("/api/customers?page=0"), 400, DATA_ERRORS,
                             "missing pageSize on /api/customers")


if __name__ == "__main__":
    harness.main()
