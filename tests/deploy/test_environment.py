"""Every environment variable the deployment files set is one that the program it reaches reads,
and Rasa gets every variable its endpoints file expands: a renamed setting cannot silently
become a setting nobody reads. The other way round for the staff desk and the staff admin: every
process that runs their code gets the settings they need in production."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from admin.settings import AdminSettings
from bot.telegram.settings import TelegramSettings
from bot.webchat.settings import WebchatSettings
from conversation_store.settings import ConversationStoreSettings
from demand_report.settings import tracker_db_url
from deploy.processes import child_env
from project_paths import REPO_ROOT
from staff_desk.notify import MailSettings
from staff_desk.settings import load_settings as staff_desk_settings
from tests.deploy.deploy_files import (
    CLUSTER_ENDPOINTS,
    DEPLOY,
    dockerfile_env,
    endpoint_variables,
    entry_modules,
    imported_modules,
    k8s_containers,
    k8s_referenced_variables,
    load_compose,
    module_file,
)
from tests.deploy.test_compose import SECRETS

OUR_PACKAGES = (
    "actions",
    "admin",
    "bot",
    "contract",
    "conversation_store",
    "db_support",
    "demand_report",
    "deploy",
    "locales",
    "offer_db",
    "project_paths",
    "staff_desk",
)
# env.get("X"), environ.get("X", ...), os.environ["X"], os.getenv("X"), env.setdefault("X", ...),
# os.environ.pop("X"), and a name kept in a constant: TOKEN_VARIABLE = "X"
_READ = re.compile(
    r"""(?:env|environ|os\.environ)(?:\.get|\.setdefault|\.pop)?\s*[\(\[]\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|getenv\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|^[A-Z_]*VARIABLE\s*=\s*["']([A-Z][A-Z0-9_]+)["']""",
    re.MULTILINE,
)
SITE_APP = next((REPO_ROOT / ".venv" / "lib").glob("python3*/site-packages"))
SITE_RASA = next((REPO_ROOT / ".venv-rasa" / "lib").glob("python3*/site-packages"), None)
# Read by the libraries we run, not by our code: (installed file, the line that reads it).
LIBRARY_READS = {
    "SANIC_HOST": (SITE_APP / "rasa_sdk" / "endpoint.py", 'os.environ.get("SANIC_HOST"'),
}
RASA_READS = {
    # deploy/rasa_server.py, Rasa's entry point in its image, hands it to `--auth-token`
    "RASA_API_TOKEN": (
        REPO_ROOT / "deploy" / "rasa_server.py",
        'TOKEN_VARIABLE = "RASA_API_TOKEN"',
    ),
    "RASA_TELEMETRY_ENABLED": (
        SITE_RASA and SITE_RASA / "rasa" / "telemetry.py",
        '"RASA_TELEMETRY_ENABLED"',
    ),
}
# The Python interpreter's own variables, set in our image.
PYTHON_READS = {"PATH", "PYTHONPATH", "PYTHONUNBUFFERED"}
# uv's documented settings, used in the image's build stage only.
UV_SETTINGS = {"UV_COMPILE_BYTECODE", "UV_LINK_MODE", "UV_PYTHON_DOWNLOADS"}
# Official images' documented variables (their entrypoints read them; nothing to grep here).
IMAGE_READS = {
    "postgres": {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"},
    "rabbitmq": {"RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS"},
}
OUR_IMAGE_SERVICES = {"migrate", "actions", "webchat", "telegram", "admin", "retention"}

# What the staff desk, the staff admin and what they show need in production, by the module that
# reads it: every container whose command imports that module (directly or not) must set these.
# Without STAFF_DB_URL a process would keep its own desk in a SQLite file in its container, and
# the admin would never see the channels' tickets.
PRODUCTION_SETTINGS: dict[str, set[str]] = {
    "staff_desk.settings": {"STAFF_DB_URL"},
    "staff_desk.notify": {
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_USER",
        "SMTP_PASSWORD",
        "ADMIN_NOTIFY_EMAIL",
        "ADMIN_NOTIFY_FROM",
        "ADMIN_PUBLIC_URL",
    },
    "admin.settings": {
        "ADMIN_HOST",
        "ADMIN_PORT",
        "ADMIN_COOKIE_SECURE",
        "ADMIN_SECRET_KEY",
        "ADMIN_INITIAL_USER",
        "ADMIN_INITIAL_PASSWORD",
        "ADMIN_TRUSTED_PROXIES",  # the TLS proxy / ingress controller in front of it
    },
    "offer_db.settings": {"DATABASE_URL"},
    "demand_report.settings": {"TRACKER_DB_URL"},
    "bot.telegram.settings": {"TELEGRAM_STAFF_CHAT_ID"},
}
# What else these modules read, left at the code's default on purpose.
LEFT_AT_DEFAULT: dict[str, set[str]] = {
    # DATABASE_URL only when STAFF_DB_URL is unset; 10 s per statement
    "staff_desk.settings": {"DATABASE_URL", "DATABASE_STATEMENT_TIMEOUT"},
    "staff_desk.notify": {"SMTP_STARTTLS"},  # on whenever SMTP_USER is set
    "admin.settings": {"ADMIN_SESSION_IDLE_S", "ADMIN_SESSION_MAX_S"},  # 8 h idle, 12 h at most
    "offer_db.settings": set(),
    "demand_report.settings": set(),
    "bot.telegram.settings": {"TELEGRAM_STAFF_POLL_SECONDS"},  # 5 s
}
# Of the Telegram bridge's settings only its staff group's belong here.
READ_PREFIX = {"bot.telegram.settings": "TELEGRAM_STAFF_"}
STAFF_DESK_FOLDERS = ("staff_desk", "admin", "demand_report")


def code_reads(files: Iterable[Path]) -> set[str]:
    names: set[str] = set()
    for path in files:
        for match in _READ.finditer(path.read_text(encoding="utf-8")):
            names.add(next(g for g in match.groups() if g))
    return names


def our_reads() -> set[str]:
    return code_reads(p for pkg in OUR_PACKAGES for p in (REPO_ROOT / pkg).rglob("*.py"))


def verified(reads: dict[str, tuple[Path | None, str]]) -> set[str]:
    """The library reads whose reading line is really in the installed library."""
    found = set()
    for name, (path, line) in reads.items():
        if path is None:
            pytest.skip(".venv-rasa is missing (make test creates it)")
        assert line in path.read_text(encoding="utf-8"), f"{name} is no longer read in {path}"
        found.add(name)
    return found


def test_the_scan_finds_what_the_code_reads() -> None:
    # The regular expression must not silently find nothing.
    expected = {
        "TELEGRAM_TOKEN",
        "TELEGRAM_WEBHOOK_URL",
        "WEBCHAT_ALLOWED_ORIGINS",
        "RASA_URL",
        "RASA_TOKEN",
        "DATABASE_URL",
        "TRACKER_DB_URL",
        "REDIS_URL",
        "RETENTION_DAYS",
        "PSEUDONYM_KEY",
        "KI_DATA_DIR",
        "ACTION_SERVER_URL",
        "RASA_API_TOKEN",
        "STAFF_DB_URL",
        "ADMIN_SECRET_KEY",
        "TELEGRAM_STAFF_CHAT_ID",
    }
    assert expected <= our_reads()
    assert code_reads([Path(__file__)]) >= {"X_DEMO"}  # env.get("X_DEMO"): the pattern matches


def test_compose_sets_only_variables_that_are_read() -> None:
    compose = load_compose(SECRETS)
    ours = our_reads() | verified(LIBRARY_READS)
    rasa_reads = endpoint_variables() | verified(RASA_READS)
    for name, service in compose["services"].items():
        env = set((service.get("environment") or {}).keys())
        if name in OUR_IMAGE_SERVICES:
            assert env <= ours, (name, env - ours)
        elif name == "rasa":
            assert env <= rasa_reads, env - rasa_reads
        elif name in IMAGE_READS:
            assert env <= IMAGE_READS[name], (name, env - IMAGE_READS[name])
        else:  # read by the service's own command line, as $$VAR
            words = " ".join(map(str, [service.get("command", ""), service.get("healthcheck", "")]))
            assert all(f"${v}" in words for v in env), name


def test_kubernetes_sets_only_variables_that_are_read() -> None:
    ours = our_reads() | verified(LIBRARY_READS)
    rasa_reads = endpoint_variables() | verified(RASA_READS)
    for workload, container in k8s_containers():
        env = {e["name"] for e in container.get("env", [])} - k8s_referenced_variables(container)
        allowed = rasa_reads if workload == "rasa" else ours
        assert env <= allowed, (workload, env - allowed)


def test_images_set_only_variables_that_are_read() -> None:
    assert dockerfile_env(DEPLOY / "Dockerfile") <= our_reads() | PYTHON_READS | UV_SETTINGS
    assert dockerfile_env(DEPLOY / "Dockerfile.rasa") <= PYTHON_READS


def test_rasa_gets_every_variable_its_endpoints_file_needs() -> None:
    needed = endpoint_variables(CLUSTER_ENDPOINTS)
    assert {"TRACKER_DB_URL", "LOCK_STORE_HOST", "EVENT_BROKER_HOST"} <= needed
    # Rasa's own Redis lock store loses tickets between replicas (bench/lock_race.py).
    endpoints_text = CLUSTER_ENDPOINTS.read_text(encoding="utf-8")
    assert "type: deploy.rasa_lock_store.AtomicRedisLockStore" in endpoints_text
    compose_env = load_compose(SECRETS)["services"]["rasa"]["environment"]
    assert needed <= compose_env.keys()
    k8s_env = {e["name"] for w, c in k8s_containers() if w == "rasa" for e in c["env"]}
    assert needed <= k8s_env
    # The Rasa image carries this file as its endpoints.yml.
    rasa_dockerfile = (DEPLOY / "Dockerfile.rasa").read_text(encoding="utf-8")
    assert "COPY deploy/endpoints.cluster.yml /app/endpoints.yml" in rasa_dockerfile


def test_make_run_sets_every_variable_of_its_endpoints_file(tmp_path: Path) -> None:
    # `make run` (one process) keeps the top-level endpoints.yml; the launcher fills it.
    needed = endpoint_variables(REPO_ROOT / "endpoints.yml")
    for redis_url in (None, "redis://:pw@127.0.0.1:6379/3"):
        store = ConversationStoreSettings(f"sqlite:///{tmp_path / 'c.sqlite3'}", redis_url)
        env = child_env(5055, store, {"KI_DATA_DIR": str(tmp_path)})
        assert needed <= env.keys(), needed - env.keys()


def test_rasa_locks_where_erasure_and_retention_delete_locks() -> None:
    # The channels and the retention job erase Redis locks at REDIS_URL; Rasa must lock there.
    services = load_compose(SECRETS)["services"]
    rasa_env = services["rasa"]["environment"]
    for name in ("webchat", "telegram", "retention"):
        expected = ConversationStoreSettings.from_env(services[name]["environment"])
        wanted = expected.rasa_environment()
        assert wanted["LOCK_STORE_TYPE"] == "redis"
        for key in (
            "TRACKER_DB_URL",
            "LOCK_STORE_HOST",
            "LOCK_STORE_PORT",
            "LOCK_STORE_DB",
            "LOCK_STORE_PASSWORD",
        ):
            assert str(rasa_env[key]) == wanted[key], (name, key)


def test_channels_share_one_pseudonym_key_and_only_rasa_holds_its_api_token() -> None:
    services = load_compose(SECRETS)["services"]
    for name, service in services.items():
        env = service.get("environment") or {}
        if name in {"webchat", "telegram"}:
            assert env["PSEUDONYM_KEY"] == SECRETS["PSEUDONYM_KEY"]
        # The channels use the REST channel, which needs no token (as in `make run`).
        has_token = any(v == SECRETS["RASA_TOKEN"] for v in env.values())
        assert has_token == (name == "rasa"), name
    for workload, container in k8s_containers():
        names = {e["name"] for e in container.get("env", [])}
        if workload in {"webchat", "telegram"}:
            assert "PSEUDONYM_KEY" in names
        tokens = [
            e
            for e in container.get("env", [])
            if e.get("valueFrom", {}).get("secretKeyRef", {}).get("key") == "rasa-token"
        ]
        assert bool(tokens) == (workload == "rasa"), workload


def _demo(env: dict[str, str]) -> str | None:
    return env.get("X_DEMO")


def required_settings(command: list[str]) -> set[str]:
    """What a container running `command` must set (PRODUCTION_SETTINGS of what it imports)."""
    modules = imported_modules(entry_modules(command))
    return {
        name for module, names in PRODUCTION_SETTINGS.items() if module in modules for name in names
    }


def test_the_staff_desk_settings_are_all_decided() -> None:
    # A new variable read by the desk, the admin or the report must be added to one of the two
    # tables: needed in production, or left at its default.
    for module, needed in PRODUCTION_SETTINGS.items():
        path = module_file(module)
        assert path is not None, module
        reads = code_reads([path])
        prefix = READ_PREFIX.get(module)
        if prefix:
            reads = {name for name in reads if name.startswith(prefix)}
        assert reads == needed | LEFT_AT_DEFAULT[module], (
            module,
            reads ^ (needed | LEFT_AT_DEFAULT[module]),
        )
    for folder in STAFF_DESK_FOLDERS:
        for path in (REPO_ROOT / folder).rglob("*.py"):
            module = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
            assert not code_reads([path]) or module in PRODUCTION_SETTINGS, module
    # The import scan finds who uses the desk (not only the admin).
    assert "staff_desk.settings" in imported_modules(entry_modules(["python", "-m", "bot.webchat"]))


def test_compose_gives_every_staff_desk_process_its_settings() -> None:
    services = load_compose(SECRETS)["services"]
    desk_users = set()
    for name in OUR_IMAGE_SERVICES:
        service = services[name]
        needed = required_settings(service["command"])
        env = service.get("environment") or {}
        assert needed <= env.keys(), (name, needed - env.keys())
        if "STAFF_DB_URL" in needed:
            desk_users.add(name)
    assert desk_users == {"actions", "webchat", "telegram", "admin", "retention"}
    # One staff desk for all of them.
    assert len({services[n]["environment"]["STAFF_DB_URL"] for n in desk_users}) == 1


def test_kubernetes_gives_every_staff_desk_process_its_settings() -> None:
    desk_users = set()
    desk_keys = set()
    for workload, container in k8s_containers():
        if container["image"] != "ki-assistant-app":
            continue
        needed = required_settings([*container["command"], *container.get("args", [])])
        env = {e["name"]: e for e in container.get("env", [])}
        assert needed <= env.keys(), (workload, needed - env.keys())
        if "STAFF_DB_URL" in needed:
            desk_users.add(workload)
            desk_keys.add(env["STAFF_DB_URL"]["valueFrom"]["secretKeyRef"]["key"])
    assert desk_users == {"actions", "webchat", "telegram", "admin", "conversations-retention"}
    assert len(desk_keys) == 1


def test_the_staff_desk_and_the_admin_read_the_compose_settings_as_meant() -> None:
    services = load_compose(SECRETS)["services"]
    env = {name: service.get("environment") or {} for name, service in services.items()}
    admin = AdminSettings.from_env(env["admin"])
    assert admin.secret_key == SECRETS["ADMIN_SECRET_KEY"]  # never the container's own file
    assert (admin.host, admin.secure_cookie) == ("0.0.0.0", True)
    assert (admin.initial_user, admin.initial_password) == (None, None)
    # The host's proxy is believed: its compose network's fixed gateway unless another is named
    # (or none, set empty).
    assert [str(n) for n in admin.trusted_proxies] == ["172.28.0.1/32"]
    for named, expected in (("172.18.0.1", ["172.18.0.1/32"]), ("", [])):
        other = {**SECRETS, "ADMIN_TRUSTED_PROXIES": named}
        proxied = AdminSettings.from_env(load_compose(other)["services"]["admin"]["environment"])
        assert [str(n) for n in proxied.trusted_proxies] == expected
    # The web chat host believes HAProxy's X-Forwarded-For (its fixed address) and nobody else's.
    webchat = WebchatSettings.from_env(env["webchat"])
    haproxy = services["haproxy"]["networks"]["default"]["ipv4_address"]
    assert [str(n) for n in webchat.trusted_proxies] == [f"{haproxy}/32"]
    # The admin edits the offers the action servers search and reports on Rasa's conversations.
    assert admin.database_url == env["actions"]["DATABASE_URL"]
    assert tracker_db_url(env["admin"]) == env["rasa"]["TRACKER_DB_URL"]
    desk = {staff_desk_settings(env[n]).database_url for n in ("actions", "webchat", "admin")}
    assert desk == {env["admin"]["STAFF_DB_URL"]}
    assert desk.pop().startswith("postgresql")

    # The new-ticket e-mail: off unless configured, and then on a port, with a sender, STARTTLS
    # for a login and a link to the admin.
    assert MailSettings.from_env(env["webchat"]) is None
    with_mail = {
        **SECRETS,
        "SMTP_HOST": "mail.example.org",
        "SMTP_USER": "ki",
        "SMTP_PASSWORD": "smtp-secret",
        "ADMIN_NOTIFY_EMAIL": "team@example.org",
    }
    for name in ("webchat", "telegram"):
        mail = MailSettings.from_env(load_compose(with_mail)["services"][name]["environment"])
        assert mail is not None, name
        assert (mail.port, mail.starttls, mail.password) == (25, True, "smtp-secret")
        assert mail.sender and mail.admin_url.endswith("/admin/")

    # The Telegram staff group: none unless set.
    telegram = {**SECRETS, "TELEGRAM_TOKEN": "123:abc"}
    bridge_env = load_compose(telegram)["services"]["telegram"]["environment"]
    assert TelegramSettings.from_env(dict(bridge_env)).staff_chat_id is None
    group = {**telegram, "TELEGRAM_STAFF_CHAT_ID": "-1001234567890"}
    bridge_env = load_compose(group)["services"]["telegram"]["environment"]
    assert TelegramSettings.from_env(dict(bridge_env)).staff_chat_id == -1001234567890
