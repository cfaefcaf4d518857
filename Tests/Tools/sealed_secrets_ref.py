"""An independent implementation of the sealed-secrets controller's scheme, for gitsops' tests.

Written from the scheme's description (sealed-secrets docs/developer/crypto.md and
pkg/crypto HybridEncrypt), not from gitsops' code:

  value  = uint16 big-endian len(R) || R || AES-256-GCM(session key, nonce 12 zero bytes, plaintext)
  R      = RSA-OAEP(SHA-256, MGF1-SHA-256, label)(session key: 32 random bytes)
  label  = "namespace/name" (strict), "namespace" (namespace-wide), "" (cluster-wide)
  scope  = from the SealedSecret's annotations sealedsecrets.bitnami.com/cluster-wide or
           namespace-wide == "true", else strict

Commands:
  keygen DIR [--expired]        RSA-4096 key (DIR/key.pem, PKCS#1 as the controller keeps it) and
                                a self-signed certificate (DIR/cert.pem), valid now or expired
  unseal KEY SEALED.yaml [--as-namespace NS] [--as-name NAME]
                                prints a JSON list, one object per SealedSecret: name, namespace,
                                scope, template, data (key -> base64 plaintext); exits 1 if a value
                                does not open (--as-* unseal as if the object were renamed/moved)
  seal CERT NAMESPACE NAME SCOPE
                                reads {key: base64 plaintext} on stdin, prints {key: sealed base64}
"""
import argparse
import base64
import datetime
import json
import os
import sys

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

NAMESPACE_WIDE = "sealedsecrets.bitnami.com/namespace-wide"
CLUSTER_WIDE = "sealedsecrets.bitnami.com/cluster-wide"


def oaep(label):
    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=label or None)


def label_for(scope, namespace, name):
    if scope == "cluster-wide":
        return b""
    if scope == "namespace-wide":
        return namespace.encode()
    return f"{namespace}/{name}".encode()


def scope_of(annotations):
    annotations = annotations or {}
    if annotations.get(CLUSTER_WIDE) == "true":
        return "cluster-wide"
    if annotations.get(NAMESPACE_WIDE) == "true":
        return "namespace-wide"
    return "strict"


def hybrid_encrypt(public_key, plaintext, label):
    session_key = os.urandom(32)
    wrapped = public_key.encrypt(session_key, oaep(label))
    return len(wrapped).to_bytes(2, "big") + wrapped + AESGCM(session_key).encrypt(bytes(12), plaintext, None)


def hybrid_decrypt(private_key, blob, label):
    length = int.from_bytes(blob[:2], "big")
    session_key = private_key.decrypt(blob[2:2 + length], oaep(label))
    return AESGCM(session_key).decrypt(bytes(12), blob[2 + length:], None)


def keygen(directory, expired):
    key = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = (now - datetime.timedelta(days=60), now - datetime.timedelta(days=30)) if expired else \
        (now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=30))
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sealed-secret")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
            .sign(key, hashes.SHA256()))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    with open(os.path.join(directory, "cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


def unseal(key_path, sealed_path, as_namespace, as_name):
    with open(key_path, "rb") as f:
        private_key = serialization.load_pem_private_key(f.read(), password=None)
    with open(sealed_path) as f:
        documents = [d for d in yaml.safe_load_all(f) if d]
    result = []
    for document in documents:
        assert document["apiVersion"] == "bitnami.com/v1alpha1" and document["kind"] == "SealedSecret", document.get("kind")
        metadata = document["metadata"]
        name = as_name or metadata["name"]
        namespace = as_namespace or metadata.get("namespace", "")
        scope = scope_of(metadata.get("annotations"))
        label = label_for(scope, namespace, name)
        data = {}
        for key, value in document["spec"]["encryptedData"].items():
            try:
                data[key] = base64.b64encode(hybrid_decrypt(private_key, base64.b64decode(value, validate=True), label)).decode()
            except Exception as error:
                print(f"cannot unseal {key}: {type(error).__name__}", file=sys.stderr)
                return 1
        result.append({"name": metadata["name"], "namespace": metadata.get("namespace"), "scope": scope,
                       "template": document["spec"].get("template"), "data": data})
    print(json.dumps(result))
    return 0


def seal(cert_path, namespace, name, scope):
    with open(cert_path, "rb") as f:
        public_key = x509.load_pem_x509_certificate(f.read()).public_key()
    values = json.load(sys.stdin)
    label = label_for(scope, namespace, name)
    print(json.dumps({key: base64.b64encode(hybrid_encrypt(public_key, base64.b64decode(value), label)).decode()
                      for key, value in values.items()}))
    return 0


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    k = commands.add_parser("keygen")
    k.add_argument("directory")
    k.add_argument("--expired", action="store_true")
    u = commands.add_parser("unseal")
    u.add_argument("key")
    u.add_argument("sealed")
    u.add_argument("--as-namespace")
    u.add_argument("--as-name")
    s = commands.add_parser("seal")
    for name in ("cert", "namespace", "name", "scope"):
        s.add_argument(name)
    args = parser.parse_args()
    if args.command == "keygen":
        keygen(args.directory, args.expired)
        return 0
    if args.command == "unseal":
        return unseal(args.key, args.sealed, args.as_namespace, args.as_name)
    return seal(args.cert, args.namespace, args.name, args.scope)


if __name__ == "__main__":
    sys.exit(main())
