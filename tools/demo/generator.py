"""Illustrative national demo data: seeded centre and funding files in delegation form.

Real centre registries are not public, so the default data of the dashboard is **generated**
and labelled illustrative (file names ``*_illustrative.csv``, an ``illustrative`` column set
to ``yes`` on every row). The reference geography it is placed on (communes, populations,
polygons) is real. The generator is deterministic: the same seed gives byte-identical files.

Calibration (public figures quoted in the project's domain brief)
-----------------------------------------------------------------
- About 4,000 centres nationally (3,988 in 2015), about half in rural communes; about
  85 % operating, 8 % being licensed, 3 % planned, 4 % closed.
- Centres are placed where people live (number per covered commune grows with
  ``population ** 0.75``), but about 35-40 % of rural communes have no operating centre,
  smaller and more remote ones more often, with a province effect, so a planner finds gaps.
- Management modes about 20 % direct, 35 % co-management, 45 % delegated (Taza's 27:35
  co-management to delegated, plus direct centres); services per centre 1-5, mean about 2.8.
- Taza (03.561): 29 communes covered (its 4 urban and 25 of its 34 rural communes), in its
  5 cercles, offering 79 services (operating centres).
- Khénifra (05.301): 34 operating and 5 licensing social-protection establishments (EPS),
  23 education and training centres, 13 kindergartens, 3 social complexes, 2 disability
  centres, 1 proximity social centre; its 2021 Entraide Nationale subsidies are exactly
  3,000,000 MAD to the associations running EPS (split over the 34 EPS), 160,000 MAD to
  the proximity centre and 1,468,411 MAD to the disability associations (split over the 2).
- Azilal (05.081): 36 operating EPS (students' houses) with yearly EPS subsidies around
  2,966,500 MAD; other provinces receive about 88,000 MAD per EPS per year, of the order
  of Khénifra's 3 M MAD.
- Places per centre by type (``CAPACITY``) and people reached in the year per place
  (``OCCUPANCY``: 0.3 to 1.2, so some centres are full beyond their places and some
  under-used); closed centres closed between 2021 and 2024; as in a real registry, some
  rows leave places (5 %), people reached (10 % of operating centres) or the opening year
  (3 %) empty (``SERVICE_GAPS``).
- Grants 2019-2024 from the Entraide Nationale to associations (co-managed and delegated
  centres), INDH construction grants, local authorities, partners and a few international
  ones; a few grants name only a commune.

Locations: most centres give a ``commune_code``; about a quarter give latitude/longitude
(some both), sampled inside the full-detail polygon of their commune, at least ~600 m from
its border so that any matching geometry puts them back in the same commune.

Public API
----------
generate_demo(seed=2024, communes=None) -> (centres, funding)
to_csv_text(frame) -> str

Build-time code (``make demo``, :mod:`tools.demo`): the files it writes are embedded in the
package (``dashboard/demo_data/``, read through :mod:`dashboard.demo`); the generator is not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from dashboard.demo import DEFAULT_SEED
from loaders.vocabulary import CENTRE_TYPE_KEYS
from tools.demo.partners import vary_spellings

YEARS: tuple[int, int] = (2019, 2024)

CENTRE_COLUMNS: tuple[str, ...] = (
    "centre_id", "name", "centre_type", "commune_code", "latitude", "longitude", "services",
    "management_mode", "status", "partner", "opened_year", "closed_year", "capacity",
    "beneficiaries",
    "illustrative",
)
FUNDING_COLUMNS: tuple[str, ...] = (
    "centre_id", "commune_code", "year", "amount_mad", "source", "partner", "purpose",
    "illustrative",
)

TAZA = "03.561"
KHENIFRA = "05.301"
AZILAL = "05.081"
TAZA_RURAL_COVERED = 25
TAZA_SERVICES = 79
TAZA_EXTRA_TOWN_CENTRES = 4
KHENIFRA_2021 = {"eps": 3_000_000, "proximity_centre": 160_000, "disability": 1_468_411}
KHENIFRA_PROFILE = (
    [("eps", "operating")] * 34 + [("eps", "licensing")] * 5 + [("cef", "operating")] * 23
    + [("kindergarten", "operating")] * 13 + [("social_complex", "operating")] * 3
    + [("disability", "operating")] * 2 + [("proximity_centre", "operating")] * 1
)
AZILAL_EPS = 36
AZILAL_EPS_SUBSIDY = 2_966_500

TYPES = CENTRE_TYPE_KEYS
TYPE_P = {
    "rural": [0.35, 0.18, 0.15, 0.12, 0.03, 0.02, 0.02, 0.03, 0.04, 0.05, 0.01],
    "urban": [0.18, 0.20, 0.12, 0.08, 0.10, 0.08, 0.06, 0.08, 0.04, 0.04, 0.02],
}
STATUS_TARGET = {"operating": 0.85, "licensing": 0.08, "planned": 0.03, "closed": 0.04}
MODES = ("direct", "co_management", "delegated")
MODE_P = (0.20, 0.35, 0.45)
SERVICES_P = (0.15, 0.30, 0.25, 0.18, 0.12)  # 1..5 services, mean 2.82

CAPACITY = {  # seats: (low, high)
    "eps": (40, 150), "cef": (30, 120), "kindergarten": (20, 80), "literacy": (20, 100),
    "apprenticeship": (30, 150), "disability": (20, 80), "social_complex": (80, 300),
    "proximity_centre": (50, 200), "citizen_house": (30, 150), "women_space": (30, 100),
    "other": (20, 80),
}
OCCUPANCY = {  # people reached in the year per place: (low, high), drawn uniformly
    "eps": (0.75, 1.05), "cef": (0.5, 1.15), "kindergarten": (0.6, 1.1), "literacy": (0.4, 1.2),
    "apprenticeship": (0.45, 1.0), "disability": (0.7, 1.2), "social_complex": (0.35, 0.95),
    "proximity_centre": (0.4, 1.1), "citizen_house": (0.3, 0.9), "women_space": (0.35, 1.0),
    "other": (0.4, 1.0),
}
SERVICE_GAPS = {"capacity": 0.05, "beneficiaries": 0.10, "opened_year": 0.03}
"""Share of the centres whose registry row leaves the field empty (capacity: any centre;
people reached: operating ones; opening year: operating and closed ones)."""
SUBSIDY = {  # Entraide Nationale subsidy per centre per year, MAD: (low, high, yearly p)
    "eps": (65_000, 112_000, 0.95), "cef": (15_000, 45_000, 0.7),
    "kindergarten": (8_000, 25_000, 0.6), "literacy": (5_000, 20_000, 0.6),
    "apprenticeship": (20_000, 60_000, 0.6), "disability": (350_000, 800_000, 0.95),
    "social_complex": (80_000, 250_000, 0.8), "proximity_centre": (120_000, 200_000, 0.9),
    "citizen_house": (10_000, 40_000, 0.5), "women_space": (15_000, 50_000, 0.6),
    "other": (10_000, 30_000, 0.4),
}
PURPOSE = {
    "eps": "Subvention aux associations gérant les EPS",
    "disability": "Subvention aux associations des personnes en situation de handicap",
    "proximity_centre": "Subvention à l'association gérant le centre social de proximité",
}
PURPOSE_DEFAULT = "Subvention de fonctionnement"

NAME_STEM = {
    "cef": "Centre d'éducation et de formation", "kindergarten": "Jardin d'enfants",
    "literacy": "Centre d'alphabétisation",
    "apprenticeship": "Centre de formation par apprentissage",
    "disability": "Centre pour personnes en situation de handicap",
    "social_complex": "Complexe social", "proximity_centre": "Centre social de proximité",
    "citizen_house": "Maison du citoyen", "women_space": "Espace multifonctionnel pour femmes",
    "other": "Centre social",
}
EPS_STEMS = (
    ("Dar Taliba", 0.45), ("Dar Talib", 0.30), ("Maison des personnes âgées", 0.08),
    ("Centre de protection de l'enfance", 0.09), ("Centre d'accueil des femmes", 0.08),
)
ASSOCIATIONS = (
    "Al Amal", "Annour", "Al Ihsane", "Attadamoun", "Al Wafae", "Tanmia", "Al Khir", "Assafa",
    "Ennahda", "Al Fath", "Ibn Sina", "Al Mostakbal", "Tifawin", "Amalou", "Azetta",
)
PARTNERS = (
    "Fondation Mohammed V pour la Solidarité", "Office Chérifien des Phosphates",
    "Fondation Attijariwafa", "Fondation Banque Populaire", "Maroc Telecom",
)
INTERNATIONAL = ("Union européenne", "Coopération espagnole (AECID)", "UNICEF")


# --------------------------------------------------------------------------- helpers


def _reference_communes():  # -> geopandas.GeoDataFrame
    import geodata

    return geodata.load_units("commune", detail="full")


def _province_names() -> dict[str, str]:
    import geodata

    table = geodata.load_attributes("province")
    return dict(zip(table["code"], table["name_fr"], strict=True))


def _solve_offset(log_pop: np.ndarray, slope: float, target: float) -> float:
    """Intercept a such that mean(logistic(a + slope*log_pop)) == target (bisection)."""
    low, high = -20.0, 20.0
    for _ in range(80):
        mid = (low + high) / 2
        mean = float(np.mean(1 / (1 + np.exp(-(mid + slope * log_pop)))))
        low, high = (mid, high) if mean < target else (low, mid)
    return (low + high) / 2


def _allocate(rng: np.random.Generator, total: int, weights: np.ndarray) -> np.ndarray:
    """At least one per slot, the rest multinomial by weight."""
    n = len(weights)
    if n == 0:
        return np.zeros(0, dtype=int)
    extra = max(0, total - n)
    return 1 + rng.multinomial(extra, weights / weights.sum())


def _split_exact(rng: np.random.Generator, total: int, parts: int) -> np.ndarray:
    """Integer amounts, each near total/parts, summing exactly to ``total``."""
    shares = rng.dirichlet(np.full(parts, 12.0))
    amounts = np.floor(shares * total / 100).astype(int) * 100
    amounts[-1] += total - amounts.sum()
    return amounts


def _sample_point(
    rng: np.random.Generator, polygon: shapely.Geometry
) -> tuple[float, float] | None:
    inner = polygon.buffer(-0.006)
    if inner.is_empty or inner.area < 1e-5:
        return None
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(20):
        xs = rng.uniform(minx, maxx, 64)
        ys = rng.uniform(miny, maxy, 64)
        xs, ys = np.round(xs, 5), np.round(ys, 5)
        inside = shapely.contains_xy(inner, xs, ys) & shapely.contains_xy(polygon, xs, ys)
        if inside.any():
            i = int(np.flatnonzero(inside)[0])
            return float(ys[i]), float(xs[i])
    return None


# --------------------------------------------------------------------------- placement


def _covered_communes(rng: np.random.Generator, communes: pd.DataFrame) -> np.ndarray:
    """Which communes get at least one operating centre."""
    population = communes["population_2024"].to_numpy(dtype=float)
    urban = communes["kind"].to_numpy() == "urban"
    covered = np.zeros(len(communes), dtype=bool)
    covered[urban] = (population[urban] >= 20_000) | (rng.random(urban.sum()) < 0.85)

    rural = ~urban
    provinces = communes["province_code"].to_numpy()
    codes = np.unique(provinces)
    effect = dict(zip(codes, rng.normal(0.0, 0.45, len(codes)), strict=True))
    log_pop = np.log(population[rural]) - np.log(np.median(population[rural]))
    shift = np.array([effect[p] for p in provinces[rural]])
    offset = _solve_offset(log_pop + shift / 1.3, 1.3, 0.62)
    p_cover = 1 / (1 + np.exp(-(offset + 1.3 * log_pop + shift)))
    covered[rural] = rng.random(rural.sum()) < p_cover

    # Taza: its 4 towns and 25 of its 34 rural communes, every one of its 5 cercles served
    taza = (provinces == TAZA) & rural
    index = np.flatnonzero(taza)
    covered[(provinces == TAZA) & urban] = True
    covered[index] = True
    cercles = communes["cercle_code"].to_numpy()[index]
    gaps_per_cercle = dict.fromkeys(np.unique(cercles), 0)
    weights = 1 / population[index]
    order = rng.choice(len(index), len(index), replace=False, p=weights / weights.sum())
    gaps = 0
    for i in order:
        if gaps == len(index) - TAZA_RURAL_COVERED:
            break
        if gaps_per_cercle[cercles[i]] < 2:
            covered[index[i]] = False
            gaps_per_cercle[cercles[i]] += 1
            gaps += 1
    return covered


def _draw_statuses(rng: np.random.Generator, fixed: np.ndarray) -> np.ndarray:
    """Fill the statuses left empty so that the national mix hits :data:`STATUS_TARGET`."""
    statuses = fixed.copy()
    free = np.flatnonzero(pd.isna(fixed))
    keys = list(STATUS_TARGET)
    wanted = np.array([STATUS_TARGET[k] * len(fixed) - np.sum(fixed == k) for k in keys])
    p = np.clip(wanted, 0, None)
    statuses[free] = rng.choice(keys, len(free), p=p / p.sum())
    return statuses


def _place_centres(rng: np.random.Generator, communes: pd.DataFrame) -> pd.DataFrame:
    covered = _covered_communes(rng, communes)
    population = communes["population_2024"].to_numpy(dtype=float)
    urban = communes["kind"].to_numpy() == "urban"
    provinces = communes["province_code"].to_numpy()
    special = np.isin(provinces, [KHENIFRA, TAZA])

    counts = np.zeros(len(communes), dtype=int)
    for pool, total, alpha in ((urban, 1_830, 0.75), (~urban, 2_010, 0.75)):
        slots = np.flatnonzero(pool & covered & ~special)
        counts[slots] = _allocate(rng, total, population[slots] ** alpha)
    # Taza: one operating centre per covered commune, a few more in the towns
    counts[(provinces == TAZA) & covered] = 1
    towns = np.flatnonzero((provinces == TAZA) & urban)
    counts[towns] += rng.multinomial(
        TAZA_EXTRA_TOWN_CENTRES, population[towns] / population[towns].sum()
    )

    rows = []
    for i in np.flatnonzero(counts):
        for k in range(counts[i]):
            rows.append((i, k == 0, None, None))
    frame = pd.DataFrame(rows, columns=["commune", "first", "centre_type", "status"])

    # Khénifra: the 2022 profile, one operating centre at least in each covered commune
    slots = np.flatnonzero((provinces == KHENIFRA) & covered)
    profile = list(KHENIFRA_PROFILE)
    order = rng.permutation(len(profile))
    operating = [j for j in order if profile[j][1] == "operating"]
    others = [j for j in order if profile[j][1] != "operating"]
    place = list(slots) + list(
        rng.choice(slots, len(profile) - len(slots), p=population[slots] ** 0.75
                   / (population[slots] ** 0.75).sum())
    )
    khenifra = [
        (commune, n < len(slots), profile[j][0], profile[j][1])
        for n, (commune, j) in enumerate(zip(place, operating + others, strict=True))
    ]
    frame = pd.concat(
        [frame, pd.DataFrame(khenifra, columns=frame.columns)], ignore_index=True
    )

    # planned or licensing centres in a few rural gaps: the next centres, not yet counted
    gaps = np.flatnonzero(~covered & ~urban & (provinces != KHENIFRA))
    coming = gaps[rng.random(len(gaps)) < 0.12]
    frame = pd.concat(
        [
            frame,
            pd.DataFrame(
                {
                    "commune": coming,
                    "first": False,
                    "centre_type": None,
                    "status": rng.choice(["licensing", "planned"], len(coming), p=[0.6, 0.4]),
                }
            ),
        ],
        ignore_index=True,
    )

    kind = np.where(urban[frame["commune"]], "urban", "rural")
    missing_type = frame["centre_type"].isna().to_numpy()
    types = np.empty(len(frame), dtype=object)
    for k in ("urban", "rural"):
        mask = missing_type & (kind == k)
        types[mask] = rng.choice(TYPES, mask.sum(), p=TYPE_P[k])
    frame.loc[missing_type, "centre_type"] = types[missing_type]

    fixed = frame["status"].to_numpy(dtype=object).copy()
    fixed[frame["first"].to_numpy(dtype=bool) & pd.isna(fixed)] = "operating"
    frame["status"] = _draw_statuses(rng, fixed)
    frame["kind"] = kind
    return frame.sort_values(["commune", "first"], ascending=[True, False], kind="stable")


def _calibrate_azilal(rng: np.random.Generator, frame: pd.DataFrame, provinces: np.ndarray):
    """Exactly AZILAL_EPS operating EPS in Azilal (students' houses)."""
    in_azilal = provinces[frame["commune"].to_numpy()] == AZILAL
    operating = in_azilal & (frame["status"].to_numpy() == "operating")
    eps = operating & (frame["centre_type"].to_numpy() == "eps")
    difference = AZILAL_EPS - int(eps.sum())
    if difference > 0:
        candidates = np.flatnonzero(operating & ~eps)
        chosen = rng.choice(candidates, min(difference, len(candidates)), replace=False)
        frame.iloc[chosen, frame.columns.get_loc("centre_type")] = "eps"
    elif difference < 0:
        chosen = rng.choice(np.flatnonzero(eps), -difference, replace=False)
        frame.iloc[chosen, frame.columns.get_loc("centre_type")] = "cef"


def _services(rng: np.random.Generator, frame: pd.DataFrame, provinces: np.ndarray) -> np.ndarray:
    services = rng.choice(np.arange(1, 6), len(frame), p=SERVICES_P)
    complex_ = frame["centre_type"].to_numpy() == "social_complex"
    services[complex_] = rng.integers(3, 6, complex_.sum())
    # Taza: the operating centres offer 79 services in all
    taza = np.flatnonzero(
        (provinces[frame["commune"].to_numpy()] == TAZA)
        & (frame["status"].to_numpy() == "operating")
    )
    while services[taza].sum() != TAZA_SERVICES:
        step = 1 if services[taza].sum() < TAZA_SERVICES else -1
        movable = taza[(services[taza] + step >= 1) & (services[taza] + step <= 5)]
        services[rng.choice(movable)] += step
    return services


def _modes(rng: np.random.Generator, frame: pd.DataFrame, provinces: np.ndarray) -> np.ndarray:
    modes = rng.choice(np.array(MODES, dtype=object), len(frame), p=MODE_P)
    modes[rng.random(len(frame)) < 0.01] = None  # a few registries leave the mode blank
    # Taza: 27 co-management to 35 delegated among partnership centres, plus direct ones
    taza = np.flatnonzero(provinces[frame["commune"].to_numpy()] == TAZA)
    n = len(taza)
    n_direct = round(n * 0.18)
    n_co = round((n - n_direct) * 27 / 62)
    taza_modes = ["direct"] * n_direct + ["co_management"] * n_co
    taza_modes += ["delegated"] * (n - len(taza_modes))
    modes[taza] = rng.permutation(np.array(taza_modes, dtype=object))
    return modes


# --------------------------------------------------------------------------- centres


def _centres(rng: np.random.Generator, communes) -> pd.DataFrame:
    provinces = communes["province_code"].to_numpy()
    frame = _place_centres(rng, communes).reset_index(drop=True)
    _calibrate_azilal(rng, frame, provinces)
    n = len(frame)
    commune = frame["commune"].to_numpy()
    ctype = frame["centre_type"].to_numpy(dtype=object)
    status = frame["status"].to_numpy(dtype=object)
    codes = communes["code"].to_numpy()
    names = communes["name_fr"].to_numpy()

    # ids: EN-<province digits>-<number in province>
    province_of = provinces[commune]
    sequence = pd.Series(province_of).groupby(province_of).cumcount().to_numpy() + 1
    centre_id = [
        f"EN-{p.replace('.', '')}-{s:04d}" for p, s in zip(province_of, sequence, strict=True)
    ]

    stems = np.array([s for s, _ in EPS_STEMS], dtype=object)
    stem_p = np.array([p for _, p in EPS_STEMS])
    eps_stem = rng.choice(stems, n, p=stem_p / stem_p.sum())
    stem = np.array([NAME_STEM.get(t, "") for t in ctype], dtype=object)
    stem = np.where(ctype == "eps", eps_stem, stem)
    base = [f"{s} {names[c]}" for s, c in zip(stem, commune, strict=True)]
    rank = pd.Series(base).groupby(base).cumcount().to_numpy()
    name = [b if r == 0 else f"{b} {r + 1}" for b, r in zip(base, rank, strict=True)]

    modes = _modes(rng, frame, provinces)
    province_names = _province_names()
    association = rng.choice(np.array(ASSOCIATIONS, dtype=object), n)
    partner = np.where(  # an association of the province runs several of its centres
        np.isin(modes, ["co_management", "delegated"]),
        [f"Association {a} {province_names[p]}" for a, p in zip(association, province_of,
                                                                  strict=True)],
        None,
    )

    opened = np.minimum(2024, 1975 + np.round(49 * rng.beta(2.2, 1.2, n)).astype(int))
    opened = np.where(status == "licensing", rng.integers(2022, 2025, n), opened)
    opened_year = pd.array(np.where(status == "planned", None, opened), dtype="Int64")
    low = np.array([CAPACITY[t][0] for t in ctype])
    high = np.array([CAPACITY[t][1] for t in ctype])
    capacity = np.round(rng.uniform(low, high) / 5).astype(int) * 5
    t_low = np.array([OCCUPANCY[t][0] for t in ctype])
    t_high = np.array([OCCUPANCY[t][1] for t in ctype])
    beneficiaries = np.round(capacity * rng.uniform(t_low, t_high)).astype(int)
    beneficiaries = pd.array(
        np.where(np.isin(status, ["operating", "closed"]), beneficiaries, None), dtype="Int64"
    )

    # location: commune code (mostly), a point (some), or both
    how = rng.choice(["code", "point", "both"], n, p=[0.75, 0.18, 0.07])
    latitude = np.full(n, np.nan)
    longitude = np.full(n, np.nan)
    geometry = communes.geometry.to_numpy()
    for i in np.flatnonzero(how != "code"):
        point = _sample_point(rng, geometry[commune[i]])
        if point is None:
            how[i] = "code"
        else:
            latitude[i], longitude[i] = point
    commune_code = np.where(how == "point", None, codes[commune])

    return pd.DataFrame(
        {
            "centre_id": centre_id,
            "name": name,
            "centre_type": ctype,
            "commune_code": commune_code,
            "latitude": latitude,
            "longitude": longitude,
            "services": _services(rng, frame, provinces),
            "management_mode": modes,
            "status": status,
            "partner": partner,
            "opened_year": opened_year,
            "capacity": capacity,
            "beneficiaries": beneficiaries,
            "illustrative": "yes",
            "_commune": codes[commune],  # internal: true commune, dropped before returning
        }
    )


# --------------------------------------------------------------------------- funding


def _funding(rng: np.random.Generator, centres: pd.DataFrame, communes) -> pd.DataFrame:
    first, last = YEARS
    years = np.arange(first, last + 1)
    province = centres["_commune"].str.slice(0, 6).to_numpy()
    ctype = centres["centre_type"].to_numpy()
    status = centres["status"].to_numpy()
    mode = centres["management_mode"].to_numpy(dtype=object)
    opened = centres["opened_year"].fillna(9999).to_numpy(dtype=int)
    ids = centres["centre_id"].to_numpy()
    partner = centres["partner"].to_numpy(dtype=object)
    rows: list[tuple] = []

    # Entraide Nationale subsidies to the associations that run centres
    by_association = np.isin(mode, ["co_management", "delegated"])
    for year in years:
        active = by_association & (opened <= year) & (
            (status == "operating") | ((status == "closed") & (year <= 2020))
        )
        active &= ~((province == KHENIFRA) & (year == 2021))  # calibrated below
        for i in np.flatnonzero(active):
            low, high, p = SUBSIDY[ctype[i]]
            if rng.random() < p:
                amount = int(round(rng.uniform(low, high) / 500) * 500)
                purpose = PURPOSE.get(ctype[i], PURPOSE_DEFAULT)
                rows.append((ids[i], None, year, amount, "entraide_nationale", partner[i],
                             purpose))

    # Khénifra 2021: the published budget lines, split over the centres they fund
    for key, total in KHENIFRA_2021.items():
        funded = np.flatnonzero((province == KHENIFRA) & (ctype == key) & (status == "operating"))
        for i, amount in zip(funded, _split_exact(rng, total, len(funded)), strict=True):
            rows.append((ids[i], None, 2021, int(amount), "entraide_nationale", partner[i],
                         PURPOSE[key]))

    frame = pd.DataFrame(
        rows, columns=["centre_id", "commune_code", "year", "amount_mad", "source", "partner",
                       "purpose"]
    )
    # Azilal: EPS subsidies of about 2,966,500 MAD a year
    eps_ids = set(ids[(province == AZILAL) & (ctype == "eps")])
    for year in years:
        mask = (frame["year"] == year) & frame["centre_id"].isin(eps_ids)
        if mask.any():
            target = AZILAL_EPS_SUBSIDY * rng.uniform(0.96, 1.06)
            scaled = frame.loc[mask, "amount_mad"] * target / frame.loc[mask, "amount_mad"].sum()
            frame.loc[mask, "amount_mad"] = (scaled / 500).round().astype(int) * 500

    extra: list[tuple] = []
    # INDH: construction and equipment, once, for about 8 % of centres
    for i in np.flatnonzero(rng.random(len(centres)) < 0.08):
        year = int(rng.integers(first, last + 1))
        amount = int(round(rng.uniform(300_000, 2_500_000) / 1000) * 1000)
        extra.append((ids[i], None, year, amount, "indh", "INDH",
                      "Construction et équipement"))
    # local authorities: small yearly operating grants to some centres
    for year in years:
        for i in np.flatnonzero((status == "operating") & (rng.random(len(centres)) < 0.06)):
            amount = int(round(rng.uniform(10_000, 80_000) / 500) * 500)
            extra.append((ids[i], None, year, amount, "local_authority", "Commune",
                          "Subvention communale de fonctionnement"))
    # partners and international cooperation
    for i in np.flatnonzero(rng.random(len(centres)) < 0.04):
        year = int(rng.integers(first, last + 1))
        amount = int(round(rng.uniform(50_000, 500_000) / 1000) * 1000)
        extra.append((ids[i], None, year, amount, "partner", str(rng.choice(PARTNERS)),
                      "Convention de partenariat"))
    for i in np.flatnonzero(rng.random(len(centres)) < 0.006):
        year = int(rng.integers(first, last + 1))
        amount = int(round(rng.uniform(200_000, 1_500_000) / 1000) * 1000)
        extra.append((ids[i], None, year, amount, "international",
                      str(rng.choice(INTERNATIONAL)), "Projet de coopération"))
    # programmes located by commune only (no centre yet)
    rural = communes[communes["kind"] == "rural"]["code"].to_numpy()
    for code in rng.choice(rural, 60, replace=False):
        year = int(rng.integers(first, last + 1))
        amount = int(round(rng.uniform(100_000, 900_000) / 1000) * 1000)
        extra.append((None, str(code), year, amount, "indh", "INDH",
                      "Programme de lutte contre la précarité en milieu rural"))
    frame = pd.concat([frame, pd.DataFrame(extra, columns=frame.columns)], ignore_index=True)
    frame["illustrative"] = "yes"
    frame = frame.sort_values(["year", "centre_id", "source", "amount_mad"], kind="stable",
                              na_position="last")
    frame["year"] = frame["year"].astype("int64")
    frame["amount_mad"] = frame["amount_mad"].astype("int64")
    return frame.reset_index(drop=True).loc[:, list(FUNDING_COLUMNS)]


# --------------------------------------------------------------------------- public


def generate_demo(seed: int = DEFAULT_SEED, communes=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate the illustrative centre and funding files (delegation form).

    Parameters
    ----------
    seed : int
        Seed of the ``numpy.random.Generator``; the same seed gives the same frames.
    communes : geopandas.GeoDataFrame, optional
        Reference communes with full-detail polygons (default
        ``geodata.load_units("commune", "full")``).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Centres with :data:`CENTRE_COLUMNS` and grants with :data:`FUNDING_COLUMNS`, as a
        delegation would type them; every row has ``illustrative`` = ``yes``.
    """
    communes = _reference_communes() if communes is None else communes
    communes = communes.sort_values("code", kind="stable").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    centres = _centres(rng, communes)
    centres["partner"] = vary_spellings(
        centres["partner"].to_numpy(dtype=object), communes.set_index("code")
        .loc[centres["_commune"], "province_code"].to_numpy(), seed, TAZA)
    funding = _funding(rng, centres, communes)
    centres = _registry_gaps(np.random.default_rng([seed, 23]), centres)
    centres = centres.drop(columns="_commune").loc[:, list(CENTRE_COLUMNS)]
    return centres, funding


def _registry_gaps(rng: np.random.Generator, centres: pd.DataFrame) -> pd.DataFrame:
    """Closing years and the gaps of a real registry, drawn after the grants (which stay
    as calibrated): closed centres closed between 2021 (their subsidies stop after 2020)
    and 2024; :data:`SERVICE_GAPS` of places, people reached and opening years left empty."""
    centres = centres.copy()
    n = len(centres)
    status = centres["status"].to_numpy()
    opened = centres["opened_year"].fillna(2021).to_numpy(dtype=int)
    closed = rng.integers(np.maximum(opened, 2021), 2025)
    centres["closed_year"] = pd.array(np.where(status == "closed", closed, None), dtype="Int64")
    for column, share in SERVICE_GAPS.items():
        eligible = {"capacity": np.ones(n, dtype=bool),
                    "beneficiaries": status == "operating",
                    "opened_year": np.isin(status, ["operating", "closed"])}[column]
        blank = eligible & (rng.random(n) < share)
        centres[column] = pd.array(centres[column], dtype="Int64")
        centres.loc[blank, column] = pd.NA
    return centres


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text exactly as the committed demo files are written (UTF-8, ``\\n``)."""
    return frame.to_csv(index=False, lineterminator="\n")
