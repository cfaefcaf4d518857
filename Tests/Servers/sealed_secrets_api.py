"""A loopback stand-in for the parts of a cluster `kubectl secrets seal` reaches: the API server's
service proxy to the sealed-secrets controller (what `kubectl get --raw` asks for), and the
controller's own `/v1/cert.pem` (for `--cert URL`).

  python3 sealed_secrets_api.py CERT.pem [NAMESPACE/NAME]   (default kube-system/sealed-secrets-controller)

Serves the certificate at
  /api/v1/namespaces/NAMESPACE/services/http:NAME:/proxy/v1/cert.pem
  /v1/cert.pem
and a Kubernetes Status 404 elsewhere. Commands: `requests` -> {"paths": [...]} (every GET so far).
"""
import sys
import threading

from testserver import Handler, serve

paths = []
lock = threading.Lock()


def main():
    cert_path = sys.argv[1]
    namespace, name = (sys.argv[2] if len(sys.argv) > 2 else "kube-system/sealed-secrets-controller").split("/")
    proxied = f"/api/v1/namespaces/{namespace}/services/http:{name}:/proxy/v1/cert.pem"
    with open(cert_path, "rb") as f:
        cert = f.read()

    class API(Handler):
        def do_GET(self):
            with lock:
                paths.append(self.path)
            if self.path in (proxied, "/v1/cert.pem"):
                self.send(200, cert, content_type="application/x-pem-file")
            else:
                self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
                                "message": f"services \"{self.path.split('/services/')[-1].split('/')[0]}\" not found"})

    def commands(line):
        if line == "requests":
            with lock:
                return {"paths": list(paths)}
        return {"error": f"unknown command {line}"}

    serve(API, commands=commands)


if __name__ == "__main__":
    sys.exit(main())
