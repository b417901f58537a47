"""deploy/haproxy.cfg: HAProxy itself accepts it (`haproxy -c`), its backends point at the
compose services' real ports and health routes, and its public entry tells the web chat host who
is asking: a real HAProxy with the file's public frontend, in front of small local servers, hands
on the client's address in X-Forwarded-For, never a client's own claim."""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.webchat.clients import client_address, parse_networks
from tests.deploy.deploy_files import DEPLOY, load_compose
from tests.deploy.test_compose import SECRETS

HAPROXY_CFG = DEPLOY / "haproxy.cfg"
HOW = "Debian's haproxy is missing: scripts/ensure_haproxy.sh installs it (as root)"


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(HOW)
    pytest.skip(HOW)


def haproxy_check(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def backends(text: str) -> dict[str, str]:
    """backend name → its body."""
    parts = re.split(r"^backend\s+(\S+)\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1].split("\nfrontend")[0] for i in range(1, len(parts), 2)}


def test_haproxy_accepts_the_config() -> None:
    result = haproxy_check(HAPROXY_CFG)
    assert result.returncode == 0, result.stdout + result.stderr


def test_haproxy_check_rejects_a_broken_config(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cfg"
    text = HAPROXY_CFG.read_text(encoding="utf-8")
    broken.write_text(text.replace("default_backend rasa", "default_backend rasa_typo"))
    assert haproxy_check(broken).returncode != 0


def test_backends_reach_the_compose_services_on_their_ports() -> None:
    services = load_compose(SECRETS)["services"]
    found = backends(HAPROXY_CFG.read_text(encoding="utf-8"))
    expected = {
        "rasa": ("rasa:5005", "GET /"),
        "actions": ("actions:5055", "GET /health"),
        "webchat": ("webchat:8080", "GET /healthz"),
        "telegram": ("telegram:8443", None),
    }
    assert found.keys() == expected.keys()
    for name, (address, check) in expected.items():
        body = found[name]
        assert re.search(rf"server-template \S+ \d+ {re.escape(address)}\b", body), name
        if check:
            assert f"option httpchk {check}\n" in body, name
        assert name in services
    env = {n: s.get("environment", {}) for n, s in services.items()}
    assert env["webchat"]["WEBCHAT_PORT"] == "8080"
    assert env["telegram"]["TELEGRAM_WEBHOOK_PORT"] == "8443"
    assert "5055" in services["actions"]["command"]
    assert "5005" in services["rasa"]["command"]
    # The public path for Telegram is the bridge's webhook path.
    assert "path_beg /telegram/" in HAPROXY_CFG.read_text(encoding="utf-8")


def test_no_retry_can_send_a_message_twice() -> None:
    # A POST that reached Rasa and timed out must not be replayed on another replica.
    text = HAPROXY_CFG.read_text(encoding="utf-8")
    assert re.findall(r"^\s*retry-on (.+)$", text, flags=re.M) == ["conn-failure"]


def sections(text: str) -> dict[str, str]:
    """'frontend public', 'backend webchat', 'global', ... → the section's body."""
    parts = re.split(
        r"^(global|defaults|resolvers \S+|frontend \S+|backend \S+)[ \t]*$", text, flags=re.M
    )
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def directives(body: str) -> list[str]:
    """A section's lines without comments and blank lines, in order."""
    lines = (line.split("#", 1)[0].strip() for line in body.splitlines())
    return [line for line in lines if line]


def compose_gateway() -> str:
    (ipam,) = load_compose(SECRETS)["networks"]["default"]["ipam"]["config"]
    return ipam["gateway"]


def test_the_public_entry_writes_x_forwarded_for_and_drops_the_clients() -> None:
    text = HAPROXY_CFG.read_text(encoding="utf-8")
    found = sections(text)
    public = directives(found["frontend public"])
    assert "option forwardfor" in public
    delete = public.index("http-request del-header X-Forwarded-For")
    # Believed only from the host's TLS proxy (the compose network's gateway), before the drop.
    acl = next(line for line in public if line.startswith("acl from_host_proxy src "))
    assert acl.split()[3:] == [compose_gateway()]
    set_src = public.index("http-request set-src hdr_ip(X-Forwarded-For,-1) if from_host_proxy")
    assert set_src < delete
    # No other section touches the header: the backends get HAProxy's, the internal ports none.
    for name, body in found.items():
        if name != "frontend public":
            assert "forwarded" not in " ".join(directives(body)).lower(), name


# --- a real HAProxy with the public frontend of deploy/haproxy.cfg -------------------------------

VISITOR = "127.0.0.1"  # a client on the internet
HOST_PROXY = "127.0.0.2"  # stands in for the host's TLS proxy (the compose network's gateway)


class _Echo(BaseHTTPRequestHandler):
    """Answers every GET with who it is and the X-Forwarded-For headers it got."""

    name = "upstream"

    def do_GET(self) -> None:
        body = json.dumps(
            {
                "server": self.name,
                "path": self.path,
                "peer": self.client_address[0],
                "forwarded_for": self.headers.get_all("X-Forwarded-For") or [],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no request log


def _upstream(name: str) -> ThreadingHTTPServer:
    handler = type(f"Echo_{name}", (_Echo,), {"name": name})
    server = ThreadingHTTPServer((VISITOR, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((VISITOR, 0))
        return sock.getsockname()[1]


def public_entry_config(text: str, port: int, upstreams: dict[str, int]) -> str:
    """deploy/haproxy.cfg's global, defaults, public frontend and its backends, on loopback: the
    frontend listens on `port`, trusts HOST_PROXY where the file trusts the gateway, and each
    backend has one server, the local one of `upstreams` (no Docker DNS)."""
    found = sections(text)
    gateway = compose_gateway()
    public = found["frontend public"]
    acl = f"acl from_host_proxy src {gateway}\n"
    assert public.count("bind :8080\n") == 1 and public.count(acl) == 1
    public = public.replace("bind :8080\n", f"bind {VISITOR}:{port}\n")
    public = public.replace(acl, f"acl from_host_proxy src {HOST_PROXY}\n")
    parts = [f"global{found['global']}", f"defaults{found['defaults']}", f"frontend public{public}"]
    for name, upstream in upstreams.items():
        body = found[f"backend {name}"].replace("init-addr none resolvers docker ", "")
        body, count = re.subn(
            r"^(\s*)server-template .*$",
            rf"\g<1>server {name}1 {VISITOR}:{upstream}",
            body,
            flags=re.M,
        )
        assert count == 1, name
        parts.append(f"backend {name}{body}")
    return "".join(parts)


@pytest.fixture(scope="module")
def public_entry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A running HAProxy with the public frontend, in front of the echo servers; its port."""
    binary = haproxy_binary()
    servers = {name: _upstream(name) for name in ("webchat", "telegram")}
    port = _free_port()
    folder = tmp_path_factory.mktemp("haproxy")
    config = folder / "public.cfg"
    upstreams = {name: s.server_address[1] for name, s in servers.items()}
    config.write_text(public_entry_config(HAPROXY_CFG.read_text(encoding="utf-8"), port, upstreams))
    assert haproxy_check(config).returncode == 0, haproxy_check(config).stderr
    with (folder / "haproxy.log").open("w") as log:
        process = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, (folder / "haproxy.log").read_text()
            try:
                socket.create_connection((VISITOR, port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "HAProxy did not listen"
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        for server in servers.values():
            server.shutdown()
            server.server_close()


def through(port: int, source: str, path: str, forwarded: list[str]) -> dict[str, object]:
    """GET `path` through HAProxy from the address `source`, with these X-Forwarded-For headers
    (each as its own header line); what the server behind it saw."""
    connection = http.client.HTTPConnection(VISITOR, port, timeout=10, source_address=(source, 0))
    try:
        connection.putrequest("GET", path)
        for value in forwarded:
            connection.putheader("X-Forwarded-For", value)
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 200, response.status
        return json.loads(response.read())
    finally:
        connection.close()


def counted_as(seen: dict[str, object]) -> str:
    """The address the web chat host would count, trusting only HAProxy (as in compose.yml)."""
    peer = str(seen["peer"])
    return client_address(peer, list(seen["forwarded_for"]), parse_networks([peer]))


@pytest.mark.parametrize(
    "forged",
    [[], ["192.0.2.66"], ["192.0.2.66, 198.51.100.7"], ["192.0.2.66", "198.51.100.7"], ["junk"]],
)
def test_a_visitor_is_counted_by_its_own_address_whatever_it_sends(
    public_entry: int, forged: list[str]
) -> None:
    seen = through(public_entry, VISITOR, "/api/message", forged)
    assert seen["server"] == "webchat"
    assert seen["forwarded_for"] == [VISITOR]
    assert counted_as(seen) == VISITOR


def test_the_telegram_webhook_path_still_reaches_the_bridge(public_entry: int) -> None:
    seen = through(public_entry, VISITOR, "/telegram/hook", ["192.0.2.66"])
    assert (seen["server"], seen["path"]) == ("telegram", "/telegram/hook")
    assert seen["forwarded_for"] == [VISITOR]


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        (["203.0.113.7"], "203.0.113.7"),
        # The host proxy appends its client to what the client sent: the last one is believed.
        (["192.0.2.66, 203.0.113.7"], "203.0.113.7"),
        (["192.0.2.66", "2001:db8::7"], "2001:db8::7"),
        ([], HOST_PROXY),  # a proxy that sends none: its own address, as before
    ],
)
def test_the_host_proxy_names_its_client(
    public_entry: int, forwarded: list[str], client: str
) -> None:
    seen = through(public_entry, HOST_PROXY, "/api/message", forwarded)
    assert seen["forwarded_for"] == [client]
    expected = ipaddress.ip_address(client)
    counted = counted_as(seen)
    if expected.version == 6:
        assert expected in ipaddress.ip_network(counted)  # the host counts IPv6 clients per /64
    else:
        assert counted == client
