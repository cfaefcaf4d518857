"""A local AWS Secrets Manager (moto) for `kubectl secrets push`, with IAM enforcement on.

Starts moto's server in-process on 127.0.0.1 (free port) and creates through boto3:
  users   writer   may use secretsmanager:* (the test's credentials)
          assumer  may only call sts:AssumeRole
          admin    may do anything (the test's boto3 oracle)
  roles   secrets-writer   trusts assumer; may use secretsmanager:*
then makes moto check every request's SigV4 signature and IAM policies, prints the users and roles
as one JSON line, and answers (boto3 as admin, region from the command):
  get REGION NAME   -> {"string": SecretString, "versions": number of versions, "tags": {key: value}}
                       or {"missing": true}
"""
import sys

from moto_iam import MotoIAM, policy
from testserver import command_loop, die_with_parent


def main():
    die_with_parent()
    moto = MotoIAM()
    moto.add_users([("writer", [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]),
                    ("assumer", [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]),
                    ("admin", [{"Effect": "Allow", "Action": "*", "Resource": "*"}])])
    users = moto.users
    iam = moto.client("iam")
    trust = [{"Effect": "Allow", "Principal": {"AWS": users["assumer"]["arn"]}, "Action": "sts:AssumeRole"}]
    role = iam.create_role(RoleName="secrets-writer", AssumeRolePolicyDocument=policy(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="secrets-writer", PolicyName="sm", PolicyDocument=policy(
        [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]))
    moto.enforce_auth()

    def commands(line):
        verb, region, name = line.split(" ", 2)
        if verb != "get":
            return {"error": f"unknown command {line}"}
        sm = moto.admin_client("secretsmanager", region)
        try:
            value = sm.get_secret_value(SecretId=name)
        except sm.exceptions.ResourceNotFoundException:
            return {"missing": True}
        versions = sm.list_secret_version_ids(SecretId=name)["Versions"]
        tags = {tag["Key"]: tag["Value"] for tag in sm.describe_secret(SecretId=name).get("Tags", [])}
        return {"string": value["SecretString"], "versions": len(versions), "tags": tags}

    command_loop({"port": moto.port, "url": moto.url, "users": users, "roles": {"secrets-writer": role}}, commands)
    moto.stop()


if __name__ == "__main__":
    sys.exit(main())
