"""deploy/compose.yml: valid against the Compose Specification's schema, secrets only from the
environment, and its services wired as the code expects."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from typing import Any

import jsonschema
import pytest

from admin.settings import AdminSettings
from bot.webchat.settings import WebchatSettings
from deploy.processes import channel_commands
from project_paths import REPO_ROOT
from tests.deploy.deploy_files import (
    COMPOSE_FILE,
    SCHEMA_DIR,
    MissingVariable,
    compose_variables,
    load_compose,
)

# The schema as the compose-spec project publishes it, vendored from check-jsonschema 0.39.0
# (check_jsonschema/builtin_schemas/vendor/compose-spec.json, Apache-2.0: LICENSE.compose-spec).
# check-jsonschema itself cannot join our environment: it needs ruamel.yaml >= 0.18 and rasa-sdk
# pins < 0.18. The digest is the one check-jsonschema ships beside the file.
SCHEMA_SHA256 = "d549057ebc2925f39f62799eab0db7b9e2c18b35b6c00595199116da3ed10e64"

SECRETS = {
    "POSTGRES_PASSWORD": "pg-secret",
    "REDIS_PASSWORD": "redis-secret",
    "RABBITMQ_PASSWORD": "rabbit-secret",
    "RASA_TOKEN": "rasa-secret",
    "PSEUDONYM_KEY": "pseudonym-secret",
    "ADMIN_SECRET_KEY": "admin-secret",
    "WEBCHAT_ALLOWED_ORIGINS": "https://www.kreis-heinsberg.de",
}
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|KEY|PASS$")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data = (SCHEMA_DIR / "compose-spec.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    return json.loads(data)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose(SECRETS)


def schema_errors(schema: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)
    ]


def test_compose_file_is_valid_against_the_compose_spec(schema, compose) -> None:
    assert schema_errors(schema, compose) == []


def test_schema_catches_a_misspelled_service_key(schema, compose) -> None:
    broken = json.loads(json.dumps(compose))
    broken["services"]["rasa"]["healthchek"] = broken["services"]["rasa"].pop("healthcheck")
    assert any("healthchek" in e for e in schema_errors(schema, broken))


def test_compose_refuses_to_start_without_each_secret() -> None:
    for name in SECRETS.keys() - {"WEBCHAT_ALLOWED_ORIGINS"}:
        with pytest.raises(MissingVariable, match=name):
            load_compose({k: v for k, v in SECRETS.items() if k != name})


def test_secrets_come_only_from_the_environment(compose) -> None:
    # Every secret-looking variable a service gets is an interpolated one, never a literal.
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    required = {n for n, op in compose_variables(text).items() if op in (":?", "?")}
    assert SECRETS.keys() - {"WEBCHAT_ALLOWED_ORIGINS"} <= required
    secret_values = set(SECRETS.values())
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            value = str(value)
            if SECRET_NAME.search(key) and value:
                assert value in secret_values or value == "", f"{name}.{key} is a literal"
            for credentials in re.findall(r"://([^@/]*)@", value):
                assert credentials.split(":")[-1] in secret_values, f"{name}.{key}"


def test_rasa_and_action_servers_run_as_replicas_behind_haproxy(compose) -> None:
    services = compose["services"]
    assert int(services["rasa"]["deploy"]["replicas"]) >= 2
    assert int(services["actions"]["deploy"]["replicas"]) >= 2
    assert services["rasa"]["environment"]["ACTION_SERVER_URL"] == "http://haproxy:5055/webhook"
    for channel in ("webchat", "telegram"):
        assert services[channel]["environment"]["RASA_URL"] == "http://haproxy:5005"
    # Only the load balancer is published to the world; the staff admin on the host's loopback.
    published = {n: s["ports"] for n, s in services.items() if s.get("ports")}
    assert published.keys() == {"haproxy", "admin"}
    assert all(str(p).startswith("127.0.0.1:") for p in published["admin"])


def test_rasa_uses_the_official_image_with_the_model_mounted(compose) -> None:
    dockerfile = COMPOSE_FILE.parent.parent / compose["services"]["rasa"]["build"]["dockerfile"]
    assert "FROM rasa/rasa:3.6.21\n" in dockerfile.read_text(encoding="utf-8")
    rasa = compose["services"]["rasa"]
    assert "../models:/app/models:ro" in rasa["volumes"]
    command = rasa["command"]
    assert command[command.index("--model") + 1].startswith("/app/models/")
    # The API token reaches Rasa through deploy/rasa_server.py, never on a command line.
    assert rasa["entrypoint"] == ["python", "-m", "deploy.rasa_server"]
    assert "--auth-token" not in command
    assert rasa["environment"]["RASA_API_TOKEN"] == SECRETS["RASA_TOKEN"]
    assert int(rasa["deploy"]["resources"]["reservations"]["memory"].removesuffix("M")) >= 1300


def test_our_services_are_built_from_the_project(compose) -> None:
    ours = {"migrate", "actions", "webchat", "telegram", "admin", "retention"}
    for name in ours:
        assert compose["services"][name]["build"]["dockerfile"] == "deploy/Dockerfile", name
    dockerfile = (COMPOSE_FILE.parent / "Dockerfile").read_text(encoding="utf-8")
    assert "python:3.11" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile  # exactly uv.lock, as make run


def test_the_staff_admin_runs_as_make_run_starts_it_on_loopback_only(compose) -> None:
    admin = compose["services"]["admin"]
    # The same process `make run` starts (deploy/processes.py), in the image's Python.
    launched = dict(channel_commands({}))["admin"]
    assert admin["command"] == ["python", *launched[1:]]
    env = admin["environment"]
    port = env["ADMIN_PORT"]
    assert env["ADMIN_HOST"] == "0.0.0.0"  # inside its container; published below
    assert admin["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert env["ADMIN_COOKIE_SECURE"] == "true"
    # The health check asks the admin's real health route.
    assert 'Route("/healthz", healthz)' in (REPO_ROOT / "admin" / "app.py").read_text("utf-8")
    assert f"http://127.0.0.1:{port}/healthz" in " ".join(admin["healthcheck"]["test"])
    # The offer views need the offers' schema; the desk's own it migrates at start.
    assert admin["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "memory" in admin["deploy"]["resources"]["limits"]
    # One replica: failed logins are counted in the process's memory.
    assert admin.get("deploy", {}).get("replicas", 1) == 1


def test_the_web_chat_believes_x_forwarded_for_from_haproxy_only(compose) -> None:
    # Every visitor reaches the host through HAProxy, which writes X-Forwarded-For (haproxy.cfg):
    # without trusting it, all visitors would share HAProxy's one per-address limit.
    (ipam,) = compose["networks"]["default"]["ipam"]["config"]
    subnet = ipaddress.ip_network(ipam["subnet"])
    dynamic = ipaddress.ip_network(ipam["ip_range"])
    gateway = ipaddress.ip_address(ipam["gateway"])
    haproxy = ipaddress.ip_address(
        compose["services"]["haproxy"]["networks"]["default"]["ipv4_address"]
    )
    assert haproxy in subnet and gateway in subnet and dynamic.subnet_of(subnet)
    # Docker hands other containers addresses from ip_range only: none can take HAProxy's.
    assert haproxy not in dynamic and gateway not in dynamic and haproxy != gateway
    # Every other service is on the same network (the default one), with a dynamic address.
    for name, service in compose["services"].items():
        if name != "haproxy":
            assert "networks" not in service and "network_mode" not in service, name
    # The web chat's own parser reads exactly HAProxy: not the gateway (anything on the host).
    webchat = WebchatSettings.from_env(compose["services"]["webchat"]["environment"])
    assert webchat.trusted_proxies == (ipaddress.ip_network(haproxy),)
    assert not any(gateway in n for n in webchat.trusted_proxies)


def test_the_staff_admin_believes_the_gateway_by_default(compose) -> None:
    # Its port is published on the host's loopback only: every request comes from the gateway.
    (ipam,) = compose["networks"]["default"]["ipam"]["config"]
    admin = AdminSettings.from_env(compose["services"]["admin"]["environment"])
    assert admin.trusted_proxies == (ipaddress.ip_network(ipam["gateway"]),)
    # Set empty, nobody is believed.
    unset = load_compose({**SECRETS, "ADMIN_TRUSTED_PROXIES": ""})["services"]["admin"]
    assert AdminSettings.from_env(unset["environment"]).trusted_proxies == ()
