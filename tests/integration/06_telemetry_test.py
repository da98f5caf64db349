# Telemetry and attributes over REST (/api/plugins/telemetry/{entityType}/{entityId}/...): every
# payload form, value typing, latest vs history, raw range/order/limit, each aggregation on a known
# data set with bucket edges, attributes per scope, deletes, TTL, bad input, tenant isolation and
# the customer-user rule. One server for the whole file; every test works on its own device.
import json
import uuid
from urllib.parse import quote

import harness
from harness import ApiTestCase, eid, now_ms, unique

TP = harness.telemetry_path
CLOCK_SLACK_MS = 5000  # server time vs. test time for server-stamped points


def query(**params):
    """A query string; commas stay literal as ThingsBoard clients send them (keys=a,b)."""
    parts = ["%s=%s" % (k, quote(str(v), safe=",")) for k, v in params.items() if v is not None]
    return ("?" + "&".join(parts)) if parts else ""


class TelemetryTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="telemetry")
        sa = cls.server.sysadmin()
        cls.a = harness.create_tenant_admin(cls.server, sa)
        cls.b = harness.create_tenant_admin(cls.server, sa)
        cls.cu = harness.create_customer_user(cls.server, cls.a)
        # An hour ago, on a whole second: the start of every device-stamped data set.
        cls.base = (now_ms() // 1000) * 1000 - 3600000

    # -- helpers -------------------------------------------------------------------------------

    def device(self, client=None, customer_id=None):
        client = client or self.a.client
        dev = client.ok("POST", "/api/device", {"name": unique("tdev")})
        if customer_id:
            client.ok("POST", "/api/customer/%s/device/%s" % (customer_id, eid(dev)))
        return dev

    def path(self, dev, tail, entity_type="DEVICE"):
        return TP(entity_type, eid(dev), tail)

    def save_ts(self, dev, body, client=None, tail="timeseries/ANY", entity_type="DEVICE",
                raw=False):
        path = self.path(dev, tail, entity_type)
        client = client or self.a.client
        resp = client.post(path, raw_body=body) if raw else client.post(path, body)
        self.assertStatus(resp, 200, "save telemetry %s" % (body if raw else json.dumps(body)))

    def save_attrs(self, dev, scope, body, client=None, entity_type="DEVICE"):
        resp = (client or self.a.client).post(self.path(dev, "attributes/" + scope, entity_type),
                                              body)
        self.assertStatus(resp, 200, "save %s attributes %s" % (scope, json.dumps(body)))

    def get(self, dev, tail, client=None, entity_type="DEVICE", **params):
        path = self.path(dev, tail, entity_type) + query(**params)
        return self.assertStatus((client or self.a.client).get(path), 200, "GET " + path)

    def latest(self, dev, keys=None, strict=None, client=None, entity_type="DEVICE"):
        body = self.get(dev, "values/timeseries", client, entity_type, keys=keys,
                        useStrictDataTypes=strict)
        self.assertIsInstance(body, dict, "latest values are a JSON object: %r" % (body,))
        return body

    def latest_pairs(self, dev, keys=None, strict=None, client=None):
        """{key: (ts, value)} of the latest values; each key must hold exactly one point."""
        body = self.latest(dev, keys, strict, client)
        out = {}
        for key, points in body.items():
            self.assertIsInstance(points, list, "latest %s: %r" % (key, body))
            self.assertEqual(len(points), 1, "latest %s holds one point: %r" % (key, body))
            self.assertEqual(sorted(points[0]), ["ts", "value"], "latest point shape %r" % points)
            out[key] = (points[0]["ts"], points[0]["value"])
        return out

    def history(self, dev, keys, **params):
        body = self.get(dev, "values/timeseries", keys=keys, **params)
        self.assertIsInstance(body, dict, "history is a JSON object: %r" % (body,))
        return body

    def pairs(self, body, key):
        """[(ts, value)] of one key of a timeseries answer (in the server's order)."""
        self.assertIn(key, body, "key %r missing from %r" % (key, body))
        self.assertIsInstance(body[key], list, "points of %r: %r" % (key, body))
        return [(p["ts"], p["value"]) for p in body[key]]

    def attrs(self, dev, scope=None, keys=None, client=None, entity_type="DEVICE"):
        """{key: (value, lastUpdateTs)} of GET values/attributes[/scope]."""
        tail = "values/attributes" + ("/" + scope if scope else "")
        body = self.get(dev, tail, client, entity_type, keys=keys)
        self.assertIsInstance(body, list, "attribute values are a JSON array: %r" % (body,))
        out = {}
        for item in body:
            self.assertEqual(sorted(item), ["key", "lastUpdateTs", "value"],
                             "attribute item shape %r" % (item,))
            self.assertNotIn(item["key"], out, "key listed twice: %r" % (body,))
            out[item["key"]] = (item["value"], item["lastUpdateTs"])
        return out

    def attr_values(self, *args, **kw):
        return {k: v for k, (v, _) in self.attrs(*args, **kw).items()}

    def assertNearNow(self, ts, before, after, what):
        self.assertIsInstance(ts, int, "%s: ts %r is not an integer" % (what, ts))
        self.assertTrue(before - CLOCK_SLACK_MS <= ts <= after + CLOCK_SLACK_MS,
                        "%s: ts %r is not the server's time of the save (between %d and %d)" %
                        (what, ts, before, after))

    # -- payload forms -------------------------------------------------------------------------

    def test_01_flat_object_is_saved_with_server_time(self):
        dev = self.device()
        before = now_ms()
        self.save_ts(dev, {"temperature": 21.5, "on": True, "label": "abc", "count": 7})
        after = now_ms()
        got = self.latest_pairs(dev)
        self.assertEqual({k: v for k, (_, v) in got.items()},
                         {"temperature": "21.5", "on": "true", "label": "abc", "count": "7"},
                         "latest values (strings) of a flat object")
        for key, (ts, _) in got.items():
            self.assertNearNow(ts, before, after, "latest " + key)
        self.assertEqual(len({ts for ts, _ in got.values()}), 1,
                         "one flat object is one point in time: %r" % got)
        keys = self.get(dev, "keys/timeseries")
        self.assertIsInstance(keys, list, "keys/timeseries is a JSON array")
        self.assertEqual(sorted(keys), ["count", "label", "on", "temperature"], "keys/timeseries")

    def test_02_ts_values_object_keeps_the_device_timestamp(self):
        dev = self.device()
        ts = self.base + 123
        self.save_ts(dev, {"ts": ts, "values": {"pressure": 101.3, "mode": "eco"}})
        self.assertEqual(self.latest_pairs(dev), {"pressure": (ts, "101.3"), "mode": (ts, "eco")},
                         "latest of a {ts, values} object")

    def test_03_array_of_ts_values_objects(self):
        dev = self.device()
        b = self.base
        self.save_ts(dev, [{"ts": b + 1000, "values": {"t": 1}},
                           {"ts": b + 2000, "values": {"t": 2, "u": "x"}}])
        self.assertEqual(self.latest_pairs(dev), {"t": (b + 2000, "2"), "u": (b + 2000, "x")},
                         "latest after an array of {ts, values}")
        hist = self.history(dev, "t", startTs=b, endTs=b + 3000, orderBy="ASC")
        self.assertEqual(self.pairs(hist, "t"), [(b + 1000, "1"), (b + 2000, "2")],
                         "both points of the array are stored")

    def test_04_array_of_flat_objects(self):
        dev = self.device()
        before = now_ms()
        self.save_ts(dev, [{"k1": "v1"}, {"k2": True}])
        after = now_ms()
        got = self.latest_pairs(dev)
        self.assertEqual({k: v for k, (_, v) in got.items()}, {"k1": "v1", "k2": "true"},
                         "latest of an array of flat objects")
        for key, (ts, _) in got.items():
            self.assertNearNow(ts, before, after, "latest " + key)

    def test_05_object_with_ts_but_without_values_is_a_flat_object(self):
        # details.md 1.4: an object is {ts, values} only with BOTH keys; else every key is a key.
        dev = self.device()
        before = now_ms()
        self.save_ts(dev, {"ts": 5, "speed": 3})
        after = now_ms()
        got = self.latest_pairs(dev)
        self.assertEqual(sorted(got), ["speed", "ts"], "both members are telemetry keys")
        self.assertEqual(got["speed"][1], "3")
        self.assertEqual(got["ts"][1], "5")
        self.assertNearNow(got["speed"][0], before, after, "server time, not ts=5")

    def test_06_value_typing(self):
        dev = self.device()
        raw = ('{"code":"000123","dbl":42.0,"int":42,"exp":1e3,"neg":-7,"flag":false,'
               '"text":"hello","numstr":"21.5","obj":{"a":[1,2]}}')
        self.save_ts(dev, raw, raw=True)
        # Numeric strings become numbers ("000123" -> 123), 42.0 stays a double.
        # Deliberate difference: the reference stores an integral exponent form (1e3) as the long
        # 1000 (details.md 1.4); Pacificsoft's JSON parser does not keep a number's text, so it
        # stays the double 1000.0 like 1000.0 does. Noted on the telemetry issue.
        expected = {"code": 123, "dbl": 42.0, "int": 42, "exp": 1000.0, "neg": -7, "flag": False,
                    "text": "hello", "numstr": 21.5}
        as_string = {"code": "123", "dbl": "42.0", "int": "42", "exp": "1000.0", "neg": "-7",
                     "flag": "false", "text": "hello", "numstr": "21.5"}
        loose = {k: v for k, (_, v) in self.latest_pairs(dev).items()}
        strict = {k: v for k, (_, v) in self.latest_pairs(dev, strict="true").items()}
        wrong = {}
        for key, want in as_string.items():
            if loose.get(key) != want:
                wrong[key + " (as string)"] = (loose.get(key), want)
        for key, want in expected.items():
            got = strict.get(key)
            if got != want or type(got) is not type(want):
                wrong[key + " (useStrictDataTypes=true)"] = (got, want)
        self.assertEqual(wrong, {}, "latest values that differ, as key: (got, expected)")
        obj = loose.get("obj")
        self.assertIsInstance(obj, str, "a JSON object value is given as JSON text: %r" % (obj,))
        self.assertEqual(json.loads(obj), {"a": [1, 2]}, "JSON value round trip")
        # With useStrictDataTypes the reference has answered a JSON value both as an object and
        # as JSON text over its versions: either is accepted.
        self.assertIn(strict.get("obj"), ({"a": [1, 2]}, obj), "strict JSON value")

    def test_07_bad_payloads_are_refused_and_save_nothing(self):
        dev = self.device()
        path = self.path(dev, "timeseries/ANY")
        cases = [
            ("unparsable JSON", '{"a": 1,'),
            ("null value in a flat object", '{"okkey": 1, "a": null}'),
            ("null value in {ts, values}", '{"ts": %d, "values": {"okkey": 1, "a": null}}' %
             self.base),
            ("empty object (no data)", "{}"),
            ("a bare number", "42"),
        ]
        for label, raw in cases:
            with self.subTest(label):
                resp = self.a.client.post(path, raw_body=raw)
                self.assertErrorBody(resp, 400, None, "POST %s" % raw)
        self.assertEqual(self.latest(dev), {}, "a refused payload must not save any key")
        self.assertEqual(self.get(dev, "keys/timeseries"), [], "no keys after refused saves")

    # -- latest vs history ---------------------------------------------------------------------

    def test_08_latest_is_the_newest_point_not_the_last_written(self):
        dev = self.device()
        b = self.base
        self.save_ts(dev, {"ts": b + 5000, "values": {"x": 5}})
        self.save_ts(dev, {"ts": b + 1000, "values": {"x": 1}})
        self.assertEqual(self.latest_pairs(dev), {"x": (b + 5000, "5")},
                         "an older point written later must not replace the latest value")
        hist = self.history(dev, "x", startTs=b, endTs=b + 10000)
        self.assertEqual(self.pairs(hist, "x"), [(b + 5000, "5"), (b + 1000, "1")],
                         "history holds both points, newest first")

    def test_09_latest_key_filter_and_keys_without_data(self):
        dev = self.device()
        self.save_ts(dev, {"a": 1, "b": 2, "c": 3})
        self.assertEqual(sorted(self.latest(dev, "a,c")), ["a", "c"], "latest ?keys=a,c")
        self.assertEqual(sorted(self.latest(dev, "a,nosuch")), ["a"],
                         "a key without data is absent from latest")
        self.assertEqual(sorted(self.latest(dev)), ["a", "b", "c"], "latest without keys = all")
        hist = self.history(dev, "a,nosuch", startTs=now_ms() - 600000, endTs=now_ms() + 600000)
        self.assertEqual(sorted(hist), ["a"], "a key without data is absent from history")
        empty = self.device()
        self.assertEqual(self.latest(empty), {}, "latest of a device without telemetry")
        self.assertEqual(self.get(empty, "keys/timeseries"), [], "keys of a device without data")

    def test_10_history_range_order_and_limit(self):
        dev = self.device()
        b = self.base
        self.save_ts(dev, [{"ts": b + i * 1000, "values": {"h": i}} for i in range(10)])

        def raw(**params):
            return self.pairs(self.history(dev, "h", **params), "h")

        def pts(*idx):
            return [(b + i * 1000, str(i)) for i in idx]
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 7000), pts(6, 5, 4, 3, 2),
                         "[startTs, endTs): start included, end excluded, newest first")
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 7000, agg="NONE"), pts(6, 5, 4, 3, 2),
                         "agg=NONE is the default")
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 7000, orderBy="ASC"), pts(2, 3, 4, 5, 6),
                         "orderBy=ASC")
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 7000, orderBy="DESC"),
                         pts(6, 5, 4, 3, 2), "orderBy=DESC")
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 7000, limit=3), pts(6, 5, 4),
                         "limit=3 keeps the newest three")
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 7000, limit=3, orderBy="ASC"),
                         pts(2, 3, 4), "limit=3 with orderBy=ASC keeps the oldest three")
        self.assertEqual(raw(startTs=b + 2000, endTs=b + 2001), pts(2), "a 1 ms range")
        self.assertEqual(self.history(dev, "h", startTs=b + 2001, endTs=b + 3000), {},
                         "no point in [startTs, endTs): the key is absent")

    def test_11_history_default_limit_is_100(self):
        dev = self.device()
        b = self.base
        self.save_ts(dev, [{"ts": b + i * 10, "values": {"n": i}} for i in range(150)])
        got = self.pairs(self.history(dev, "n", startTs=b, endTs=b + 10000), "n")
        self.assertEqual(len(got), 100, "raw history without limit answers at most 100 points")
        self.assertEqual((got[0], got[-1]), ((b + 1490, "149"), (b + 500, "50")),
                         "the newest 100 points, newest first")
        got = self.pairs(self.history(dev, "n", startTs=b, endTs=b + 10000, limit=1000), "n")
        self.assertEqual(len(got), 150, "limit=1000 answers all 150 points")

    # -- aggregation ---------------------------------------------------------------------------

    AGG_POINTS = ((-1, 1000), (0, 1), (100, 2), (999, 3), (1000, 10), (1500, 20), (3000, -5),
                  (3999, 5.5), (4000, 100))
    # Buckets of 1000 ms from base over [base, base+4000): [0,1000) holds 1,2,3; [1000,2000) holds
    # 10,20; [2000,3000) is empty; [3000,4000) holds -5 and 5.5. base-1 and base+4000 are outside.
    AGG_EXPECTED = {
        "MIN": (1, 10, -5),
        "MAX": (3, 20, 5.5),
        "SUM": (6, 30, 0.5),
        "AVG": (2.0, 15.0, 0.25),
        "COUNT": (3, 2, 2),
    }

    def agg_device(self):
        dev = self.device()
        self.save_ts(dev, [{"ts": self.base + dt, "values": {"v": v}} for dt, v in
                           self.AGG_POINTS])
        return dev

    def agg(self, dev, agg, start, end, interval, strict=None):
        body = self.history(dev, "v", startTs=start, endTs=end, interval=interval, agg=agg,
                            useStrictDataTypes=strict)
        return sorted(self.pairs(body, "v"))

    def test_12_each_aggregation_over_full_buckets(self):
        dev = self.agg_device()
        b = self.base
        mids = [b + 500, b + 1500, b + 3500]
        for agg, expected in self.AGG_EXPECTED.items():
            with self.subTest(agg=agg):
                got = self.agg(dev, agg, b, b + 4000, 1000)
                self.assertEqual([ts for ts, _ in got], mids,
                                 "%s: one point per non-empty bucket at the bucket middle, the "
                                 "empty bucket omitted: %r" % (agg, got))
                for (ts, value), want in zip(got, expected):
                    self.assertIsInstance(value, str, "%s at %d: values are strings" % (agg, ts))
                    self.assertAlmostEqual(float(value), want, 9,
                                           "%s of bucket at %d: got %r, expected %r" %
                                           (agg, ts - b, value, want))
        self.assertEqual([v for _, v in self.agg(dev, "COUNT", b, b + 4000, 1000)],
                         ["3", "2", "2"], "COUNT counts points (integer strings)")
        strict_avg = self.agg(dev, "AVG", b, b + 4000, 1000, strict="true")
        self.assertEqual(strict_avg, [(b + 500, 2.0), (b + 1500, 15.0), (b + 3500, 0.25)])
        self.assertTrue(all(isinstance(v, float) for _, v in strict_avg),
                        "AVG is a double (useStrictDataTypes=true): %r" % strict_avg)
        strict_count = self.agg(dev, "COUNT", b, b + 4000, 1000, strict="true")
        self.assertEqual([(v, type(v).__name__) for _, v in strict_count],
                         [(3, "int"), (2, "int"), (2, "int")], "COUNT is a long")

    def test_13_aggregation_partial_buckets_are_clipped_to_end_ts(self):
        # The reference computes each bucket as [start, min(start + interval, endTs)) and answers
        # at its middle: start + (bucketEnd - start) / 2 (BaseTimeseriesService/ JpaSql
        # timeseries DAO: `endTs = Math.min(startPeriod + step, endPeriod); ts = startTs +
        # (endTs - startTs) / 2`), so a clipped last bucket is answered inside [startTs, endTs).
        dev = self.agg_device()
        b = self.base
        got = self.agg(dev, "COUNT", b, b + 3600, 1000)
        self.assertEqual(got, [(b + 500, "3"), (b + 1500, "2"), (b + 3300, "1")],
                         "last bucket [base+3000, base+3600): only -5 (5.5 at +3999 is after "
                         "endTs), answered at the middle of the clipped bucket")
        got = self.agg(dev, "SUM", b, b + 4000, 10000)
        self.assertEqual(len(got), 1, "an interval longer than the range is one bucket: %r" % got)
        self.assertEqual(got[0][0], b + 2000, "one clipped bucket [base, base+4000) -> middle")
        self.assertAlmostEqual(float(got[0][1]), 1 + 2 + 3 + 10 + 20 - 5 + 5.5, 9,
                               "SUM over the whole range (endTs excluded)")

    def test_14_aggregation_with_bad_interval_is_refused(self):
        dev = self.agg_device()
        b = self.base
        for interval in (0, -1000):
            with self.subTest(interval=interval):
                path = self.path(dev, "values/timeseries") + query(
                    keys="v", startTs=b, endTs=b + 4000, interval=interval, agg="AVG")
                self.assertErrorBody(self.a.client.get(path), 400, None, "agg with interval < 1")
        with self.subTest("more than 700 intervals (details.md 5)"):
            path = self.path(dev, "values/timeseries") + query(
                keys="v", startTs=b - 10000000, endTs=b + 10000000, interval=1000, agg="AVG")
            self.assertErrorBody(self.a.client.get(path), 400, None,
                                 "20000 buckets exceed database.ts_max_intervals (700)")

    # -- TTL and deletes -----------------------------------------------------------------------

    def test_15_save_with_ttl_is_accepted(self):
        dev = self.device()
        self.save_ts(dev, {"ttl_key": 1}, tail="timeseries/ANY/3600")
        self.save_ts(dev, {"ts": self.base, "values": {"ttl_zero": 2}}, tail="timeseries/ANY/0")
        got = {k: v for k, (_, v) in self.latest_pairs(dev).items()}
        self.assertEqual(got, {"ttl_key": "1", "ttl_zero": "2"},
                         "points saved with a TTL are readable before they expire")

    def test_16_delete_all_data_for_keys(self):
        dev = self.device()
        b = self.base
        self.save_ts(dev, [{"ts": b + i * 1000, "values": {"gone": i, "kept": i}}
                           for i in range(3)])
        resp = self.a.client.delete(self.path(dev, "timeseries/delete") +
                                    query(keys="gone", deleteAllDataForKeys="true"))
        self.assertStatus(resp, 200, "delete all data of a key")
        self.assertEqual(sorted(self.latest(dev)), ["kept"], "latest after delete")
        self.assertEqual(self.history(dev, "gone", startTs=b - 1000, endTs=b + 10000), {},
                         "no history after deleteAllDataForKeys")
        self.assertEqual(self.get(dev, "keys/timeseries"), ["kept"], "keys after delete")
        self.assertEqual(len(self.pairs(self.history(dev, "kept", startTs=b - 1000,
                                                     endTs=b + 10000), "kept")), 3,
                         "another key's history is intact")

    def test_17_delete_a_time_range(self):
        dev = self.device()
        b = self.base
        self.save_ts(dev, [{"ts": b + i * 1000, "values": {"r": i}} for i in range(5)])
        resp = self.a.client.delete(self.path(dev, "timeseries/delete") +
                                    query(keys="r", startTs=b + 500, endTs=b + 2500))
        self.assertStatus(resp, 200, "delete a range")
        hist = self.history(dev, "r", startTs=b - 1000, endTs=b + 10000, orderBy="ASC")
        self.assertEqual(self.pairs(hist, "r"), [(b, "0"), (b + 3000, "3"), (b + 4000, "4")],
                         "points in [startTs, endTs) are deleted, the others kept")
        self.assertEqual(self.latest_pairs(dev), {"r": (b + 4000, "4")},
                         "latest is untouched when outside the deleted range")
        resp = self.a.client.delete(self.path(dev, "timeseries/delete") +
                                    query(keys="r", startTs=b + 3500, endTs=b + 5000))
        self.assertStatus(resp, 200, "delete the range holding the latest point")
        self.assertNotEqual(self.latest_pairs(dev).get("r"), (b + 4000, "4"),
                            "a deleted latest point must not stay the latest value")

    def test_18_delete_without_keys_or_range_is_refused(self):
        dev = self.device()
        self.save_ts(dev, {"ts": self.base, "values": {"d": 1}})
        for label, params in (("no keys", dict(deleteAllDataForKeys="true")),
                              ("no range and not deleteAll", dict(keys="d"))):
            with self.subTest(label):
                resp = self.a.client.delete(self.path(dev, "timeseries/delete") + query(**params))
                self.assertErrorBody(resp, 400, None, "delete with " + label)
        self.assertEqual(self.latest_pairs(dev), {"d": (self.base, "1")},
                         "a refused delete deletes nothing")

    # -- attributes ----------------------------------------------------------------------------

    def test_19_attributes_per_scope(self):
        dev = self.device()
        before = now_ms()
        self.save_attrs(dev, "SERVER_SCOPE", {"s_int": 1, "s_str": "x", "s_bool": True,
                                              "s_dbl": 2.5})
        self.save_attrs(dev, "SHARED_SCOPE", {"sh": "on", "sh_num": 7})
        after = now_ms()
        server = self.attrs(dev, "SERVER_SCOPE")
        self.assertEqual({k: v for k, (v, _) in server.items()},
                         {"s_int": 1, "s_str": "x", "s_bool": True, "s_dbl": 2.5},
                         "SERVER_SCOPE values in native JSON types")
        self.assertEqual({k: type(v).__name__ for k, (v, _) in server.items()},
                         {"s_int": "int", "s_str": "str", "s_bool": "bool", "s_dbl": "float"},
                         "SERVER_SCOPE value types")
        for key, (_, ts) in server.items():
            self.assertNearNow(ts, before, after, "lastUpdateTs of " + key)
        self.assertEqual(self.attr_values(dev, "SHARED_SCOPE"), {"sh": "on", "sh_num": 7},
                         "SHARED_SCOPE values")
        self.assertEqual(self.attr_values(dev, "CLIENT_SCOPE"), {}, "CLIENT_SCOPE is empty")
        self.assertEqual(sorted(self.attr_values(dev)),
                         ["s_bool", "s_dbl", "s_int", "s_str", "sh", "sh_num"],
                         "values/attributes without a scope: all scopes")
        self.assertEqual(self.attr_values(dev, "SERVER_SCOPE", keys="s_int,s_bool,nosuch"),
                         {"s_int": 1, "s_bool": True}, "?keys= filter (unknown key absent)")
        self.assertEqual(sorted(self.get(dev, "keys/attributes")),
                         ["s_bool", "s_dbl", "s_int", "s_str", "sh", "sh_num"],
                         "keys/attributes (all scopes)")
        self.assertEqual(sorted(self.get(dev, "keys/attributes/SHARED_SCOPE")), ["sh", "sh_num"],
                         "keys/attributes/SHARED_SCOPE")
        self.assertEqual(sorted(self.get(dev, "keys/attributes/SERVER_SCOPE")),
                         ["s_bool", "s_dbl", "s_int", "s_str"], "keys/attributes/SERVER_SCOPE")
        self.assertEqual(self.get(dev, "keys/attributes/CLIENT_SCOPE"), [],
                         "keys/attributes/CLIENT_SCOPE")

    def test_20_attribute_update_replaces_value_and_keeps_other_keys(self):
        dev = self.device()
        self.save_attrs(dev, "SERVER_SCOPE", {"u1": 1, "u2": "keep"})
        first_ts = self.attrs(dev, "SERVER_SCOPE")["u1"][1]
        self.save_attrs(dev, "SERVER_SCOPE", {"u1": "changed"})
        got = self.attrs(dev, "SERVER_SCOPE")
        self.assertEqual({k: v for k, (v, _) in got.items()}, {"u1": "changed", "u2": "keep"})
        self.assertGreaterEqual(got["u1"][1], first_ts, "lastUpdateTs moves forward")
        self.save_attrs(dev, "SHARED_SCOPE", {"u1": "shared"})
        self.assertEqual(self.attr_values(dev, "SERVER_SCOPE")["u1"], "changed",
                         "the same key in another scope is another attribute")

    def test_21_v1_attribute_save_form(self):
        dev = self.device()
        for scope, key in (("SERVER_SCOPE", "v1_server"), ("SHARED_SCOPE", "v1_shared")):
            resp = self.a.client.post(self.path(dev, scope), {key: "yes"})
            self.assertStatus(resp, 200, "POST /DEVICE/{id}/%s (v1 form)" % scope)
            self.assertEqual(self.attr_values(dev, scope), {key: "yes"}, scope + " after v1 save")

    def test_22_client_scope_and_bad_attribute_saves_are_refused(self):
        dev = self.device()
        cases = [
            ("CLIENT_SCOPE (v2 form)", "attributes/CLIENT_SCOPE", {"c": 1}),
            ("CLIENT_SCOPE (v1 form)", "CLIENT_SCOPE", {"c": 1}),
            ("unknown scope", "attributes/BOGUS_SCOPE", {"c": 1}),
            ("null value", "attributes/SERVER_SCOPE", '{"ok": 1, "c": null}'),
            ("unparsable JSON", "attributes/SERVER_SCOPE", '{"c": '),
            ("a JSON array", "attributes/SERVER_SCOPE", '[{"c": 1}]'),
        ]
        for label, tail, body in cases:
            with self.subTest(label):
                path = self.path(dev, tail)
                resp = self.a.client.post(path, raw_body=body) if isinstance(body, str) \
                    else self.a.client.post(path, body)
                self.assertErrorBody(resp, 400, None, label)
        self.assertEqual(self.attr_values(dev), {}, "refused saves store no attribute")

    def test_23_delete_attributes(self):
        dev = self.device()
        self.save_attrs(dev, "SERVER_SCOPE", {"a1": 1, "a2": 2, "a3": 3})
        self.save_attrs(dev, "SHARED_SCOPE", {"a1": "shared"})
        resp = self.a.client.delete(self.path(dev, "SERVER_SCOPE") + query(keys="a1,a2"))
        self.assertStatus(resp, 200, "delete SERVER_SCOPE a1,a2")
        self.assertEqual(self.attr_values(dev, "SERVER_SCOPE"), {"a3": 3}, "after delete")
        self.assertEqual(self.attr_values(dev, "SHARED_SCOPE"), {"a1": "shared"},
                         "another scope's attribute of the same key is kept")
        resp = self.a.client.delete(self.path(dev, "SERVER_SCOPE") + query(keys="nosuch"))
        self.assertStatus(resp, 200, "deleting an unknown key is idempotent")
        resp = self.a.client.delete(self.path(dev, "SHARED_SCOPE") + query(keys="a1"))
        self.assertStatus(resp, 200, "delete SHARED_SCOPE a1")
        self.assertEqual(self.attr_values(dev, "SHARED_SCOPE"), {}, "SHARED_SCOPE after delete")
        resp = self.a.client.delete(self.path(dev, "SERVER_SCOPE"))
        self.assertErrorBody(resp, 400, None, "delete attributes without keys")
        self.assertEqual(self.attr_values(dev, "SERVER_SCOPE"), {"a3": 3},
                         "a refused delete deletes nothing")

    # -- other entity types, bad ids -----------------------------------------------------------

    def test_24_asset_telemetry_and_attributes(self):
        asset = self.a.client.ok("POST", "/api/asset", {"name": unique("tasset"), "type": "room"})
        b = self.base
        self.save_ts(asset, {"ts": b, "values": {"occupancy": 4}}, entity_type="ASSET")
        self.assertEqual(self.latest(asset, entity_type="ASSET"),
                         {"occupancy": [{"ts": b, "value": "4"}]}, "latest of an asset")
        self.save_attrs(asset, "SERVER_SCOPE", {"floor": 2}, entity_type="ASSET")
        self.assertEqual(self.attr_values(asset, "SERVER_SCOPE", entity_type="ASSET"),
                         {"floor": 2}, "SERVER_SCOPE attributes of an asset")

    def test_25_invalid_entity_type_or_id_is_400(self):
        dev = self.device()
        cases = [
            ("GET", "/api/plugins/telemetry/FOO/%s/values/timeseries" % eid(dev), None),
            ("GET", "/api/plugins/telemetry/DEVICE/not-a-uuid/values/timeseries", None),
            ("GET", "/api/plugins/telemetry/DEVICE/not-a-uuid/values/attributes", None),
            ("POST", "/api/plugins/telemetry/FOO/%s/timeseries/ANY" % eid(dev), {"a": 1}),
            ("POST", "/api/plugins/telemetry/DEVICE/not-a-uuid/attributes/SERVER_SCOPE",
             {"a": 1}),
        ]
        for method, path, body in cases:
            with self.subTest(method=method, path=path):
                self.assertErrorBody(self.a.client.request(method, path, body), 400, None,
                                     "%s %s" % (method, path))

    # -- isolation -----------------------------------------------------------------------------

    def reads_and_writes(self, dev, b):
        """(label, method, path, body) of every telemetry call on dev."""
        span = dict(keys="secret", startTs=b - 1000, endTs=b + 1000)
        calls = [
            ("keys/timeseries", "GET", "keys/timeseries", None),
            ("latest", "GET", "values/timeseries", None),
            ("latest ?keys", "GET", "values/timeseries?keys=secret", None),
            ("history", "GET", "values/timeseries" + query(**span), None),
            ("aggregated", "GET", "values/timeseries" + query(interval=2000, agg="MAX", **span),
             None),
            ("keys/attributes", "GET", "keys/attributes", None),
            ("keys/attributes/SERVER_SCOPE", "GET", "keys/attributes/SERVER_SCOPE", None),
            ("values/attributes", "GET", "values/attributes", None),
            ("values/attributes/SERVER_SCOPE", "GET", "values/attributes/SERVER_SCOPE", None),
            ("save telemetry", "POST", "timeseries/ANY",
             {"ts": b, "values": {"secret": "overwritten"}}),
            ("save attributes", "POST", "attributes/SERVER_SCOPE", {"sattr": "overwritten"}),
            ("save attributes (v1)", "POST", "SHARED_SCOPE", {"shattr": "overwritten"}),
            ("delete telemetry", "DELETE", "timeseries/delete" +
             query(keys="secret", deleteAllDataForKeys="true"), None),
            ("delete attributes", "DELETE", "SERVER_SCOPE?keys=sattr", None),
        ]
        return [(label, method, self.path(dev, tail), body) for label, method, tail, body in calls]

    def seed_secret(self, dev):
        self.save_ts(dev, {"ts": self.base, "values": {"secret": "s3cr3t"}})
        self.save_attrs(dev, "SERVER_SCOPE", {"sattr": "s3cr3t"})
        self.save_attrs(dev, "SHARED_SCOPE", {"shattr": "s3cr3t"})

    def assert_secret_intact(self, dev):
        self.assertEqual(self.latest_pairs(dev), {"secret": (self.base, "s3cr3t")},
                         "the owner's telemetry after refused calls")
        self.assertEqual(self.attr_values(dev), {"sattr": "s3cr3t", "shattr": "s3cr3t"},
                         "the owner's attributes after refused calls")

    def test_26_other_tenant_can_neither_read_nor_write(self):
        dev = self.device()
        self.seed_secret(dev)
        for label, method, path, body in self.reads_and_writes(dev, self.base):
            with self.subTest(label):
                resp = self.b.client.request(method, path, body)
                self.assertDenied(resp, "tenant B: " + label)
                self.assertNotIn("s3cr3t", resp.text, "tenant B must not see A's data")
        self.assert_secret_intact(dev)
        unknown = str(uuid.uuid1())
        with self.subTest("unknown device"):
            self.assertDenied(self.a.client.get(TP("DEVICE", unknown, "values/timeseries")),
                              "latest of a device that does not exist")
        with self.subTest("no token"):
            resp = self.server.request("GET", self.path(dev, "values/timeseries"))
            self.assertErrorBody(resp, 401, None, "latest without a token")

    def test_27_customer_user_reads_and_writes_its_own_devices_only(self):
        cu = self.cu.client
        own = self.device(customer_id=self.cu.customer_id)
        b = self.base
        self.save_ts(own, {"ts": b, "values": {"mine": 1}})
        self.save_ts(own, {"ts": b + 1, "values": {"mine": 2}}, client=cu)
        self.assertEqual(self.latest_pairs(own, client=cu), {"mine": (b + 1, "2")},
                         "customer user reads the latest of its own device")
        self.assertEqual(self.pairs(self.get(own, "values/timeseries", cu, keys="mine",
                                             startTs=b, endTs=b + 10), "mine"),
                         [(b + 1, "2"), (b, "1")], "customer user reads history")
        self.save_attrs(own, "SERVER_SCOPE", {"cu_server": "s"}, client=cu)
        self.save_attrs(own, "SHARED_SCOPE", {"cu_shared": "h"}, client=cu)
        self.assertEqual(self.attr_values(own, client=cu), {"cu_server": "s", "cu_shared": "h"},
                         "customer user reads attributes it wrote")
        self.assertEqual(self.attr_values(own), {"cu_server": "s", "cu_shared": "h"},
                         "the tenant admin sees the customer user's writes")
        self.assertErrorBody(cu.post(self.path(own, "attributes/CLIENT_SCOPE"), {"c": 1}), 400,
                             None, "CLIENT_SCOPE stays refused for the customer user")

        other_customer = self.a.client.ok("POST", "/api/customer", {"title": unique("Other")})
        unassigned = self.device()
        others = self.device(customer_id=eid(other_customer))
        for label, dev in (("an unassigned device", unassigned),
                           ("another customer's device", others)):
            self.seed_secret(dev)
            for call, method, path, body in self.reads_and_writes(dev, b):
                with self.subTest(device=label, call=call):
                    resp = cu.request(method, path, body)
                    self.assertDenied(resp, "customer user on %s: %s" % (label, call))
                    self.assertNotIn("s3cr3t", resp.text, "no data of " + label)
            self.assert_secret_intact(dev)

    def test_28_doubles_come_back_digit_for_digit(self):
        # Regression: the JSON parser rounded these one unit off in the last place, so they came
        # back as 0.09545533885166411 and 123456789.1234568.
        dev = self.device()
        digits = ["0.09545533885166413", "123456789.12345679", "2.2250738585072014e-308",
                  "0.30000000000000004", "-47.123456789012344"]
        raw = "{" + ",".join('"d%d":%s' % (i, text) for i, text in enumerate(digits)) + "}"
        self.save_ts(dev, raw, raw=True)
        path = self.path(dev, "values/timeseries") + query(useStrictDataTypes="true")
        resp = self.a.client.get(path)
        body = self.assertStatus(resp, 200, "GET " + path)
        for i, text in enumerate(digits):
            with self.subTest(value=text):
                self.assertEqual(body["d%d" % i][0]["value"], float(text))
                self.assertIn('"value":%s' % text, resp.text.replace(" ", ""),
                              "the stored double is printed as it was sent")
        loose = {k: v for k, (_, v) in self.latest_pairs(dev).items()}
        self.assertEqual([loose["d%d" % i] for i in range(len(digits))], digits,
                         "the values as text (useStrictDataTypes=false)")

    def test_29_history_reads_at_most_100_distinct_keys(self):
        # Regression: every key of keys= was read, repeats included, each up to 100 000 points.
        dev = self.device()
        b = self.base
        self.save_ts(dev, [{"ts": b, "values": {"k0": 1, "k1": 2}}])
        keys = ",".join(["k0", "k1"] * 500 + ["k%d" % i for i in range(2, 100)])
        body = self.history(dev, keys, startTs=b, endTs=b + 1)
        self.assertEqual(sorted(body), ["k0", "k1"], "repeated keys are read once")
        self.assertEqual(self.pairs(body, "k0"), [(b, "1")])
        path = self.path(dev, "values/timeseries") + query(
            keys=keys + ",k100", startTs=b, endTs=b + 1)
        self.assertErrorBody(self.a.client.get(path), 400, (30, 31), "101 distinct keys")


if __name__ == "__main__":
    harness.main()
