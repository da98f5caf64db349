# Start-up and configuration: --help/--version/unknown options, bad settings that must stop the
# process with a message naming the setting, the ready line, SIGTERM/SIGINT, demo data, restarts.
import os
import re
import shutil
import signal
import socket
import tempfile
import time
import unittest

import harness
from harness import ApiTestCase, Server, base_env, eid, run_binary, unique

QUICK_EXIT_SECONDS = 10


class CommandLineTest(ApiTestCase):
    def test_help_prints_usage_and_exits_0(self):
        code, out, err, _ = run_binary(["--help"])
        self.assertEqual(code, 0, "--help exit code; stdout=%r stderr=%r" % (out, err))
        self.assertIn("--config", out + err, "--help should describe --config: %r" % (out + err))

    def test_version_prints_name_and_version(self):
        code, out, err, _ = run_binary(["--version"])
        self.assertEqual(code, 0, "--version exit code; stdout=%r stderr=%r" % (out, err))
        lines = [l for l in (out + err).splitlines()
                 if "pacificsoft" in l.lower() and re.search(r"\d+\.\d+", l)]
        self.assertTrue(lines, "--version should print a line with 'pacificsoft' and a version "
                               "number, got stdout=%r stderr=%r" % (out, err))

    def test_unknown_option_exits_non_zero(self):
        env = base_env(HTTP_BIND_ADDRESS="127.0.0.1", HTTP_BIND_PORT=harness.free_port())
        code, out, err, _ = run_binary(["--no-such-option"], env=env,
                                       timeout=QUICK_EXIT_SECONDS)
        self.assertIsNotNone(code, "an unknown option should end the process, it kept running")
        self.assertNotEqual(code, 0, "unknown option exit code; stderr=%r" % err)
        self.assertIn("--no-such-option", err, "stderr should name the unknown option")


class BadSettingsTest(ApiTestCase):
    """Each bad value must stop the process quickly, non-zero, with one message naming it."""

    def run_bad(self, env_overrides, args=(), must_mention=(), mention_one_of=()):
        data_dir = tempfile.mkdtemp(prefix="ps-it-bad-")
        env = base_env(HTTP_BIND_ADDRESS="127.0.0.1", HTTP_BIND_PORT=harness.free_port(),
                       MQTT_BIND_PORT=harness.free_port(),
                       COAP_BIND_PORT=harness.free_port(socket.SOCK_DGRAM),
                       PACIFICSOFT_DATA_DIR=data_dir)
        env.update({k: str(v) for k, v in env_overrides.items()})
        code, out, err, seconds = run_binary(list(args), env=env, timeout=QUICK_EXIT_SECONDS)
        context = "settings %r args %r -> exit %s after %.1f s\nstdout=%r\nstderr=%r" % (
            env_overrides, list(args), code, seconds, out[-800:], err[-800:])
        self.assertIsNotNone(code, "should exit within %d s: " % QUICK_EXIT_SECONDS + context)
        self.assertNotEqual(code, 0, "should exit non-zero: " + context)
        for word in must_mention:
            self.assertIn(word, err, "stderr should name %r: %s" % (word, context))
        if mention_one_of:
            self.assertTrue(any(w in err for w in mention_one_of),
                            "stderr should name one of %r: %s" % (mention_one_of, context))
        lines = [l for l in err.splitlines() if l.strip()]
        self.assertLessEqual(len(lines), 3, "expected one message, not a dump: " + context)
        return err

    def test_http_port_not_a_number(self):
        self.run_bad({"HTTP_BIND_PORT": "abc"}, must_mention=("http.bind_port", "HTTP_BIND_PORT"))

    def test_http_port_out_of_range(self):
        self.run_bad({"HTTP_BIND_PORT": "70000"},
                     must_mention=("http.bind_port", "HTTP_BIND_PORT"))

    def test_mqtt_port_not_a_number(self):
        self.run_bad({"MQTT_BIND_PORT": "x1883"},
                     must_mention=("mqtt.bind_port", "MQTT_BIND_PORT"))

    def test_unknown_entities_database(self):
        self.run_bad({"DATABASE_ENTITIES_TYPE": "oracle"},
                     must_mention=("database.entities.type", "DATABASE_ENTITIES_TYPE"))

    def test_unknown_ts_database(self):
        self.run_bad({"DATABASE_TS_TYPE": "oracle"},
                     must_mention=("database.ts.type", "DATABASE_TS_TYPE"))

    def test_unknown_queue_type(self):
        self.run_bad({"QUEUE_TYPE": "kafka"}, must_mention=("queue.type", "QUEUE_TYPE"))

    def test_a_cluster_on_the_embedded_queue_is_refused(self):
        self.run_bad({"ZOOKEEPER_ENABLED": "true"}, must_mention=("QUEUE_TYPE", "rabbitmq"))

    def test_a_cluster_on_sqlite_is_refused(self):
        self.run_bad({"ZOOKEEPER_ENABLED": "true", "QUEUE_TYPE": "rabbitmq"},
                     must_mention=("DATABASE_ENTITIES_TYPE", "postgres"))

    def test_an_unreachable_broker_is_named(self):
        self.run_bad({"QUEUE_TYPE": "rabbitmq", "RABBITMQ_HOST": "127.0.0.1",
                      "RABBITMQ_PORT": harness.free_port()},
                     must_mention=("queue.rabbitmq", "connect"))

    def test_bad_jwt_expiration(self):
        self.run_bad({"JWT_TOKEN_EXPIRATION_TIME": "soon"},
                     must_mention=("security.jwt.token_expiration_time",
                                   "JWT_TOKEN_EXPIRATION_TIME"))

    def test_bad_log_level(self):
        self.run_bad({"LOG_LEVEL": "loudest"}, must_mention=("log.level", "LOG_LEVEL"))

    def test_bad_load_demo_flag(self):
        self.run_bad({"INSTALL_LOAD_DEMO": "maybe"},
                     must_mention=("install.load_demo", "INSTALL_LOAD_DEMO"))

    def test_unusable_data_dir(self):
        path = "/proc/%s/data" % unique("no-such")
        self.run_bad({"PACIFICSOFT_DATA_DIR": path}, must_mention=(path,),
                     mention_one_of=("data.dir", "PACIFICSOFT_DATA_DIR"))

    def test_missing_config_file(self):
        path = "/nonexistent-%s/pacificsoft.yml" % unique("dir")
        self.run_bad({}, args=["--config", path], must_mention=(path,))

    def test_unparsable_config_file(self):
        fd, path = tempfile.mkstemp(suffix=".yml", prefix="ps-it-broken-")
        with os.fdopen(fd, "w") as f:
            f.write("http:\n  bind_port: [1, 2\n  : : :\n")
        self.addCleanup(os.unlink, path)
        self.run_bad({}, args=["--config", path], must_mention=(path,))

    def test_http_port_already_in_use(self):
        blocker = socket.socket()
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(1)
        self.addCleanup(blocker.close)
        port = blocker.getsockname()[1]
        self.run_bad({"HTTP_BIND_PORT": port}, must_mention=(str(port),))


class ConfigFileTest(ApiTestCase):
    def test_config_file_sets_port_and_data_dir(self):
        port = harness.free_port()
        data_dir = tempfile.mkdtemp(prefix="ps-it-cfg-")
        fd, path = tempfile.mkstemp(suffix=".yml", prefix="ps-it-config-")
        with os.fdopen(fd, "w") as f:
            f.write('http:\n  bind_address: "127.0.0.1"\n  bind_port: %d\n'
                    'data:\n  dir: "%s"\n' % (port, data_dir))
        self.addCleanup(os.unlink, path)
        self.addCleanup(shutil.rmtree, data_dir, True)
        server = Server(env={"HTTP_BIND_PORT": None, "PACIFICSOFT_DATA_DIR": None},
                        args=["--config", path], name="config-file")
        server.port = port
        self.servers = (server,)
        self.addCleanup(server.cleanup)
        server.start()
        server.login(*harness.SYSADMIN)
        server.stop()
        self.assertTrue(os.listdir(data_dir),
                        "data.dir %s from the config file should hold the storage" % data_dir)


class LifecycleTest(ApiTestCase):
    """One server on a fresh data dir: ready line, demo data, restarts, signals."""

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="lifecycle")

    def test_1_ready_line_names_http_and_port(self):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            out = self.server.stdout_text()
            if any("http://" in l and str(self.server.port) in l for l in out.splitlines()):
                return
            time.sleep(0.1)
        self.fail("stdout should have a line with 'http://' and port %d once ready (stdout is a "
                  "file here: is it flushed?); got %r" % (self.server.port, out[-1000:]))

    def test_2_demo_users_log_in_with_their_authorities(self):
        for (email, password), authority in ((harness.SYSADMIN, "SYS_ADMIN"),
                                             (harness.TENANT_ADMIN, "TENANT_ADMIN"),
                                             (harness.CUSTOMER_USER, "CUSTOMER_USER")):
            with self.subTest(user=email):
                client = self.server.client(email, password)
                me = self.assertStatus(client.get("/api/auth/user"), 200)
                self.assertEqual(me.get("authority"), authority, "GET /api/auth/user %r" % me)
                self.assertEqual(me.get("email"), email)

    def test_3_demo_tenant_has_devices_some_assigned_to_the_demo_customer(self):
        tenant = self.server.client(*harness.TENANT_ADMIN)
        customer = self.server.client(*harness.CUSTOMER_USER)
        devices = tenant.page("/api/tenant/devices")
        self.assertGreaterEqual(len(devices), 2, "demo devices: %r" % devices)
        me = customer.ok("GET", "/api/auth/user")
        cid = me["customerId"]["id"]
        assigned = [d for d in devices if (d.get("customerId") or {}).get("id") == cid]
        self.assertTrue(assigned, "some demo devices should belong to the demo customer %s: %r" %
                        (cid, [(d.get("name"), d.get("customerId")) for d in devices]))
        names = sorted(d.get("name") for d in devices)
        self.assertEqual(names, ["Demo Device 1", "Demo Device 2", "Demo Device 3"],
                         "the README's demo devices")
        self.assertEqual(sorted(d.get("name") for d in assigned), ["Demo Device 1",
                                                                   "Demo Device 2"],
                         "the README: the first two demo devices belong to the demo customer")
        self.assertEqual(tenant.ok("GET", "/api/customer/" + cid).get("title"), "Demo Customer")
        self.assertEqual(tenant.ok("GET", "/api/tenant/" + me["tenantId"]["id"]).get("title"),
                         "Demo Tenant")
        seen = customer.page("/api/customer/%s/devices" % cid)
        self.assertEqual(sorted(eid(d) for d in seen), sorted(eid(d) for d in assigned),
                         "the demo customer user should see exactly its devices")

    def test_4_restart_keeps_data_and_tokens(self):
        server = self.server
        sa = server.sysadmin()
        tenant_title = unique("Persist")
        tenant = harness.create_tenant(sa, tenant_title)
        admin = server.client(*harness.TENANT_ADMIN)
        device_name = unique("persist-dev")
        token = unique("tok")
        device = admin.ok("POST", "/api/device?accessToken=" + token,
                          {"name": device_name, "label": "kept"})
        tenants_before = sa.page("/api/tenants")
        devices_before = admin.page("/api/tenant/devices")
        old_token = admin.token

        server.restart(signal.SIGTERM)

        self.assertEqual(self.assertStatus(
            server.request("GET", "/api/auth/user", token=old_token), 200,
            "a token issued before the restart (signing key kept in the data dir)")["email"],
            harness.TENANT_ADMIN[0])
        sa = server.sysadmin()
        admin = server.client(*harness.TENANT_ADMIN)
        got = self.assertStatus(sa.get("/api/tenant/" + eid(tenant)), 200, "tenant after restart")
        self.assertEqual(got.get("title"), tenant_title)
        got = self.assertStatus(admin.get("/api/device/" + eid(device)), 200,
                                "device after restart")
        self.assertEqual((got.get("name"), got.get("label")), (device_name, "kept"))
        creds = self.assertStatus(admin.get("/api/device/%s/credentials" % eid(device)), 200)
        self.assertEqual(creds.get("credentialsId"), token, "access token after restart")
        self.assertEqual(sorted(eid(t) for t in sa.page("/api/tenants")),
                         sorted(eid(t) for t in tenants_before),
                         "restart must not add or lose tenants (demo data loaded only once)")
        self.assertEqual(sorted(eid(d) for d in admin.page("/api/tenant/devices")),
                         sorted(eid(d) for d in devices_before),
                         "restart must not add or lose devices")

    def test_5_sigint_exits_0_and_data_survives(self):
        server = self.server
        admin = server.client(*harness.TENANT_ADMIN)
        name = unique("sigint-dev")
        admin.ok("POST", "/api/device", {"name": name})
        server.restart(signal.SIGINT)
        admin = server.client(*harness.TENANT_ADMIN)
        got = self.assertStatus(admin.get("/api/tenant/devices?deviceName=" + name), 200,
                                "device created before SIGINT")
        self.assertEqual(got.get("name"), name)

    def test_6_sigterm_exits_0(self):
        self.server.stop(signal.SIGTERM, expect_code=0)
        self.server.start()

    def test_7_kill_9_keeps_acknowledged_writes(self):
        # Durable first: what was answered 200 survives a kill -9 right after the answer.
        server = self.server
        admin = server.client(*harness.TENANT_ADMIN)
        token = unique("K9TOKEN")
        device = admin.ok("POST", "/api/device?accessToken=" + token, {"name": unique("k9-dev")})
        customer = admin.ok("POST", "/api/customer", {"title": unique("k9-customer")})
        admin.ok("POST", "/api/customer/%s/device/%s" % (eid(customer), eid(device)))
        server.kill()
        server.start()
        admin = server.client(*harness.TENANT_ADMIN)
        got = self.assertStatus(admin.get("/api/device/" + eid(device)), 200,
                                "device answered 200 before kill -9")
        self.assertEqual(got.get("customerId"), customer["id"], "assignment before kill -9")
        creds = self.assertStatus(admin.get("/api/device/%s/credentials" % eid(device)), 200)
        self.assertEqual(creds.get("credentialsId"), token, "token before kill -9")


class ShutdownUnderLoadTest(ApiTestCase):
    def test_sigterm_during_writes_exits_0_and_keeps_acknowledged_writes(self):
        import threading
        server = self.start_server(name="shutdown-load")
        self.servers = (server,)
        admin = server.client(*harness.TENANT_ADMIN)
        acknowledged, stop = [], threading.Event()

        def writer(n):
            i = 0
            while not stop.is_set():
                name = "load-%d-%d" % (n, i)
                i += 1
                try:
                    resp = admin.post("/api/device", {"name": name})
                except harness.ServerError:
                    return  # the server went away: expected during shutdown
                if resp.status == 200:
                    acknowledged.append(name)
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.7)
        try:
            server.stop(signal.SIGTERM, expect_code=0)
        finally:
            stop.set()
            for t in threads:
                t.join(20)
        self.assertGreater(len(acknowledged), 0, "no write was acknowledged before SIGTERM")
        server.start()
        admin = server.client(*harness.TENANT_ADMIN)
        stored = {d["name"] for d in admin.page("/api/tenant/devices", page_size=1000,
                                                textSearch="load-")}
        lost = sorted(set(acknowledged) - stored)
        self.assertEqual(lost, [], "devices answered 200 before SIGTERM but gone after restart "
                                   "(%d acknowledged)" % len(acknowledged))


class CorruptStorageTest(ApiTestCase):
    def test_garbage_in_the_data_dir_is_refused_not_a_crash(self):
        server = self.start_server(name="corrupt", demo=False)
        self.servers = (server,)
        server.stop()
        files = [os.path.join(root, f) for root, _, names in os.walk(server.data_dir)
                 for f in names]
        self.assertTrue(files, "the data dir should hold files after a run")
        for path in files:
            with open(path, "r+b") as f:
                size = max(os.path.getsize(path), 4096)
                f.seek(0)
                f.write(os.urandom(min(size, 65536)))
        code, out, err, seconds = run_binary([], env=server.env, timeout=QUICK_EXIT_SECONDS)
        context = "exit %s after %.1f s\nstdout=%r\nstderr=%r" % (code, seconds, out[-600:],
                                                                 err[-600:])
        self.assertIsNotNone(code, "should refuse to start on corrupt storage: " + context)
        self.assertGreater(code, 0, "a non-zero exit, not a crash by signal: " + context)
        self.assertTrue(err.strip(), "stderr should say what is wrong: " + context)


class NoDemoDataTest(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server(name="no-demo", demo=False)

    def test_only_the_sysadmin_exists(self):
        sa = self.server.sysadmin()
        self.assertEqual(sa.page("/api/tenants"), [], "INSTALL_LOAD_DEMO=false: no tenants")
        resp = self.server.request("POST", "/api/auth/login",
                                   {"username": harness.TENANT_ADMIN[0],
                                    "password": harness.TENANT_ADMIN[1]})
        self.assertErrorBody(resp, 401, 10, "demo tenant admin without demo data")


if __name__ == "__main__":
    harness.main()
