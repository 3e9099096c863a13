"""The command line: argument parsing and output only; analysis lives in ``seawall.engine``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from seawall._version import __version__
from seawall.cli import rules_cmd
from seawall.cli.common import resolve_config, write_output
from seawall.cli.progress import ProgressBar
from seawall.core.severity import Severity
from seawall.engine.baseline import write_baseline
from seawall.engine.config import ConfigError, parse_size, parse_version
from seawall.engine.errors import UsageError
from seawall.engine.load import ComposeSettings
from seawall.engine.registry import load_registry
from seawall.engine.run import ScanOptions, scan
from seawall.helm.load import HelmSettings
from seawall.policy.pod_security import LevelSetting, PodSecurityConfig, parse_setting

T = TypeVar("T")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMAT_NAMES = ("text", "json", "sarif", "junit", "gitlab", "github")

_DESCRIPTION = """\
seawall reads a whole Docker -> Kubernetes platform at once (Kubernetes manifests, Dockerfiles,
compose files, Helm charts, kubeadm/kubelet/kube-proxy configs, GitLab CI) and reports what
will break or leak before it ships."""

_CHECK_EPILOG = """\
examples:
  seawall check                          scan the current directory
  seawall check deploy/ charts/app       scan some folders
  kubectl kustomize overlays/prod | seawall check -
                                         scan manifests from standard input
  seawall check --select KS --fail-on high
                                         only security rules; fail on high or critical
  seawall check --format sarif --output seawall.sarif
                                         SARIF for code scanning, text summary on the terminal
  seawall check --report gitlab:gl-code-quality.json --report junit:seawall.xml
                                         text on the terminal, two more reports from one scan
  seawall check --write-baseline --baseline .seawall-baseline.json
                                         accept today's findings; later runs with --baseline
                                         report only new ones

selecting rules:
  Codes are selected by prefix: KS (Kubernetes security), KS1, KS101. A rule's name works too
  (privileged-container). The most specific selector wins; --ignore wins a tie.

suppressing findings:
  on the line, or alone on the line above:   # seawall: ignore[KS101] reason
  for a whole file:                          # seawall: ignore-file[KR]
  on a Kubernetes object (and its pods):     metadata.annotations: seawall.dev/ignore: "KS101,KR1"

exit status:
  0  no finding at or above --fail-on     1  findings at or above --fail-on
  2  usage error, or seawall itself failed
"""


def _argument(parse: Callable[[str], T]) -> Callable[[str], T]:
    """Let argparse print our own message for a bad value instead of 'invalid value'."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seawall",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run `seawall check --help` for scanning options, `seawall rules` for the rules.",
    )
    parser.add_argument("--version", action="version", version=f"seawall {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="scan files and directories and report findings",
        description="Scan files and directories and report findings.",
        epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(check, "files or directories to scan")
    out = check.add_argument_group("output")
    out.add_argument(
        "--format",
        "-f",
        choices=FORMAT_NAMES,
        default="text",
        help="report format (default: text)",
    )
    out.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report to FILE; the terminal then shows the text report",
    )
    out.add_argument(
        "--report",
        type=_report_target,
        action="append",
        default=[],
        metavar="FORMAT:FILE",
        help="also write a FORMAT report to FILE from the same scan (repeatable), e.g. "
        "--report sarif:seawall.sarif --report junit:seawall-junit.xml",
    )
    out.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (default: auto, honours NO_COLOR)",
    )
    out.add_argument("--quiet", "-q", action="store_true", help="print nothing on the terminal")
    out.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    out.add_argument(
        "--jobs",
        type=int,
        choices=(0, 1, 2),
        default=0,
        metavar="N",
        help="processes: 1 parses and runs the rules in one, 2 splits parsing and rules over "
        "two (Linux), 0 (the default) splits large scans only; the findings are the same",
    )

    sel = check.add_argument_group("rules")
    sel.add_argument(
        "--select",
        type=_csv,
        action="extend",
        metavar="CODES",
        help="only these rule code prefixes (comma-separated; replaces the configuration's)",
    )
    sel.add_argument(
        "--ignore",
        type=_csv,
        action="extend",
        metavar="CODES",
        help="skip these rule code prefixes (adds to the configuration's)",
    )
    sel.add_argument(
        "--fail-on",
        type=_argument(Severity.parse),
        metavar="SEVERITY",
        help="lowest severity that makes the exit status 1: critical, high, medium, low (the "
        "default) or info",
    )
    sel.add_argument(
        "--pod-security",
        type=_argument(parse_setting),
        action="append",
        metavar="[NS:]MODE=LEVEL[@VER]",
        help="Pod Security level for namespaces without one (enforce=baseline), or for one "
        "namespace, overriding its labels (prod:enforce=restricted@v1.30); repeatable",
    )
    sel.add_argument(
        "--kubernetes-version",
        metavar="X.Y",
        help="target Kubernetes version (default: from a kubeadm ClusterConfiguration in the "
        "scan, else the newest version seawall knows)",
    )

    inp = check.add_argument_group("input and configuration")
    _add_config_and_exclude(inp, config_note="", verb="scan")
    inp.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name to report for standard input, also used to classify it",
    )
    inp.add_argument(
        "--max-file-size",
        type=_argument(parse_size),
        metavar="SIZE",
        help="skip (and report) files larger than SIZE, e.g. 20MiB (default 10MiB)",
    )
    inp.add_argument(
        "--baseline", type=Path, metavar="FILE", help="hide findings recorded in this baseline file"
    )
    inp.add_argument(
        "--write-baseline",
        action="store_true",
        help="record all current findings in the --baseline file and exit 0",
    )

    comp = check.add_argument_group("compose")
    comp.add_argument(
        "--compose-env",
        action="store_true",
        help="interpolate compose files with the process environment too (off by default: CI "
        "environments differ from where the files are deployed)",
    )
    comp.add_argument(
        "--env-file",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="read compose variables from FILE instead of the .env beside each compose file "
        "(repeatable; later files win)",
    )
    comp.add_argument(
        "--compose-file",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="merge these compose files in this order as one project, like "
        "`docker compose -f a -f b` (repeatable)",
    )
    comp.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="NAME",
        help="compose profiles that count as active (services of other profiles are still scanned)",
    )
    _add_helm_options(check)
    gatekeeper = check.add_argument_group("gatekeeper")
    gatekeeper.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="PATH",
        help="also take Gatekeeper ConstraintTemplates and constraints from PATH (a file or "
        "folder, e.g. a shared policy repository) and evaluate them against the scan; only the "
        "policies are read from it (repeatable; needs seawall[rego])",
    )

    rules = commands.add_parser(
        "rules", help="list the rules", description="List every rule with its code and severity."
    )
    rules.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    rules.add_argument(
        "--select",
        type=_csv,
        action="extend",
        metavar="CODES",
        help="only rules matching these code prefixes",
    )

    pss = commands.add_parser(
        "pss",
        help="Pod Security Standards tools",
        description="Pod Security Standards, evaluated as the admission controller does.",
    )
    pss_commands = pss.add_subparsers(dest="pss_command", metavar="COMMAND", required=True)
    evaluate = pss_commands.add_parser(
        "evaluate",
        help="would the pods be admitted at a level?",
        description="For every pod-bearing object, say whether Pod Security Admission would "
        "admit its pods at LEVEL and VERSION, and which checks fail. Exit 1 when any would be "
        "denied.",
        epilog="examples:\n  seawall pss evaluate --level restricted deploy/\n"
        "  helm template chart | seawall pss evaluate --level baseline --version v1.30 -\n"
        "  seawall pss evaluate --level restricted --format json . | jq 'select(.allowed|not)'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(evaluate, "files or directories")
    evaluate.add_argument(
        "--level",
        required=True,
        choices=("baseline", "restricted"),
        help="Pod Security level to evaluate against",
    )
    evaluate.add_argument(
        "--version",
        default="latest",
        metavar="v1.N|latest",
        help="policy version (default: latest)",
    )
    evaluate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text, or json: one JSON object per line",
    )
    _add_stdin_filename(evaluate)

    _add_graph_parser(commands)
    _add_policy_parser(commands)

    explain = commands.add_parser(
        "explain", help="show a rule's documentation", description="Show a rule's documentation."
    )
    explain.add_argument("code", metavar="CODE", help="rule code or name, e.g. KS101")
    return parser


_GRAPH_EPILOG = """\
Edges: Service, Ingress and Gateway routes to workloads and Services; workloads to ConfigMaps,
Secrets, ServiceAccounts, PersistentVolumeClaims, PriorityClasses; claims to StorageClasses and
volumes; HPA and PDB targets; RoleBindings; NetworkPolicies to the workloads they select
(selects) and the peers they let in (allows-from) or out (allows-to). A broken edge (a missing
target, a selector matching no workload) is marked "✗ missing": in red on a terminal, dashed and
red in Mermaid and DOT. Objects declared under `external` in the configuration are not broken.

examples:
  seawall graph deploy/                              the graph as text, by namespace
  seawall graph deploy/ --broken-only                only what points at nothing
  seawall graph deploy/ --format mermaid > graph.mmd
                                                     paste into Markdown in a ```mermaid block
  seawall graph deploy/ --format dot | dot -Tsvg > graph.svg
                                                     render with Graphviz
  seawall graph . --namespace shop --kind Ingress    one namespace's Ingresses and their edges
  helm template chart | seawall graph -              manifests from standard input

exit status:
  0  the graph was printed, broken edges or not (`seawall check` is the gate)
  2  usage error, or seawall itself failed
"""


_POLICY_EPILOG = """\
A suite is Gatekeeper's `gator verify` format:

  kind: Suite
  apiVersion: test.gatekeeper.sh/v1alpha1
  tests:
    - name: required-labels
      template: template.yaml            paths are relative to the suite file
      constraint: constraint.yaml
      cases:
        - name: missing-owner
          object: deployment.yaml
          inventory: [namespace.yaml]    objects seen in data.inventory
          assertions:
            - violations: yes            at least one (no: none; 2: exactly two)
            - violations: 1
              message: owner             count only violations whose message matches

examples:
  seawall policy verify policy/tests/suite.yaml
  seawall policy verify policy/**/suite.yaml

exit status:
  0  every case passed
  1  a case failed
  2  usage error (a missing file, a malformed suite, no Rego engine), or seawall itself failed

Needs the Rego engine: pip install 'seawall[rego]'.
"""


def _add_policy_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    policy = commands.add_parser(
        "policy",
        help="Gatekeeper policy tools (run gator verify suites)",
        description="Gatekeeper policy tools.",
    )
    policy_commands = policy.add_subparsers(dest="policy_command", metavar="COMMAND", required=True)
    verify = policy_commands.add_parser(
        "verify",
        help="run gator verify test suites offline",
        description="Run Gatekeeper `gator verify` suites: evaluate each case's object against "
        "the test's template and constraint and check the assertions, printing PASS or FAIL "
        "(and why) per case. No cluster and no Go toolchain needed.",
        epilog=_POLICY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("suites", nargs="+", metavar="SUITE", help="suite files (kind: Suite)")


def _add_graph_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    graph = commands.add_parser(
        "graph",
        help="print how objects reference and reach each other (text, Mermaid, DOT)",
        description="Print the resource graph of the scan set: every object, the objects it "
        "references, and the workloads NetworkPolicies select and admit, with broken edges "
        "highlighted. No rules run.",
        epilog=_GRAPH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(graph, "files or directories")
    graph.add_argument(
        "--format",
        "-f",
        choices=("text", "mermaid", "dot"),
        default="text",
        help="text (default), mermaid (a flowchart) or dot (Graphviz)",
    )
    graph.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE")
    graph.add_argument(
        "--namespace",
        "-n",
        action="append",
        default=[],
        metavar="NS",
        help="only objects in NS, with their edges and the objects at the other end (repeatable)",
    )
    graph.add_argument(
        "--kind",
        type=_csv,
        action="extend",
        default=[],
        metavar="KIND",
        help="only objects of KIND (e.g. Ingress,Service; any case), with their edges and the "
        "objects at the other end (repeatable)",
    )
    graph.add_argument(
        "--broken-only", action="store_true", help="only broken edges and the objects they join"
    )
    graph.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (default: auto, honours NO_COLOR)",
    )
    _add_config_and_exclude(
        graph, config_note="; its exclude and external settings apply", verb="read"
    )
    _add_stdin_filename(graph)


# Input options shared by the commands that read a scan set (check, graph, pss evaluate).
_Options = argparse.ArgumentParser | argparse._ArgumentGroup


def _add_paths(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help=f"{what} (default: .); - reads standard input",
    )


def _add_config_and_exclude(options: _Options, *, config_note: str, verb: str) -> None:
    options.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="configuration file (default: nearest .seawall.yaml or pyproject.toml "
        f"with [tool.seawall]){config_note}",
    )
    options.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help=f"gitignore-style pattern of paths not to {verb} (repeatable)",
    )


def _add_stdin_filename(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdin-filename", default="-", metavar="NAME", help="name to report for standard input"
    )


def _add_helm_options(check: argparse.ArgumentParser) -> None:
    helm = check.add_argument_group(
        "helm",
        "charts are rendered with Helm's engine (pip install 'seawall[helm]', or helm on PATH)",
    )
    helm.add_argument(
        "--values",
        dest="helm_values",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="render every chart with this values file too, like `helm template -f` (repeatable)",
    )
    helm.add_argument(
        "--set",
        dest="helm_set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a chart value, like `helm template --set` (repeatable)",
    )
    helm.add_argument(
        "--set-string",
        dest="helm_set_string",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a chart value as a string, like `helm template --set-string` (repeatable)",
    )
    helm.add_argument(
        "--release-name", default="release-name", help="Helm release name (default release-name)"
    )
    helm.add_argument(
        "--namespace", dest="helm_namespace", default="default", help="Helm release namespace"
    )
    helm.add_argument(
        "--api-versions",
        action="append",
        default=[],
        metavar="GROUP/VERSION",
        help="API versions the charts see in .Capabilities.APIVersions (repeatable); the "
        "Kubernetes version is the target version (--kubernetes-version)",
    )
    helm.add_argument(
        "--helm-ci-values",
        action="store_true",
        help="also render each chart once per ci/*-values.yaml file it ships",
    )


def _helm_settings(args: argparse.Namespace) -> HelmSettings:
    for given in args.helm_values:
        if not given.is_file():
            raise ConfigError(f"{given}: file not found")
    return HelmSettings(
        value_files=tuple(args.helm_values),
        set_values=tuple(args.helm_set),
        set_string_values=tuple(args.helm_set_string),
        release_name=args.release_name,
        namespace=args.helm_namespace,
        api_versions=tuple(args.api_versions),
        ci_scenarios=args.helm_ci_values,
    )


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _pod_security(
    configured: PodSecurityConfig, settings: list[tuple[str | None, str, LevelSetting]]
) -> PodSecurityConfig:
    """Command-line levels: a default beats the configuration's default; a namespaced one
    beats even the Namespace object in the scan."""
    default = dict(configured.default)
    overrides: dict[str, dict[str, LevelSetting]] = {}
    for namespace, mode, setting in settings:
        if namespace is None:
            default[mode] = setting
        else:
            overrides.setdefault(namespace, {})[mode] = setting
    return PodSecurityConfig(default, configured.namespaces, overrides)


def _report_target(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition(":")
    if not sep or not path:
        raise argparse.ArgumentTypeError(f"expected FORMAT:FILE, got {text!r}")
    if name not in FORMAT_NAMES:
        raise argparse.ArgumentTypeError(
            f"unknown format {name!r}; expected one of {', '.join(FORMAT_NAMES)}"
        )
    return name, Path(path)


# the scan's parsed documents, left whole: the command exits without freeing them (see ``entry``)
_KEPT_UNTIL_EXIT: list[object] = []


def _run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # a one-shot process: collecting cycles among views and findings would only cost time
    gc.disable()
    from seawall.report import render

    registry = load_registry()
    config = resolve_config(args.config, registry)
    if args.kubernetes_version:
        parse_version(args.kubernetes_version)
    version = args.kubernetes_version or config.kubernetes_version
    version_source = (
        "--kubernetes-version"
        if args.kubernetes_version
        else f"configuration ({config.path})"
        if config.kubernetes_version
        else None
    )
    baseline = args.baseline or config.baseline
    if args.write_baseline and baseline is None:
        raise ConfigError(
            "--write-baseline needs --baseline FILE (or `baseline` in the configuration)"
        )
    options = ScanOptions(
        select=tuple(args.select) if args.select else config.select,
        ignore=config.ignore + tuple(args.ignore or ()),
        severity=config.severity,
        rule_options=config.options,
        exclude=config.exclude + tuple(args.exclude),
        kubernetes_version=version,
        kubernetes_version_source=version_source,
        fail_on=args.fail_on or config.fail_on or Severity.LOW,
        max_file_size=args.max_file_size or config.max_file_size,
        baseline=None if args.write_baseline else baseline,
        stdin_name=args.stdin_filename or "-",
        pod_security=_pod_security(config.pod_security, args.pod_security or []),
        external=config.external,
        images=config.images,
        compose=ComposeSettings(
            use_environment=args.compose_env,
            env_files=tuple(args.env_file),
            files=tuple(args.compose_file),
            profiles=tuple(args.profile),
        ),
        helm=_helm_settings(args),
        policy_paths=tuple(args.policy),
        jobs=args.jobs,
    )
    for given in (*args.env_file, *args.compose_file):
        if not given.is_file():
            raise ConfigError(f"{given}: file not found")
    stdin = sys.stdin.buffer.read() if "-" in args.paths else None
    show_progress = not (args.no_progress or args.quiet) and err.isatty()
    with ProgressBar(err, enabled=show_progress) as bar:
        result = scan(
            args.paths,
            options,
            stdin=stdin,
            progress=bar.update,
            registry=registry,
            keep=_KEPT_UNTIL_EXIT,
        )

    if args.write_baseline:
        assert baseline is not None
        write_baseline(baseline, result.findings, result.sources)
        if not args.quiet:
            print(f"seawall: recorded {len(result.findings)} findings in {baseline}", file=err)
        return EXIT_OK

    for report_format, report_path in args.report:
        write_output(report_path, render(report_format, result))
    if args.output:
        write_output(Path(args.output), render(args.format, result))
        if not args.quiet:
            out.write(render("text", result, color=_use_color(args.color, out)))
    elif not args.quiet:
        color = args.format == "text" and _use_color(args.color, out)
        out.write(render(args.format, result, color=color))
    out.flush()
    return EXIT_FINDINGS if result.failed() else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.command is None:
        parser.print_help(out)
        return EXIT_USAGE
    try:
        if args.command == "check":
            return _run_check(args, out, err)
        if args.command == "rules":
            return rules_cmd.list_rules(args.format, args.select, out)
        if args.command == "explain":
            return rules_cmd.explain(args.code, out, err)
        if args.command == "pss":
            from seawall.cli.pss_cmd import evaluate_command

            return evaluate_command(
                args.paths, args.level, args.version, args.format, args.stdin_filename, out, err
            )
        if args.command == "policy":
            from seawall.cli.policy_cmd import verify_command

            return verify_command(args.suites, out, err)
        if args.command == "graph":
            from seawall.cli.graph_cmd import GraphRequest, graph_command

            request = GraphRequest(
                paths=args.paths,
                fmt=args.format,
                output=args.output,
                namespaces=tuple(args.namespace),
                kinds=tuple(args.kind),
                broken_only=args.broken_only,
                config=args.config,
                exclude=tuple(args.exclude),
                stdin_name=args.stdin_filename,
                color=_use_color(args.color, out),
            )
            return graph_command(request, out, err)
    except (UsageError, FileNotFoundError) as error:
        print(f"seawall: error: {error}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("seawall: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # seawall's own bug: say so plainly, keep the traceback for the report
        print("seawall: internal error; please report it with this traceback:", file=err)
        traceback.print_exc(file=err)
        return EXIT_USAGE
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def entry() -> None:
    """The ``seawall`` command: ``main``, then leave without tearing the heap down.

    A scan keeps every parsed document alive until it ends; freeing them one by one at
    interpreter exit cost 1-1.5 s on a 34 MB repository, longer than some scans. Everything the
    command writes is flushed first, and the Rego workers are already stopped by then.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)
