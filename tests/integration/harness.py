# Shared helpers for the integration scenarios: start/stop the real pacificsoft binary on free
# ports and a temporary data dir, a tiny REST client, JWT decoding and entity set-up shortcuts.
"""Integration-test harness (python3 standard library only).

Conventions
- The binary comes from env PACIFICSOFT_BIN, else argv[1] of the test module, else
  build/pacificsoft next to the repository root.
- Each Server gets free HTTP/MQTT/CoAP ports on 127.0.0.1, its own data dir and its own log
  files (stdout and stderr kept apart) under PACIFICSOFT_TEST_LOGS (default: a temp dir).
- request() answers a Response, a (status, body) tuple whose body is parsed JSON when the
  answer is JSON, else text; it also carries .headers, .method, .path and .text.
- harness.main() runs a module's tests and, when a test fails, prints the tail of the server
  logs and the last requests it made.
"""

import base64
import collections
import http.client
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NULL_UUIDS = ("13814000-1dd2-11b2-8080-808080808080", "00000000-0000-0000-0000-000000000000")

SYSADMIN = ("sysadmin@pacificsoft.io", "sysadmin")
TENANT_ADMIN = ("tenant@pacificsoft.io", "tenant")
CUSTOMER_USER = ("customer@pacificsoft.io", "customer")

# Settings the contract reads from the environment; scrubbed from the inherited environment so
# a developer's shell cannot change what a test sees.
_SETTING_VARS = (
    "HTTP_BIND_ADDRESS", "HTTP_BIND_PORT", "MQTT_BIND_ADDRESS", "MQTT_BIND_PORT",
    "COAP_BIND_ADDRESS", "COAP_BIND_PORT", "PACIFICSOFT_DATA_DIR", "DATABASE_ENTITIES_TYPE",
    "DATABASE_TS_TYPE", "LOG_LEVEL", "JWT_TOKEN_SIGNING_KEY", "JWT_TOKEN_EXPIRATION_TIME",
    "JWT_REFRESH_TOKEN_EXPIRATION_TIME", "JWT_TOKEN_ISSUER", "INSTALL_LOAD_DEMO", "SERVICE_TYPE",
    "HTTP_THREADS", "HTTP_MAX_BODY_BYTES", "HTTP_UI_DIR", "SECURITY_PASSWORD_BCRYPT_COST",
    "POSTGRES_URL", "POSTGRES_POOL_SIZE", "POSTGRES_TS_RETENTION_DAYS",
)

# When set (tests/postgres/run.sh), servers keep their entities in this PostgreSQL database,
# each in a schema of its own, as each has a data dir of its own; with
# PACIFICSOFT_IT_POSTGRES_TS=1 their time series and attributes too.
POSTGRES_URL = os.environ.get("PACIFICSOFT_IT_POSTGRES_URL")
POSTGRES_TS = POSTGRES_URL and os.environ.get("PACIFICSOFT_IT_POSTGRES_TS") == "1"

START_TIMEOUT = float(os.environ.get("PACIFICSOFT_START_TIMEOUT", "30"))
STOP_TIMEOUT = 15.0

_handed_out_ports = set()
_request_history = collections.deque(maxlen=6)
_all_servers = []
_counter = itertools.count(1)


# --------------------------------------------------------------------------------------------
# Processes and ports


def binary_path():
    """The server binary under test."""
    path = os.environ.get("PACIFICSOFT_BIN")
    if not path and len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        path = sys.argv[1]
    if not path:
        path = os.path.join(REPO_ROOT, "build", "pacificsoft")
    return os.path.abspath(path)


def free_port(kind=socket.SOCK_STREAM):
    """A port nobody listens on right now (TCP by default, UDP with SOCK_DGRAM)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _handed_out_ports:
            _handed_out_ports.add(port)
            return port
    raise RuntimeError("no free port found")


def logs_dir():
    path = os.environ.get("PACIFICSOFT_TEST_LOGS")
    if not path:
        path = os.path.join(tempfile.gettempdir(), "pacificsoft-it-logs")
    os.makedirs(path, exist_ok=True)
    return path


def base_env(**overrides):
    """The inherited environment without any Pacificsoft setting, plus overrides (None = unset)."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTING_VARS}
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def postgres_schema(action, name):
    """Creates or drops a schema of the PACIFICSOFT_IT_POSTGRES_URL database (psql)."""
    sql = ('CREATE SCHEMA "%s"' if action == "create" else 'DROP SCHEMA IF EXISTS "%s" CASCADE') % name
    subprocess.run(["psql", POSTGRES_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))


def postgres_schema_url(name):
    """The URL whose connections see `name` first in their search_path."""
    return POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + "options=-csearch_path%3D" + name


def run_binary(args, env=None, timeout=10.0, cwd=None):
    """Runs the binary to completion; answers (returncode, stdout, stderr, seconds).

    returncode is None when it had not exited after `timeout` seconds (it is then killed).
    """
    started = time.monotonic()
    proc = subprocess.Popen([binary_path()] + list(args), env=env if env is not None else base_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            cwd=cwd or tempfile.gettempdir(), text=True, errors="replace")
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err, time.monotonic() - started
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return None, out, err, time.monotonic() - started


class ServerError(AssertionError):
    pass


class Server:
    """One pacificsoft process on free ports and its own data dir; restartable on that dir."""

    def __init__(self, env=None, data_dir=None, args=(), name=None, demo=True):
        self.name = name or "server%d" % next(_counter)
        self.owned_data_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="ps-it-data-")
        self.work_dir = tempfile.mkdtemp(prefix="ps-it-cwd-")
        self.port = free_port()
        self.mqtt_port = free_port()
        self.coap_port = free_port(socket.SOCK_DGRAM)
        self.args = list(args)
        stamp = "%s-%d-%s" % (time.strftime("%H%M%S"), os.getpid(), self.name)
        self.stdout_path = os.path.join(logs_dir(), stamp + ".out")
        self.stderr_path = os.path.join(logs_dir(), stamp + ".err")
        self.env = base_env(
            HTTP_BIND_ADDRESS="127.0.0.1", HTTP_BIND_PORT=self.port,
            MQTT_BIND_ADDRESS="127.0.0.1", MQTT_BIND_PORT=self.mqtt_port,
            COAP_BIND_ADDRESS="127.0.0.1", COAP_BIND_PORT=self.coap_port,
            PACIFICSOFT_DATA_DIR=self.data_dir, LOG_LEVEL="info",
            INSTALL_LOAD_DEMO="true" if demo else "false",
            # A low bcrypt cost keeps logins fast; a server that ignores the setting is fine.
            SECURITY_PASSWORD_BCRYPT_COST="4",
        )
        self.pg_schema = None
        if POSTGRES_URL:
            self.pg_schema = "ps_it_%d_%d" % (os.getpid(), next(_counter))
            postgres_schema("create", self.pg_schema)
            self.env.update(DATABASE_ENTITIES_TYPE="postgres",
                            POSTGRES_URL=postgres_schema_url(self.pg_schema))
            if POSTGRES_TS:
                self.env.update(DATABASE_TS_TYPE="postgres")
        for key, value in (env or {}).items():
            if value is None:
                self.env.pop(key, None)
            else:
                self.env[key] = str(value)
        self.proc = None
        self.starts = 0
        self.last_returncode = None
        _all_servers.append(self)

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, wait=True, timeout=START_TIMEOUT):
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        marker = "\n===== %s start #%d %s =====\n" % (self.name, self.starts, time.strftime("%X"))
        out = open(self.stdout_path, "a")
        err = open(self.stderr_path, "a")
        out.write(marker)
        err.write(marker)
        out.flush()
        err.flush()
        self._out_offset = out.tell()
        self.proc = subprocess.Popen([binary_path()] + self.args, env=self.env, cwd=self.work_dir,
                                     stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        out.close()
        err.close()
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout=START_TIMEOUT):
        """Polls POST /api/auth/login until the server answers anything over HTTP."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError("%s exited with %s before answering HTTP on port %d\n%s" % (
                    self.name, self.proc.returncode, self.port, self.log_tail()))
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("POST", "/api/auth/login", body=b'{"username":"","password":""}',
                             headers={"Content-Type": "application/json"})
                conn.getresponse().read()
                conn.close()
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        raise ServerError("%s did not answer HTTP on port %d within %.0f s\n%s" % (
            self.name, self.port, timeout, self.log_tail()))

    def stop(self, sig=signal.SIGTERM, expect_code=0, timeout=STOP_TIMEOUT):
        """Sends `sig`, waits for the exit; raises unless the exit code is expect_code."""
        if self.proc is None or self.proc.poll() is not None:
            code = None if self.proc is None else self.proc.returncode
            if expect_code is not None:
                raise ServerError("%s was not running when asked to stop (exit code %s)\n%s" % (
                    self.name, code, self.log_tail()))
            return code
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise ServerError("%s did not exit within %.0f s of %s; killed\n%s" % (
                self.name, timeout, signal.Signals(sig).name, self.log_tail()))
        self.last_returncode = code
        if expect_code is not None and code != expect_code:
            raise ServerError("%s exited with %s after %s, expected %s\n%s" % (
                self.name, code, signal.Signals(sig).name, expect_code, self.log_tail()))
        return code

    def restart(self, sig=signal.SIGTERM):
        self.stop(sig)
        return self.start()

    def kill(self):
        """Best-effort end for clean-up paths; never raises."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def cleanup(self):
        self.kill()
        if os.environ.get("PACIFICSOFT_KEEP_DATA"):
            return
        if self.owned_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if self.pg_schema:
            postgres_schema("drop", self.pg_schema)
            self.pg_schema = None
        shutil.rmtree(self.work_dir, ignore_errors=True)

    def finish(self):
        """Class clean-up: a still-running server must exit 0 on SIGTERM; then remove its dirs."""
        try:
            if self.running():
                self.stop(signal.SIGTERM, expect_code=0)
        finally:
            self.cleanup()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    # -- logs ----------------------------------------------------------------------------------

    def stdout_text(self, this_start_only=True):
        with open(self.stdout_path, errors="replace") as f:
            if this_start_only:
                f.seek(self._out_offset)
            return f.read()

    def log_tail(self, lines=40):
        parts = []
        for label, path in (("stdout", self.stdout_path), ("stderr", self.stderr_path)):
            try:
                with open(path, errors="replace") as f:
                    tail = f.readlines()[-lines:]
            except OSError:
                tail = ["(no log)\n"]
            parts.append("---- %s %s (%s), last %d lines ----\n%s" % (
                self.name, label, path, lines, "".join(tail)))
        return "".join(parts)

    # -- REST shortcuts -----------------------------------------------------------------------

    def request(self, method, path, body=None, token=None, **kw):
        return request(self.port, method, path, body, token, **kw)

    def login(self, username, password):
        """The access token of a successful login; raises with the answer otherwise."""
        resp = self.request("POST", "/api/auth/login", {"username": username, "password": password})
        if resp.status != 200 or not isinstance(resp.body, dict) or "token" not in resp.body:
            raise ServerError("login of %s failed: %s" % (username, resp.describe()))
        return resp.body["token"]

    def client(self, username, password):
        return Client(self, self.login(username, password))

    def sysadmin(self):
        return self.client(*SYSADMIN)


# --------------------------------------------------------------------------------------------
# HTTP


class Response(tuple):
    """(status, body) with extra attributes for messages and header checks."""

    def __new__(cls, status, body, headers, method, path, text):
        self = tuple.__new__(cls, (status, body))
        self.headers = headers
        self.method = method
        self.path = path
        self.text = text
        return self

    @property
    def status(self):
        return self[0]

    @property
    def body(self):
        return self[1]

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    def describe(self, limit=600):
        text = self.text if len(self.text) <= limit else self.text[:limit] + "...(%d chars)" % len(
            self.text)
        return "%s %s -> %s %s" % (self.method, self.path, self.status, text)


def request(port, method, path, body=None, token=None, raw_body=None, headers=None,
            auth_header="X-Authorization", timeout=20.0):
    """One HTTP request to 127.0.0.1:port; body is JSON-encoded unless raw_body is given."""
    hdrs = {"Accept": "application/json"}
    data = None
    if raw_body is not None:
        data = raw_body if isinstance(raw_body, bytes) else raw_body.encode()
        hdrs["Content-Type"] = "application/json"
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    elif method in ("POST", "PUT"):
        data = b""
    if token is not None:
        hdrs[auth_header] = "Bearer " + token
    hdrs.update(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        status = resp.status
        resp_headers = {k.lower(): v for k, v in resp.getheaders()}
    except (OSError, http.client.HTTPException) as e:
        entry = "%s %s -> connection error %r" % (method, path, e)
        _request_history.append(entry)
        raise ServerError(entry)
    finally:
        conn.close()
    text = raw.decode("utf-8", errors="replace")
    parsed = text
    if text.strip():
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
    elif "json" in resp_headers.get("content-type", ""):
        parsed = None
    result = Response(status, parsed, resp_headers, method, path, text)
    _request_history.append(result.describe(300))
    return result


class Client:
    """A server plus a token: get/post/delete shortcuts."""

    def __init__(self, server, token):
        self.server = server
        self.token = token

    def request(self, method, path, body=None, **kw):
        return self.server.request(method, path, body, self.token, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def ok(self, method, path, body=None, **kw):
        """The body of a 200 answer; raises with the answer otherwise."""
        resp = self.request(method, path, body, **kw)
        if resp.status != 200:
            raise ServerError("expected 200: %s" % resp.describe())
        return resp.body

    def page(self, path, page_size=100, **params):
        """All items of a paged list (follows hasNext)."""
        items = []
        for page in range(1000):
            query = dict(params, pageSize=page_size, page=page)
            sep = "&" if "?" in path else "?"
            body = self.ok("GET", path + sep + urlencode(query))
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise ServerError("not a page: GET %s -> %r" % (path, body))
            items.extend(body["data"])
            if not body.get("hasNext"):
                return items
        raise ServerError("paging of %s never ended" % path)


def urlencode(params):
    from urllib.parse import urlencode as enc
    return enc(params)


# --------------------------------------------------------------------------------------------
# JSON, JWT, ids


def unique(prefix="it"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


def eid(entity):
    """The uuid string of an entity (dict with "id": {"id": ...}) or of an id object."""
    if isinstance(entity, dict) and isinstance(entity.get("id"), dict):
        return entity["id"]["id"]
    if isinstance(entity, dict) and isinstance(entity.get("id"), str):
        return entity["id"]
    raise ServerError("no id in %r" % (entity,))


def entity_id(entity_type, uuid_str):
    return {"entityType": entity_type, "id": uuid_str}


def is_none_id(value):
    """A missing customer/tenant reference: absent, null, or an id holding a null uuid."""
    if value is None:
        return True
    if isinstance(value, dict):
        return value.get("id") in NULL_UUIDS or value.get("id") is None
    return value in NULL_UUIDS


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def decode_jwt(token):
    """(header, payload) of a JWT, without verifying it."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ServerError("not a JWT (%d parts): %r" % (len(parts), token[:80]))
    return json.loads(b64url_decode(parts[0])), json.loads(b64url_decode(parts[1]))


# --------------------------------------------------------------------------------------------
# Entity set-up shortcuts (each raises with the server's answer when a step fails)


def create_tenant(sa, title=None):
    return sa.ok("POST", "/api/tenant", {"title": title or unique("Tenant")})


def create_user(client, email, authority, tenant_id=None, customer_id=None, first="Test",
                last="User"):
    body = {"email": email, "authority": authority, "firstName": first, "lastName": last}
    if tenant_id:
        body["tenantId"] = entity_id("TENANT", tenant_id)
    if customer_id:
        body["customerId"] = entity_id("CUSTOMER", customer_id)
    return client.ok("POST", "/api/user?sendActivationMail=false", body)


def activation_token(client, user_id):
    """The activateToken of the activation link of a user."""
    resp = client.get("/api/user/%s/activationLink" % user_id, headers={"Accept": "text/plain"})
    if resp.status != 200:
        raise ServerError("activation link: %s" % resp.describe())
    match = re.search(r"activateToken=([^&\s\"]+)", resp.text)
    if not match:
        raise ServerError("no activateToken in activation link %r" % resp.text)
    return match.group(1)


def activate(server, token, password):
    resp = server.request("POST", "/api/noauth/activate",
                          {"activateToken": token, "password": password})
    if resp.status != 200:
        raise ServerError("activate: %s" % resp.describe())
    return resp.body


class Actor:
    """A logged-in user with its entity (tenant/customer) for scenario set-up."""

    def __init__(self, client, user, email, password, tenant=None, customer=None):
        self.client = client
        self.user = user
        self.email = email
        self.password = password
        self.tenant = tenant
        self.customer = customer

    @property
    def tenant_id(self):
        return eid(self.tenant) if self.tenant else None

    @property
    def customer_id(self):
        return eid(self.customer) if self.customer else None

    @property
    def user_id(self):
        return eid(self.user)


def create_tenant_admin(server, sa, title=None, password="Secret-123"):
    """Sysadmin creates a tenant and its admin, activates it, logs in: an Actor."""
    tenant = create_tenant(sa, title or unique("Tenant"))
    email = unique("admin") + "@example.com"
    user = create_user(sa, email, "TENANT_ADMIN", tenant_id=eid(tenant))
    activate(server, activation_token(sa, eid(user)), password)
    return Actor(server.client(email, password), user, email, password, tenant=tenant)


def create_customer_user(server, tenant_admin, title=None, password="Secret-456"):
    """A tenant admin creates a customer and a customer user, activates it, logs in."""
    customer = tenant_admin.client.ok("POST", "/api/customer", {"title": title or unique("Cust")})
    email = unique("cuser") + "@example.com"
    user = create_user(tenant_admin.client, email, "CUSTOMER_USER", customer_id=eid(customer))
    activate(server, activation_token(tenant_admin.client, eid(user)), password)
    return Actor(server.client(email, password), user, email, password,
                 tenant=tenant_admin.tenant, customer=customer)


# --------------------------------------------------------------------------------------------
# Test base class and runner


class ApiTestCase(unittest.TestCase):
    """Assertion helpers that say what was expected and show the server's answer."""

    maxDiff = 4000
    servers = ()

    @classmethod
    def start_server(cls, **kw):
        server = Server(name=kw.pop("name", cls.__name__), **kw)
        cls.servers = tuple(cls.servers) + (server,)
        cls.addClassCleanup(server.finish)
        server.start()
        return server

    def assertStatus(self, resp, expected, what=""):
        allowed = expected if isinstance(expected, (tuple, list, set)) else (expected,)
        if resp.status not in allowed:
            self.fail("%sexpected HTTP %s, got: %s" % (what + ": " if what else "",
                                                       "/".join(map(str, allowed)),
                                                       resp.describe()))
        return resp.body

    def assertErrorBody(self, resp, status, error_codes=None, what=""):
        """status (one or several), then the body {"status","message","errorCode","timestamp"}."""
        self.assertStatus(resp, status, what)
        prefix = (what + ": " if what else "") + resp.describe() + "\n"
        body = resp.body
        self.assertIsInstance(body, dict, prefix + "error body is not a JSON object")
        for key in ("status", "message", "errorCode", "timestamp"):
            self.assertIn(key, body, prefix + "error body lacks %r" % key)
        self.assertEqual(body["status"], resp.status, prefix + "body status != HTTP status")
        self.assertIsInstance(body["message"], str, prefix + "message is not a string")
        self.assertIsInstance(body["errorCode"], int, prefix + "errorCode is not an integer")
        self.assertIsInstance(body["timestamp"], int, prefix + "timestamp is not an integer (ms)")
        now_ms = time.time() * 1000
        self.assertLess(abs(body["timestamp"] - now_ms), 86400000,
                        prefix + "timestamp is not milliseconds near now")
        if error_codes is not None:
            codes = error_codes if isinstance(error_codes, (tuple, list, set)) else (error_codes,)
            self.assertIn(body["errorCode"], codes, prefix + "unexpected errorCode")
        return body

    def assertDenied(self, resp, what=""):
        """Another tenant's or a forbidden item: 403 (errorCode 20) or 404 (errorCode 32)."""
        self.assertErrorBody(resp, (403, 404), (20, 32), what)

    def assertPage(self, body, what=""):
        prefix = (what + ": " if what else "") + "page %r\n" % (body,)
        self.assertIsInstance(body, dict, prefix + "not an object")
        for key in ("data", "totalPages", "totalElements", "hasNext"):
            self.assertIn(key, body, prefix + "lacks %r" % key)
        self.assertIsInstance(body["data"], list, prefix + "data is not a list")
        self.assertIsInstance(body["hasNext"], bool, prefix + "hasNext is not a boolean")
        return body

    def assertEntityId(self, value, entity_type, what=""):
        prefix = (what + ": " if what else "") + "id %r: " % (value,)
        self.assertIsInstance(value, dict, prefix + "not an object")
        self.assertEqual(value.get("entityType"), entity_type, prefix + "entityType")
        try:
            uuid.UUID(value.get("id", ""))
        except (ValueError, TypeError, AttributeError):
            self.fail(prefix + "id is not a uuid")


class _ServerLogResult(unittest.TextTestResult):
    """Prints server log tails and the last requests right after a failing test."""

    def _dump(self, test):
        dumped = self.__dict__.setdefault("_dumped", set())
        if test.id() in dumped:
            return
        dumped.add(test.id())
        servers = tuple(getattr(test, "servers", ()) or ()) or tuple(_all_servers[-2:])
        lines = ["", "====== context of the failure in %s ======" % test.id(),
                 "last requests:"] + ["  " + r for r in _request_history]
        for server in servers:
            lines.append(server.log_tail(30))
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._dump(test)

    def addError(self, test, err):
        super().addError(test, err)
        self._dump(test)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._dump(test)


def main():
    """unittest.main for a test module, accepting the binary path as the first argument."""
    argv = [sys.argv[0]]
    rest = sys.argv[1:]
    if rest and not rest[0].startswith("-") and os.path.exists(rest[0]):
        os.environ.setdefault("PACIFICSOFT_BIN", os.path.abspath(rest[0]))
        rest = rest[1:]
    if not os.path.exists(binary_path()):
        sys.stderr.write("binary not found: %s (set PACIFICSOFT_BIN)\n" % binary_path())
        sys.exit(2)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=_ServerLogResult)
    try:
        unittest.main(argv=argv + rest, testRunner=runner)
    finally:
        for server in _all_servers:
            server.kill()


# --------------------------------------------------------------------------------------------
# Telemetry and WebSocket helpers (added for the telemetry scenarios; nothing above depends on
# them)

DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages"


def websocket_module():
    """The `websocket` module of Debian's python3-websocket (websocket-client).

    The python3 on PATH may be another interpreter than Debian's (pyenv, venv); the package is
    pure Python, so Debian's copy is then found by adding its directory at the end of sys.path.
    """
    try:
        import websocket
    except ImportError:
        if os.path.isdir(os.path.join(DEBIAN_DIST_PACKAGES, "websocket")) and \
                DEBIAN_DIST_PACKAGES not in sys.path:
            sys.path.append(DEBIAN_DIST_PACKAGES)
        try:
            import websocket
        except ImportError:
            raise ServerError("python module 'websocket' missing: install the Debian package "
                              "python3-websocket (tools/install_deps.sh)")
    return websocket


def telemetry_path(entity_type, entity_uuid, tail=""):
    """/api/plugins/telemetry/{entityType}/{entityId}[/tail] (tail may hold a query string)."""
    path = "/api/plugins/telemetry/%s/%s" % (entity_type, entity_uuid)
    return path + ("/" + tail.lstrip("/") if tail else "")


def now_ms():
    return int(time.time() * 1000)


def eventually(check, timeout=5.0, interval=0.05):
    """Runs check() until it stops failing and returns its result; its last failure after
    `timeout`. Device messages are acknowledged once durable in the queue and stored by the
    consumer moments later, so reads after an acknowledgement wait for it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(interval)


class WsClosed(AssertionError):
    """The server closed the WebSocket; .code is the close code (None without a close frame)."""

    def __init__(self, code, reason, seen):
        super().__init__("WebSocket closed by the server (code %s, reason %r); frames before: %s" %
                         (code, reason, seen))
        self.code = code
        self.reason = reason


class WsSession:
    """A WebSocket client session that keeps every frame for assertions.

    Text frames are parsed as JSON (unparsable ones are kept as strings). Frames are queued;
    next_for() takes the first queued or arriving frame of one subscription id, leaving frames
    of other subscriptions queued for later calls.
    """

    LEGACY_PATH = "/api/ws/plugins/telemetry"
    NEW_PATH = "/api/ws"

    def __init__(self, server, token=None, path=LEGACY_PATH, timeout=5.0):
        ws = websocket_module()
        self.url = "ws://127.0.0.1:%d%s" % (server.port, path)
        if token is not None:
            self.url += "?token=" + token
        self.queue = collections.deque()
        self.seen = collections.deque(maxlen=20)
        self.closed = None
        self.ws = ws.create_connection(self.url, timeout=timeout)
        _request_history.append("WS open %s" % path)

    @classmethod
    def open_new(cls, server, token, cmds=None, timeout=5.0):
        """/api/ws, then the first frame {"authCmd": {"cmdId": 0, "token": ...}, "cmds": [...]}."""
        session = cls(server, None, cls.NEW_PATH, timeout)
        first = {"authCmd": {"cmdId": 0, "token": token}}
        if cmds is not None:
            first["cmds"] = cmds
        session.send(first)
        return session

    # -- sending -------------------------------------------------------------------------------

    def send(self, message):
        text = message if isinstance(message, str) else json.dumps(message)
        _request_history.append("WS send %s" % text[:300])
        self.ws.send(text)

    # -- receiving -----------------------------------------------------------------------------

    def _read(self, timeout):
        """One data frame (parsed), None on time-out; raises WsClosed when the server closes."""
        ws = websocket_module()
        if self.closed is not None:
            raise WsClosed(self.closed[0], self.closed[1], list(self.seen))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.ws.settimeout(remaining)
            try:
                opcode, frame = self.ws.recv_data_frame(True)
            except ws.WebSocketTimeoutException:
                return None
            except (ws.WebSocketConnectionClosedException, ws.WebSocketProtocolException,
                    ConnectionError, OSError) as e:
                self.closed = (None, repr(e))
                raise WsClosed(None, repr(e), list(self.seen))
            if opcode == ws.ABNF.OPCODE_CLOSE:
                data = frame.data or b""
                code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
                self.closed = (code, data[2:].decode("utf-8", "replace"))
                _request_history.append("WS closed by server: %s %r" % self.closed)
                raise WsClosed(code, self.closed[1], list(self.seen))
            if opcode in (ws.ABNF.OPCODE_PING, ws.ABNF.OPCODE_PONG):
                continue
            text = frame.data.decode("utf-8", "replace") if isinstance(frame.data, bytes) \
                else frame.data
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = text
            self.seen.append(text[:400])
            _request_history.append("WS recv %s" % text[:300])
            return parsed

    @staticmethod
    def frame_id(frame):
        if not isinstance(frame, dict):
            return None
        return frame.get("subscriptionId", frame.get("cmdId"))

    def next_any(self, timeout=5.0):
        """The next frame whatever its id; None when nothing arrives within timeout."""
        if self.queue:
            return self.queue.popleft()
        return self._read(timeout)

    def next_for(self, sub_id, timeout=5.0, what=""):
        """The next frame whose subscriptionId (or cmdId) is sub_id; fails after timeout."""
        for i, frame in enumerate(self.queue):
            if self.frame_id(frame) == sub_id:
                del self.queue[i]
                return frame
        deadline = time.monotonic() + timeout
        while True:
            frame = self._read(deadline - time.monotonic())
            if frame is None:
                raise AssertionError("%sno frame for subscription %s within %.1f s; frames seen: "
                                     "%s" % (what + ": " if what else "", sub_id, timeout,
                                             list(self.seen)))
            if self.frame_id(frame) == sub_id:
                return frame
            self.queue.append(frame)

    def frames_for(self, sub_id, seconds):
        """Every frame of sub_id queued or arriving within `seconds` (for 'nothing more' checks)."""
        found = [f for f in self.queue if self.frame_id(f) == sub_id]
        self.queue = collections.deque(f for f in self.queue if self.frame_id(f) != sub_id)
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return found
            frame = self._read(remaining)
            if frame is None:
                return found
            if self.frame_id(frame) == sub_id:
                found.append(frame)
            else:
                self.queue.append(frame)

    def wait_closed(self, timeout=5.0):
        """The close code once the server closes the socket; data frames before are collected in
        .queue. Raises AssertionError when the socket is still open after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                frame = self._read(deadline - time.monotonic())
            except WsClosed as closed:
                return closed.code
            if frame is None:
                raise AssertionError("the server did not close the WebSocket within %.1f s; "
                                     "frames seen: %s" % (timeout, list(self.seen)))
            self.queue.append(frame)

    # -- closing -------------------------------------------------------------------------------

    def close(self):
        """Client-initiated close handshake (best effort)."""
        try:
            self.ws.close(timeout=2)
        except Exception:
            pass

    def drop(self):
        """Abrupt end: the TCP connection goes away without a close frame."""
        try:
            self.ws.sock.shutdown(socket.SHUT_RDWR)
        except Exception:
            pass
        try:
            self.ws.sock.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
