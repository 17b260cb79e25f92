"""Who uses the app, and whether they may change the store (editor) or only read (viewer).

Three ways, the first configured wins:

1. **Streamlit's own login (OIDC)**, when ``.streamlit/secrets.toml`` has an ``[auth]``
   section: a signed-in ``st.user`` is named by its e-mail (else its name) and edits when
   that e-mail is in ``TAGHTIA_EDITORS`` or one of its ``groups`` claims is in
   ``TAGHTIA_EDITOR_GROUPS``; nobody signed in is an anonymous viewer.
2. **A reverse proxy that authenticates** (``deploy/nginx.conf``), when
   ``TAGHTIA_TRUSTED_PROXY`` lists its addresses (``127.0.0.1`` or ``10.0.0.5,10.0.0.6``,
   networks ``10.0.0.0/24`` too): the user header (``TAGHTIA_USER_HEADER``, default
   ``X-Forwarded-User``) names the user and the groups header (``TAGHTIA_GROUPS_HEADER``,
   default ``X-Forwarded-Groups``, comma-separated) makes an editor when it holds one of
   ``TAGHTIA_EDITOR_GROUPS`` (default ``taghtia-editors``), or when the user is in
   ``TAGHTIA_EDITORS``. The headers are believed **only** when the connection comes from a
   trusted address; anyone else is an anonymous viewer, whatever headers they send.
3. **Local, single user** (neither configured): the OS user running the app, an editor.

A group ``editors@CODE`` (``editors@03.561``, ``editors@03``; several allowed), in the
proxy's groups header or the login's ``groups`` claim, makes the user an editor of that
territory only (:class:`dashboard.store.permissions.Actor` ``scope``): they import, save,
put in force and delete versions of datasets whose territory lies inside it, and the store
refuses them anything else. A group of ``TAGHTIA_EDITOR_GROUPS`` (or ``TAGHTIA_EDITORS``)
edits everything, whatever ``editors@`` groups come with it.

The decision is :func:`actor_for` (plain values, no Streamlit); :func:`current_actor` feeds
it the request of the running session (``st.context.headers``, ``st.user``, and the address
of the connection's peer: the one :mod:`dashboard.app.peer` keeps before uvicorn replaces it
with ``X-Forwarded-For``, else ``st.context.ip_address``).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

from dashboard.store.permissions import EDITOR, VIEWER, Actor, current_user

ENV_TRUSTED_PROXY = "TAGHTIA_TRUSTED_PROXY"
ENV_USER_HEADER = "TAGHTIA_USER_HEADER"
ENV_GROUPS_HEADER = "TAGHTIA_GROUPS_HEADER"
ENV_EDITOR_GROUPS = "TAGHTIA_EDITOR_GROUPS"
ENV_EDITORS = "TAGHTIA_EDITORS"
DEFAULT_USER_HEADER = "X-Forwarded-User"
DEFAULT_GROUPS_HEADER = "X-Forwarded-Groups"
DEFAULT_EDITOR_GROUPS = "taghtia-editors"
ANONYMOUS = "anonymous"
LOOPBACK = "127.0.0.1"

__all__ = ["TERRITORY_GROUP_PREFIX", "actor_for", "current_actor", "from_trusted_proxy",
           "login_configured", "territory_scope", "trusted_networks"]


def _items(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def trusted_networks(env: Mapping[str, str] | None = None) -> list:
    """The networks of ``TAGHTIA_TRUSTED_PROXY`` (an address is a network of one); entries
    that are not addresses are ignored."""
    env = os.environ if env is None else env
    networks = []
    for item in _items(env.get(ENV_TRUSTED_PROXY)):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return networks


def from_trusted_proxy(client_ip: str | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether a connection from ``client_ip`` comes from a trusted proxy."""
    if not client_ip:
        return False
    try:
        address = ipaddress.ip_address(client_ip.split("%")[0])
    except ValueError:
        return False
    return any(address in network for network in trusted_networks(env))


TERRITORY_GROUP_PREFIX = "editors@"
"""``editors@CODE``: the group of the editors of one territory (a region or a province)."""


def territory_scope(groups: list[str]) -> tuple[str, ...]:
    """The territory codes of a user's ``editors@CODE`` groups (sorted, without repeats);
    a group whose code is not a region or a province is ignored."""
    from dashboard.store.territory import TerritoryError, parse_territory

    codes: set[str] = set()
    for group in groups:
        if group.lower().startswith(TERRITORY_GROUP_PREFIX):
            try:
                codes.update(parse_territory(group[len(TERRITORY_GROUP_PREFIX):]))
            except TerritoryError:
                continue
    return tuple(sorted(codes))


def _actor(user: str, groups: list[str], env: Mapping[str, str], how: str) -> Actor:
    """An editor of everything, an editor of the territories of their ``editors@`` groups,
    or a viewer."""
    editor_groups = set(_items(env.get(ENV_EDITOR_GROUPS, DEFAULT_EDITOR_GROUPS)))
    editors = {name.lower() for name in _items(env.get(ENV_EDITORS))}
    if editor_groups & set(groups) or user.lower() in editors:
        return Actor(user, EDITOR, how)
    scope = territory_scope(groups)
    return Actor(user, EDITOR, how, scope) if scope else Actor(user, VIEWER, how)


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():  # header names are case-insensitive
        if key.lower() == name.lower():
            return str(value).strip()
    return ""


def actor_for(headers: Mapping[str, str] | None, client_ip: str | None,
              user_info: Mapping[str, object] | None = None, *,
              auth_configured: bool = False,
              env: Mapping[str, str] | None = None) -> Actor:
    """The actor of one request (see the module docstring).

    Parameters
    ----------
    headers : mapping
        The request headers.
    client_ip : str or None
        Address of the connection's peer (the proxy's, behind a proxy).
    user_info : mapping, optional
        ``st.user`` as a dict (``is_logged_in``, ``email``, ``name``, ``groups``).
    auth_configured : bool
        True when Streamlit's login is configured (``[auth]`` in the secrets).
    env : mapping, optional
        Environment (default ``os.environ``).
    """
    env = os.environ if env is None else env
    headers = headers or {}
    if auth_configured:
        info = user_info or {}
        if not info.get("is_logged_in"):
            return Actor(ANONYMOUS, VIEWER, "anonymous")
        name = str(info.get("email") or info.get("name") or "user")[:120]
        groups = info.get("groups") or []
        groups = _items(groups) if isinstance(groups, str) else [str(g) for g in groups]
        return _actor(name, groups, env, "oidc")
    if env.get(ENV_TRUSTED_PROXY, "").strip():
        user = _header(headers, env.get(ENV_USER_HEADER) or DEFAULT_USER_HEADER)
        if not user or not from_trusted_proxy(client_ip, env):
            return Actor(ANONYMOUS, VIEWER, "anonymous")
        groups = _items(_header(headers, env.get(ENV_GROUPS_HEADER) or DEFAULT_GROUPS_HEADER))
        return _actor(user[:120], groups, env, "proxy")
    return Actor(f"{current_user()} (app)", EDITOR, "local")


def login_configured() -> bool:
    """True when Streamlit's login is configured (an ``[auth]`` section in the secrets)."""
    import streamlit as st

    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file, or an unreadable one: no login configured
        return False


def current_actor() -> Actor:
    """The actor of the running Streamlit session's request."""
    import streamlit as st

    from dashboard.app.peer import PEER_HEADER, socket_peer

    headers = st.context.headers
    header_map = {key: headers.get(key) or "" for key in headers}
    # the socket's peer, kept before uvicorn puts X-Forwarded-For in its place (peer.py);
    # else Streamlit's address, which reports a loopback peer as None (no header at all:
    # there is no request)
    ip = (socket_peer(header_map) or st.context.ip_address
          or (LOOPBACK if header_map else None))
    header_map = {k: v for k, v in header_map.items() if k.lower() != PEER_HEADER.lower()}
    configured = login_configured()
    info = st.user.to_dict() if configured else None
    return actor_for(header_map, ip, info, auth_configured=configured)
