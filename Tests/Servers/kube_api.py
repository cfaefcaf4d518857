#!/usr/bin/env python3
"""A small Kubernetes API server for gitsops' kubectl plugin tests (loopback only).

It speaks enough of the API for the real `kubectl` to run `get`, `apply` (client-side and
server-side, with `--dry-run=server|client`), `apply --prune` and `delete` against core/v1
Secrets, ConfigMaps and Namespaces, and `get` against ServiceAccounts, apps/v1 Deployments and
Flux's kustomize.toolkit.fluxcd.io/v1 Kustomizations (what `kubectl secrets doctor` reads):

  GET  /version, /api, /apis, /api/v1, /apis/GROUP/VERSION  discovery (legacy, non-aggregated)
  GET  /openapi/v3, /openapi/v3/api/v1, /openapi/v3/apis/GROUP/VERSION
                                                            enough OpenAPI v3 for kubectl to use
                                                            server-side field validation
  GET  /api/v1/namespaces/NS/RESOURCE[/NAME]                get, list (labelSelector honoured)
  GET  /api/v1/RESOURCE                                     list across namespaces
  POST /api/v1/namespaces/NS/RESOURCE                       create (dryRun=All honoured)
  PUT  /api/v1/namespaces/NS/RESOURCE/NAME                  replace
  PATCH /api/v1/namespaces/NS/RESOURCE/NAME                 strategic-merge, merge, json-patch and
                                                            server-side apply (apply-patch+yaml)
  DELETE /api/v1/namespaces/NS/RESOURCE/NAME                delete (dryRun=All honoured)
  (the same under /apis/GROUP/VERSION for the group resources)

Like the real API server it defaults Secret `type` to Opaque and folds `stringData` into `data`.
Test hooks: GET /_test/requests (every request received, bodies included), GET /_test/objects.

Usage: kube_api.py PORT [SEED.json]   (PORT 0: the kernel picks one; prints "ready PORT" on stdout
once listening)

The server exits on its own when its parent (the test process) is gone, so a failed or killed
test run never leaves it behind.
"""

import base64
import copy
import http.server
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
import uuid

RESOURCES = {
    # plural: (kind, namespaced, short names)
    "secrets": ("Secret", True, []),
    "configmaps": ("ConfigMap", True, ["cm"]),
    "namespaces": ("Namespace", False, ["ns"]),
    "serviceaccounts": ("ServiceAccount", True, ["sa"]),
}
# Resources of API groups, by group version (plurals are unique across all of them).
GROUP_RESOURCES = {
    "apps/v1": {"deployments": ("Deployment", True, ["deploy"])},
    "kustomize.toolkit.fluxcd.io/v1": {"kustomizations": ("Kustomization", True, ["ks"])},
}
ALL_RESOURCES = dict(RESOURCES)
API_VERSION = {plural: "v1" for plural in RESOURCES}
for group_version, resources in GROUP_RESOURCES.items():
    ALL_RESOURCES.update(resources)
    API_VERSION.update({plural: group_version for plural in resources})
KIND_TO_PLURAL = {kind: plural for plural, (kind, _, _) in ALL_RESOURCES.items()}
SERVER_MANAGED = ("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields")


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.objects = {}  # (plural, namespace, name) -> object
        self.requests = []
        self.version = 1

    def next_version(self):
        self.version += 1
        return str(self.version)


STORE = Store()


def status(code, reason, message):
    return code, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                  "message": message, "reason": reason, "code": code}


def normalize(plural, obj, namespace):
    """What the real API server does on write: defaulting and stringData folding."""
    obj = copy.deepcopy(obj)
    obj.setdefault("apiVersion", API_VERSION[plural])
    obj.setdefault("kind", ALL_RESOURCES[plural][0])
    meta = obj.setdefault("metadata", {})
    if ALL_RESOURCES[plural][1]:
        meta["namespace"] = namespace
    if plural == "secrets":
        obj.setdefault("type", "Opaque")
        string_data = obj.pop("stringData", None) or {}
        if string_data:
            data = obj.setdefault("data", {})
            for key, value in string_data.items():
                data[key] = base64.b64encode(value.encode()).decode()
    return obj


def stamp(obj, existing):
    meta = obj["metadata"]
    if existing is not None:
        for field in ("uid", "creationTimestamp"):
            meta[field] = existing["metadata"][field]
    else:
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = "2026-01-01T00:00:00Z"
    meta["resourceVersion"] = STORE.next_version()
    return obj


def merge_patch(target, patch, strategic):
    """RFC 7386 merge patch; strategic merge directives ($patch, $retainKeys, ...) are dropped."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if strategic and key.startswith("$"):
            continue
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value, strategic)
    return result


def json_patch(target, operations):
    result = copy.deepcopy(target)
    for op in operations:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]]
        parent = result
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent.setdefault(part, {})
        last = parts[-1]
        if op["op"] in ("add", "replace"):
            parent[last] = op["value"]
        elif op["op"] == "remove":
            parent.pop(last, None)
    return result


def apply_patch(existing, applied):
    """Server-side apply, simplified: fields in the applied config replace the live ones."""
    return merge_patch(existing or {}, applied, strategic=False)


def openapi_v3(group_version, resources):
    """The OpenAPI v3 document of one group version (core: "v1"), as kubectl reads it."""
    params = [{"name": n, "in": "query", "schema": {"type": "string"}}
              for n in ("dryRun", "fieldManager", "fieldValidation", "force", "pretty")]
    group, _, version = group_version.rpartition("/")
    prefix = "/apis/" + group_version if group else "/api/v1"
    paths, schemas = {}, {}
    for plural, (kind, namespaced, _) in resources.items():
        gvk = [{"group": group, "version": version, "kind": kind}]
        base = prefix + ("/namespaces/{namespace}/" if namespaced else "/") + plural
        op = {"parameters": params, "x-kubernetes-group-version-kind": gvk[0],
              "responses": {"200": {"description": "OK"}}}
        paths[base] = {"post": op, "get": op}
        paths[base + "/{name}"] = {"get": op, "put": op, "patch": op, "delete": op}
        properties = {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                      "metadata": {"type": "object"}}
        if plural == "secrets":
            properties.update({"data": {"type": "object", "additionalProperties": {"type": "string"}},
                               "stringData": {"type": "object", "additionalProperties": {"type": "string"}},
                               "type": {"type": "string"}, "immutable": {"type": "boolean"}})
        else:
            for field in ("data", "spec", "status"):
                properties[field] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        schemas[("io.k8s.api.core." if not group else "io.test." + group + ".") + version + "." + kind] = {
            "type": "object", "x-kubernetes-group-version-kind": gvk, "properties": properties}
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"},
            "paths": paths, "components": {"schemas": schemas}}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if not url.path.startswith("/_test/"):
            with STORE.lock:
                STORE.requests.append({"method": self.command, "path": url.path, "query": query,
                                       "contentType": self.headers.get("Content-Type"),
                                       "body": raw.decode("utf-8", "replace")})
        try:
            code, body = self.route(url.path, query, raw)
        except (ValueError, KeyError, IndexError, TypeError) as error:
            code, body = status(400, "BadRequest", "bad request: %s" % error)
        self.send_json(code, body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def route(self, path, query, raw):
        port = self.server.server_address[1]
        if path == "/_test/requests":
            with STORE.lock:
                return 200, STORE.requests
        if path == "/_test/objects":
            with STORE.lock:
                return 200, [obj for _, obj in sorted(STORE.objects.items())]
        if path == "/version":
            return 200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "platform": "linux/amd64"}
        if path == "/api":
            return 200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:%d" % port}]}
        if path == "/apis":
            groups = []
            for group_version in GROUP_RESOURCES:
                group, version = group_version.split("/")
                entry = {"groupVersion": group_version, "version": version}
                groups.append({"name": group, "versions": [entry], "preferredVersion": entry})
            return 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}
        if path == "/api/v1":
            return 200, resource_list("v1", RESOURCES)
        if path.startswith("/apis/") and path[len("/apis/"):] in GROUP_RESOURCES:
            group_version = path[len("/apis/"):]
            return 200, resource_list(group_version, GROUP_RESOURCES[group_version])
        if path == "/openapi/v3":
            paths = {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=1"}}
            for group_version in GROUP_RESOURCES:
                paths["apis/" + group_version] = {"serverRelativeURL": "/openapi/v3/apis/%s?hash=1" % group_version}
            return 200, {"paths": paths}
        if path == "/openapi/v3/api/v1":
            return 200, openapi_v3("v1", RESOURCES)
        if path.startswith("/openapi/v3/apis/") and path[len("/openapi/v3/apis/"):] in GROUP_RESOURCES:
            group_version = path[len("/openapi/v3/apis/"):]
            return 200, openapi_v3(group_version, GROUP_RESOURCES[group_version])
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "v1"]:
            resources, parts = RESOURCES, parts[2:]
        elif parts[:1] == ["apis"] and "/".join(parts[1:3]) in GROUP_RESOURCES:
            resources, parts = GROUP_RESOURCES["/".join(parts[1:3])], parts[3:]
        else:
            return status(404, "NotFound", "the server could not find the requested resource")
        namespace = None
        if len(parts) >= 3 and parts[0] == "namespaces":
            namespace, parts = parts[1], parts[2:]
        elif len(parts) == 2 and parts[0] == "namespaces":
            namespace, parts = None, ["namespaces", parts[1]]
        if not parts or parts[0] not in resources:
            return status(404, "NotFound", "the server could not find the requested resource")
        plural, name = parts[0], (parts[1] if len(parts) > 1 else None)
        if not resources[plural][1]:
            namespace = None
        return self.resource(plural, namespace, name, query, raw)

    def resource(self, plural, namespace, name, query, raw):
        kind = ALL_RESOURCES[plural][0]
        dry_run = query.get("dryRun") == "All"
        key = (plural, namespace or "", name)
        with STORE.lock:
            existing = STORE.objects.get(key)
            if self.command == "GET" and name is None:
                return 200, self.list(plural, kind, namespace, query)
            if self.command == "GET":
                if existing is None:
                    return status(404, "NotFound", '%s "%s" not found' % (plural, name))
                return 200, existing
            if self.command == "DELETE":
                if existing is None:
                    return status(404, "NotFound", '%s "%s" not found' % (plural, name))
                if not dry_run:
                    del STORE.objects[key]
                return 200, existing
            body = parse_body(raw, self.headers.get("Content-Type") or "")
            if self.command == "POST":
                name = body.get("metadata", {}).get("name")
                key = (plural, namespace or "", name)
                if key in STORE.objects:
                    return status(409, "AlreadyExists", '%s "%s" already exists' % (plural, name))
                obj = stamp(normalize(plural, body, namespace), None)
                if not dry_run:
                    STORE.objects[key] = obj
                return 201, obj
            if self.command == "PUT":
                if existing is None:
                    return status(404, "NotFound", '%s "%s" not found' % (plural, name))
                obj = stamp(normalize(plural, body, namespace), existing)
            else:
                content_type = (self.headers.get("Content-Type") or "").split(";")[0]
                if content_type == "application/apply-patch+yaml":
                    merged = apply_patch(existing, body)
                elif existing is None:
                    return status(404, "NotFound", '%s "%s" not found' % (plural, name))
                elif content_type == "application/json-patch+json":
                    merged = json_patch(existing, body)
                else:
                    strategic = content_type == "application/strategic-merge-patch+json"
                    merged = merge_patch(existing, body, strategic)
                obj = stamp(normalize(plural, merged, namespace), existing)
                for field in SERVER_MANAGED:
                    if existing is None and field in ("managedFields", "generation"):
                        obj["metadata"].pop(field, None)
            code = 200 if existing is not None else 201
            if not dry_run:
                STORE.objects[key] = obj
            return code, obj

    def list(self, plural, kind, namespace, query):
        selector = query.get("labelSelector")
        wanted = dict(part.split("=", 1) for part in selector.split(",")) if selector else {}
        items = []
        for (p, ns, _), obj in sorted(STORE.objects.items()):
            if p != plural or (namespace and ns != namespace):
                continue
            labels = obj.get("metadata", {}).get("labels", {})
            if all(labels.get(k) == v for k, v in wanted.items()):
                items.append(obj)
        return {"kind": kind + "List", "apiVersion": API_VERSION[plural],
                "metadata": {"resourceVersion": str(STORE.version)}, "items": items}


def resource_list(group_version, resources):
    return {"kind": "APIResourceList", "groupVersion": group_version, "resources": [
        {"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
         "shortNames": short, "verbs": ["create", "delete", "get", "list", "patch", "update"]}
        for plural, (kind, namespaced, short) in resources.items()]}


def parse_body(raw, content_type):
    text = raw.decode("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        import yaml  # server-side apply bodies may be YAML
        return yaml.safe_load(text)


def exit_with_parent():
    """Polls the parent process id; re-parenting means the test process died."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def main():
    # The test process may start us with SIGTERM blocked or ignored; its stop() relies on SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=exit_with_parent, daemon=True).start()
    port = int(sys.argv[1])
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as seed:
            for obj in json.load(seed):
                plural = KIND_TO_PLURAL[obj["kind"]]
                namespace = obj["metadata"].get("namespace", "default") if ALL_RESOURCES[plural][1] else None
                obj = stamp(normalize(plural, obj, namespace), None)
                STORE.objects[(plural, namespace or "", obj["metadata"]["name"])] = obj
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
