"""Who may change the store: editors import, save versions, roll back, delete and set the
default; viewers only read.

An editor may be *scoped* to territories (the proxy or login group ``editors@CODE``): they
import, save, put in force and delete versions of datasets whose territory lies inside one
of their codes, and nothing else (no dataset without a territory, no default). An editor
without scope (``TAGHTIA_EDITOR_GROUPS``, the command line) edits everything.

Every write of :class:`dashboard.store.Store` takes the :class:`Actor` doing it and refuses a
viewer with :class:`ForbiddenError`, whatever the page shows. The command line acts as
:func:`local_actor` (whoever can run ``taghtia`` on the server can open the database
anyway); the app works out the actor of each request in :mod:`dashboard.app.permissions`.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from dashboard.store.errors import N_, StoreError
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
    scope : tuple of str or None
        For an editor of some territories only: their region or province codes; None for
        an editor of everything.
    """

    name: str
    role: str = EDITOR
    how: str = "local"
    scope: tuple[str, ...] | None = None

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

    def require_territory(self, dataset: str, territory: tuple[str, ...]) -> None:
        """Raise :class:`ForbiddenError` unless this actor may write dataset ``dataset``
        whose territory is ``territory`` (codes; empty: no territory).

        Raises
        ------
        ForbiddenError
            For a viewer, or an editor scoped to territories that do not hold it all.
        """
        from dashboard.store.territory import format_territory, inside

        self.require_editor(Message("change datasets"))
        if self.scope is None or inside(territory, self.scope):
            return
        scope = format_territory(self.scope)
        where = format_territory(territory) if territory else "no territory"
        raise ForbiddenError.of(
            N_("{user} edits the territory {scope} only, not {dataset} ({territory})."),
            user=self.name, scope=scope, dataset=dataset, territory=where)

    def require_everything(self, action: Message) -> None:
        """Raise :class:`ForbiddenError` unless this actor edits every territory.

        Raises
        ------
        ForbiddenError
            For a viewer or a scoped editor.
        """
        from dashboard.store.territory import format_territory

        self.require_editor(action)
        if self.scope is not None:
            scope = format_territory(self.scope)
            raise ForbiddenError(Message(
                "{user} edits the territory {scope} only, and may not {action}: this is for "
                "headquarters", user=self.name, scope=scope, action=action))


def local_actor() -> Actor:
    """The OS user of this process, an editor (the command line, a local app)."""
    return Actor(current_user(), EDITOR, "local")
