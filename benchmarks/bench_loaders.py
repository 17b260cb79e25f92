"""Benchmark of commune matching: ``n_rows`` centre rows matched by name and by point.

``run(n_rows)`` builds a synthetic registry from the reference communes (seeded), then
times, separately:

* ``match_names``: French and Arabic names with the spelling variants registries carry
  (case, ``Commune de`` prefix, ``Beni``/``Bni``, ``Ouled``/``Oulad``, one letter dropped in
  a tenth of the rows), half of them with a province column;
* ``match_names`` worst case: ``n_rows`` distinct misspelt names without a province, all
  fuzzy-matched against the whole country;
* ``match_points``: points scattered around commune centres (a few hundred metres);
* ``load_centres`` end to end on a CSV of the same rows (reading, parsing, matching).

The reference index is built before timing (it is built once per process in the app).
Importing this module has no side effects; ``python -m benchmarks.bench_loaders [N]`` runs it.
"""

from __future__ import annotations

import io
import sys
import time

import numpy as np
import pandas as pd

__all__ = ["run"]

TARGET_NAME_SECONDS = 10.0
TARGET_POINT_SECONDS = 5.0


def _variant(name: str, rng: np.random.Generator) -> str:
    roll = rng.random()
    if roll < 0.2:
        return name.upper()
    if roll < 0.3:
        return f"Commune de {name}"
    if roll < 0.4:
        return name.replace("Bni ", "Beni ").replace("Oulad ", "Ouled ").replace("Ait ", "Aït ")
    if roll < 0.5 and len(name) > 6:
        cut = int(rng.integers(1, len(name) - 1))
        return name[:cut] + name[cut + 1:]
    return name


def synthetic_rows(n_rows: int, seed: int = 2024) -> pd.DataFrame:
    """``n_rows`` centre rows with a commune name, a province, and a point, all plausible."""
    from loaders.match import reference

    ref = reference()
    communes = ref.communes
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(communes), n_rows)
    arabic = rng.random(n_rows) < 0.3
    names = [
        str(communes["name_ar"].iat[i]) if ar else _variant(str(communes["name_fr"].iat[i]), rng)
        for i, ar in zip(picks, arabic, strict=True)
    ]
    with_province = rng.random(n_rows) < 0.5
    provinces = [
        ref.province_names[communes["province_code"].iat[i]] if keep else ""
        for i, keep in zip(picks, with_province, strict=True)
    ]
    centres = communes.geometry.representative_point()
    x = centres.x.to_numpy()[picks] + rng.normal(0, 0.002, n_rows)
    y = centres.y.to_numpy()[picks] + rng.normal(0, 0.002, n_rows)
    return pd.DataFrame({
        "ID": [f"C{i}" for i in range(n_rows)],
        "Nom du centre": [f"Centre {i}" for i in range(n_rows)],
        "Type": "EPS",
        "Commune": names,
        "Province": provinces,
        "Latitude": np.round(y, 6),
        "Longitude": np.round(x, 6),
        "expected": communes["code"].to_numpy()[picks],
    })


def _distinct_typos(n_rows: int, seed: int = 7) -> list[str]:
    """``n_rows`` names that are nearly all distinct and misspelt, with no province: the
    worst case for the name matcher (every name goes through fuzzy matching nationally)."""
    from loaders.match import reference

    names = reference().communes["name_fr"].to_numpy()
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n_rows):
        name = str(names[rng.integers(0, len(names))])
        cut = int(rng.integers(0, len(name)))
        out.append(f"{name[:cut]}{'xq'[i % 2]}{name[cut:]} {i % 97}")
    return out


def run(n_rows: int = 100_000) -> dict:
    """Time matching ``n_rows`` rows by name and by point; print and return the figures.

    Returns
    -------
    dict
        ``n_rows``, ``reference_build_s``, ``name_match_s``, ``name_distinct``,
        ``name_matched``, ``name_correct``, ``name_worst_case_s``,
        ``name_worst_case_matched``, ``point_match_s``, ``point_matched``,
        ``point_correct``, ``load_by_name_s``, ``load_by_point_s`` and the targets.
    """
    from loaders import load_centres
    from loaders.match import match_names, match_points, reference

    start = time.perf_counter()
    reference()
    build = time.perf_counter() - start
    rows = synthetic_rows(n_rows)

    start = time.perf_counter()
    by_name = match_names(rows["Commune"].tolist(), rows["Province"].tolist())
    name_seconds = time.perf_counter() - start
    name_codes = [m.code if m else None for m in by_name]

    start = time.perf_counter()
    by_point = match_points(rows["Latitude"].to_numpy(), rows["Longitude"].to_numpy())
    point_seconds = time.perf_counter() - start
    point_codes = [m.code if m else None for m in by_point]

    typos = _distinct_typos(n_rows)
    start = time.perf_counter()
    worst = match_names(typos)
    worst_seconds = time.perf_counter() - start

    expected = rows["expected"].to_numpy()
    name_file = rows.drop(columns=["Latitude", "Longitude", "expected"]).to_csv(
        index=False, sep=";").encode("utf-8")
    point_file = rows.drop(columns=["Commune", "Province", "expected"]).to_csv(
        index=False, sep=";", decimal=",").encode("utf-8")
    start = time.perf_counter()
    loaded_names = load_centres(io.BytesIO(name_file), name="bench_names.csv")
    load_name_seconds = time.perf_counter() - start
    start = time.perf_counter()
    loaded_points = load_centres(io.BytesIO(point_file), name="bench_points.csv")
    load_point_seconds = time.perf_counter() - start

    result = {
        "n_rows": n_rows,
        "reference_build_s": round(build, 3),
        "name_match_s": round(name_seconds, 3),
        "name_distinct": int(rows[["Commune", "Province"]].drop_duplicates().shape[0]),
        "name_matched": int(sum(code is not None for code in name_codes)),
        "name_correct": int(sum(c == e for c, e in zip(name_codes, expected, strict=True))),
        "name_worst_case_s": round(worst_seconds, 3),
        "name_worst_case_matched": int(sum(m is not None and m.code is not None
                                           for m in worst)),
        "point_match_s": round(point_seconds, 3),
        "point_matched": int(sum(code is not None for code in point_codes)),
        "point_correct": int(sum(c == e for c, e in zip(point_codes, expected, strict=True))),
        "load_by_name_s": round(load_name_seconds, 3),
        "load_by_name_accepted": len(loaded_names.accepted),
        "load_by_point_s": round(load_point_seconds, 3),
        "load_by_point_accepted": len(loaded_points.accepted),
        "target_name_s": TARGET_NAME_SECONDS,
        "target_point_s": TARGET_POINT_SECONDS,
    }
    for key, value in result.items():
        print(f"{key:>24}: {value}")
    return result


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
