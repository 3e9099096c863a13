#!/usr/bin/env python3
"""Benchmark seawall's scan against the libyaml parse floor and, optionally, Checkov.

Every measurement runs in its own fresh Python process, so peak memory (``ru_maxrss`` of that
process, plus an optional ``tracemalloc`` peak) belongs to one engine and one run only, and no
run inherits another's warm heap. Times are the best of ``--runs`` runs, the engines interleaved
so that machine drift hits them alike.

    python benchmarks/bench_scan.py                       # corpus: ../shared/corpus/manifests
    python benchmarks/bench_scan.py --runs 5 --tracemalloc
    python benchmarks/bench_scan.py --checkov /work/checkov-venv/bin/checkov
    python benchmarks/bench_scan.py --scale 1,10,100 --corpus PATH
    python benchmarks/bench_scan.py --profile 25          # cProfile hotspots of one scan

What is measured, on the same file list (``*.yaml``, ``*.yml``, ``*.json`` found by seawall's own
discovery, so ``.seawallignore`` and skipped folders agree):

``libyaml``          the floor the design guide names: read, decode, then
                     ``list(yaml.load_all(text, Loader=yaml.CSafeLoader))``; errors caught per file.
``libyaml-compose``  a stricter floor: the same, but only libyaml's parser and composer
                     (``CSafeLoader.get_node()``), no Python object construction.
``seawall``          ``seawall.engine.run.scan([corpus])``, in process: discovery, reading, parsing,
                     classification, model, graph and every rule.
``seawall-cli``      ``python -m seawall check CORPUS --format json`` end to end (interpreter
                     start-up, imports, report rendering), like the Checkov command it is
                     compared with.

The in-process timings exclude interpreter start-up and imports (a warm-up scan of one tiny
file loads every rule module first).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from machine_info import REPO_ROOT, machine

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "manifests"
YAML_SUFFIXES = (".yaml", ".yml", ".json")
COPY_PREFIX = "copy_"
FLOOR, COMPOSE, SEAWALL, CLI = "libyaml", "libyaml-compose", "seawall", "seawall-cli"
WORKER_ENGINES = (FLOOR, COMPOSE, SEAWALL)
ENGINES = (FLOOR, COMPOSE, SEAWALL, CLI)
SCALE_ENGINES = (FLOOR, SEAWALL)
TIMEOUT = 3600


# --------------------------------------------------------------------------------------------
# worker side: one measurement in a fresh process, its result printed as one JSON line
# --------------------------------------------------------------------------------------------


def scan_roots(root: Path, copies: int) -> list[Path]:
    """``root`` itself, or its first ``copies`` ``copy_NNN`` folders when it holds scaled copies."""
    if copies <= 0:
        return [root]
    return [root / f"{COPY_PREFIX}{i:03d}" for i in range(copies)]


def _yaml_files(roots: Sequence[Path]) -> list[Path]:
    from seawall.load.discover import discover

    found = discover([str(r) for r in roots])
    # Dockerfiles are discovered too, but nobody parses them as YAML
    return [c.path for c in found.candidates if c.path.name.endswith(YAML_SUFFIXES)]


def _floor(roots: Sequence[Path]) -> dict[str, Any]:
    """Read every file seawall would read and load it with PyYAML's CSafeLoader."""
    import yaml

    files = documents = errors = 0
    for path in _yaml_files(roots):
        files += 1
        try:
            text = path.read_bytes().decode("utf-8-sig")
            for _ in yaml.load_all(text, Loader=yaml.CSafeLoader):
                documents += 1
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, RecursionError):
            errors += 1
    return {"files": files, "documents": documents, "errors": errors}


def _compose(roots: Sequence[Path]) -> dict[str, Any]:
    """Only libyaml's parser and composer: node graphs, no Python objects built from them."""
    import yaml

    files = documents = errors = 0
    for path in _yaml_files(roots):
        files += 1
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            errors += 1
            continue
        loader = yaml.CSafeLoader(text)
        try:
            while loader.check_node():
                loader.get_node()
                documents += 1
        except (yaml.YAMLError, RecursionError):
            errors += 1
        finally:
            loader.dispose()
    return {"files": files, "documents": documents, "errors": errors}


def _seawall(roots: Sequence[Path]) -> dict[str, Any]:
    from collections import Counter

    from seawall.engine.run import ScanOptions, scan

    result = scan([str(r) for r in roots], ScanOptions(), cwd=roots[0].parent)
    codes = Counter(f.rule.code for f in result.findings)
    return {
        "files": result.files,
        "documents": result.documents,
        "resources": result.resources,
        "findings": len(result.findings),
        "codes": dict(codes.most_common()),
    }


def _warm_imports(engine: str) -> None:
    """Import everything the measured code imports, so that imports are never timed."""
    import yaml  # noqa: F401

    from seawall.load.discover import discover  # noqa: F401

    if engine == SEAWALL:
        from seawall.engine.run import ScanOptions, scan

        with tempfile.TemporaryDirectory() as empty:
            sample = Path(empty) / "warm.yaml"
            sample.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\n", encoding="utf-8")
            scan([str(sample)], ScanOptions(), cwd=Path(empty))


def worker(engine: str, root: Path, copies: int, trace: bool) -> dict[str, Any]:
    _warm_imports(engine)
    roots = scan_roots(root, copies)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = {FLOOR: _floor, COMPOSE: _compose, SEAWALL: _seawall}[engine]
    if trace:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    counts = run(roots)
    seconds = time.perf_counter() - started
    traced_peak = None
    if trace:
        import tracemalloc

        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "engine": engine,
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "rss_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "traced_peak_bytes": traced_peak,
        "counts": counts,
    }


# --------------------------------------------------------------------------------------------
# driver side
# --------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    engine: str
    copies: int
    runs: list[float] = field(default_factory=list)
    rss_before_kib: int | None = None
    rss_peak_kib: int = 0
    traced_peak_bytes: int | None = None
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> float:
        return min(self.runs) if self.runs else float("nan")


@dataclass
class Timed:
    """One child process, timed from outside: wall clock, CPU and peak RSS (``wait4``)."""

    seconds: float
    cpu_seconds: float
    rss_peak_kib: int
    exit_code: int
    stdout: bytes
    stderr: str


def run_timed(command: Sequence[str], cwd: Path | None = None) -> Timed:
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=cwd)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            raise
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        out = stdout.read()
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    return Timed(
        seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode, out, err
    )


def _run_worker(engine: str, root: Path, copies: int, trace: bool) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", engine]
    command += ["--corpus", str(root), "--copies", str(copies)]
    if trace:
        command.append("--tracemalloc")
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{engine} worker failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _run_cli(root: Path, copies: int) -> dict[str, Any]:
    roots = [str(r) for r in scan_roots(root, copies)]
    command = [sys.executable, "-m", "seawall", "check", *roots, "--format", "json"]
    timed = run_timed([*command, "--no-progress"], cwd=root)
    if timed.exit_code not in (0, 1):
        raise RuntimeError(f"seawall CLI exited {timed.exit_code}:\n{timed.stderr[-4000:]}")
    summary = json.loads(timed.stdout)["summary"]
    counts = {k: summary[k] for k in ("files", "documents", "resources", "findings")}
    counts["exit"] = timed.exit_code
    return {"seconds": timed.seconds, "rss_peak_kib": timed.rss_peak_kib, "counts": counts}


def measure(
    engines: Sequence[str], root: Path, copies: int, runs: int, trace: bool, log: bool = True
) -> dict[str, Measurement]:
    """Best of ``runs`` for each engine, the engines interleaved so drift hits all alike."""
    out = {e: Measurement(e, max(copies, 1)) for e in engines}
    for number in range(1, runs + 1):
        for engine in engines:
            if engine == CLI:
                data = _run_cli(root, copies)
            else:
                data = _run_worker(engine, root, copies, trace=False)
            m = out[engine]
            m.runs.append(data["seconds"])
            m.rss_before_kib = data.get("rss_before_kib")
            m.rss_peak_kib = max(m.rss_peak_kib, data["rss_peak_kib"])
            m.counts = data["counts"]
            if log:
                print(f"  run {number}/{runs} {engine:16} {data['seconds']:8.3f} s", flush=True)
    if trace:
        for engine in engines:
            if engine == CLI:
                continue
            data = _run_worker(engine, root, copies, trace=True)
            out[engine].traced_peak_bytes = data["traced_peak_bytes"]
            if log:
                peak = _mib(data["traced_peak_bytes"])
                print(f"  tracemalloc {engine:16} peak {peak}", flush=True)
    return out


@dataclass
class CheckovRun:
    seconds: float
    cpu_seconds: float
    rss_peak_kib: int
    exit_code: int
    summary: dict[str, Any]
    command: list[str]


def run_checkov(binary: str, corpus: Path) -> CheckovRun:
    """One timed Checkov run on the same directory (it takes minutes; once is enough)."""
    command = [binary, "-d", str(corpus), "--framework", "kubernetes", "--skip-download"]
    command += ["--quiet", "--compact", "-o", "json"]
    timed = run_timed(command)
    summary: dict[str, Any] = {}
    try:
        data = json.loads(timed.stdout)
        for report in data if isinstance(data, list) else [data]:
            for key, value in (report.get("summary") or {}).items():
                if isinstance(value, int):
                    summary[key] = summary.get(key, 0) + value
    except (json.JSONDecodeError, AttributeError):
        summary = {"error": f"unreadable JSON output; stderr: {timed.stderr[-500:]}"}
    return CheckovRun(
        timed.seconds, timed.cpu_seconds, timed.rss_peak_kib, timed.exit_code, summary, command
    )


def build_copies(corpus: Path, copies: int, into: Path) -> None:
    """``into/copy_000 ... copy_NNN``: hard links to the corpus files (copies across devices)."""
    for index in range(copies):
        target = into / f"{COPY_PREFIX}{index:03d}"
        shutil.copytree(corpus, target, copy_function=_link_or_copy, symlinks=True)


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _mem_available_kib() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _mib(value: float | None, unit: int = 1 << 20) -> str:
    return "n/a" if value is None else f"{value / unit:,.0f} MiB"


def _kib(value: int | None) -> str:
    return _mib(value, 1 << 10)


def profile(corpus: Path, top: int) -> None:
    import cProfile
    import pstats

    from seawall.engine.run import ScanOptions, scan

    _warm_imports(SEAWALL)
    profiler = cProfile.Profile()
    profiler.enable()
    scan([str(corpus)], ScanOptions(), cwd=corpus.parent)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    print(f"\n== top {top} by own time ==")
    stats.sort_stats("tottime").print_stats(top)
    print(f"\n== top {top} by cumulative time ==")
    stats.sort_stats("cumulative").print_stats(top)


def print_comparison(results: dict[str, Measurement], checkov: CheckovRun | None) -> None:
    sw = results[SEAWALL]
    print("\n== seawall vs the libyaml floors ==")
    print(
        f"{'engine':16} {'best s':>8} {'runs':>32} {'RSS peak':>10} {'RSS imports':>12} "
        f"{'tracemalloc':>12}"
    )
    for m in results.values():
        runs = ", ".join(f"{r:.2f}" for r in m.runs)
        print(
            f"{m.engine:16} {m.best:8.3f} {runs:>32} {_kib(m.rss_peak_kib):>10} "
            f"{_kib(m.rss_before_kib):>12} {_mib(m.traced_peak_bytes):>12}"
        )
    ratio = sw.best / results[FLOOR].best
    print(
        f"seawall / libyaml (load_all):        {ratio:.2f}x "
        f"(target: at most 3x) -> {'met' if ratio <= 3 else 'NOT met'}"
    )
    if COMPOSE in results:
        print(f"seawall / libyaml (compose only):    {sw.best / results[COMPOSE].best:.2f}x")
    if CLI in results:
        print(
            f"seawall-cli / libyaml (load_all):    {results[CLI].best / results[FLOOR].best:.2f}x"
        )
    c = sw.counts
    print(
        f"seawall: {c['files']} files, {c['documents']} documents, {c['resources']} resources, "
        f"{c['findings']} findings"
    )
    print(f"  by rule: {c['codes']}")
    for name in (FLOOR, COMPOSE):
        if name in results:
            f = results[name].counts
            print(
                f"{name}: {f['files']} files, {f['documents']} documents, "
                f"{f['errors']} files stopped by an error"
            )
    if checkov is not None:
        print("\n== Checkov (one run) ==")
        print(" ".join(checkov.command))
        print(
            f"wall {checkov.seconds:.2f} s, cpu {checkov.cpu_seconds:.2f} s, "
            f"RSS peak {_kib(checkov.rss_peak_kib)}, exit {checkov.exit_code}"
        )
        print(f"summary: {checkov.summary}")
        for name in (SEAWALL, CLI):
            if name in results:
                speedup = checkov.seconds / results[name].best
                print(
                    f"speed-up vs Checkov ({name}): {speedup:.1f}x (target: at least 20x) -> "
                    f"{'met' if speedup >= 20 else 'NOT met'}"
                )


def run_scaling(
    corpus: Path, factors: list[int], runs: int, base_rss_kib: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    available = _mem_available_kib()
    with tempfile.TemporaryDirectory(prefix="seawall-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        build_copies(corpus, max(factors), root)
        print(f"\nbuilt {max(factors)} linked copies in {time.perf_counter() - started:.1f} s")
        per_copy = base_rss_kib
        for factor in sorted(factors):
            predicted = per_copy * factor
            if available is not None and predicted > 0.8 * available:
                print(
                    f"  scale {factor}x skipped: about {_kib(predicted)} of memory predicted, "
                    f"{_kib(available)} available"
                )
                rows.append({"scale": factor, "skipped": True, "predicted_rss_kib": predicted})
                continue
            print(f"  scale {factor}x ...", flush=True)
            m = measure(SCALE_ENGINES, root, factor, runs, trace=False, log=False)
            floor, sw = m[FLOOR], m[SEAWALL]
            per_copy = max(per_copy, sw.rss_peak_kib // factor)
            rows.append(
                {
                    "scale": factor,
                    "files": sw.counts["files"],
                    "resources": sw.counts["resources"],
                    "findings": sw.counts["findings"],
                    "seawall_seconds": sw.best,
                    "floor_seconds": floor.best,
                    "seawall_rss_kib": sw.rss_peak_kib,
                    "floor_rss_kib": floor.rss_peak_kib,
                }
            )
    print_scaling(rows)
    return rows


def print_scaling(rows: list[dict[str, Any]]) -> None:
    print("\n== scaling ==")
    print(
        f"{'scale':>6} {'files':>8} {'resources':>10} {'findings':>9} {'seawall s':>10} "
        f"{'s/copy':>8} {'floor s':>8} {'ratio':>6} {'seawall RSS':>12} {'RSS/copy':>9} "
        f"{'floor RSS':>10}"
    )
    for row in rows:
        if row.get("skipped"):
            print(f"{row['scale']:>5}x skipped (predicted RSS {_kib(row['predicted_rss_kib'])})")
            continue
        scale = row["scale"]
        print(
            f"{scale:>5}x {row['files']:>8} {row['resources']:>10} {row['findings']:>9} "
            f"{row['seawall_seconds']:>10.2f} {row['seawall_seconds'] / scale:>8.3f} "
            f"{row['floor_seconds']:>8.2f} {row['seawall_seconds'] / row['floor_seconds']:>6.2f} "
            f"{_kib(row['seawall_rss_kib']):>12} {_kib(row['seawall_rss_kib'] // scale):>9} "
            f"{_kib(row['floor_rss_kib']):>10}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join((__doc__ or "").splitlines()[2:]),
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help=f"directory (default {DEFAULT_CORPUS})"
    )
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="one extra run per in-process engine under tracemalloc, for the Python heap peak",
    )
    parser.add_argument("--checkov", metavar="BIN", help="also time this Checkov binary, once")
    parser.add_argument("--scale", metavar="LIST", help="corpus multiples, e.g. 1,10,100")
    parser.add_argument("--scale-runs", type=int, default=1, help="best of N per scale (1)")
    parser.add_argument("--no-compare", action="store_true", help="with --scale: scaling only")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one scan, print top N")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument("--worker", choices=WORKER_ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()

    if args.worker:
        print(json.dumps(worker(args.worker, corpus, args.copies, args.tracemalloc)))
        return 0
    if not corpus.is_dir():
        parser.error(f"{corpus}: not a directory")
    if args.profile:
        profile(corpus, args.profile)
        return 0

    info = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()))
    print(f"corpus: {corpus}\n")
    results: dict[str, Measurement] = {}
    checkov = None
    if not (args.no_compare and args.scale):
        results = measure(ENGINES, corpus, 0, max(args.runs, 1), args.tracemalloc)
        checkov = run_checkov(args.checkov, corpus) if args.checkov else None
        print_comparison(results, checkov)
    scaling: list[dict[str, Any]] = []
    if args.scale:
        factors = sorted({int(part) for part in args.scale.split(",") if part.strip()})
        if not factors or factors[0] < 1:
            parser.error("--scale takes positive integers, e.g. 1,10,100")
        base_rss = results[SEAWALL].rss_peak_kib if results else 0
        scaling = run_scaling(corpus, factors, max(args.scale_runs, 1), base_rss)
    if args.json:
        payload = {
            "machine": info,
            "corpus": str(corpus),
            "results": {k: {**asdict(v), "best": v.best} for k, v in results.items()},
            "checkov": asdict(checkov) if checkov else None,
            "scaling": scaling,
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
