"""HTTP(S) server for the HTTP layer's tests.

  /echo            method, path, headers and base64 body of the request, as JSON
  /delay?ms=N      answers after N ms; concurrent requests are counted (command "stats")
  /status?code=N   answers with status N
  /bytes?count=N   answers with N bytes
  /hang            never answers (until the client gives up)

Usage: http_test_server.py [--tls WORKDIR]. Commands: "stats", "reset".
"""
import base64
import sys
import time
from urllib.parse import parse_qs, urlparse

from testserver import Handler, InFlight, serve

in_flight = InFlight()


class TestHandler(Handler):
    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def route(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = self.body()
        if url.path == "/echo":
            self.send(200, {"method": self.command, "path": self.path,
                            "headers": [[k, v] for k, v in self.headers.items()],
                            "body": base64.b64encode(body).decode()})
        elif url.path == "/delay":
            with in_flight:
                time.sleep(int(query.get("ms", "100")) / 1000)
            self.send(200, {"ok": True})
        elif url.path == "/status":
            self.send(int(query["code"]), {"status": int(query["code"])})
        elif url.path == "/bytes":
            self.send(200, b"x" * int(query["count"]), "application/octet-stream")
        elif url.path == "/hang":
            time.sleep(3600)
        else:
            self.send(404, {"error": "no route"})


def commands(line):
    if line == "stats":
        return in_flight.stats()
    if line == "reset":
        in_flight.reset()
        return {"ok": True}
    return {"error": f"unknown command {line}"}


if __name__ == "__main__":
    tls = len(sys.argv) > 2 and sys.argv[1] == "--tls"
    serve(TestHandler, tls=tls, workdir=sys.argv[2] if tls else None, commands=commands)
