"""Two (or more) ``taghtia run`` replicas behind Debian's nginx with the shipped
``deploy/nginx.conf``, for the tests and the load benchmark.

:func:`nginx_config` wraps the shipped ``upstream`` and ``server`` blocks in a complete
configuration of its own (loopback ports, logs and temporary files in a folder, the
``htpasswd`` file of the test users); :func:`replicas_behind_nginx` starts the replicas
(:class:`tests.support.server.Server`, with ``TAGHTIA_TRUSTED_PROXY`` set to the address
nginx connects from) and nginx, and stops everything on leaving the block. Nothing skips:
a replica or nginx that does not start raises :class:`ServerError`.

nginx connects to the replicas from ``127.0.0.2`` (``proxy_bind``, any 127.x address is the
loopback on Linux), the only address the replicas trust: a browser talking to a replica
directly comes from ``127.0.0.1`` and its user headers are ignored.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import ROOT, Server, ServerError, free_port, healthy

PROXY_ADDRESS = "127.0.0.2"
SHIPPED_PASSWORDS = "/etc/nginx/taghtia.htpasswd"
USERS: dict[str, str] = {"amina": "amina-pass", "karim": "karim-pass", "bob": "bob-pass",
                         "samira": "samira-pass"}
"""Test users of the ``auth_basic`` example: amina edits (``taghtia-editors``), samira edits
Taza only (``editors@03.561``), karim and bob read."""

__all__ = ["PROXY_ADDRESS", "USERS", "Cluster", "nginx_binary", "nginx_config",
           "replicas_behind_nginx"]


def nginx_binary() -> str | None:
    """Debian's nginx, or None when it is not installed (``make nginx``)."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def _password_line(user: str, password: str) -> str:
    digest = base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()
    return f"{user}:{{SHA}}{digest}\n"


def nginx_config(folder: Path, port: int, replicas: list[int],
                 affinity: str | None = None, proxy_address: str | None = PROXY_ADDRESS
                 ) -> Path:
    """A complete nginx.conf around the shipped ``deploy/nginx.conf`` blocks: the replicas'
    ports, a loopback listen port, the test users' password file, nginx connecting from
    ``proxy_address`` (None: from 127.0.0.1, as deployed on one host), and logs (with the
    replica of each request, ``upstream=``), pid and temporary files in ``folder``.
    ``affinity`` replaces the shipped ``ip_hash;`` (the load benchmark's clients all come
    from one address)."""
    shipped = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "ip_hash;" in shipped
    if affinity:
        shipped = shipped.replace("ip_hash;", affinity)
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in replicas)
    blocks = re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", servers, shipped)
    blocks = blocks.replace("listen 80;", f"listen 127.0.0.1:{port};")
    passwords = folder / "htpasswd"
    passwords.write_text("".join(_password_line(u, p) for u, p in USERS.items()))
    blocks = blocks.replace(SHIPPED_PASSWORDS, str(passwords))
    if proxy_address:
        blocks = blocks.replace("proxy_pass http://taghtia;",
                                f"proxy_pass http://taghtia;\n        proxy_bind {proxy_address};")
    assert servers in blocks and f":{port};" in blocks
    assert str(passwords) in blocks and "X-Forwarded-User $remote_user" in blocks
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    log_format replicas '$remote_addr "$request" $status upstream=$upstream_addr';
    access_log {folder}/access.log replicas;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{blocks}
}}
""")
    return config


@dataclass
class Cluster:
    """The replicas and nginx started by :func:`replicas_behind_nginx`."""

    replicas: list[Server]
    nginx: Server
    folder: Path

    @property
    def url(self) -> str:
        """nginx's address (what users open)."""
        return self.nginx.url

    def urls(self) -> dict[str, str]:
        """``replica1``, ``replica2``…, and ``nginx``: their base URLs."""
        found = {f"replica{i}": r.url for i, r in enumerate(self.replicas, start=1)}
        found["nginx"] = self.nginx.url
        return found


@contextlib.contextmanager
def replicas_behind_nginx(count: int = 2, env: Mapping[str, str] | None = None,
                          affinity: str | None = None,
                          proxy_address: str | None = PROXY_ADDRESS) -> Iterator[Cluster]:
    """``count`` replicas (``taghtia run``, environment ``env`` added) and nginx in front
    (``affinity``: see :func:`nginx_config`).

    The replicas trust the user headers of nginx's address only: ``proxy_address``, or
    ``127.0.0.1`` when None (nginx on the replicas' host, as ``deploy/README.md`` sets it
    up: the address Streamlit's server itself trusts with ``X-Forwarded-For``). The store
    is whatever ``TAGHTIA_DATABASE_URL`` says in the environment (a shared PostGIS for a
    real test).

    Raises
    ------
    ServerError
        nginx is missing, its configuration is refused, or a server does not start.
    """
    nginx = nginx_binary()
    if nginx is None:
        raise ServerError("Debian's nginx is not installed (make nginx)")
    replica_env = {"TAGHTIA_TRUSTED_PROXY": proxy_address or "127.0.0.1", **(env or {})}
    replicas = [Server(env=replica_env) for _ in range(count)]
    folder = Path(tempfile.mkdtemp(prefix="taghtia-nginx-"))
    port = free_port()
    config = nginx_config(folder, port, [r.port for r in replicas], affinity, proxy_address)
    front = Server(command=[nginx, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
                   port=port)
    started: list[Server] = []
    try:
        for replica in replicas:
            replica.start()
            started.append(replica)
        check = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(config)],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise ServerError(f"nginx refused its configuration: {check.stderr.strip()}")
        front.start(timeout_s=30)
        started.append(front)
        if not healthy(front.url):
            raise ServerError(f"nginx at {front.url} does not reach the replicas")
        yield Cluster(replicas, front, folder)
    finally:
        for server in reversed(started):
            server.stop()
