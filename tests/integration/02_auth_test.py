# Authentication: login, refresh, /api/auth/user, JWT claims and signature, missing/garbage/
# forged/expired tokens, both Authorization headers, logout and change of password.
import base64
import hashlib
import hmac
import json
import os
import time
import unittest

import harness
from harness import ApiTestCase, b64url_encode, decode_jwt, eid, is_none_id

SIGNING_KEY = base64.b64encode(os.urandom(64)).decode()
ISSUER = "pacificsoft.io"  # config/pacificsoft.yml default of security.jwt.token_issuer
RANDOM_UUID = "784f394c-42b6-435a-983c-b7beff2784f9"


def forge(token, header_changes=None, payload_changes=None, signature=None):
    """The token with header/payload fields replaced, keeping (or replacing) the signature."""
    header, payload = decode_jwt(token)
    header.update(header_changes or {})
    payload.update(payload_changes or {})
    head = b64url_encode(json.dumps(header).encode())
    body = b64url_encode(json.dumps(payload).encode())
    sig = token.split(".")[2] if signature is None else signature
    return "%s.%s.%s" % (head, body, sig)


class AuthTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="auth", env={"JWT_TOKEN_SIGNING_KEY": SIGNING_KEY})

    def login(self, username, password):
        return self.server.request("POST", "/api/auth/login",
                                   {"username": username, "password": password})

    # -- login ---------------------------------------------------------------------------------

    def test_login_answers_token_pair(self):
        body = self.assertStatus(self.login(*harness.TENANT_ADMIN), 200)
        self.assertIsInstance(body, dict)
        for key in ("token", "refreshToken"):
            self.assertIsInstance(body.get(key), str, "login body %r lacks %s" % (body, key))
            self.assertEqual(body[key].count("."), 2, "%s is not a JWT: %r" % (key, body[key]))

    def test_login_wrong_password_is_401_code_10(self):
        resp = self.login(harness.TENANT_ADMIN[0], "wrong-password")
        self.assertErrorBody(resp, 401, 10)

    def test_login_unknown_user_is_401_code_10_same_message(self):
        unknown = self.login("nobody@example.com", "whatever")
        wrong = self.login(harness.TENANT_ADMIN[0], "wrong-password")
        self.assertErrorBody(unknown, 401, 10)
        self.assertEqual(unknown.body.get("message"), wrong.body.get("message"),
                         "unknown user and wrong password must not be distinguishable")

    def test_login_without_password_is_rejected(self):
        resp = self.server.request("POST", "/api/auth/login",
                                   {"username": harness.TENANT_ADMIN[0]})
        self.assertErrorBody(resp, (400, 401))

    def test_login_with_malformed_json_is_rejected(self):
        resp = self.server.request("POST", "/api/auth/login", raw_body='{"username": "x", ')
        self.assertErrorBody(resp, (400, 401))

    # -- claims --------------------------------------------------------------------------------

    def check_access_claims(self, credentials, authority):
        pair = self.assertStatus(self.login(*credentials), 200)
        header, claims = decode_jwt(pair["token"])
        me = self.assertStatus(self.server.request("GET", "/api/auth/user", token=pair["token"]),
                               200)
        what = "claims of %s: %r" % (credentials[0], claims)
        self.assertEqual(header.get("alg"), "HS512", "JWT header %r" % header)
        self.assertEqual(claims.get("sub"), credentials[0], what)
        self.assertEqual(claims.get("scopes"), [authority], what)
        self.assertEqual(claims.get("userId"), eid(me), what)
        self.assertEqual(claims.get("iss"), ISSUER, what)
        for key in ("iat", "exp"):
            self.assertIsInstance(claims.get(key), int, what)
        self.assertLess(abs(claims["iat"] - time.time()), 60, "iat is not now (seconds): " + what)
        self.assertEqual(claims["exp"] - claims["iat"], 9000, "default access lifetime: " + what)
        self.assertIn("tenantId", claims, what)
        self.assertIn("customerId", claims, what)
        return claims, me

    def test_sysadmin_claims(self):
        claims, _ = self.check_access_claims(harness.SYSADMIN, "SYS_ADMIN")
        self.assertIn(claims["tenantId"], harness.NULL_UUIDS, "sysadmin tenantId: %r" % claims)
        self.assertIn(claims["customerId"], harness.NULL_UUIDS, "sysadmin customerId")

    def test_tenant_admin_claims(self):
        claims, me = self.check_access_claims(harness.TENANT_ADMIN, "TENANT_ADMIN")
        self.assertEqual(claims["tenantId"], me["tenantId"]["id"], "tenantId claim: %r" % claims)
        self.assertNotIn(claims["tenantId"], harness.NULL_UUIDS)
        self.assertIn(claims["customerId"], harness.NULL_UUIDS, "tenant admin customerId")

    def test_customer_user_claims(self):
        claims, me = self.check_access_claims(harness.CUSTOMER_USER, "CUSTOMER_USER")
        self.assertEqual(claims["tenantId"], me["tenantId"]["id"], "tenantId claim: %r" % claims)
        self.assertEqual(claims["customerId"], me["customerId"]["id"],
                         "customerId claim: %r" % claims)
        self.assertNotIn(claims["customerId"], harness.NULL_UUIDS)

    def test_user_info_claims(self):
        pair = self.assertStatus(self.login(*harness.TENANT_ADMIN), 200)
        _, claims = decode_jwt(pair["token"])
        for key in ("firstName", "lastName", "enabled", "isPublic"):
            self.assertIn(key, claims, "access token claims %r" % claims)
        self.assertIs(claims["enabled"], True, "enabled claim")
        self.assertIs(claims["isPublic"], False, "isPublic claim")

    def test_refresh_token_claims(self):
        pair = self.assertStatus(self.login(*harness.TENANT_ADMIN), 200)
        _, claims = decode_jwt(pair["refreshToken"])
        what = "refresh token claims %r" % claims
        self.assertEqual(claims.get("sub"), harness.TENANT_ADMIN[0], what)
        self.assertEqual(claims.get("scopes"), ["REFRESH_TOKEN"], what)
        self.assertIn("userId", claims, what)
        self.assertEqual(claims.get("exp", 0) - claims.get("iat", 0), 604800,
                         "default refresh lifetime: " + what)

    def test_signature_verifies_with_configured_key(self):
        token = self.server.login(*harness.TENANT_ADMIN)
        signing_input, signature = token.rsplit(".", 1)
        candidates = (SIGNING_KEY.encode(), base64.b64decode(SIGNING_KEY))
        expected = [b64url_encode(hmac.new(k, signing_input.encode(), hashlib.sha512).digest())
                    for k in candidates]
        self.assertIn(signature, expected,
                      "HS512 signature should verify with JWT_TOKEN_SIGNING_KEY (as text or "
                      "base64-decoded as the reference does)")

    def sign_like_server(self, token, payload_changes):
        """Re-signs `token` with changed claims using the configured key, read as the server does."""
        signing_input, signature = token.rsplit(".", 1)
        for key in (SIGNING_KEY.encode(), base64.b64decode(SIGNING_KEY)):
            if b64url_encode(hmac.new(key, signing_input.encode(), hashlib.sha512).digest()) == \
                    signature:
                forged = forge(token, payload_changes=payload_changes, signature="")
                head_body = forged.rsplit(".", 1)[0]
                return head_body + "." + b64url_encode(
                    hmac.new(key, head_body.encode(), hashlib.sha512).digest())
        self.skipTest("the signature does not verify with the configured key")

    def test_correctly_signed_but_expired_token_is_401_code_11(self):
        token = self.server.login(*harness.TENANT_ADMIN)
        past = int(time.time()) - 3600
        expired = self.sign_like_server(token, {"iat": past - 9000, "exp": past})
        self.assertErrorBody(self.server.request("GET", "/api/auth/user", token=expired), 401,
                             11, "a correctly signed token whose exp has passed")
        still_good = self.sign_like_server(token, {})
        self.assertStatus(self.server.request("GET", "/api/auth/user", token=still_good), 200,
                          "the same token re-signed unchanged (checks the forging itself)")

    # -- /api/auth/user -----------------------------------------------------------------------

    def test_auth_user_shape(self):
        client = self.server.client(*harness.TENANT_ADMIN)
        me = self.assertStatus(client.get("/api/auth/user"), 200)
        self.assertEntityId(me.get("id"), "USER", "user id")
        self.assertEntityId(me.get("tenantId"), "TENANT", "tenantId")
        self.assertTrue(is_none_id(me.get("customerId")), "tenant admin customerId %r" % me)
        self.assertEqual(me.get("email"), harness.TENANT_ADMIN[0])
        self.assertEqual(me.get("authority"), "TENANT_ADMIN")
        self.assertIsInstance(me.get("createdTime"), int, "createdTime %r" % me)
        for key in ("firstName", "lastName"):
            self.assertIn(key, me, "user %r" % me)
        leaked = [k for k in json.dumps(me).lower().split('"') if "password" in k or "hash" in k]
        self.assertEqual(leaked, [], "the user JSON must not carry credentials: %r" % me)

    def test_x_authorization_and_authorization_headers_both_work(self):
        token = self.server.login(*harness.TENANT_ADMIN)
        for header in ("X-Authorization", "Authorization"):
            with self.subTest(header=header):
                resp = self.server.request("GET", "/api/auth/user", token=token,
                                           auth_header=header)
                self.assertEqual(self.assertStatus(resp, 200).get("email"),
                                 harness.TENANT_ADMIN[0])

    # -- bad tokens ----------------------------------------------------------------------------

    def test_no_token_is_401(self):
        calls = (("GET", "/api/auth/user", None), ("GET", "/api/tenants?pageSize=10&page=0", None),
                 ("GET", "/api/tenant/devices?pageSize=10&page=0", None),
                 ("GET", "/api/device/" + RANDOM_UUID, None),
                 ("POST", "/api/device", {"name": "no-token"}),
                 ("DELETE", "/api/device/" + RANDOM_UUID, None))
        for method, path, body in calls:
            with self.subTest(call=method + " " + path):
                self.assertErrorBody(self.server.request(method, path, body), 401, 10)

    def test_garbage_tokens_are_401(self):
        good = self.server.login(*harness.TENANT_ADMIN)
        _, claims = decode_jwt(good)
        cases = {
            "garbage": "garbage",
            "three dots of nothing": "a.b.c",
            "payload promoted to SYS_ADMIN, old signature": forge(
                good, payload_changes={"scopes": ["SYS_ADMIN"]}),
            "other tenant id, old signature": forge(
                good, payload_changes={"tenantId": RANDOM_UUID}),
            "alg none, no signature": forge(good, header_changes={"alg": "none"}, signature=""),
            "signed with another key": forge(good, signature=b64url_encode(hmac.new(
                b"another-key", good.rsplit(".", 1)[0].encode(), hashlib.sha512).digest())),
            "truncated signature": good[:-6],
        }
        for name, token in cases.items():
            with self.subTest(token=name):
                resp = self.server.request("GET", "/api/auth/user", token=token)
                self.assertErrorBody(resp, 401, 10, name)
        resp = self.server.request("GET", "/api/auth/user", headers={"X-Authorization": good})
        self.assertErrorBody(resp, 401, 10, "token without the 'Bearer ' prefix")

    def test_refresh_token_is_not_an_access_token(self):
        pair = self.assertStatus(self.login(*harness.TENANT_ADMIN), 200)
        resp = self.server.request("GET", "/api/auth/user", token=pair["refreshToken"])
        self.assertErrorBody(resp, (401, 403), None, "refresh token used as access token")
        resp = self.server.request("GET", "/api/tenant/devices?pageSize=10&page=0",
                                   token=pair["refreshToken"])
        self.assertErrorBody(resp, (401, 403), None, "refresh token used as access token")

    # -- refresh -------------------------------------------------------------------------------

    def test_refresh_answers_new_working_pair(self):
        pair = self.assertStatus(self.login(*harness.CUSTOMER_USER), 200)
        resp = self.server.request("POST", "/api/auth/token",
                                   {"refreshToken": pair["refreshToken"]})
        fresh = self.assertStatus(resp, 200, "refresh")
        self.assertIsInstance(fresh.get("token"), str, "refresh body %r" % fresh)
        self.assertIsInstance(fresh.get("refreshToken"), str, "refresh body %r" % fresh)
        me = self.assertStatus(self.server.request("GET", "/api/auth/user", token=fresh["token"]),
                               200)
        self.assertEqual(me.get("email"), harness.CUSTOMER_USER[0])
        self.assertEqual(decode_jwt(fresh["token"])[1].get("scopes"), ["CUSTOMER_USER"])

    def test_refresh_with_bad_tokens_is_401(self):
        pair = self.assertStatus(self.login(*harness.TENANT_ADMIN), 200)
        for name, token in (("garbage", "garbage"), ("an access token", pair["token"]),
                            ("forged refresh", forge(pair["refreshToken"],
                                                     payload_changes={"sub": "x@example.com"}))):
            with self.subTest(token=name):
                resp = self.server.request("POST", "/api/auth/token", {"refreshToken": token})
                self.assertErrorBody(resp, 401, (10, 11), name)

    # -- logout and password ------------------------------------------------------------------

    def test_logout_ends_only_that_session(self):
        other = self.server.login(*harness.CUSTOMER_USER)
        token = self.server.login(*harness.CUSTOMER_USER)
        self.assertStatus(self.server.request("POST", "/api/auth/logout", token=token), 200,
                          "logout")
        resp = self.server.request("GET", "/api/auth/user", token=token)
        self.assertErrorBody(resp, 401, (10, 11), "the token of a logged-out session")
        resp = self.server.request("GET", "/api/auth/user", token=other)
        self.assertStatus(resp, 200, "another session of the same user after a logout")

    def test_cluster_nodes_are_listed_to_the_system_administrator_only(self):
        nodes = self.server.sysadmin().ok("GET", "/api/cluster/nodes")
        self.assertEqual(len(nodes), 1, "standalone: this process alone")
        node = nodes[0]
        self.assertTrue(node["ready"])
        self.assertEqual(node["serviceTypes"], ["monolith"])
        self.assertEqual(node["partitions"], {"rule-engine": [0, 1, 2, 3]}, "every partition")
        tenant = self.server.client(*harness.TENANT_ADMIN)
        self.assertErrorBody(tenant.get("/api/cluster/nodes"), 403, 20)

    def test_change_password(self):
        sa = self.server.sysadmin()
        actor = harness.create_tenant_admin(self.server, sa, password="First-pass-1")
        path = "/api/auth/changePassword"
        resp = actor.client.post(path, {"currentPassword": "not-it", "newPassword": "Second-2"})
        self.assertErrorBody(resp, 400, (30, 31), "wrong current password")
        self.assertStatus(self.login(actor.email, "First-pass-1"), 200,
                          "the password is unchanged after a refused change")
        resp = actor.client.post(path, {"currentPassword": "First-pass-1",
                                        "newPassword": "Second-pass-2"})
        self.assertStatus(resp, 200, "change password")
        self.assertErrorBody(self.login(actor.email, "First-pass-1"), 401, 10,
                             "login with the old password")
        self.assertStatus(self.login(actor.email, "Second-pass-2"), 200,
                          "login with the new password")
        client = self.server.client(actor.email, "Second-pass-2")
        resp = client.post(path, {"currentPassword": "Second-pass-2",
                                  "newPassword": "Second-pass-2"})
        self.assertErrorBody(resp, 400, (30, 31), "new password equal to the current one")

    def test_control_characters_in_own_user_record_are_400(self):
        # Regression: a NUL in a name was saved, and the next login aborted the process.
        sa = self.server.sysadmin()
        actor = harness.create_tenant_admin(self.server, sa, password="First-pass-1")
        for field, value in (("firstName", "a\u0000b"), ("lastName", "line\nbreak"),
                             ("email", actor.email + "\u0000")):
            with self.subTest(field=field):
                user = actor.client.ok("GET", "/api/user/" + actor.user_id)
                user[field] = value
                self.assertErrorBody(actor.client.post("/api/user", user), 400, (30, 31),
                                     "%s with a control character" % field)
        self.assertStatus(self.login(actor.email, "First-pass-1"), 200, "login after the refusals")

    def test_change_password_invalidates_older_tokens(self):
        sa = self.server.sysadmin()
        actor = harness.create_tenant_admin(self.server, sa, password="First-pass-1")
        time.sleep(1.1)  # the reference compares issue times in seconds
        resp = actor.client.post("/api/auth/changePassword",
                                 {"currentPassword": "First-pass-1",
                                  "newPassword": "Second-pass-2"})
        pair = self.assertStatus(resp, 200, "change password")
        resp = self.server.request("GET", "/api/auth/user", token=actor.client.token)
        self.assertErrorBody(resp, 401, (10, 11), "a token issued before the password change")
        self.assertIsInstance(pair, dict, "changePassword answers a new token pair: %r" % pair)
        self.assertIsInstance(pair.get("token"), str, "changePassword answers a new token pair")
        resp = self.server.request("GET", "/api/auth/user", token=pair["token"])
        self.assertStatus(resp, 200, "the token answered by changePassword")


class ExpiredTokenTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="auth-expiry", env={
            "JWT_TOKEN_EXPIRATION_TIME": "1", "JWT_REFRESH_TOKEN_EXPIRATION_TIME": "4"})

    def test_expired_access_token_is_401_code_11_and_refresh_still_works(self):
        resp = self.server.request("POST", "/api/auth/login",
                                   {"username": harness.TENANT_ADMIN[0],
                                    "password": harness.TENANT_ADMIN[1]})
        pair = self.assertStatus(resp, 200)
        _, claims = decode_jwt(pair["token"])
        self.assertEqual(claims.get("exp", 0) - claims.get("iat", 0), 1,
                         "JWT_TOKEN_EXPIRATION_TIME=1: %r" % claims)
        time.sleep(2.2)
        resp = self.server.request("GET", "/api/auth/user", token=pair["token"])
        self.assertErrorBody(resp, 401, 11, "expired access token")
        resp = self.server.request("POST", "/api/auth/token",
                                   {"refreshToken": pair["refreshToken"]})
        fresh = self.assertStatus(resp, 200, "refresh after the access token expired")
        resp = self.server.request("GET", "/api/auth/user", token=fresh["token"])
        self.assertStatus(resp, 200, "the refreshed access token, used at once")

    def test_expired_refresh_token_is_401(self):
        pair = self.assertStatus(self.server.request(
            "POST", "/api/auth/login", {"username": harness.CUSTOMER_USER[0],
                                        "password": harness.CUSTOMER_USER[1]}), 200)
        _, claims = decode_jwt(pair["refreshToken"])
        self.assertEqual(claims.get("exp", 0) - claims.get("iat", 0), 4,
                         "JWT_REFRESH_TOKEN_EXPIRATION_TIME=4: %r" % claims)
        time.sleep(5.2)
        resp = self.server.request("POST", "/api/auth/token",
                                   {"refreshToken": pair["refreshToken"]})
        self.assertErrorBody(resp, 401, (10, 11), "expired refresh token")


if __name__ == "__main__":
    harness.main()
