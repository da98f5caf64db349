# Processes for the load part of `make bench`: a Pacificsoft server and a Mosquitto broker on
# free loopback ports with temp dirs, mqtt_load runs, RSS readings and the WebSocket latency
# subscriber (tools/ws_latency).
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

LOADER_MAX_DEVICES = 15000  # per mqtt_load process: its connections stay under 20000 open files


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS for pid %d" % pid)


def wait_port(port, proc, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("process exited with %s before listening" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nothing listens on port %d after %d s" % (port, seconds))


class Broker:
    """A server process under test; stop() with SIGTERM, then SIGKILL after 15 s."""

    name = "broker"

    def __init__(self):
        self.proc = None
        self.dir = tempfile.mkdtemp(prefix="ps-bench-%s-" % self.name)
        self.mqtt_port = free_port()

    def rss_kb(self):
        return rss_kb(self.proc.pid)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Pacificsoft(Broker):
    name = "pacificsoft"

    def __init__(self, binary, extra_env=None):
        super().__init__()
        self.http_port = free_port()
        env = dict(os.environ, **(extra_env or {}))
        env.update(HTTP_BIND_ADDRESS="127.0.0.1", HTTP_BIND_PORT=str(self.http_port),
                   MQTT_BIND_ADDRESS="127.0.0.1", MQTT_BIND_PORT=str(self.mqtt_port),
                   COAP_ENABLED="false", PACIFICSOFT_DATA_DIR=os.path.join(self.dir, "data"),
                   INSTALL_LOAD_DEMO="true", LOG_LEVEL="warn")
        self.log = open(os.path.join(tempfile.gettempdir(), "ps-bench-server.log"), "w")
        self.proc = subprocess.Popen([binary], env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.dir)
        wait_port(self.http_port, self.proc)
        wait_port(self.mqtt_port, self.proc)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.http_port


class Mosquitto(Broker):
    name = "mosquitto"

    def __init__(self, binary):
        super().__init__()
        conf = os.path.join(self.dir, "mosquitto.conf")
        with open(conf, "w") as out:
            out.write("listener %d 127.0.0.1\nallow_anonymous true\npersistence false\n"
                      "log_dest none\nmax_connections -1\n" % self.mqtt_port)
        self.proc = subprocess.Popen([binary, "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        wait_port(self.mqtt_port, self.proc)


class PostgresCluster:
    """A throwaway PostgreSQL cluster of Debian's binaries on a free loopback port, with its
    durability settings left at the defaults (fsync, synchronous_commit on), as SQLite's FULL."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise FileNotFoundError("no PostgreSQL binaries (tests/postgres/run.sh installs them)")
        self.bin = bins[-1]
        self.dir = tempfile.mkdtemp(prefix="ps-bench-pg-")
        self.port = free_port()
        self.run_as = []
        if os.getuid() == 0:
            owner = "postgres" if subprocess.run(["id", "postgres"], capture_output=True
                                                 ).returncode == 0 else "nobody"
            shutil.chown(self.dir, owner)
            self.run_as = ["runuser", "-u", owner, "--"]
        data = os.path.join(self.dir, "data")
        subprocess.run(self.run_as + [self.bin + "/initdb", "-D", data, "-U", "postgres",
                                      "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, capture_output=True)
        subprocess.run(self.run_as + [self.bin + "/pg_ctl", "-D", data, "-l",
                                      os.path.join(self.dir, "server.log"), "-w", "start", "-o",
                                      "-c listen_addresses=127.0.0.1 -p %d -k %s "
                                      "-c max_connections=200 -c shared_buffers=256MB"
                                      % (self.port, self.dir)],
                       check=True, capture_output=True)
        subprocess.run([self.bin + "/psql", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                        "postgres", "-c", "CREATE DATABASE bench"], check=True)
        self.url = "postgresql://postgres@127.0.0.1:%d/bench" % self.port

    def stop(self):
        subprocess.run(self.run_as + [self.bin + "/pg_ctl", "-D", os.path.join(self.dir, "data"),
                                      "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def parse_result(line):
    return {k: (float(v) if v.replace(".", "", 1).lstrip("-").isdigit() else v)
            for k, v in (item.split("=", 1) for item in line.split()[1:])}


def run_load(loader, port, args, timeout=120):
    """One mqtt_load publish run; answers its RESULT as a dict (with 'command')."""
    cmd = [loader, "--port", str(port)] + [str(a) for a in args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    lines = [l for l in done.stdout.splitlines() if l.startswith("RESULT ")]
    if not lines:
        raise RuntimeError("mqtt_load failed (%d): %s" % (done.returncode, done.stderr[-2000:]))
    result = parse_result(lines[-1])
    result["command"] = " ".join(os.path.basename(c) if c == loader else c for c in cmd)
    return result


def hold_memory(broker, loader, devices, settle_s=3.0):
    """RSS of the broker empty, then with `devices` idle authenticated connections (mqtt_load
    --mode hold, several processes past LOADER_MAX_DEVICES); answers a dict of figures."""
    time.sleep(1.0)
    empty = broker.rss_kb()
    procs, connected = [], 0
    for first in range(0, devices, LOADER_MAX_DEVICES):
        count = min(LOADER_MAX_DEVICES, devices - first)
        procs.append(subprocess.Popen(
            [loader, "--port", str(broker.mqtt_port), "--mode", "hold", "--devices", str(count),
             "--first-index", str(first), "--duration", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
    try:
        for proc in procs:
            line = proc.stdout.readline()  # "HOLD connected=N failed=M" once all answered
            connected += int(parse_result(line).get("connected", 0)) if line else 0
        time.sleep(settle_s)
        held = broker.rss_kb()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)
        for proc in procs:
            proc.wait(30)
    per_kb = (held - empty) / connected if connected else float("nan")
    return {"devices": devices, "connected": connected, "empty_kb": empty, "held_kb": held,
            "per_connection_kb": per_kb,
            "command": "mqtt_load --mode hold --devices %d --duration 0" % devices}


class WsLatency:
    """tools/ws_latency subscribed over the telemetry WebSocket to key "tx" of some devices: per
    update, receive time minus the "tx" value (the publisher's send time in microseconds)."""

    def __init__(self, binary, server, jwt, device_ids):
        self.proc = subprocess.Popen(
            [binary, "--port", str(server.http_port), "--token", jwt] + list(device_ids),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "READY":
            self.proc.kill()
            raise RuntimeError("ws_latency could not subscribe (exit %s)" % self.proc.wait())

    def start(self):
        self.proc.stdin.write("start\n")
        self.proc.stdin.flush()

    def stop(self):
        """Answers the RESULT figures: updates, p50_ms, p90_ms, p99_ms, max_ms."""
        out, _ = self.proc.communicate("stop\n", timeout=30)
        lines = [l for l in out.splitlines() if l.startswith("RESULT ")]
        if not lines:
            raise RuntimeError("ws_latency gave no result (exit %s)" % self.proc.returncode)
        return parse_result(lines[-1])
