"""Generated seeds for the fuzz targets (called by seeds.sh).

  seeds.py age-scrypt FILE            an age file encrypted with the passphrase "fuzz" (work factor 2^2)
  seeds.py filter-sessions DIR FIXTURES   git filter-protocol sessions, one file each
"""
import base64
import hashlib
import hmac
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64(data):
    return base64.b64encode(data).rstrip(b"=")


def hkdf(key, salt, info):
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(key)


def age_scrypt(path, passphrase=b"fuzz", log_n=2, plaintext=b"fuzz seed"):
    """age-encryption.org/v1 with one scrypt stanza (the AgeHarness passphrase)."""
    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrap_key = hashlib.scrypt(passphrase, salt=b"age-encryption.org/v1/scrypt" + salt, n=1 << log_n, r=8, p=1, dklen=32)
    body = ChaCha20Poly1305(wrap_key).encrypt(b"\0" * 12, file_key, None)
    header = b"age-encryption.org/v1\n-> scrypt " + b64(salt) + b" %d\n" % log_n + b64(body) + b"\n---"
    mac = hmac.new(hkdf(file_key, b"", b"header"), header, "sha256").digest()
    payload = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload")).encrypt(b"\0" * 11 + b"\1", plaintext, None)
    with open(path, "wb") as f:
        f.write(header + b" " + b64(mac) + b"\n" + nonce + payload)


def pkt(data):
    return b"%04x" % (len(data) + 4) + data


FLUSH = b"0000"
CARRIER = b"# gitsops: unresolved merge conflict (encrypted); resolve it in the working tree\n"
HANDSHAKE = (pkt(b"git-filter-client\n") + pkt(b"version=2\n") + FLUSH
             + pkt(b"capability=clean\n") + pkt(b"capability=smudge\n") + pkt(b"capability=delay\n") + FLUSH)


def command(name, path, content, delay=False):
    out = pkt(b"command=%s\n" % name) + pkt(b"pathname=%s\n" % path)
    if delay:
        out += pkt(b"can-delay=1\n")
    out += FLUSH
    for start in range(0, len(content), 65516):
        out += pkt(content[start:start + 65516])
    return out + FLUSH


def filter_sessions(directory, fixtures):
    def fixture(name):
        with open(os.path.join(fixtures, name), "rb") as f:
            return f.read()

    sessions = {
        "clean-yaml": command(b"clean", b"secrets/app.yaml", b"# db\npassword: hunter2\nport: 5432\n"),
        "clean-env": command(b"clean", b"secrets/app.env", b"USER=admin\nPASSWORD=hunter2\n"),
        "clean-json-ini": command(b"clean", b"secrets/a.json", b'{"a": [1, 2.5, true, null]}\n')
        + command(b"clean", b"secrets/a.ini", b"[db]\nuser = admin\n"),
        "smudge-yaml": command(b"smudge", b"secrets/example.yaml", fixture("format.enc.yaml")),
        "smudge-env": command(b"smudge", b"secrets/format.env", fixture("format.enc.env")),
        "smudge-delayed": command(b"smudge", b"secrets/example.json", fixture("format.enc.json"), delay=True)
        + pkt(b"command=list_available_blobs\n") + FLUSH,
        "clean-already-encrypted": command(b"clean", b"secrets/example.ini", fixture("format.enc.ini")),
        "smudge-conflict-carrier": command(b"smudge", b"secrets/conflicted.yaml", CARRIER + fixture("example.txt")),
    }
    for name, body in sessions.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(HANDSHAKE + body)


if __name__ == "__main__":
    if sys.argv[1] == "age-scrypt":
        age_scrypt(sys.argv[2])
    elif sys.argv[1] == "filter-sessions":
        filter_sessions(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
