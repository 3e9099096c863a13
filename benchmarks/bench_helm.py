"""Helm rendering speed: a chart with 30 templates, rendered and scanned warm (target < 1 s).

.venv/bin/python benchmarks/bench_helm.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from seawall.engine.run import ScanOptions, scan
from seawall.helm.render import find_renderer

TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{{{ .Release.Name }}}}-svc{n}
  labels:
    {{{{- include "bench.labels" . | nindent 4 }}}}
spec:
  replicas: {{{{ .Values.replicaCount }}}}
  selector:
    matchLabels:
      app: svc{n}
  template:
    metadata:
      labels:
        app: svc{n}
    spec:
      containers:
        - name: app
          image: "{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}"
          securityContext:
            {{{{- toYaml .Values.securityContext | nindent 12 }}}}
          ports:
            {{{{- range .Values.ports }}}}
            - containerPort: {{{{ .port }}}}
            {{{{- end }}}}
"""


def write_chart(root: Path, templates: int = 30) -> Path:
    chart = root / "bench"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: bench\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "replicaCount: 1\nimage:\n  repository: registry.example.com/app\n  tag: '1.0'\n"
        "securityContext:\n  runAsUser: 0\nports:\n  - port: 80\n  - port: 443\n"
    )
    (chart / "templates" / "_helpers.tpl").write_text(
        '{{- define "bench.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\n{{- end }}\n'
    )
    for n in range(templates):
        (chart / "templates" / f"svc{n}.yaml").write_text(TEMPLATE.format(n=n))
    return chart


def main() -> None:
    if find_renderer() is None:
        print("no Helm engine: pip install 'seawall[helm]'")
        return
    with tempfile.TemporaryDirectory() as tmp:
        chart = write_chart(Path(tmp))
        started = time.perf_counter()
        scan([str(chart)], ScanOptions())
        cold = time.perf_counter() - started
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            result = scan([str(chart)], ScanOptions())
            runs.append(time.perf_counter() - started)
        warm = min(runs)
        print(
            f"30 templates: {result.resources} objects, {len(result.findings)} findings; "
            f"first scan {cold:.3f}s (loads Helm), warm {warm:.3f}s"
        )
        assert warm < 1.0, f"warm render + scan took {warm:.3f}s (target < 1 s)"


if __name__ == "__main__":
    main()
