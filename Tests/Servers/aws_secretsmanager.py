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
import json
import logging
import sys
import urllib.request

import boto3
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

from testserver import command_loop, die_with_parent


def policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def main():
    die_with_parent()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"

    def client(service, region="us-east-1", key_id="AKIAIOSFODNN7EXAMPLE", secret="setup"):
        return boto3.client(service, endpoint_url=url, region_name=region,
                            aws_access_key_id=key_id, aws_secret_access_key=secret)

    iam = client("iam")
    users = {}
    for name, statements in [("writer", [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]),
                             ("assumer", [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]),
                             ("admin", [{"Effect": "Allow", "Action": "*", "Resource": "*"}])]:
        arn = iam.create_user(UserName=name)["User"]["Arn"]
        key = iam.create_access_key(UserName=name)["AccessKey"]
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy(statements))
        users[name] = {"arn": arn, "id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    trust = [{"Effect": "Allow", "Principal": {"AWS": users["assumer"]["arn"]}, "Action": "sts:AssumeRole"}]
    role = iam.create_role(RoleName="secrets-writer", AssumeRolePolicyDocument=policy(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="secrets-writer", PolicyName="sm", PolicyDocument=policy(
        [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]))

    request = urllib.request.Request(f"{url}/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request).read()

    def commands(line):
        verb, region, name = line.split(" ", 2)
        if verb != "get":
            return {"error": f"unknown command {line}"}
        sm = client("secretsmanager", region, users["admin"]["id"], users["admin"]["secret"])
        try:
            value = sm.get_secret_value(SecretId=name)
        except sm.exceptions.ResourceNotFoundException:
            return {"missing": True}
        versions = sm.list_secret_version_ids(SecretId=name)["Versions"]
        tags = {tag["Key"]: tag["Value"] for tag in sm.describe_secret(SecretId=name).get("Tags", [])}
        return {"string": value["SecretString"], "versions": len(versions), "tags": tags}

    command_loop({"port": port, "url": url, "users": users, "roles": {"secrets-writer": role}}, commands)
    server.stop()


if __name__ == "__main__":
    sys.exit(main())
