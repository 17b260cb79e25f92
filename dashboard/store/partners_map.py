"""The partners map kept with a dataset: a delegate's review of likely duplicate partners.

The map (:class:`loaders.partners.PartnerDecisions`: confirmed merges, pairs kept apart)
lives in a version's options under :data:`OPTION`, next to how its files were read; it
enters the version's fingerprint, so a version is "these files, read this way, with these
partners". Saving decisions makes a new version (the same files and rows, the map updated)
and puts it in force; importing files into a dataset carries the map of the version in
force over (:func:`inherit_decisions`), so the next import of the same files gives the
same partners. No table of its own: nothing to migrate.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from loaders.inputs import Inputs
from loaders.partners import PartnerDecisions

if TYPE_CHECKING:
    from dashboard.store.permissions import Actor
    from dashboard.store.records import VersionInfo
    from dashboard.store.repository import Store

__all__ = ["OPTION", "decisions_of", "inherit_decisions", "save_partner_decisions"]

OPTION = "partners"
"""Key of the partners map in a version's options."""


def decisions_of(options: dict | None) -> PartnerDecisions:
    """The partners map of a version's options (none: no decision)."""
    return PartnerDecisions.from_json((options or {}).get(OPTION))


def inherit_decisions(inputs: Inputs, in_force_options: dict | None) -> Inputs:
    """``inputs`` carrying the partners map of the version in force, unless they bring
    their own (or there is none to carry)."""
    if OPTION in inputs.options:
        return inputs
    decisions = decisions_of(in_force_options)
    if not decisions:
        return inputs
    return replace(inputs, options={**inputs.options, OPTION: decisions.to_json()})


def save_partner_decisions(store: Store, name: str, decisions: PartnerDecisions, *,
                           actor: Actor | None = None) -> VersionInfo:
    """Keep ``decisions`` as the partners map of a new version of ``name`` (the files of the
    version in force, read the same way) and put it in force; the version in force itself
    when it already holds exactly these decisions.

    Raises
    ------
    dashboard.store.ForbiddenError
        ``actor`` is a viewer.
    """
    opened = store.open(name)
    files = tuple(store.files(name))
    options = {**opened.inputs.options, OPTION: decisions.to_json()}
    inputs = replace(opened.inputs, files=files, options=options)
    outcome = store.save(name, inputs, actor=actor)
    if not outcome.created and not outcome.version.in_force:  # an earlier map, restored
        return store.use(name, outcome.version.number, actor=actor)
    return outcome.version
