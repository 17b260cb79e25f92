"""Dataset names and references (``khenifra``, ``khenifra@3``)."""

from __future__ import annotations

import re

from dashboard.store.errors import InvalidNameError
from loaders.messages import Message

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
MAX_NAME_LENGTH = 64
MAX_VERSION = 2_147_483_647
"""The largest version number a store holds (an SQL ``INTEGER`` on PostgreSQL)."""
REGISTRY = "registry"
"""The reserved name of the national registry: province by province, the version in force of
the most specific territory dataset covering it (nothing can be imported under it)."""


def check_name(name: object) -> str:
    """Return ``name`` when it is a valid dataset name, else raise :class:`InvalidNameError`.

    A name is 1 to 64 characters: lowercase letters, digits, ``-`` and ``_``, starting with
    a letter or a digit (``registre-national``, ``khenifra_2024``).
    """
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise InvalidNameError(Message(
            "dataset name {name} is not valid: use 1 to {max} lowercase letters, digits, '-' "
            "or '_' (e.g. {examples})", name=repr(name), max=MAX_NAME_LENGTH,
            examples="registre-national, khenifra_2024"))
    return name


def parse_ref(ref: str) -> tuple[str, int | None]:
    """``"khenifra@3"`` -> ``("khenifra", 3)``; ``"khenifra"`` -> ``("khenifra", None)``.

    Raises
    ------
    InvalidNameError
        A malformed name or version.
    """
    name, sep, version = str(ref).strip().partition("@")
    check_name(name)
    if not sep:
        return name, None
    if not version.isdigit() or int(version) < 1:
        raise InvalidNameError(Message(
            "{ref}: the version after '@' must be a positive whole number ({example})",
            ref=repr(ref), example="khenifra@3"))
    return name, check_version(int(version))


def check_version(number: int) -> int:
    """Return ``number`` when a store can hold it as a version number.

    Raises
    ------
    InvalidNameError
        ``version number too large: 99999999999999999999999 (at most 2,147,483,647)``.
    """
    if number > MAX_VERSION:
        shown = str(number) if len(str(number)) <= 40 else f"{str(number)[:40]}…"
        raise InvalidNameError(Message("version number too large: {number} (at most {max})",
                                       number=shown, max=format(MAX_VERSION, ",")))
    return number


def format_ref(name: str, version: int | None) -> str:
    """``("khenifra", 3)`` -> ``"khenifra@3"``; no version -> ``"khenifra"``."""
    return name if version is None else f"{name}@{version}"
