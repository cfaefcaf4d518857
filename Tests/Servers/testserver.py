"""Shared plumbing for the gitsops test servers.

Every server listens on 127.0.0.1 on a port the kernel picks, prints one JSON line describing
itself ({"port": N, "url": ..., "ca": path-to-CA-PEM when TLS}), then answers one-line commands
on stdin with one JSON line each. It exits when stdin closes or its parent dies, so a test that
crashes cannot leave it running.
"""
import datetime
import ipaddress
import json
import os
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def die_with_parent():
    """Exits when the test process dies (re-parenting). Not PR_SET_PDEATHSIG: that follows the
    thread that spawned us, and tests start servers from short-lived threads."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def make_tls_context(workdir):
    """A throwaway CA and a server certificate for 127.0.0.1/localhost; returns (context, ca_path)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gitsops test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    os.makedirs(workdir, exist_ok=True)
    ca_path = os.path.join(workdir, "ca.pem")
    cert_path = os.path.join(workdir, "server.pem")
    key_path = os.path.join(workdir, "server.key")
    with open(ca_path, "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, ca_path


class InFlight:
    """Counts requests being handled now, the most at any one time, and all so far."""

    def __init__(self):
        self.lock = threading.Lock()
        self.current = 0
        self.max = 0
        self.total = 0

    def __enter__(self):
        with self.lock:
            self.current += 1
            self.total += 1
            self.max = max(self.max, self.current)

    def __exit__(self, *exc):
        with self.lock:
            self.current -= 1

    def stats(self):
        with self.lock:
            return {"max_concurrent": self.max, "total": self.total}

    def reset(self):
        with self.lock:
            self.max = self.current
            self.total = 0


def no_delay(sock):
    """Sends small writes at once: a response's header and body writes would otherwise wait on
    the client's delayed ACK (Nagle), adding ~40 ms to every request."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        no_delay(self.connection)

    def log_message(self, *args):
        pass

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def json_body(self):
        try:
            return json.loads(self.body() or b"null")
        except ValueError:
            return None

    def send(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes concurrent clients wait for SYN retries.
    request_queue_size = 256


def serve(handler, *, tls=False, workdir=None, info=None, commands=None, prepare=None):
    """Runs `handler` until stdin closes. `commands(line)` answers stdin commands with a dict;
    `prepare(described)` may add to the self-description once the address is known."""
    die_with_parent()
    server = Server(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    described = {"port": port, "url": f"{'https' if tls else 'http'}://127.0.0.1:{port}"}
    if tls:
        context, ca_path = make_tls_context(workdir)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        described["ca"] = ca_path
    described.update(info or {})
    if prepare:
        prepare(described)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    command_loop(described, commands)
    server.shutdown()


def stats_only(log, lock):
    """The commands of a server whose only command is "stats": {"requests": the request log}."""
    def commands(line):
        if line == "stats":
            with lock:
                return {"requests": list(log)}
        return {"error": f"unknown command {line}"}
    return commands


def command_loop(described, commands):
    print(json.dumps(described), flush=True)
    for line in sys.stdin:
        line = line.strip()
        try:
            reply = commands(line) if commands else {"error": "no commands"}
        except Exception as error:  # report, keep serving
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)
