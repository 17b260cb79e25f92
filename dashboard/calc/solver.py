"""The exact solver of the planners' integer programs: CBC through PuLP's current API.

One place for it: the maximal covering (:mod:`dashboard.calc.location`) and the capacitated
covering (:mod:`dashboard.calc.capacitated`) both solve with :func:`cbc_solver`.
"""

from __future__ import annotations


def cbc_solver():
    """PuLP's CBC solver through its current API (``COIN_CMD``; ``PULP_CBC_CMD`` is
    deprecated and gone in PuLP 4.0): a ``cbc`` on the PATH (``pip install pulp[cbc]``
    installs one), else the CBC executable PuLP 3 ships with."""
    import shutil

    import pulp

    path = shutil.which("cbc")
    if path is None:
        import os

        from pulp.apis import coin_api

        path = os.path.realpath(getattr(coin_api, "pulp_cbc_path", "") or "cbc")
    return pulp.COIN_CMD(path=path, msg=False, gapRel=0.0)
