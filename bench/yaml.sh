#!/usr/bin/env bash
# LosslessYAML speed: parse + print of a generated 1 MiB Kubernetes manifest stream (the git
# filter's path), plus the value view and the emitter, and PyYAML on the same file for scale.
# Usage: bench/yaml.sh [ITERATIONS]   (run from anywhere; builds in release mode)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-20}"
out=bench/out
mkdir -p "$out"
manifest="$out/manifest-1mib.yaml"

python3 - "$manifest" <<'PY'
import random, sys
random.seed(42)
docs, size, i = [], 0, 0
while size < 1 << 20:
    name = f"app-{i:04d}"
    kind = i % 4
    if kind == 0:
        d = f"""# Deployment for {name}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: team-{i % 7}
  labels:
    app.kubernetes.io/name: {name}
    app.kubernetes.io/version: "1.{i % 30}.{i % 11}"
  annotations:
    deployment.kubernetes.io/revision: "{i % 9 + 1}"
spec:
  replicas: {i % 5 + 1}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:v{i % 13}.{i % 7}.0  # pinned
          args: ["--port=8080", "--log-level=info", '--config=/etc/{name}/config.yaml']
          ports:
            - containerPort: 8080
              protocol: TCP
          env:
            - name: DATABASE_URL
              value: postgres://{name}:5432/db
            - name: FEATURE_FLAG
              value: "true"
            - name: RATIO
              value: "0.{i % 10}"
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
            requests:
              cpu: 100m
              memory: 128Mi
          readinessProbe:
            httpGet: {{path: /healthz, port: 8080}}
            initialDelaySeconds: 5
"""
    elif kind == 1:
        d = f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  type: ClusterIP
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: {name}
"""
    elif kind == 2:
        d = f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
data:
  config.yaml: |
    server:
      port: 8080
      timeout: 30s
    # nested comment inside a literal block
    features: [a, b, c]
  motd: >-
    Welcome to {name}, folded
    across two lines.
  empty: ""
"""
    else:
        secret = "".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789") for _ in range(40))
        d = f"""apiVersion: v1
kind: Secret
metadata:
  name: {name}-secret
type: Opaque
data:
  password: {secret}==
  token: '{secret[::-1]}'
stringData:
  note: "line one\\nline two"
"""
    docs.append(d)
    size += len(d) + 4
    i += 1
open(sys.argv[1], "w").write("---\n".join(docs))
PY

swift build -c release --product yaml-bench >/dev/null
binary="$(swift build -c release --show-bin-path)/yaml-bench"
"$binary" "$manifest" "$iterations"

python3 - "$manifest" <<'PY'
import sys, time, yaml
text = open(sys.argv[1]).read()
def median(loader, n):
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        list(yaml.load_all(text, Loader=loader))
        samples.append(time.perf_counter() - start)
    return sorted(samples)[len(samples) // 2] * 1000
print(f"PyYAML {yaml.__version__} on the same file (median of 3)")
print(f"  SafeLoader (pure Python) {median(yaml.SafeLoader, 3):9.2f} ms")
if getattr(yaml, "CSafeLoader", None):
    print(f"  CSafeLoader (libyaml)    {median(yaml.CSafeLoader, 3):9.2f} ms")
PY
