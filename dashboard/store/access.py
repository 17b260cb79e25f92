"""Who may change the store: editors import, save versions, roll back, delete and set the
default; viewers only read.

Every write of :class:`dashboard.store.Store` takes the :class:`Actor` doing it and refuses a
viewer with :class:`ForbiddenError`, whatever the page shows. The command line acts as
:func:`local_actor` (whoever can run ``taghtia`` on the server can open the database
anyway); the app works out the actor of each request in :mod:`dashboard.app.access`.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from dashboard.store.errors import StoreError
from loaders.messages import Message

EDITOR = "editor"
VIEWER = "viewer"


def current_user() -> str:
    """The OS user running this process (``unknown`` when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class ForbiddenError(StoreError, PermissionError):
    """A viewer asked for a write (import, roll back, delete, default)."""


@dataclass(frozen=True)
class Actor:
    """Who acts on the store, and with which role.

    Attributes
    ----------
    name : str
        Recorded as "imported by" (the proxy's or the identity provider's user name, the OS
        user of a command).
    role : str
        ``editor`` or ``viewer``.
    how : str
        Where the name comes from: ``local``, ``proxy``, ``oidc`` or ``anonymous``.
    """

    name: str
    role: str = EDITOR
    how: str = "local"

    @property
    def can_edit(self) -> bool:
        """True for an editor."""
        return self.role == EDITOR

    def require_editor(self, action: Message) -> None:
        """Raise :class:`ForbiddenError` naming ``action`` unless this actor edits.

        Raises
        ------
        ForbiddenError
            For a viewer.
        """
        if not self.can_edit:
            raise ForbiddenError(Message("{name} may read the datasets but not {action}: ask "
                                         "an editor, or to be added to an editor group",
                                         name=self.name, action=action))


def local_actor() -> Actor:
    """The OS user of this process, an editor (the command line, a local app)."""
    return Actor(current_user(), EDITOR, "local")
