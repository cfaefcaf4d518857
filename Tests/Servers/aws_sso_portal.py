"""A stand-in for the AWS IAM Identity Center (SSO) portal's GetRoleCredentials.

Usage: aws_sso_portal.py ACCESS_TOKEN ACCOUNT_ID ROLE_NAME ACCESS_KEY_ID SECRET_ACCESS_KEY
  GET /federation/credentials?account_id=ACCOUNT_ID&role_name=ROLE_NAME
      with x-amz-sso_bearer_token: ACCESS_TOKEN
      -> {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (ms since epoch, in 1 h)}}
      carrying the given keys (the tests pass moto's developer keys). Real role credentials carry a
      session token; this one is empty, because moto refuses any token sent with long-term keys.
  Errors as the portal answers them (REST-JSON: x-amzn-ErrorType header, {"message"} body):
  401 UnauthorizedException for a missing or wrong token, 403 ForbiddenException for another
  account or role, 400 for missing parameters.
Commands: "stats" -> {"requests": [[account_id, role_name, status], ...]}
"""
import sys
import threading
import time
from urllib.parse import parse_qs, urlparse

from testserver import Handler, serve, stats_only

access_token, account_id, role_name, access_key, secret_key = sys.argv[1:6]
log = []
lock = threading.Lock()


class PortalHandler(Handler):
    def do_GET(self):
        url = urlparse(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        status, error, body = self.answer(url.path, query)
        with lock:
            log.append([query.get("account_id"), query.get("role_name"), status])
        if error:
            body = {"message": body}
            headers = [("x-amzn-ErrorType", f"{error}:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/")]
        else:
            headers = []
        self.send(status, body, headers=headers)

    def answer(self, path, query):
        if path != "/federation/credentials":
            return 404, "ResourceNotFoundException", "no such operation"
        if self.headers.get("x-amz-sso_bearer_token") != access_token:
            return 401, "UnauthorizedException", "Session token not found or invalid"
        if "account_id" not in query or "role_name" not in query:
            return 400, "InvalidRequestException", "account_id and role_name are required"
        if query["account_id"] != account_id or query["role_name"] != role_name:
            return 403, "ForbiddenException", "No access"
        expiration = int(time.time() * 1000) + 3600 * 1000
        return 200, None, {"roleCredentials": {"accessKeyId": access_key, "secretAccessKey": secret_key,
                                               "sessionToken": "", "expiration": expiration}}


if __name__ == "__main__":
    serve(PortalHandler, commands=stats_only(log, lock))
