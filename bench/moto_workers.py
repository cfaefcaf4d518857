"""bench/moto_workers.py WORKERS: moto's KMS served by WORKERS processes accepting on one socket.

moto is one Python process: however many threads it runs, the GIL serialises its work, so a
checkout that unwraps many data keys waits on moto's CPU, not on the network. Here the server
creates one symmetric KMS key, then forks WORKERS copies of itself that all accept on the same
listening socket; each copy holds the key, which is all KMS Encrypt/Decrypt need (no IAM
enforcement and no STS: temporary credentials made in one copy would be unknown to the others).

Prints {"url", "key"} as one JSON line, then serves until its stdin closes.
"""
import json
import logging
import os
import signal
import sys
import threading

import boto3
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "Servers"))
from testserver import die_with_parent, no_delay  # noqa: E402


def main():
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    die_with_parent()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True)
    accept = server.get_request

    def get_request():
        connection, address = accept()
        no_delay(connection)
        return connection, address

    server.get_request = get_request
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}"
    # The key is made through a throwaway server: moto's backends are this process's globals.
    setup = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True)
    thread = threading.Thread(target=setup.serve_forever, daemon=True)
    thread.start()
    kms = boto3.client("kms", endpoint_url="http://127.0.0.1:%d" % setup.server_address[1], region_name="us-east-1",
                       aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="bench")
    key = kms.create_key(Description="gitsops bench")["KeyMetadata"]["Arn"]
    setup.shutdown()
    thread.join()

    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            die_with_parent()
            server.serve_forever()
            os._exit(0)
        children.append(pid)
    print(json.dumps({"url": url, "key": key, "workers": workers}), flush=True)
    try:
        sys.stdin.read()
    finally:
        for pid in children:
            os.kill(pid, signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
