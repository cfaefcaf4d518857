"""A stand-in for Azure Key Vault and the Azure token endpoints, over HTTPS (own CA).

Usage: azure_keyvault.py WORKDIR
  POST /{tenant}/oauth2/v2.0/token        Entra ID client credentials: client_secret, or a federated
                                          client_assertion (workload identity); checks scope
  GET  /msi/token?api-version=2019-08-01  App Service managed identity (X-IDENTITY-HEADER)
  GET  /metadata/identity/oauth2/token    instance metadata managed identity (Metadata: true)
  POST /keys/{name}[/{version}]/encrypt|decrypt?api-version=7.5
        Bearer token required; body {"alg": "RSA-OAEP-256", "value": base64url}; answers
        {"kid", "value"} like Key Vault, and Key Vault's error shapes (401 with WWW-Authenticate,
        403 Forbidden, 404 KeyNotFound, 400 BadParameter).
Keys: "sops" (may encrypt/decrypt) and "signing-only" (key_ops sign/verify: encrypt is forbidden).
Client "reader" gets tokens but has no crypto permission (ForbiddenByRbac).
Commands: "decrypt NAME ENC" (oracle, strict unpadded base64url) -> {"plaintext": hex};
          "encrypt NAME HEX" -> {"enc"} as sops writes it; "stats" -> {"requests": [[method, path], ...]}
"""
import base64
import json
import secrets
import sys
import threading
import time
from urllib.parse import parse_qs, urlparse

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from testserver import Handler, serve

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CLIENTS = {"sops-app": "app-secret-value", "reader": "reader-secret"}
FEDERATED = {"workload-app": "eyJhbGciOiJSUzI1NiJ9.federated.c2ln"}
IDENTITY_HEADER = "identity-header-secret"
SCOPE = "https://vault.azure.net/.default"
RESOURCE = "https://vault.azure.net"
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)

keys = {name: {"version": secrets.token_hex(16), "key": rsa.generate_private_key(public_exponent=65537, key_size=2048), "ops": ops}
        for name, ops in [("sops", ["encrypt", "decrypt", "wrapKey", "unwrapKey"]), ("signing-only", ["sign", "verify"])]}
tokens = {}  # token -> (client, expiry)
log = []
lock = threading.Lock()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    if "=" in text or "+" in text or "/" in text:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(client, lifetime=3599):
    token = secrets.token_urlsafe(24)
    with lock:
        tokens[token] = (client, time.time() + lifetime)
    return token


def kv_error(status, code, message, inner=None):
    error = {"code": code, "message": message}
    if inner:
        error["innererror"] = {"code": inner}
    return status, {"error": error}


class AzureHandler(Handler):
    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def reply(self, status, body, headers=()):
        with lock:
            log.append([self.command, urlparse(self.path).path])
        self.send(status, body, headers=headers)

    def route(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        raw = self.body()
        if url.path == f"/{TENANT}/oauth2/v2.0/token" and self.command == "POST":
            return self.reply(*self.token(parse_qs(raw.decode())))
        if url.path == "/msi/token":
            if self.headers.get("X-IDENTITY-HEADER") != IDENTITY_HEADER or query.get("api-version") != "2019-08-01":
                return self.reply(400, {"error": "invalid_request", "error_description": "bad identity header or api-version"})
            if query.get("resource") != RESOURCE:
                return self.reply(400, {"error": "invalid_resource", "error_description": "unexpected resource"})
            return self.reply(200, {"access_token": issue("managed"), "expires_on": str(int(time.time()) + 3599),
                                    "resource": RESOURCE, "token_type": "Bearer", "client_id": "managed"})
        if url.path == "/metadata/identity/oauth2/token":
            if self.headers.get("Metadata") != "true" or query.get("resource") != RESOURCE:
                return self.reply(400, {"error": "invalid_request", "error_description": "Required metadata header not specified"})
            return self.reply(200, {"access_token": issue("managed"), "expires_in": "3599",
                                    "expires_on": str(int(time.time()) + 3599), "resource": RESOURCE, "token_type": "Bearer"})
        parts = url.path.strip("/").split("/")
        if len(parts) == 3:  # keys/{name}/{operation}: the current version
            parts = [parts[0], parts[1], keys.get(parts[1], {}).get("version", ""), parts[2]]
        if len(parts) == 4 and parts[0] == "keys" and parts[3] in ("encrypt", "decrypt") and self.command == "POST":
            status, body = self.crypto(parts[1], parts[2], parts[3], query, raw)
            # Key Vault's challenge names the tenant and resource a client should get a token for.
            challenge = [("WWW-Authenticate", f'Bearer authorization="https://login.microsoftonline.com/{TENANT}", resource="{RESOURCE}"')]
            return self.reply(status, body, headers=challenge if status == 401 else ())
        return self.reply(404, {"error": {"code": "NotFound", "message": "no such route"}})

    def token(self, form):
        form = {k: v[0] for k, v in form.items()}
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type", "error_description": "AADSTS70003"}
        if form.get("scope") != SCOPE:
            return 400, {"error": "invalid_scope", "error_description": "AADSTS70011: The provided value for scope is not valid."}
        client = form.get("client_id")
        if "client_secret" in form:
            if CLIENTS.get(client) != form["client_secret"]:
                return 401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}
        elif form.get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            if FEDERATED.get(client) != form.get("client_assertion"):
                return 400, {"error": "invalid_client", "error_description": "AADSTS700213: No matching federated identity record found."}
        else:
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000216: client_assertion or client_secret is required."}
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": issue(client)}

    def crypto(self, name, version, operation, query, raw):
        if query.get("api-version") != "7.5":
            return kv_error(400, "BadParameter", "The specified version is not supported.")
        auth = self.headers.get("Authorization", "")
        with lock:
            client, expiry = tokens.get(auth[len("Bearer "):], (None, 0)) if auth.startswith("Bearer ") else (None, 0)
        if client is None or expiry < time.time():
            return kv_error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
        if client == "reader":
            return kv_error(403, "Forbidden", f"Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/keys/{operation}/action'",
                            "ForbiddenByRbac")
        key = keys.get(name)
        if key is None or key["version"] != version:
            return kv_error(404, "KeyNotFound", f"A key with (name/id) {name}/{version} was not found in this key vault.")
        if operation not in key["ops"]:
            return kv_error(403, "Forbidden", f"Operation {operation} is not permitted on this key.", "KeyOperationForbidden")
        try:
            body = json.loads(raw)
            value = base64.urlsafe_b64decode(body["value"] + "=" * (-len(body["value"]) % 4))
        except (ValueError, KeyError, TypeError):
            return kv_error(400, "BadParameter", "Property has invalid value")
        if body.get("alg") != "RSA-OAEP-256":
            return kv_error(400, "BadParameter", "Invalid algorithm")
        kid = f"https://{self.headers['Host']}/keys/{name}/{version}"
        if operation == "encrypt":
            return 200, {"kid": kid, "value": b64url(key["key"].public_key().encrypt(value, OAEP))}
        try:
            return 200, {"kid": kid, "value": b64url(key["key"].decrypt(value, OAEP))}
        except ValueError:
            return kv_error(400, "BadParameter", "Error occurred while decrypting data.")


def commands(line):
    words = line.split()
    if words[0] == "decrypt":
        return {"plaintext": keys[words[1]]["key"].decrypt(unb64url(words[2]), OAEP).hex()}
    if words[0] == "encrypt":
        return {"enc": b64url(keys[words[1]]["key"].public_key().encrypt(bytes.fromhex(words[2]), OAEP))}
    if words[0] == "issue":  # a token for CLIENT, as `az login` would hold one
        return {"token": issue(words[1])}
    if words[0] == "stats":
        with lock:
            return {"requests": list(log)}
    return {"error": f"unknown command {line}"}


if __name__ == "__main__":
    info = {"tenant": TENANT, "clients": CLIENTS, "federated": FEDERATED, "identity_header": IDENTITY_HEADER,
            "versions": {name: key["version"] for name, key in keys.items()}}
    serve(AzureHandler, tls=True, workdir=sys.argv[1], info=info, commands=commands)
