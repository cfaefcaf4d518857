"""A stand-in for Google Cloud KMS, Google's OAuth token endpoint and the GCE metadata server.

Usage: gcp_kms.py WORKDIR
HTTPS (own CA):
  POST /token     jwt-bearer grant: verifies the RS256 JWT (signature with the service account's
                  public key, kid, iss, aud, scope, iat/exp); refresh_token grant for an authorized user
  POST /v1/projects/P/locations/L/keyRings/R/cryptoKeys/K:encrypt|decrypt
                  Bearer token required; {"plaintext"} / {"ciphertext"} in standard base64; Google's
                  error shape {"error": {"code", "message", "status"}}
Plain HTTP, second port ("metadata_port"):
  GET /computeMetadata/v1/instance/service-accounts/default/token   (Metadata-Flavor: Google)
  POST /v1/token  Security Token Service: exchanges the workload identity subject token (an OIDC
                  token as a CI provider issues it) for a federated access token
  POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken   impersonation (federated token)
  GET  /subject-token   the subject token as JSON {"id_token"}, for URL-sourced credentials
                        (header "Metadata: True" required)
Writes WORKDIR/service-account.json (a real RSA key), WORKDIR/authorized-user.json, and
external_account files: external-file.json (subject token from WORKDIR/oidc-token, direct access)
and external-url.json (subject token from the URL, then impersonating the service account).
Keys: key ring "sops", keys "main" (usable) and "locked" (encrypt/decrypt denied).
Commands: "decrypt RESOURCE B64" / "encrypt RESOURCE HEX" (oracle), "stats" -> {"requests"}.
"""
import base64
import json
import os
import secrets
import sys
import threading
import time
from urllib.parse import parse_qs, urlparse

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from testserver import Handler, Server, serve

workdir = sys.argv[1]
os.makedirs(workdir, exist_ok=True)
PROJECT_PATH = "projects/gitsops-test/locations/global/keyRings/sops/cryptoKeys/"
KEYS = {PROJECT_PATH + "main": AESGCM.generate_key(256), PROJECT_PATH + "locked": AESGCM.generate_key(256)}
SCOPES = {"https://www.googleapis.com/auth/cloudkms", "https://www.googleapis.com/auth/cloud-platform"}
sa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
sa_key_id = secrets.token_hex(20)
SA_EMAIL = "sops@gitsops-test.iam.gserviceaccount.com"
USER = {"client_id": "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com",
        "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty", "refresh_token": "1//0gRefresh-" + secrets.token_hex(8)}
AUDIENCE = "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/ci/providers/github"
SUBJECT = "eyJhbGciOiJSUzI1NiJ9.oidc-" + secrets.token_hex(16)
FEDERATED = "federated:" + AUDIENCE
tokens = {}
log = []
lock = threading.Lock()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(who):
    token = "ya29." + secrets.token_urlsafe(24)
    with lock:
        tokens[token] = (who, time.time() + 3599)
    return token


def google_error(code, status, message):
    return code, {"error": {"code": code, "message": message, "status": status}}


def check_jwt(assertion, audience):
    try:
        header_b64, claims_b64, signature_b64 = assertion.split(".")
        header, claims = json.loads(b64url_decode(header_b64)), json.loads(b64url_decode(claims_b64))
        sa_key.public_key().verify(b64url_decode(signature_b64), f"{header_b64}.{claims_b64}".encode(),
                                   padding.PKCS1v15(), hashes.SHA256())
    except (ValueError, InvalidSignature):
        return "Invalid JWT Signature."
    now = time.time()
    if header.get("alg") != "RS256" or header.get("kid") != sa_key_id:
        return "Invalid JWT header."
    if claims.get("iss") != SA_EMAIL or claims.get("aud") != audience:
        return "Invalid JWT: iss or aud."
    if not set(claims.get("scope", "").split()) & SCOPES:
        return "Invalid OAuth scope or ID token audience provided."
    if not (claims["iat"] - 300 <= now <= claims["exp"] + 300) or claims["exp"] - claims["iat"] > 3600:
        return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
    return None


class GCPHandler(Handler):
    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def reply(self, status, body, headers=()):
        with lock:
            log.append([self.command, urlparse(self.path).path])
        self.send(status, body, headers=headers)

    def route(self):
        path = urlparse(self.path).path
        raw = self.body()
        if path == "/computeMetadata/v1/instance/service-accounts/default/token":
            if self.headers.get("Metadata-Flavor") != "Google":
                return self.reply(403, "Missing Metadata-Flavor:Google header.", )
            return self.reply(200, {"access_token": issue("metadata"), "expires_in": 3599, "token_type": "Bearer"},
                              headers=[("Metadata-Flavor", "Google")])
        if path == "/token" and self.command == "POST":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            audience = f"https://{self.headers['Host']}/token"
            if form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer":
                problem = check_jwt(form.get("assertion", ""), audience)
                if problem:
                    return self.reply(400, {"error": "invalid_grant", "error_description": problem})
                return self.reply(200, {"access_token": issue(SA_EMAIL), "expires_in": 3599, "token_type": "Bearer"})
            if form.get("grant_type") == "refresh_token":
                if any(form.get(k) != USER[k] for k in USER):
                    return self.reply(400, {"error": "invalid_grant", "error_description": "Bad Request"})
                return self.reply(200, {"access_token": issue("user"), "expires_in": 3599, "token_type": "Bearer",
                                        "scope": "https://www.googleapis.com/auth/cloud-platform"})
            return self.reply(400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"})
        if path == "/subject-token":
            if self.headers.get("Metadata") != "True":
                return self.reply(400, "missing header")
            return self.reply(200, {"id_token": SUBJECT})
        if path == "/v1/token" and self.command == "POST":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            expected = {"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "audience": AUDIENCE,
                        "subject_token": SUBJECT, "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
                        "requested_token_type": "urn:ietf:params:oauth:token-type:access_token"}
            wrong = [k for k in expected if form.get(k) != expected[k]]
            if wrong or not set(form.get("scope", "").split()) & SCOPES:
                return self.reply(400, {"error": "invalid_grant", "error_description": f"Bad {', '.join(wrong) or 'scope'}"})
            return self.reply(200, {"access_token": issue(FEDERATED), "issued_token_type": expected["requested_token_type"],
                                    "token_type": "Bearer", "expires_in": 3599})
        if path == f"/v1/projects/-/serviceAccounts/{SA_EMAIL}:generateAccessToken" and self.command == "POST":
            auth = self.headers.get("Authorization", "")
            with lock:
                who, expiry = tokens.get(auth[len("Bearer "):], (None, 0)) if auth.startswith("Bearer ") else (None, 0)
            if who != FEDERATED or expiry < time.time():
                return self.reply(*google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
            if not set(json.loads(raw).get("scope", [])) & SCOPES:
                return self.reply(*google_error(400, "INVALID_ARGUMENT", "Scope required."))
            expire = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3599))
            return self.reply(200, {"accessToken": issue(SA_EMAIL), "expireTime": expire})
        if path.startswith("/v1/") and self.command == "POST" and ":" in path:
            resource, method = path[len("/v1/"):].rsplit(":", 1)
            return self.reply(*self.kms(resource, method, raw))
        return self.reply(*google_error(404, "NOT_FOUND", "The requested URL was not found on this server."))

    def kms(self, resource, method, raw):
        auth = self.headers.get("Authorization", "")
        with lock:
            who, expiry = tokens.get(auth[len("Bearer "):], (None, 0)) if auth.startswith("Bearer ") else (None, 0)
        if who is None or expiry < time.time():
            return google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
        if resource not in KEYS:
            return google_error(404, "NOT_FOUND", f"CryptoKey {resource} not found.")
        if resource.endswith("/locked"):
            permission = "useToEncrypt" if method == "encrypt" else "useToDecrypt"
            return google_error(403, "PERMISSION_DENIED", f"Permission 'cloudkms.cryptoKeyVersions.{permission}' denied on resource '{resource}' (or it may not exist).")
        try:
            body = json.loads(raw)
        except ValueError:
            return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        aead = AESGCM(KEYS[resource])
        if method == "encrypt" and "plaintext" in body:
            nonce = os.urandom(12)
            ciphertext = nonce + aead.encrypt(nonce, base64.b64decode(body["plaintext"]), resource.encode())
            return 200, {"name": resource + "/cryptoKeyVersions/1", "ciphertext": base64.b64encode(ciphertext).decode(),
                         "protectionLevel": "SOFTWARE"}
        if method == "decrypt" and "ciphertext" in body:
            data = base64.b64decode(body["ciphertext"])
            try:
                plaintext = aead.decrypt(data[:12], data[12:], resource.encode())
            except (InvalidTag, ValueError):
                return google_error(400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.")
            return 200, {"plaintext": base64.b64encode(plaintext).decode(), "usedPrimary": True, "protectionLevel": "SOFTWARE"}
        return google_error(400, "INVALID_ARGUMENT", f"Invalid {method} request.")


def commands(line):
    words = line.split()
    if words[0] == "decrypt":
        data = base64.b64decode(words[2], validate=True)
        return {"plaintext": AESGCM(KEYS[words[1]]).decrypt(data[:12], data[12:], words[1].encode()).hex()}
    if words[0] == "encrypt":
        nonce = os.urandom(12)
        data = nonce + AESGCM(KEYS[words[1]]).encrypt(nonce, bytes.fromhex(words[2]), words[1].encode())
        return {"enc": base64.b64encode(data).decode()}
    if words[0] == "stats":
        with lock:
            return {"requests": list(log)}
    return {"error": f"unknown command {line}"}


if __name__ == "__main__":
    metadata = Server(("127.0.0.1", 0), GCPHandler)
    threading.Thread(target=metadata.serve_forever, daemon=True).start()

    def write_credentials_files(described):
        token_uri = described["url"] + "/token"
        pem = sa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()).decode()
        files = {"service-account.json": {"type": "service_account", "project_id": "gitsops-test",
                                          "private_key_id": sa_key_id, "private_key": pem, "client_email": SA_EMAIL,
                                          "client_id": "1234567890", "token_uri": token_uri},
                 "authorized-user.json": dict(USER, type="authorized_user", token_uri=token_uri),
                 "external-file.json": {"type": "external_account", "audience": AUDIENCE,
                                        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
                                        "token_url": described["url"] + "/v1/token",
                                        "credential_source": {"file": os.path.join(workdir, "oidc-token")}},
                 "external-url.json": {"type": "external_account", "audience": AUDIENCE,
                                       "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
                                       "token_url": described["url"] + "/v1/token",
                                       "service_account_impersonation_url": described["url"]
                                       + f"/v1/projects/-/serviceAccounts/{SA_EMAIL}:generateAccessToken",
                                       "credential_source": {"url": described["url"] + "/subject-token",
                                                             "headers": {"Metadata": "True"},
                                                             "format": {"type": "json", "subject_token_field_name": "id_token"}}}}
        with open(os.path.join(workdir, "oidc-token"), "w") as f:
            f.write(SUBJECT)
        for name, content in files.items():
            with open(os.path.join(workdir, name), "w") as f:
                json.dump(content, f)
            described[name] = os.path.join(workdir, name)
        described["metadata_port"] = metadata.server_address[1]
        described["resource_prefix"] = PROJECT_PATH

    serve(GCPHandler, tls=True, workdir=workdir, commands=commands, prepare=write_credentials_files)
