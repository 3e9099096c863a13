#!/usr/bin/env python3
"""Benchmark the resource graph and its reference edges at 1x, 10x and 100x the corpus.

The corpus is loaded and parsed once. Each size replicates its parsed objects into distinct
namespaces (copy ``i`` of an object in namespace ``ns`` lives in ``ns-copy-i``), so the indexes
grow with the copies instead of piling onto the same keys; the YAML bodies are shared, as
parsing is not what is measured. For each size it times building ``ResourceGraph`` plus every
reference edge (``seawall.graph.edges.reference_edges``) and, in a second build, measures the
``tracemalloc`` peak of that build. Linear scaling shows as a constant time per object. The
cyclic garbage collector is paused during each build, as ``seawall check`` pauses it.

    python benchmarks/bench_graph.py                      # corpus: ../shared/corpus/manifests
    python benchmarks/bench_graph.py --scale 1,10 --corpus PATH
"""

from __future__ import annotations

import argparse
import copy
import gc
import time
import tracemalloc
from pathlib import Path

from machine_info import REPO_ROOT

from seawall.engine.load import InputReporter
from seawall.engine.run import ScanOptions, load_workspace
from seawall.graph.edges import reference_edges
from seawall.graph.graph import ResourceGraph
from seawall.model.podspec import PodSpecView, pod_spec_of
from seawall.model.resource import Resource

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "manifests"


def replicate(resources: list[Resource], copies: int) -> list[Resource]:
    """``copies`` copies of every object, copy ``i`` moved into its own namespaces."""
    out: list[Resource] = list(resources)
    for index in range(1, copies):
        for resource in resources:
            clone = copy.copy(resource)
            clone.namespace = f"{resource.namespace or 'default'}-copy-{index}"
            out.append(clone)
    return out


def build(resources: list[Resource], pods: list[PodSpecView]) -> int:
    # the scan pauses the cyclic collector while it models (engine.run._paused_gc): do the same
    gc.disable()
    try:
        graph = ResourceGraph(resources, pods)
        return len(reference_edges(graph))
    finally:
        gc.enable()


def measure(resources: list[Resource]) -> tuple[int, int, float, float]:
    pods = [p for p in map(pod_spec_of, resources) if p is not None]
    gc.collect()
    started = time.perf_counter()
    edges = build(resources, pods)
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    build(resources, pods)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(pods), edges, seconds, peak / (1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scale", default="1,10,100", help="comma-separated copy counts")
    args = parser.parse_args()
    workspace = load_workspace([str(args.corpus)], ScanOptions(), InputReporter({}))
    base = [r for r in workspace.resources if not r.is_config]
    print(f"corpus: {args.corpus} ({len(workspace.files)} files, {len(base)} objects)")
    print(
        f"{'scale':>6} {'objects':>9} {'pod specs':>9} {'edges':>9} {'seconds':>8} "
        f"{'us/object':>9} {'peak MiB':>9}"
    )
    for scale in (int(s) for s in args.scale.split(",")):
        resources = replicate(base, scale)
        pods, edges, seconds, peak = measure(resources)
        per_object = seconds / len(resources) * 1e6
        print(
            f"{scale:>5}x {len(resources):>9} {pods:>9} {edges:>9} {seconds:>8.3f} "
            f"{per_object:>9.2f} {peak:>9.1f}"
        )
        del resources


if __name__ == "__main__":
    main()
