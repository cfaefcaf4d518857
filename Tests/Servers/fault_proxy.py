"""A reverse proxy in front of a local service that adds latency and injects faults.

Usage: fault_proxy.py UPSTREAM_URL [--latency-ms N]
Forwards every request unchanged (the Host header too, so SigV4 signatures stay valid).
Commands:
  throttle N        the next N requests get KMS's throttling answer (400 ThrottlingException)
  fail N STATUS     the next N requests get STATUS with an empty JSON body
  hang N            the next N requests never get an answer
  slow N SECONDS    the next N requests are forwarded after SECONDS
  drop N            the next N requests get their connection reset (RST, no answer)
  garbage N         the next N requests get 200 with a body that is not JSON
  expired N         the next N requests get KMS's expired-token answer (400 ExpiredTokenException)
  pass N            the next N requests are forwarded unchanged (to let faults start mid-run)
  stats             {"total", "max_concurrent", "actions": {action: count}} (action = X-Amz-Target or the
                    form's Action=, after the last '.')
  reset
"""
import http.client
import json
import socket
import struct
import sys
import threading
import time
from urllib.parse import parse_qs, urlparse

from testserver import Handler, InFlight, serve

upstream = urlparse(sys.argv[1])
latency = int(sys.argv[sys.argv.index("--latency-ms") + 1]) / 1000 if "--latency-ms" in sys.argv else 0
in_flight = InFlight()
lock = threading.Lock()
faults = []  # queue of ("throttle",) / ("fail", status) / ("hang",)
actions = {}


def action_of(headers, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    values = parse_qs(body.decode("utf-8", "replace")).get("Action")
    return values[0] if values else "other"


class ProxyHandler(Handler):
    def do_GET(self):
        self.forward()

    def do_POST(self):
        self.forward()

    def do_PUT(self):
        self.forward()

    def forward(self):
        body = self.body()
        with in_flight:
            with lock:
                action = action_of(self.headers, body)
                actions[action] = actions.get(action, 0) + 1
                fault = faults.pop(0) if faults else None
            if latency:
                time.sleep(latency)
            if fault and fault[0] == "hang":
                time.sleep(3600)
            if fault and fault[0] == "slow":
                time.sleep(fault[1])
            if fault and fault[0] == "drop":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            if fault and fault[0] == "garbage":
                return self.send(200, b"{\"Plaintext\": <html>gateway</html>", "application/x-amz-json-1.1")
            if fault and fault[0] == "expired":
                return self.send(400, {"__type": "ExpiredTokenException",
                                       "message": "The security token included in the request is expired"},
                                 "application/x-amz-json-1.1")
            if fault and fault[0] == "throttle":
                return self.send(400, {"__type": "ThrottlingException", "message": "Rate exceeded"},
                                 "application/x-amz-json-1.1")
            if fault and fault[0] == "fail":
                return self.send(fault[1], {})
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            connection.request(self.command, self.path, body=body, headers=dict(self.headers.items()))
            answer = connection.getresponse()
            data = answer.read()
            headers = [(k, v) for k, v in answer.getheaders()
                       if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-type", "server", "date")]
            self.send(answer.status, data, answer.getheader("Content-Type", "application/octet-stream"), headers)
            connection.close()


def commands(line):
    words = line.split()
    with lock:
        if words[0] == "throttle":
            faults.extend([("throttle",)] * int(words[1]))
        elif words[0] == "fail":
            faults.extend([("fail", int(words[2]))] * int(words[1]))
        elif words[0] == "hang":
            faults.extend([("hang",)] * int(words[1]))
        elif words[0] == "slow":
            faults.extend([("slow", float(words[2]))] * int(words[1]))
        elif words[0] in ("drop", "garbage", "expired", "pass"):
            faults.extend([(words[0],)] * int(words[1]))
        elif words[0] == "stats":
            return dict(in_flight.stats(), actions=dict(actions))
        elif words[0] == "reset":
            faults.clear()
            actions.clear()
            in_flight.reset()
        else:
            return {"error": f"unknown command {line}"}
    return {"ok": True}


if __name__ == "__main__":
    serve(ProxyHandler, commands=commands)
