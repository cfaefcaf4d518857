"""A moto server with IAM users, for the AWS test servers (aws_moto.py, aws_secretsmanager.py).

start() runs moto in-process on 127.0.0.1 (free port); add_users() creates users with inline
policies and access keys; enforce_auth() then makes moto check every request's SigV4 signature
and IAM policies (moto's INITIAL_NO_AUTH_ACTION_COUNT = 0).
"""
import json
import logging
import urllib.request

import boto3
from moto.moto_server.threaded_moto_server import ThreadedMotoServer


def policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


class MotoIAM:
    def __init__(self):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, self.port = self.server.get_host_and_port()
        self.url = f"http://{host}:{self.port}"
        self.users = {}

    def client(self, service, region="us-east-1", key_id="AKIAIOSFODNN7EXAMPLE", secret="setup"):
        return boto3.client(service, endpoint_url=self.url, region_name=region,
                            aws_access_key_id=key_id, aws_secret_access_key=secret)

    def admin_client(self, service, region):
        admin = self.users["admin"]
        return self.client(service, region, admin["id"], admin["secret"])

    def add_users(self, specs):
        """specs: [(name, [policy statements])]; fills self.users[name] = {arn, id, secret}."""
        iam = self.client("iam")
        for name, statements in specs:
            arn = iam.create_user(UserName=name)["User"]["Arn"]
            key = iam.create_access_key(UserName=name)["AccessKey"]
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy(statements))
            self.users[name] = {"arn": arn, "id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}

    def enforce_auth(self):
        request = urllib.request.Request(f"{self.url}/moto-api/reset-auth", data=b"0", method="POST",
                                         headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(request).read()

    def stop(self):
        self.server.stop()
