"""A loopback stand-in for the parts of a cluster `kubectl secrets seal` reaches: the API server's
service proxy to the sealed-secrets controller (what `kubectl get --raw` and `kubectl create --raw`
ask for), and the controller's own `/v1/cert.pem` (for `--cert URL`).

  python3 sealed_secrets_api.py CERT.pem [NAMESPACE/NAME] [--key KEY.pem]...
      (default kube-system/sealed-secrets-controller)

Serves, under /api/v1/namespaces/NAMESPACE/services/http:NAME:/proxy and at the root:
  GET  /v1/cert.pem   the certificate
  POST /v1/verify     a SealedSecret (JSON): 200 if every value opens with one of the --key keys
                      under the label its metadata gives, 409 if not, 500 if it is no SealedSecret
  POST /v1/rotate     a SealedSecret (JSON): the same object resealed for the last --key, as JSON
                      (200), or 500 when a value does not open
as the controller does (pkg/controller/server.go, AttemptUnseal, Rotate), and a Kubernetes Status
404 elsewhere. Commands: `requests` -> {"paths": [...], "posts": [...]} (the path of every request
so far, and of every POST).
"""
import argparse
import base64
import json
import os
import sys
import threading

from cryptography.hazmat.primitives import serialization

from testserver import Handler, serve

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tools"))
import sealed_secrets_ref as ref  # noqa: E402

paths = []
posts = []
lock = threading.Lock()


def open_all(private_keys, sealed_secret):
    """{key: plaintext} of a SealedSecret, opened under the label its own metadata gives; raises
    when a value does not open (as attemptUnseal fails)."""
    metadata = sealed_secret["metadata"]
    label = ref.label_for(ref.scope_of(metadata.get("annotations")), metadata.get("namespace", ""), metadata["name"])
    opened = {}
    for key, value in sealed_secret["spec"]["encryptedData"].items():
        blob = base64.b64decode(value, validate=True)
        for private_key in private_keys:
            try:
                opened[key] = ref.hybrid_decrypt(private_key, blob, label)
                break
            except Exception:
                continue
        else:
            raise ValueError(f"cannot open {key}")
    return opened, label


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cert")
    parser.add_argument("controller", nargs="?", default="kube-system/sealed-secrets-controller")
    parser.add_argument("--key", action="append", default=[])
    args = parser.parse_args()
    namespace, name = args.controller.split("/")
    proxy = f"/api/v1/namespaces/{namespace}/services/http:{name}:/proxy"
    with open(args.cert, "rb") as f:
        cert = f.read()
    private_keys = []
    for path in args.key:
        with open(path, "rb") as f:
            private_keys.append(serialization.load_pem_private_key(f.read(), password=None))

    def endpoint(path):
        path = path.split("?")[0]
        return path[len(proxy):] if path.startswith(proxy + "/") else path

    class API(Handler):
        def body(self):
            # kubectl create --raw -f - streams its body chunked.
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                return super().body()
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()

        def record(self):
            with lock:
                paths.append(self.path)
                if self.command == "POST":
                    posts.append(self.path)

        def not_found(self):
            self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
                            "message": f"services \"{self.path.split('/services/')[-1].split('/')[0]}\" not found"})

        def do_GET(self):
            self.record()
            if endpoint(self.path) == "/v1/cert.pem":
                self.send(200, cert, content_type="application/x-pem-file")
            else:
                self.not_found()

        def do_POST(self):
            self.record()
            path = endpoint(self.path)
            if path not in ("/v1/verify", "/v1/rotate"):
                return self.not_found()
            sealed = self.json_body()
            if not isinstance(sealed, dict) or sealed.get("kind") != "SealedSecret":
                return self.send(500, b"", content_type="text/plain")
            try:
                opened, label = open_all(private_keys, sealed)
            except Exception:
                # verify: "cannot be unsealed" is a conflict; rotate: an internal error.
                return self.send(409 if path == "/v1/verify" else 500, b"", content_type="text/plain")
            if path == "/v1/verify":
                return self.send(200, b"", content_type="text/plain")
            latest = private_keys[-1].public_key()
            metadata = dict(sealed["metadata"], creationTimestamp=None)
            spec = dict(sealed["spec"])
            spec["encryptedData"] = {key: base64.b64encode(ref.hybrid_encrypt(latest, value, label)).decode()
                                     for key, value in opened.items()}
            self.send(200, {"kind": "SealedSecret", "apiVersion": "bitnami.com/v1alpha1", "metadata": metadata,
                            "spec": spec, "status": {}})

    def commands(line):
        if line == "requests":
            with lock:
                return {"paths": list(paths), "posts": list(posts)}
        return {"error": f"unknown command {line}"}

    serve(API, commands=commands)


if __name__ == "__main__":
    sys.exit(main())
