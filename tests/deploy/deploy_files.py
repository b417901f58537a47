"""Reads the deployment files as Docker Compose and Kubernetes would, for the deploy tests.

No Docker engine or cluster runs here: the tests check these files' structure, their schemas and
that they agree with the code (environment variables, health routes, ports).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from project_paths import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
COMPOSE_FILE = DEPLOY / "compose.yml"
K8S_DIR = DEPLOY / "k8s"
CLUSTER_ENDPOINTS = DEPLOY / "endpoints.cluster.yml"
SCHEMA_DIR = Path(__file__).parent / "schemas"

# Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error};
# $$ is a literal $ left for the container's shell.
_INTERPOLATION = re.compile(r"\$(?:\$|\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\})")
# ${VAR} in Rasa's endpoint files.
_ENDPOINT_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
# $(VAR) in a Kubernetes container's command or args, expanded from the container's env.
_K8S_REFERENCE = re.compile(r"\$\(([A-Z0-9_]+)\)")


class MissingVariable(KeyError):
    """A ${VAR:?...} whose variable is unset: compose refuses to start."""


def interpolate(text: str, environ: Mapping[str, str]) -> str:
    """Compose's variable interpolation of `text` with `environ`."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name is None:
            return "$"
        op, arg = match.group("op"), match.group("arg") or ""
        value = environ.get(name)
        unset = value is None or (op is not None and op.startswith(":") and value == "")
        if op in (":?", "?") and unset:
            raise MissingVariable(f"{name}: {arg}")
        if op in (":-", "-") and unset:
            return arg
        return value or ""

    return _INTERPOLATION.sub(replace, text)


def compose_variables(text: str) -> dict[str, str | None]:
    """Every ${VAR...} of a compose file: name → its operator (None for plain ${VAR})."""
    return {m.group("name"): m.group("op") for m in _INTERPOLATION.finditer(text) if m["name"]}


def load_compose(environ: Mapping[str, str]) -> dict[str, Any]:
    """The compose file as compose reads it: YAML (anchors, merge keys) first, then every string
    value interpolated with `environ`."""
    return _interpolate_tree(yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8")), environ)


def _interpolate_tree(node: Any, environ: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, environ)
    if isinstance(node, dict):
        return {k: _interpolate_tree(v, environ) for k, v in node.items()}
    if isinstance(node, list):
        return [_interpolate_tree(v, environ) for v in node]
    return node


def endpoint_variables(path: Path = CLUSTER_ENDPOINTS) -> set[str]:
    """The variables a Rasa endpoints file expands."""
    return set(_ENDPOINT_VAR.findall(path.read_text(encoding="utf-8")))


def k8s_documents() -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every Kubernetes object in deploy/k8s (the kustomization file is not one)."""
    for path in sorted(K8S_DIR.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                yield path, doc


def pod_spec(doc: Mapping[str, Any]) -> dict[str, Any] | None:
    """The pod template's spec of a workload (Deployment, Job, CronJob), else None."""
    kind = doc["kind"]
    if kind in {"Deployment", "StatefulSet", "DaemonSet", "Job"}:
        return doc["spec"]["template"]["spec"]
    if kind == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def k8s_containers() -> Iterator[tuple[str, dict[str, Any]]]:
    """(workload name, container) for every container of every workload."""
    for _, doc in k8s_documents():
        spec = pod_spec(doc)
        if spec is not None:
            for container in spec["containers"]:
                yield doc["metadata"]["name"], container


def k8s_referenced_variables(container: Mapping[str, Any]) -> set[str]:
    """Variables a container's command or args take from its env as $(VAR)."""
    words = [*container.get("command", []), *container.get("args", [])]
    return {name for word in words for name in _K8S_REFERENCE.findall(str(word))}


def dockerfile_env(path: Path) -> set[str]:
    """Names set by ENV lines (also continued ones) of a Dockerfile."""
    names: set[str] = set()
    continuing = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("ENV ") or continuing:
            body = line.removeprefix("ENV ").rstrip("\\").strip()
            names.update(re.findall(r"([A-Z][A-Z0-9_]*)=", body))
            continuing = line.endswith("\\")
    return names


def entry_modules(command: Sequence[str]) -> set[str]:
    """The modules of ours that a container's command runs: `python -m X` (for rasa_sdk every
    module of its --actions package, which it imports all) or a console script of pyproject.toml."""
    words = [str(w) for w in command]
    if words[:2] == ["python", "-m"]:
        if words[2] == "rasa_sdk":
            package = words[words.index("--actions") + 1]
            folder = REPO_ROOT / package.replace(".", "/")
            return {
                ".".join(p.relative_to(REPO_ROOT).with_suffix("").parts)
                for p in folder.rglob("*.py")
            }
        return {words[2], f"{words[2]}.__main__"}
    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = scripts["project"]["scripts"].get(words[0])
    return {target.split(":")[0]} if target else set()


def module_file(name: str) -> Path | None:
    """The file of one of our modules (a package's __init__.py), None for anything else."""
    path = REPO_ROOT / name.replace(".", "/")
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file() and ".venv" not in candidate.parts:
            return candidate
    return None


def imported_modules(entries: Iterable[str]) -> set[str]:
    """Our modules that `entries` import, directly or through others (their import statements,
    also those inside functions; parent packages count as imported)."""
    seen: set[str] = set()
    todo = list(entries)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        path = module_file(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                todo.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                todo.append(node.module)
                todo.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return seen
