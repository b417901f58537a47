"""deploy/k8s: valid Kubernetes objects (kubernetes-validate, strict), probes on the real health
routes, resources on every container, secrets only referenced, never written."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from admin.settings import parse_proxies
from bot.webchat.settings import WebchatSettings
from deploy.processes import channel_commands
from project_paths import REPO_ROOT
from tests.deploy.deploy_files import K8S_DIR, k8s_containers, k8s_documents, pod_spec

KUBERNETES_VERSION = kubernetes_validate.latest_version()
SITE_APP = next((REPO_ROOT / ".venv" / "lib").glob("python3*/site-packages"))
SITE_RASA = next((REPO_ROOT / ".venv-rasa" / "lib").glob("python3*/site-packages"), None)

# Where each workload's health route is defined, so a probe cannot point at a route that
# does not exist: (file, the line that registers the route).
HEALTH_ROUTES: dict[str, tuple[Path | None, str, str]] = {
    "rasa": (SITE_RASA and SITE_RASA / "rasa" / "server.py", '@app.get("/")', "/"),
    "actions": (SITE_APP / "rasa_sdk" / "endpoint.py", '@app.get("/health")', "/health"),
    "webchat": (REPO_ROOT / "bot" / "webchat" / "app.py", 'Route("/healthz", health)', "/healthz"),
    "admin": (REPO_ROOT / "admin" / "app.py", 'Route("/healthz", healthz)', "/healthz"),
}
# Keys of the Secret "ki-assistant": README.md ("Deployment") tells how to create each.
SECRET_KEYS = {
    "database-url",
    "tracker-db-url",
    "redis-url",
    "redis-host",
    "redis-password",
    "rabbitmq-host",
    "rabbitmq-username",
    "rabbitmq-password",
    "rasa-token",
    "pseudonym-key",
    "telegram-token",
    "telegram-webhook-secret",
    "staff-db-url",
    "admin-secret-key",
}
# Keys that may be missing from the Secret: every reference to them is optional.
OPTIONAL_SECRET_KEYS = {"admin-initial-user", "admin-initial-password", "smtp-password"}


def workloads() -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in k8s_documents() if pod_spec(doc)}


@pytest.mark.parametrize(
    ("path", "doc"),
    [
        pytest.param(p, d, id=f"{p.name}:{d['kind']}:{d['metadata']['name']}")
        for p, d in k8s_documents()
    ],
)
def test_manifest_is_a_valid_kubernetes_object(path: Path, doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_validation_catches_a_misspelled_field() -> None:
    doc = copy.deepcopy(workloads()["rasa"])
    container = doc["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text(encoding="utf-8"))
    files = {p.name for p in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert sorted(kustomization["resources"]) == sorted(files)


def test_rasa_and_action_servers_have_replicas() -> None:
    found = workloads()
    assert found["rasa"]["spec"]["replicas"] >= 2
    assert found["actions"]["spec"]["replicas"] >= 2
    # The bridge registers its webhook and keeps languages in memory: exactly one.
    assert found["telegram"]["spec"]["replicas"] == 1


@pytest.mark.parametrize("name", sorted(HEALTH_ROUTES))
def test_probes_use_the_real_health_route(name: str) -> None:
    source, registration, path = HEALTH_ROUTES[name]
    if source is None:
        pytest.skip(".venv-rasa is missing (make test creates it)")
    assert registration in source.read_text(encoding="utf-8"), f"{path} is gone from {source}"
    container = workloads()[name]["spec"]["template"]["spec"]["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == path, (name, probe)
        assert get["port"] in ports


def test_telegram_probes_check_its_webhook_port() -> None:
    # python-telegram-bot's webhook server has no health route (only POST on the hook path).
    container = workloads()["telegram"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    port = container["ports"][0]
    assert str(port["containerPort"]) == env["TELEGRAM_WEBHOOK_PORT"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["tcpSocket"]["port"] == port["name"]


def test_every_container_has_resource_requests_and_a_memory_limit() -> None:
    for workload, container in k8s_containers():
        resources = container["resources"]
        assert {"cpu", "memory"} <= resources["requests"].keys(), workload
        assert "memory" in resources["limits"], workload
    rasa = workloads()["rasa"]["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert rasa["requests"]["memory"] == "1300Mi"  # one Rasa process with our model: ~1.2 GB


def test_secrets_are_only_referenced_never_written() -> None:
    assert not [d for _, d in k8s_documents() if d["kind"] == "Secret"]
    used = set()
    for workload, container in k8s_containers():
        for entry in container.get("env", []):
            ref = entry.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                assert ref["name"] == "ki-assistant", workload
                assert ref.get("optional", False) == (ref["key"] in OPTIONAL_SECRET_KEYS), workload
                used.add(ref["key"])
            elif any(w in entry["name"] for w in ("PASSWORD", "TOKEN", "SECRET", "KEY")):
                pytest.fail(f"{workload}: {entry['name']} is not taken from the Secret")
    assert used == SECRET_KEYS | OPTIONAL_SECRET_KEYS
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"--from-literal={key}=" in readme for key in used)


def test_every_setting_taken_from_the_config_map_is_there() -> None:
    config = next(d for _, d in k8s_documents() if d["kind"] == "ConfigMap")
    text = (K8S_DIR / "config.yaml").read_text(encoding="utf-8")
    for workload, container in k8s_containers():
        for entry in container.get("env", []):
            ref = entry.get("valueFrom", {}).get("configMapKeyRef")
            if not ref:
                continue
            assert ref["name"] == config["metadata"]["name"], workload
            if ref.get("optional"):
                # absent means the code's default; config.yaml shows it as a commented example
                assert f"# {ref['key']}: " in text, (workload, ref["key"])
            else:
                assert ref["key"] in config["data"], (workload, ref["key"])


def test_the_staff_admin_is_reached_only_through_its_restricted_ingress() -> None:
    documents = [d for _, d in k8s_documents()]
    admin = workloads()["admin"]
    # One replica: failed logins are counted in the process's memory.
    assert admin["kind"] == "Deployment" and admin["spec"]["replicas"] == 1
    container = pod_spec(admin)["containers"][0]
    # The same process `make run` starts (deploy/processes.py), in the image's Python.
    assert container["command"] == ["python", *dict(channel_commands({}))["admin"][1:]]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["ADMIN_HOST"] == "0.0.0.0"
    assert env["ADMIN_COOKIE_SECURE"] == "true"  # TLS ends at the Ingress
    # The ingress controller's X-Forwarded-For/-Proto are believed: its pods' range.
    config = next(d for d in documents if d["kind"] == "ConfigMap")["data"]
    proxies = next(e for e in container["env"] if e["name"] == "ADMIN_TRUSTED_PROXIES")
    key = proxies["valueFrom"]["configMapKeyRef"]["key"]
    assert parse_proxies(config[key]), "no trusted proxy: one login lock for all staff"
    port = container["ports"][0]
    assert str(port["containerPort"]) == env["ADMIN_PORT"]
    labels = admin["spec"]["template"]["metadata"]["labels"]

    # Its Services are cluster-internal.
    services = [
        d
        for d in documents
        if d["kind"] == "Service" and d["spec"]["selector"].items() <= labels.items()
    ]
    assert [s["metadata"]["name"] for s in services] == ["admin"]
    assert all(s["spec"].get("type", "ClusterIP") == "ClusterIP" for s in services)

    # Ingresses: the admin only on an Ingress of its own, on its own host with TLS, restricted
    # to the offices' addresses, under its base path only; never on the public chat host.
    ingresses = [d for d in documents if d["kind"] == "Ingress"]

    def backends(ingress: dict[str, Any]) -> list[tuple[str, str]]:
        return [
            (rule["host"], path["backend"]["service"]["name"])
            for rule in ingress["spec"]["rules"]
            for path in rule["http"]["paths"]
        ]

    admin_ingresses = [i for i in ingresses if ("admin" in {b for _, b in backends(i)})]
    assert admin_ingresses
    public_hosts = {h for i in ingresses for h, b in backends(i) if b == "webchat"}
    base_url = 'BASE_URL = "/admin"'
    assert base_url in (REPO_ROOT / "admin" / "app.py").read_text(encoding="utf-8")
    for ingress in admin_ingresses:
        assert {b for _, b in backends(ingress)} == {"admin"}, "shares an Ingress"
        annotations = ingress["metadata"].get("annotations", {})
        assert annotations.get("nginx.ingress.kubernetes.io/whitelist-source-range", "").strip()
        tls_hosts = {h for t in ingress["spec"]["tls"] for h in t["hosts"]}
        for rule in ingress["spec"]["rules"]:
            assert rule["host"] in tls_hosts and rule["host"] not in public_hosts
            for path in rule["http"]["paths"]:
                assert (path["path"], path["pathType"]) == ("/admin", "Prefix")
                assert path["backend"]["service"]["port"] == {"name": port["name"]}

    # Inside the cluster only the ingress controller may connect to it.
    assert_reached_only_from_the_ingress_controller(documents, labels, port["containerPort"])


def assert_reached_only_from_the_ingress_controller(
    documents: list[dict[str, Any]], labels: dict[str, str], port: int
) -> None:
    """A NetworkPolicy selects these pods and lets in only another namespace's pods (the
    ingress controller's), only on `port`."""
    policies = [
        d
        for d in documents
        if d["kind"] == "NetworkPolicy"
        and d["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    ]
    assert policies
    for policy in policies:
        assert "Ingress" in policy["spec"]["policyTypes"]
        for rule in policy["spec"]["ingress"]:
            assert rule["from"] and all("namespaceSelector" in peer for peer in rule["from"])
            assert [p["port"] for p in rule["ports"]] == [port]


def test_the_model_is_mounted_read_only_into_rasa() -> None:
    spec = workloads()["rasa"]["spec"]["template"]["spec"]
    mount = spec["containers"][0]["volumeMounts"][0]
    assert (mount["mountPath"], mount["readOnly"]) == ("/app/models", True)
    args = spec["containers"][0]["args"]
    assert args[args.index("--model") + 1].startswith("/app/models/")
    # The API token reaches Rasa through deploy/rasa_server.py (in the image), not as an arg.
    assert spec["containers"][0]["command"] == ["python", "-m", "deploy.rasa_server"]
    assert "--auth-token" not in args
    dockerfile = (REPO_ROOT / "deploy" / "Dockerfile.rasa").read_text(encoding="utf-8")
    copied = {
        word
        for line in dockerfile.splitlines()
        if line.startswith("COPY ") and line.rstrip().endswith("/app/deploy/")
        for word in line.split()[1:-1]
    }
    # The entry point, what it installs before Rasa starts, and the lock store Rasa loads.
    needed = {"__init__.py", "rasa_server.py", "rasa_speedups.py", "rasa_lock_store.py"}
    assert {f"deploy/{name}" for name in needed} <= copied


def test_retention_runs_as_a_cronjob_with_the_purge_command() -> None:
    cronjob = workloads()["conversations-retention"]
    assert cronjob["kind"] == "CronJob"
    container = pod_spec(cronjob)["containers"][0]
    assert container["command"] == ["conversations", "purge"]
    # the `conversations` command really exists
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'conversations = "conversation_store.cli:main"' in pyproject


def test_the_web_chat_believes_the_ingress_controllers_x_forwarded_for() -> None:
    # ingress-nginx writes X-Forwarded-For (the address it sees; config.yaml): without trusting
    # its pods, every visitor would be the controller, all under one per-address limit.
    config = next(d for _, d in k8s_documents() if d["kind"] == "ConfigMap")["data"]
    container = pod_spec(workloads()["webchat"])["containers"][0]
    entry = next(e for e in container["env"] if e["name"] == "WEBCHAT_TRUSTED_PROXIES")
    ref = entry["valueFrom"]["configMapKeyRef"]
    assert not ref.get("optional", False)
    value = config[ref["key"]]
    # Read by the web chat's own parser, as the host reads it at start.
    settings = WebchatSettings.from_env({"WEBCHAT_TRUSTED_PROXIES": value})
    assert settings.trusted_proxies, "no trusted proxy: one limit for all visitors"
    # The same controller as the staff admin's.
    assert settings.trusted_proxies == parse_proxies(config["ADMIN_TRUSTED_PROXIES"])
    # And nothing else in the cluster reaches the host, or a pod could claim any address.
    webchat = workloads()["webchat"]
    labels = webchat["spec"]["template"]["metadata"]["labels"]
    documents = [d for _, d in k8s_documents()]
    assert_reached_only_from_the_ingress_controller(
        documents, labels, container["ports"][0]["containerPort"]
    )
