"""Stand-ins for the AWS container credentials endpoint and EC2 instance metadata (IMDSv2).

Usage: aws_metadata.py ACCESS_KEY_ID SECRET_ACCESS_KEY CONTAINER_TOKEN
  GET  /v2/credentials/gitsops                     container endpoint; requires Authorization: CONTAINER_TOKEN
  PUT  /latest/api/token                           IMDSv2 session token; requires X-aws-ec2-metadata-token-ttl-seconds
  GET  /latest/meta-data/iam/security-credentials/ role name;   requires X-aws-ec2-metadata-token
  GET  /latest/meta-data/iam/security-credentials/instance-role  credentials, as IMDS answers
Both answer with the given access key (no session token), as the real endpoints do with theirs.
Commands: "stats" -> {"requests": [[method, path, status], ...]}; "imdsv1" -> an instance without
IMDSv2: PUT /latest/api/token answers 405 and the metadata paths need no token.
"""
import datetime
import secrets
import sys
import threading

from testserver import Handler, serve, stats_only

access_key, secret_key, container_token = sys.argv[1:4]
imds_token = secrets.token_hex(16)
v1_only = threading.Event()
log = []
lock = threading.Lock()


def credentials():
    expiration = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": access_key, "SecretAccessKey": secret_key,
            "Token": "", "Expiration": expiration, "RoleArn": "arn:aws:iam::123456789012:role/instance-role"}


class MetadataHandler(Handler):
    def do_GET(self):
        self.route()

    def do_PUT(self):
        self.route()

    def answer(self, status, body, content_type="application/json"):
        with lock:
            log.append([self.command, self.path, status])
        self.send(status, body, content_type)

    def route(self):
        self.body()
        if self.path == "/v2/credentials/gitsops" and self.command == "GET":
            if self.headers.get("Authorization") != container_token:
                return self.answer(401, {"message": "bad token"})
            return self.answer(200, credentials())
        if self.path == "/latest/api/token" and self.command == "PUT":
            if v1_only.is_set():
                return self.answer(405, "", "text/plain")
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.answer(400, "missing ttl", "text/plain")
            return self.answer(200, imds_token, "text/plain")
        if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != imds_token and not v1_only.is_set():
                return self.answer(401, "", "text/plain")
            role = self.path.rsplit("/", 1)[-1]
            if role == "":
                return self.answer(200, "instance-role", "text/plain")
            if role == "instance-role":
                return self.answer(200, credentials())
        return self.answer(404, "", "text/plain")


def commands(line):
    if line == "imdsv1":
        v1_only.set()
        return {}
    return stats_only(log, lock)(line)


if __name__ == "__main__":
    serve(MetadataHandler, commands=commands)
