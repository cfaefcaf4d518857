"""A local AWS (moto) for the KMS key service tests, with IAM enforcement switched on.

Starts moto's server in-process on 127.0.0.1 (free port), creates through boto3:
  users   developer (may call sts:AssumeRole), admin (may do anything: the test's boto3 oracle)
  roles   cluster   trusts developer and web identities; may kms:Encrypt/Decrypt
          no-kms    trusts developer; may do nothing
          untrusted trusts someone else; may kms:Encrypt/Decrypt
  keys    us-east-1 and eu-west-1 symmetric KMS keys
then makes moto check every request's SigV4 signature and IAM policies (moto's
INITIAL_NO_AUTH_ACTION_COUNT = 0), prints the names and credentials as one JSON line, and answers:
  decrypt <base64 blob> <context JSON>         -> {"plaintext": hex}   (boto3 as admin)
  encrypt <key arn> <hex> <context JSON>       -> {"blob": base64}     (boto3 as admin)

moto cannot evaluate KMS key policies (only a Deny on DescribeKey); denial is tested through IAM
policies, which it does enforce. Unsigned STS AssumeRoleWithWebIdentity (unsigned in real AWS too)
is exempted from moto's signature check, which would otherwise reject it.
"""
import base64
import json
import sys

from werkzeug.serving import WSGIRequestHandler
from moto.core.authorization import ActionAuthenticatorMixin

from moto_iam import MotoIAM, policy
from testserver import command_loop, die_with_parent, no_delay

UNSIGNED_ACTIONS = {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}
_authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _authenticate_unless_unsigned(self, iam_request_cls, resource="*"):
    if self._get_action() in UNSIGNED_ACTIONS:
        return
    return _authenticate(self, iam_request_cls, resource)


ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate_unless_unsigned
_setup = WSGIRequestHandler.setup


def _setup_without_delay(self):
    _setup(self)
    no_delay(self.connection)


WSGIRequestHandler.setup = _setup_without_delay


def main():
    die_with_parent()
    moto = MotoIAM()
    moto.add_users([("developer", [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]),
                    ("admin", [{"Effect": "Allow", "Action": "*", "Resource": "*"}])])
    users = moto.users
    iam = moto.client("iam")

    kms_statement = {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}
    trust_developer = {"Effect": "Allow", "Principal": {"AWS": users["developer"]["arn"]}, "Action": "sts:AssumeRole"}
    roles = {}
    for name, trust, allowed in [
        ("cluster", [trust_developer, {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.example"},
                                       "Action": "sts:AssumeRoleWithWebIdentity"}], True),
        ("no-kms", [trust_developer], False),
        ("untrusted", [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/someone-else"},
                        "Action": "sts:AssumeRole"}], True),
    ]:
        roles[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=policy(trust))["Role"]["Arn"]
        if allowed:
            iam.put_role_policy(RoleName=name, PolicyName="kms", PolicyDocument=policy([kms_statement]))

    keys = {region: moto.client("kms", region).create_key(Description=f"gitsops test {region}")["KeyMetadata"]["Arn"]
            for region in ("us-east-1", "eu-west-1")}

    moto.enforce_auth()

    def admin_kms(arn):
        return moto.admin_client("kms", arn.split(":")[3])

    def commands(line):
        verb, _, rest = line.partition(" ")
        if verb == "decrypt":
            blob, context = rest.split(" ", 1)
            result = admin_kms(keys["us-east-1"]).decrypt(CiphertextBlob=base64.b64decode(blob),
                                                         EncryptionContext=json.loads(context))
            return {"plaintext": result["Plaintext"].hex(), "key": result["KeyId"]}
        if verb == "encrypt":
            arn, plaintext, context = rest.split(" ", 2)
            result = admin_kms(arn).encrypt(KeyId=arn, Plaintext=bytes.fromhex(plaintext),
                                            EncryptionContext=json.loads(context))
            return {"blob": base64.b64encode(result["CiphertextBlob"]).decode()}
        return {"error": f"unknown command {line}"}

    command_loop({"port": moto.port, "url": moto.url, "users": users, "roles": roles, "keys": keys}, commands)
    moto.stop()


if __name__ == "__main__":
    sys.exit(main())
