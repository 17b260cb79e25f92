"""Benchmark: partner names of a national registry normalised and likely duplicates proposed.

``run()`` writes the ``partner`` column of ``n_centres`` centres (seeded): one association
per centre among a few hundred names times the commune it works in (the way delegations
name them, "Association Annour Ouazzane"), 85 % of centres with a partner, a third of the
names rewritten as delegations do (upper case, ``Assoc.``, hyphens, accents dropped) and 1 %
with a one-letter typo. It times :func:`loaders.partners.partner_keys` (every row's partner)
plus :func:`loaders.partners.propose_duplicates` (every pair of close names). Building the
names is not timed. Target: at most 2 s for 100,000 centres.

Run as a script to print the figures: ``python -m benchmarks.bench_partners``.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from loaders.partners import normalise_partner, partner_keys, propose_duplicates

TARGET_SECONDS = 2.0


def _stems(rng: np.random.Generator, words: np.ndarray, count: int) -> list[str]:
    """Association names of one or two words taken from place names (Annour, Tifawin…)."""
    stems: set[str] = set()
    while len(stems) < count:
        stems.add(" ".join(rng.choice(words, rng.integers(1, 3))))
    return sorted(stems)


def _typo(rng: np.random.Generator, name: str) -> str:
    position = int(rng.integers(len("Association "), len(name)))
    return name[:position] + str(rng.choice(list("aeiouklmnqrst"))) + name[position + 1:]


def partner_names(n_centres: int, seed: int = 27) -> pd.Series:
    """The benchmark's ``partner`` column (see the module docstring)."""
    from dashboard.calc.indicators import reference_units

    rng = np.random.default_rng(seed)
    communes = reference_units()["commune"]["name_fr"].to_numpy(dtype=object)
    words = np.array(sorted({w for name in communes for w in str(name).split() if len(w) > 4}),
                     dtype=object)
    stems = np.array(_stems(rng, words, 300), dtype=object)
    names = np.array([f"Association {s} {c}" for s, c in zip(
        rng.choice(stems, n_centres), rng.choice(communes, n_centres), strict=True)],
        dtype=object)
    variant = rng.random(n_centres)
    rewrites = (str.upper, lambda n: n.replace("Association ", "Assoc. "),
                lambda n: n.replace(" ", "-", 2), lambda n: n.replace("é", "e").lower())
    for i in np.flatnonzero(variant < 0.33):
        names[i] = rewrites[int(rng.integers(0, len(rewrites)))](names[i])
    for i in np.flatnonzero(variant > 0.99):
        names[i] = _typo(rng, names[i])
    names[rng.random(n_centres) < 0.15] = None
    return pd.Series(names, dtype="str", name="partner")


def run(n_centres: int = 100_000, repeat: int = 3) -> dict:
    """Time normalising ``n_centres`` partner names and proposing their likely duplicates.

    Returns
    -------
    dict
        ``seconds_median``, ``seconds_all``, ``cpu_seconds_median`` (the process's CPU
        time: what the work costs on a machine shared with others), ``normalise_s`` and
        ``propose_s`` (of the last run), ``spellings``, ``partners`` and ``proposals``.
    """
    names = partner_names(n_centres)
    seconds, cpu, normalise_s, propose_s = [], [], 0.0, 0.0
    keys = proposals = None
    for _ in range(repeat):
        normalise_partner.cache_clear()  # every run normalises from scratch
        start, start_cpu = time.perf_counter(), time.process_time()
        keys = partner_keys(names)
        middle = time.perf_counter()
        proposals = propose_duplicates(keys.dropna().unique())
        end = time.perf_counter()
        seconds.append(end - start)
        cpu.append(time.process_time() - start_cpu)
        normalise_s, propose_s = middle - start, end - middle
    return {"n_centres": n_centres, "seconds_median": round(statistics.median(seconds), 3),
            "seconds_all": [round(s, 3) for s in seconds],
            "cpu_seconds_median": round(statistics.median(cpu), 3),
            "normalise_s": round(normalise_s, 3),
            "propose_s": round(propose_s, 3), "spellings": int(names.nunique()),
            "partners": int(keys.nunique()), "proposals": len(proposals)}


if __name__ == "__main__":
    print(run())
