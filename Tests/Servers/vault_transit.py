"""A stand-in for HashiCorp Vault's transit secrets engine (plain HTTP as `vault server -dev`, or
HTTPS with its own CA: vault_transit.py --tls WORKDIR).

  POST /v1/{mount}/encrypt/{key}   {"plaintext": base64} -> {"data": {"ciphertext": "vault:v1:…", "key_version": 1}}
  POST /v1/{mount}/decrypt/{key}   {"ciphertext": "vault:v1:…"} -> {"data": {"plaintext": base64}}
X-Vault-Token is checked against the namespace in X-Vault-Namespace; errors use Vault's
{"errors": [...]} shape (403 permission denied, 404 no handler for route, 400 for bad input).
Mounts: root namespace "transit" and "sops/transit"; namespace "team-a" has its own "transit".
Tokens: root-token (root namespace), team-token (namespace team-a), reader-token (no transit rights).
Encrypting with an unknown key name creates the key, as Vault's transit engine does.
Commands: "decrypt NAMESPACE MOUNT KEY CIPHERTEXT" / "encrypt NAMESPACE MOUNT KEY HEX" (oracle; "-" for
the root namespace), "stats" -> {"requests": [[path, namespace], ...]}.
"""
import base64
import json
import os
import sys
import threading
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from testserver import Handler, serve

MOUNTS = {("", "transit"), ("", "sops/transit"), ("team-a", "transit")}
TOKENS = {"root-token": ("", True), "team-token": ("team-a", True), "reader-token": ("", False)}
keys = {}  # (namespace, mount, name) -> AES key
log = []
lock = threading.Lock()


def key_for(namespace, mount, name, create):
    with lock:
        if (namespace, mount, name) not in keys and create:
            keys[(namespace, mount, name)] = AESGCM.generate_key(256)
        return keys.get((namespace, mount, name))


def encrypt(key, plaintext):
    nonce = os.urandom(12)
    return "vault:v1:" + base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, None)).decode()


def decrypt(key, ciphertext):
    if not ciphertext.startswith("vault:v1:"):
        raise ValueError("invalid ciphertext: no prefix")
    data = base64.b64decode(ciphertext[len("vault:v1:"):], validate=True)
    return AESGCM(key).decrypt(data[:12], data[12:], None)


class VaultHandler(Handler):
    def do_POST(self):
        raw = self.body()
        namespace = self.headers.get("X-Vault-Namespace", "").strip("/")
        with lock:
            log.append([self.path, namespace])
        status, body = self.handle_transit(namespace, raw)
        if status == 200:
            body = {"request_id": str(uuid.uuid4()), "lease_id": "", "renewable": False, "lease_duration": 0,
                    "data": body, "wrap_info": None, "warnings": None, "auth": None, "mount_type": "transit"}
        self.send(status, body)

    def handle_transit(self, namespace, raw):
        token = TOKENS.get(self.headers.get("X-Vault-Token", ""))
        if token is None or token[0] != namespace or self.headers.get("X-Vault-Request") != "true":
            return 403, {"errors": ["permission denied"]}
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) < 4 or parts[0] != "v1" or parts[-2] not in ("encrypt", "decrypt"):
            return 404, {"errors": [f"no handler for route \"{self.path}\". route entry not found."]}
        mount, operation, name = "/".join(parts[1:-2]), parts[-2], parts[-1]
        if (namespace, mount) not in MOUNTS:
            return 404, {"errors": [f"no handler for route \"{mount}/{operation}/{name}\". route entry not found."]}
        if not token[1]:
            return 403, {"errors": ["1 error occurred:\n\t* permission denied\n\n"]}
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {"errors": ["failed to parse JSON input"]}
        if operation == "encrypt":
            try:
                plaintext = base64.b64decode(body.get("plaintext", ""), validate=True)
            except ValueError:
                return 400, {"errors": ["failed to base64-decode plaintext"]}
            return 200, {"ciphertext": encrypt(key_for(namespace, mount, name, True), plaintext), "key_version": 1}
        key = key_for(namespace, mount, name, False)
        if key is None:
            return 400, {"errors": ["encryption key not found"]}
        try:
            return 200, {"plaintext": base64.b64encode(decrypt(key, body.get("ciphertext", ""))).decode()}
        except (ValueError, InvalidTag) as error:
            return 400, {"errors": [str(error) if "prefix" in str(error) else "cipher: message authentication failed"]}


def commands(line):
    words = line.split()
    namespace = "" if len(words) < 2 or words[1] == "-" else words[1]
    if words[0] == "decrypt":
        return {"plaintext": decrypt(key_for(namespace, words[2], words[3], False), words[4]).hex()}
    if words[0] == "encrypt":
        return {"enc": encrypt(key_for(namespace, words[2], words[3], True), bytes.fromhex(words[4]))}
    if words[0] == "stats":
        with lock:
            return {"requests": list(log)}
    return {"error": f"unknown command {line}"}


if __name__ == "__main__":
    tls = len(sys.argv) > 2 and sys.argv[1] == "--tls"
    serve(VaultHandler, tls=tls, workdir=sys.argv[2] if tls else None, commands=commands)
