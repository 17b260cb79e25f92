"""The registry's status: one row per province with where its data comes from and how fresh
it is.

Pure: takes the registry's composition (:func:`dashboard.store.registry.sources`) and its
counts (:func:`dashboard.store.registry.counts`), returns a frame; the command
``taghtia registry status``, the Data page's map and table and the Overview's line all
read it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

import geodata

STATES: tuple[str, ...] = ("current", "stale", "missing")
"""A province's state: data imported at most ``stale_days`` days ago, longer ago, none."""

DEFAULT_STALE_DAYS = 180
"""Days after which a province's data is stale (``--stale-days``)."""

STATUS_COLUMNS: tuple[str, ...] = (
    "province_code", "name_fr", "name_ar", "dataset", "version", "imported_at",
    "imported_by", "centres", "grants", "age_days", "state")
"""Columns of :func:`registry_status`, in order."""

__all__ = ["DEFAULT_STALE_DAYS", "STATES", "STATUS_COLUMNS", "registry_status",
           "status_summary"]


def registry_status(sources: pd.DataFrame, counts: pd.DataFrame | None = None, *,
                    now: dt.datetime | None = None,
                    stale_days: int = DEFAULT_STALE_DAYS) -> pd.DataFrame:
    """One row per province (75, by code): :data:`STATUS_COLUMNS`.

    Parameters
    ----------
    sources : pandas.DataFrame
        :func:`dashboard.store.registry.sources`.
    counts : pandas.DataFrame, optional
        ``province_code, centres, grants`` (default: 0 everywhere, when only the states
        are wanted).
    now : datetime, optional
        The moment ages are counted to (UTC; default: now).
    stale_days : int
        ``age_days`` above which a province is ``stale``: a province imported exactly
        ``stale_days`` days ago is still ``current``.

    Returns
    -------
    pandas.DataFrame
        ``age_days`` is the whole days elapsed since the version was imported (missing for a
        province without data), ``state`` one of :data:`STATES`.

    Raises
    ------
    ValueError
        A negative ``stale_days``.
    """
    if isinstance(stale_days, bool) or not isinstance(stale_days, int) or stale_days < 0:
        raise ValueError(f"stale_days must be a whole number of days >= 0; got {stale_days!r}")
    now = now or dt.datetime.now(dt.UTC)
    names = geodata.load_attributes("province")[["code", "name_fr", "name_ar"]].rename(
        columns={"code": "province_code"})
    if counts is None:
        counts = pd.DataFrame({"province_code": sources["province_code"], "centres": 0,
                               "grants": 0})
    frame = (sources.merge(names, on="province_code", how="left")
             .merge(counts, on="province_code", how="left"))
    imported = pd.to_datetime(frame["imported_at"], utc=True)
    elapsed = (pd.Timestamp(now).tz_convert("UTC") if pd.Timestamp(now).tzinfo else
               pd.Timestamp(now, tz="UTC")) - imported
    frame["age_days"] = elapsed.dt.days.astype("Int64")
    frame["centres"] = frame["centres"].fillna(0).astype("int64")
    frame["grants"] = frame["grants"].fillna(0).astype("int64")
    missing = frame["dataset"].isna()
    frame["state"] = "current"
    frame.loc[~missing & (frame["age_days"] > stale_days).fillna(False), "state"] = "stale"
    frame.loc[missing, "state"] = "missing"
    frame["imported_at"] = imported
    return frame[list(STATUS_COLUMNS)].sort_values("province_code").reset_index(drop=True)


def status_summary(status: pd.DataFrame) -> dict[str, int]:
    """Provinces per state, and in all: ``{"provinces", "current", "stale", "missing",
    "with_data"}`` (with data: current + stale)."""
    states = status["state"].value_counts()
    summary = {state: int(states.get(state, 0)) for state in STATES}
    return {"provinces": len(status), **summary,
            "with_data": summary["current"] + summary["stale"]}
