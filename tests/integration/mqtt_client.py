"""MQTT clients for the scenario tests: Eclipse Paho (Debian's python3-paho-mqtt, 3.1.1 and 5)
wrapped so each test reads what a device received, and mosquitto_pub run as a real device would.
"""
import os
import queue
import subprocess
import sys
import threading

import harness

WAIT = 5.0


def paho():
    """The paho.mqtt.client module of Debian's package (see harness.websocket_module)."""
    try:
        import paho.mqtt.client as client
    except ImportError:
        if harness.DEBIAN_DIST_PACKAGES not in sys.path:
            sys.path.append(harness.DEBIAN_DIST_PACKAGES)
        try:
            import paho.mqtt.client as client
        except ImportError:
            raise harness.ServerError("python module 'paho' missing: install the Debian package "
                                      "python3-paho-mqtt (tools/install_deps.sh)")
    return client


class Device:
    """One Paho connection. Received messages queue up; connect/disconnect codes are kept."""

    def __init__(self, port, username=None, password=None, client_id="", v5=False,
                 keepalive=60, tls_ca=None, connect=True):
        mqtt = paho()
        self.v5 = v5
        protocol = mqtt.MQTTv5 if v5 else mqtt.MQTTv311
        self.client = mqtt.Client(client_id=client_id, protocol=protocol,
                                  clean_session=None if v5 else True, reconnect_on_failure=False)
        if username is not None or password is not None:
            self.client.username_pw_set(username, password)
        if tls_ca:
            self.client.tls_set(ca_certs=tls_ca)
        self.messages = queue.Queue()
        self.connack = None
        self.connected = threading.Event()
        self.disconnect_code = None
        self.disconnected = threading.Event()
        self.acked = set()
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = lambda c, u, m: self.messages.put((m.topic, m.payload.decode()))
        self.client.on_publish = lambda c, u, mid: self.acked.add(mid)
        if connect:
            self.connect(port, keepalive)

    def _on_connect(self, client, userdata, flags, rc, properties=None):
        self.connack = int(rc.value if hasattr(rc, "value") else rc)
        self.connected.set()

    def _on_disconnect(self, client, userdata, rc, properties=None):
        # Paho reports a server's DISCONNECT reason, then may report the lost connection (7)
        # too: the first code is the server's.
        if self.disconnect_code is None:
            self.disconnect_code = int(rc.value if hasattr(rc, "value") else rc)
        self.disconnected.set()

    def connect(self, port, keepalive=60):
        self.client.connect("127.0.0.1", port, keepalive)
        self.client.loop_start()
        if not self.connected.wait(WAIT):
            raise AssertionError("no CONNACK within %.0f s" % WAIT)
        return self.connack

    def subscribe(self, topic, qos=1):
        """Subscribes and waits for the SUBACK; answers the granted codes."""
        granted = queue.Queue()
        self.client.on_subscribe = lambda c, u, mid, codes, *props: granted.put(codes)
        self.client.subscribe(topic, qos)
        codes = granted.get(timeout=WAIT)
        return [int(getattr(code, "value", code)) for code in codes]

    def publish(self, topic, payload, qos=1, wait=True):
        """Publishes; with wait, returns once the server acknowledged (QoS 1)."""
        info = self.client.publish(topic, payload, qos)
        if wait and qos > 0:
            info.wait_for_publish(WAIT)
            if not info.is_published():
                raise AssertionError("no PUBACK for %s within %.0f s" % (topic, WAIT))
        return info

    def next_message(self, timeout=WAIT, what=""):
        try:
            return self.messages.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no message within %.1f s %s" % (timeout, what))

    def no_message(self, seconds):
        try:
            message = self.messages.get(timeout=seconds)
        except queue.Empty:
            return
        raise AssertionError("unexpected message %r" % (message,))

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def mosquitto_pub(port, topic, message, username=None, qos=1, version="mqttv311", extra=()):
    """Publishes one message with mosquitto_pub; answers (exit code, output with -d lines)."""
    args = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-m", message,
            "-q", str(qos), "-V", version, "-d"]
    if username is not None:
        args += ["-u", username]
    out = subprocess.run(args + list(extra), capture_output=True, text=True, timeout=15,
                         env=dict(os.environ))
    return out.returncode, out.stdout + out.stderr
