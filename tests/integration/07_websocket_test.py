# Live telemetry over WebSocket: the legacy endpoint (/api/ws/plugins/telemetry?token=) and the
# new one (/api/ws + authCmd). Latest values then updates from REST saves, time-window history,
# attribute updates, one-shot history, unsubscribe, bad/missing tokens, an entity the user may not
# read, bad frames, two sessions on one key, and sessions ended by the client. Every wait for a
# frame has a generous time-out (5 s); no latency is asserted.
import json
import uuid

import harness
from harness import ApiTestCase, WsSession, eid, now_ms, unique

TP = harness.telemetry_path
WAIT = 5.0       # a saved value must reach a subscriber within this
QUIET = 1.0      # how long we listen to check that nothing (more) arrives


class WebSocketTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="websocket")
        sa = cls.server.sysadmin()
        cls.a = harness.create_tenant_admin(cls.server, sa)
        cls.b = harness.create_tenant_admin(cls.server, sa)
        cls.cu = harness.create_customer_user(cls.server, cls.a)
        harness.websocket_module()  # fail early and clearly when python3-websocket is missing

    def setUp(self):
        self.sessions = []

    def tearDown(self):
        for session in self.sessions:
            session.close()

    # -- helpers -------------------------------------------------------------------------------

    def device(self, customer_id=None):
        dev = self.a.client.ok("POST", "/api/device", {"name": unique("wsdev")})
        if customer_id:
            self.a.client.ok("POST", "/api/customer/%s/device/%s" % (customer_id, eid(dev)))
        return dev

    def save_ts(self, dev, body, client=None):
        resp = (client or self.a.client).post(TP("DEVICE", eid(dev), "timeseries/ANY"), body)
        self.assertStatus(resp, 200, "save telemetry %s" % json.dumps(body))

    def save_attrs(self, dev, scope, body):
        resp = self.a.client.post(TP("DEVICE", eid(dev), "attributes/" + scope), body)
        self.assertStatus(resp, 200, "save %s attributes %s" % (scope, json.dumps(body)))

    def legacy(self, client=None):
        session = WsSession(self.server, (client or self.a.client).token)
        self.sessions.append(session)
        return session

    def new_api(self, cmds=None, client=None):
        session = WsSession.open_new(self.server, (client or self.a.client).token, cmds)
        self.sessions.append(session)
        return session

    @staticmethod
    def cmd(cmd_id, dev, keys=None, **extra):
        body = {"cmdId": cmd_id, "entityType": "DEVICE",
                "entityId": dev if isinstance(dev, str) else eid(dev)}
        if keys is not None:
            body["keys"] = keys
        body.update(extra)
        return body

    def latest_cmd(self, cmd_id, dev, keys=None):
        return self.cmd(cmd_id, dev, keys, scope="LATEST_TELEMETRY")

    def ok_data(self, frame, sub_id, what):
        """The data of a success frame {"subscriptionId", "errorCode": 0, "errorMsg": null}."""
        prefix = "%s: frame %r\n" % (what, frame)
        self.assertIsInstance(frame, dict, prefix + "not a JSON object")
        self.assertEqual(frame.get("subscriptionId"), sub_id, prefix + "subscriptionId")
        self.assertEqual(frame.get("errorCode"), 0, prefix + "errorCode")
        self.assertIn("errorMsg", frame, prefix + "errorMsg member")
        self.assertIsNone(frame["errorMsg"], prefix + "errorMsg of a success frame")
        self.assertIsInstance(frame.get("data"), dict, prefix + "data is not an object")
        return frame["data"]

    def update_with(self, session, sub_id, key, value, what):
        """Frames of sub_id until one carries `value` for `key`; answers (frame, earlier frames)."""
        earlier = []
        while True:
            frame = session.next_for(sub_id, WAIT, what)
            data = self.ok_data(frame, sub_id, what)
            if any(point[1] == value for point in data.get(key) or []):
                return frame, earlier
            earlier.append(frame)

    def error_frame(self, frame, sub_id, what):
        prefix = "%s: frame %r\n" % (what, frame)
        self.assertIsInstance(frame, dict, prefix + "not a JSON object")
        self.assertEqual(frame.get("subscriptionId"), sub_id, prefix + "subscriptionId")
        self.assertIsInstance(frame.get("errorCode"), int, prefix + "errorCode")
        self.assertNotEqual(frame["errorCode"], 0, prefix + "errorCode must not be 0")
        self.assertIsInstance(frame.get("errorMsg"), str, prefix + "errorMsg")
        self.assertFalse(any(frame.get("data") or {}), prefix + "an error frame carries no data")
        return frame["errorCode"]

    # -- latest values and updates -------------------------------------------------------------

    def test_01_latest_values_then_one_frame_per_saved_change(self):
        dev = self.device()
        t0 = now_ms() - 60000
        self.save_ts(dev, {"ts": t0, "values": {"temperature": 20}})
        ws = self.legacy()
        ws.send({"tsSubCmds": [self.latest_cmd(10, dev, "temperature")]})
        first = self.ok_data(ws.next_for(10, WAIT, "first frame"), 10, "first frame")
        self.assertEqual(first, {"temperature": [[t0, "20"]]},
                         "the first frame carries the current latest value (as a string)")

        t1 = now_ms()
        self.save_ts(dev, {"ts": t1, "values": {"temperature": 21.5}})
        frame = ws.next_for(10, WAIT, "update after a REST save")
        self.assertEqual(self.ok_data(frame, 10, "update"), {"temperature": [[t1, "21.5"]]},
                         "an update frame carries the saved point")
        self.assertEqual(frame.get("latestValues"), {"temperature": t1}, "latestValues %r" % frame)

        self.save_ts(dev, {"humidity": 40})
        self.save_ts(dev, {"ts": t1 + 1000, "values": {"temperature": 22}})
        frame, earlier = self.update_with(ws, 10, "temperature", "22", "second update")
        self.assertEqual(frame["data"], {"temperature": [[t1 + 1000, "22"]]}, "second update")
        for f in earlier + [frame]:
            self.assertNotIn("humidity", f.get("data") or {},
                             "a subscription on 'temperature' must not carry other keys: %r" % f)

    def test_02_subscription_without_keys_covers_every_key(self):
        dev = self.device()
        t0 = now_ms() - 60000
        self.save_ts(dev, {"ts": t0, "values": {"a": 1, "b": "x"}})
        ws = self.legacy()
        ws.send({"tsSubCmds": [self.latest_cmd(10, dev)]})
        first = self.ok_data(ws.next_for(10, WAIT, "first frame"), 10, "first frame")
        self.assertEqual(first, {"a": [[t0, "1"]], "b": [[t0, "x"]]},
                         "no keys: the first frame carries every latest value")
        self.save_ts(dev, {"ts": t0 + 1, "values": {"c": True}})
        frame, _ = self.update_with(ws, 10, "c", "true", "update of a new key")
        self.assertEqual(frame["data"]["c"], [[t0 + 1, "true"]])

    def test_03_time_window_first_frame_is_history_then_updates(self):
        dev = self.device()
        now = now_ms()
        self.save_ts(dev, [{"ts": now - 120000, "values": {"w": 0}},
                           {"ts": now - 50000, "values": {"w": 1}},
                           {"ts": now - 30000, "values": {"w": 2}},
                           {"ts": now - 10000, "values": {"w": 3}}])
        ws = self.legacy()
        start = now - 60000
        ws.send({"tsSubCmds": [self.cmd(10, dev, "w", startTs=start, timeWindow=60000,
                                        interval=1000, limit=100, agg="NONE")]})
        data = self.ok_data(ws.next_for(10, WAIT, "window history"), 10, "window history")
        self.assertEqual(sorted(data.get("w") or []),
                         [[now - 50000, "1"], [now - 30000, "2"], [now - 10000, "3"]],
                         "the first frame is the history of the last 60 s (not the older point): "
                         "%r" % data)

        ws.send({"tsSubCmds": [self.cmd(11, dev, "w", startTs=start, timeWindow=60000,
                                        interval=60000, limit=100, agg="COUNT")]})
        data = self.ok_data(ws.next_for(11, WAIT, "aggregated window"), 11, "aggregated window")
        points = data.get("w") or []
        self.assertEqual(len(points), 1, "one 60 s bucket over a 60 s window: %r" % data)
        self.assertEqual(points[0][1], "3", "COUNT over the window: %r" % data)
        self.assertTrue(start <= points[0][0] <= start + 60000, "bucket ts within the window")

        t1 = now_ms()
        self.save_ts(dev, {"ts": t1, "values": {"w": 4}})
        frame, _ = self.update_with(ws, 10, "w", "4", "update after the window history")
        self.assertIn([t1, "4"], frame["data"]["w"])

    # -- attributes ----------------------------------------------------------------------------

    def test_04_shared_attribute_updates_from_rest_saves(self):
        dev = self.device()
        self.save_attrs(dev, "SHARED_SCOPE", {"a": 1})
        items = self.a.client.ok("GET", TP("DEVICE", eid(dev), "values/attributes/SHARED_SCOPE"))
        ts0 = items[0]["lastUpdateTs"]
        ws = self.legacy()
        ws.send({"attrSubCmds": [self.cmd(12, dev, "a", scope="SHARED_SCOPE")]})
        first = self.ok_data(ws.next_for(12, WAIT, "first attribute frame"), 12, "first frame")
        self.assertEqual(first, {"a": [[ts0, "1"]]},
                         "the first frame carries the current attribute [[lastUpdateTs, value]]")

        before = now_ms()
        self.save_attrs(dev, "SHARED_SCOPE", {"a": 2})
        frame = ws.next_for(12, WAIT, "attribute update")
        data = self.ok_data(frame, 12, "attribute update")
        self.assertEqual(list(data), ["a"], "attribute update keys: %r" % frame)
        self.assertEqual(len(data["a"]), 1, "one point: %r" % frame)
        ts, value = data["a"][0]
        self.assertEqual(value, "2", "the new value as a string")
        self.assertTrue(before - 5000 <= ts <= now_ms() + 5000, "lastUpdateTs of the save")
        self.assertEqual(frame.get("latestValues"), {"a": ts}, "latestValues %r" % frame)

        self.save_attrs(dev, "SERVER_SCOPE", {"a": 99})
        self.save_attrs(dev, "SHARED_SCOPE", {"a": True})
        frame, earlier = self.update_with(ws, 12, "a", "true", "boolean attribute update")
        for f in earlier:
            self.assertNotIn("99", [p[1] for p in (f.get("data") or {}).get("a") or []],
                             "a SERVER_SCOPE save must not reach a SHARED_SCOPE subscription")

    # -- one-shot history ----------------------------------------------------------------------

    def test_05_history_command_answers_one_frame(self):
        dev = self.device()
        b = (now_ms() // 1000) * 1000 - 600000
        self.save_ts(dev, [{"ts": b + i * 1000, "values": {"hk": i}} for i in range(5)])
        ws = self.legacy()
        ws.send({"historyCmds": [self.cmd(11, dev, "hk", startTs=b, endTs=b + 3000,
                                          interval=1000, limit=100, agg="NONE")]})
        data = self.ok_data(ws.next_for(11, WAIT, "history"), 11, "history")
        self.assertEqual(sorted(data.get("hk") or []), [[b, "0"], [b + 1000, "1"],
                                                        [b + 2000, "2"]],
                         "raw history of [startTs, endTs): %r" % data)
        ws.send({"historyCmds": [self.cmd(13, dev, "hk", startTs=b, endTs=b + 4000,
                                          interval=2000, limit=100, agg="AVG")]})
        data = self.ok_data(ws.next_for(13, WAIT, "AVG history"), 13, "AVG history")
        got = sorted((ts, float(v)) for ts, v in data.get("hk") or [])
        self.assertEqual(got, [(b + 1000, 0.5), (b + 3000, 2.5)],
                         "AVG over 2 s buckets at the bucket middles: %r" % data)

        self.save_ts(dev, {"ts": b + 500, "values": {"hk": 42}})
        self.assertEqual(ws.frames_for(11, QUIET) + ws.frames_for(13, 0), [],
                         "a history command is one-shot: no frame after a later save")

    # -- unsubscribe ---------------------------------------------------------------------------

    def test_06_unsubscribe_stops_updates(self):
        dev = self.device()
        ws = self.legacy()
        ws.send({"tsSubCmds": [self.latest_cmd(10, dev, "u"), self.latest_cmd(20, dev, "u")]})
        ws.next_for(10, WAIT, "first frame of 10")
        ws.next_for(20, WAIT, "first frame of 20")
        ws.send({"tsSubCmds": [{"cmdId": 10, "unsubscribe": True}]})
        # The unsubscribe is processed before the next command of the same session; a history
        # command round trip makes sure it has been read before the save.
        ws.send({"historyCmds": [self.cmd(30, dev, "u", startTs=0, endTs=1, interval=1000,
                                          limit=1, agg="NONE")]})
        ws.next_for(30, WAIT, "history round trip")
        self.save_ts(dev, {"u": 1})
        self.update_with(ws, 20, "u", "1", "the other subscription still gets updates")
        self.assertEqual(ws.frames_for(10, QUIET), [],
                         "no frame for an unsubscribed cmdId after a save")

    # -- the new endpoint /api/ws --------------------------------------------------------------

    def test_07_new_endpoint_auth_cmd_then_cmds(self):
        dev = self.device()
        t0 = now_ms() - 60000
        self.save_ts(dev, {"ts": t0, "values": {"t": 5}})
        self.save_attrs(dev, "SERVER_SCOPE", {"sa": "on"})
        ws = self.new_api([dict(self.latest_cmd(10, dev, "t"), type="TIMESERIES")])
        first = self.ok_data(ws.next_for(10, WAIT, "first frame via /api/ws"), 10, "first frame")
        self.assertEqual(first, {"t": [[t0, "5"]]}, "TIMESERIES first frame")
        t1 = now_ms()
        self.save_ts(dev, {"ts": t1, "values": {"t": 6}})
        frame, _ = self.update_with(ws, 10, "t", "6", "TIMESERIES update via /api/ws")
        self.assertEqual(frame["data"], {"t": [[t1, "6"]]})

        ws.send({"cmds": [dict(self.cmd(12, dev, "sa", scope="SERVER_SCOPE"), type="ATTRIBUTES"),
                          dict(self.cmd(11, dev, "t", startTs=t0, endTs=t0 + 1, interval=1000,
                                        limit=10, agg="NONE"), type="TIMESERIES_HISTORY")]})
        data = self.ok_data(ws.next_for(12, WAIT, "ATTRIBUTES"), 12, "ATTRIBUTES")
        self.assertEqual([point[1] for point in data.get("sa") or []], ["on"],
                         "ATTRIBUTES first frame: %r" % data)
        data = self.ok_data(ws.next_for(11, WAIT, "TIMESERIES_HISTORY"), 11, "TIMESERIES_HISTORY")
        self.assertEqual(data, {"t": [[t0, "5"]]}, "TIMESERIES_HISTORY frame")

    def test_08_new_endpoint_without_valid_auth_is_closed(self):
        dev = self.device()
        self.save_ts(dev, {"secret": "s3cr3t"})
        sub = dict(self.latest_cmd(10, dev, "secret"), type="TIMESERIES")
        cases = (("no authCmd", {"cmds": [sub]}),
                 ("bad token", {"authCmd": {"cmdId": 0, "token": "not.a.jwt"}, "cmds": [sub]}),
                 ("tampered token", {"authCmd": {"cmdId": 0, "token": self.tampered()},
                                     "cmds": [sub]}))
        for label, first in cases:
            with self.subTest(label):
                ws = WsSession(self.server, None, WsSession.NEW_PATH)
                self.sessions.append(ws)
                ws.send(first)
                code = ws.wait_closed(WAIT)
                self.assertEqual(code, 1008, "%s: close code (policy violation)" % label)
                self.assertNotIn("s3cr3t", json.dumps(list(ws.queue)),
                                 "%s: no data before the close" % label)

    # -- legacy endpoint: bad tokens -----------------------------------------------------------

    def tampered(self):
        """A's token with its claims changed (the signature no longer matches)."""
        head, claims, sig = self.a.client.token.split(".")
        payload = json.loads(harness.b64url_decode(claims))
        payload["tenantId"] = self.b.tenant_id
        return ".".join((head, harness.b64url_encode(json.dumps(payload).encode()), sig))

    def test_09_legacy_endpoint_refuses_bad_or_missing_token(self):
        wsmod = harness.websocket_module()
        dev = self.device()
        self.save_ts(dev, {"secret": "s3cr3t"})
        for label, token in (("garbage token", "garbage"), ("missing token", None),
                             ("tampered token", self.tampered())):
            with self.subTest(label):
                try:
                    ws = WsSession(self.server, token)
                except wsmod.WebSocketBadStatusException as e:
                    self.assertIn(e.status_code, (401, 403),
                                  "%s: refused at the upgrade with %s" % (label, e.status_code))
                    continue
                self.sessions.append(ws)
                try:
                    ws.send({"tsSubCmds": [self.latest_cmd(10, dev, "secret")]})
                except Exception:
                    pass  # already closed by the server: fine
                code = ws.wait_closed(WAIT)
                self.assertEqual(code, 1008, "%s: close code (policy violation)" % label)
                self.assertNotIn("s3cr3t", json.dumps(list(ws.queue)),
                                 "%s: no data before the close" % label)

    # -- permissions ---------------------------------------------------------------------------

    def test_10_entity_the_user_may_not_read_answers_error_3(self):
        dev = self.device()
        self.save_ts(dev, {"secret": "s3cr3t"})
        self.save_attrs(dev, "SHARED_SCOPE", {"secret": "s3cr3t"})
        ws = self.legacy(self.b.client)
        ws.send({"tsSubCmds": [self.latest_cmd(30, dev, "secret")],
                 "attrSubCmds": [self.cmd(31, dev, "secret", scope="SHARED_SCOPE")],
                 "historyCmds": [self.cmd(32, dev, "secret", startTs=0, endTs=now_ms() + 60000,
                                          interval=1000, limit=10, agg="NONE")]})
        for sub_id in (30, 31, 32):
            with self.subTest("tenant B, cmdId %d" % sub_id):
                frame = ws.next_for(sub_id, WAIT, "tenant B on A's device")
                self.assertEqual(self.error_frame(frame, sub_id, "tenant B on A's device"), 3,
                                 "errorCode 3 (unauthorized): %r" % frame)
        self.save_ts(dev, {"secret": "s3cr3t-2"})
        self.save_attrs(dev, "SHARED_SCOPE", {"secret": "s3cr3t-2"})
        leaked = ws.frames_for(30, QUIET) + ws.frames_for(31, 0) + ws.frames_for(32, 0)
        self.assertNotIn("s3cr3t", json.dumps(leaked), "tenant B must never get A's updates")

        own = self.device(customer_id=self.cu.customer_id)
        unknown = str(uuid.uuid1())
        cws = self.legacy(self.cu.client)
        cws.send({"tsSubCmds": [self.latest_cmd(40, own, "t"), self.latest_cmd(41, dev, "secret"),
                                self.latest_cmd(42, unknown, "t")]})
        self.ok_data(cws.next_for(40, WAIT, "customer user, own device"), 40, "own device")
        frame = cws.next_for(41, WAIT, "customer user, unassigned device")
        self.assertEqual(self.error_frame(frame, 41, "customer user, unassigned device"), 3,
                         "errorCode 3 (unauthorized): %r" % frame)
        self.error_frame(cws.next_for(42, WAIT, "unknown device"), 42, "unknown device")
        self.save_ts(own, {"t": 1}, client=self.cu.client)
        self.update_with(cws, 40, "t", "1", "customer user gets its own device's updates")

    # -- bad frames ----------------------------------------------------------------------------

    def test_11_unparsable_frame_answers_error_2_and_the_session_goes_on(self):
        dev = self.device()
        ws = self.legacy()
        ws.send("this is not JSON {")
        frame = ws.next_any(WAIT)
        self.assertIsInstance(frame, dict, "an error frame is expected, got %r" % (frame,))
        self.assertEqual(frame.get("errorCode"), 2, "unparsable frame -> errorCode 2: %r" % frame)
        self.assertIsInstance(frame.get("errorMsg"), str, "errorMsg: %r" % frame)
        ws.send({"tsSubCmds": [self.cmd(40, "not-a-uuid", "t", scope="LATEST_TELEMETRY")]})
        self.error_frame(ws.next_for(40, WAIT, "malformed entityId"), 40, "malformed entityId")
        ws.send({"tsSubCmds": [self.latest_cmd(10, dev, "t")]})
        self.ok_data(ws.next_for(10, WAIT, "subscription after bad frames"), 10, "after errors")
        self.save_ts(dev, {"t": 7})
        self.update_with(ws, 10, "t", "7", "updates after bad frames")

    # -- several sessions ----------------------------------------------------------------------

    def test_12_two_sessions_on_the_same_key_both_get_updates(self):
        dev = self.device(customer_id=self.cu.customer_id)
        one = self.legacy()
        two = self.new_api([dict(self.latest_cmd(10, dev, "k"), type="TIMESERIES")],
                           self.cu.client)
        one.send({"tsSubCmds": [self.latest_cmd(10, dev, "k")]})  # same cmdId, other session
        one.next_for(10, WAIT, "first frame, session one")
        two.next_for(10, WAIT, "first frame, session two")
        self.save_ts(dev, {"k": "both"})
        self.update_with(one, 10, "k", "both", "session one")
        self.update_with(two, 10, "k", "both", "session two")

    def test_13_sessions_closed_by_the_client_do_not_break_saves(self):
        dev = self.device()
        closed = self.legacy()
        closed.send({"tsSubCmds": [self.latest_cmd(10, dev, "z")]})
        closed.next_for(10, WAIT, "first frame of the session to close")
        dropped = self.legacy()
        dropped.send({"tsSubCmds": [self.latest_cmd(10, dev, "z")]})
        dropped.next_for(10, WAIT, "first frame of the session to drop")
        live = self.legacy()
        live.send({"tsSubCmds": [self.latest_cmd(10, dev, "z")]})
        live.next_for(10, WAIT, "first frame of the live session")
        closed.close()
        dropped.drop()
        for i in range(1, 4):
            self.save_ts(dev, {"z": i})
            self.update_with(live, 10, "z", str(i), "live session, save %d" % i)
        late = self.legacy()
        late.send({"tsSubCmds": [self.latest_cmd(10, dev, "z")]})
        data = self.ok_data(late.next_for(10, WAIT, "a session opened afterwards"), 10, "late")
        self.assertEqual([p[1] for p in data.get("z") or []], ["3"], "latest value: %r" % data)

    # -- bounds --------------------------------------------------------------------------------

    def test_14_history_is_bounded_as_over_rest(self):
        # Regression: the history limit went to the store unchecked (a negative one read every
        # point, a large one was cut to 32 bits) and any number of keys was read.
        dev = self.device()
        b = (now_ms() // 1000) * 1000 - 600000
        self.save_ts(dev, [{"ts": b + i, "values": {"n": i}} for i in range(150)])
        ws = self.legacy()
        for cmd_id, limit, count in ((20, -1, 100), (21, 0, 100), (22, 2 ** 32 + 3, 150)):
            ws.send({"historyCmds": [self.cmd(cmd_id, dev, "n", startTs=b, endTs=b + 1000,
                                              interval=1000, limit=limit, agg="NONE")]})
            data = self.ok_data(ws.next_for(cmd_id, WAIT, "limit %d" % limit), cmd_id, "history")
            self.assertEqual(len(data.get("n") or []), count, "points for limit %d" % limit)
        keys = ",".join(["n"] * 300 + ["k%d" % i for i in range(99)])
        ws.send({"historyCmds": [self.cmd(23, dev, keys, startTs=b, endTs=b + 1000,
                                          interval=1000, limit=1, agg="NONE")]})
        data = self.ok_data(ws.next_for(23, WAIT, "100 distinct keys"), 23, "100 keys")
        self.assertEqual(len(data.get("n") or []), 1, "repeated keys are read once: %r" % data)
        ws.send({"historyCmds": [self.cmd(24, dev, keys + ",k99", startTs=b, endTs=b + 1000,
                                          interval=1000, limit=1, agg="NONE")]})
        self.assertEqual(self.error_frame(ws.next_for(24, WAIT, "101 keys"), 24, "101 keys"), 2)
        ws.send({"tsSubCmds": [self.cmd(25, dev, "n", startTs=2 ** 63 - 10, timeWindow=1000,
                                        interval=1000, limit=1, agg="NONE")]})
        self.ok_data(ws.next_for(25, WAIT, "a window past the end of time"), 25, "far window")


if __name__ == "__main__":
    harness.main()
