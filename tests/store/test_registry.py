"""The national registry, on SQLite and on PostgreSQL + PostGIS: composed province by
province from the most specific territory dataset's version in force, opened like any
dataset by the commands, as it stood at a date, and its status at the stale boundary."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import sources
from dashboard.calc.registry import registry_status, status_summary
from dashboard.cli import main
from dashboard.store import StoreError, open_store
from dashboard.store.schema import datasets, in_force_log
from tests.store.samples import province_inputs
from tests.support.territories import FES, FES_MEKNES, KHENIFRA, SEFROU, TAZA


def _provinces(frame: pd.DataFrame) -> dict[str, int]:
    return frame["commune_code"].str[:6].value_counts().sort_index().to_dict()


@pytest.fixture
def registry(store_url):
    """Taza (province, 3 centres), Khénifra (province, 4) and Fès-Meknès (region: 5 centres
    in Taza, 1 in Sefrou, 2 in Fès), and a dataset without territory (6 centres in Taza)."""
    store = open_store(store_url)
    store.save("taza", province_inputs({TAZA: 3, SEFROU: 2}), territory=TAZA,
               imported_by="delegate-taza")
    store.save("khenifra", province_inputs({KHENIFRA: 4}), territory=KHENIFRA,
               imported_by="delegate-khenifra")
    store.save("fes-meknes", province_inputs({TAZA: 5, SEFROU: 1, FES: 2}, prefix="R"),
               territory=FES_MEKNES, imported_by="hq")
    store.save("national", province_inputs({TAZA: 6}, prefix="N"))
    return store


def test_province_dataset_overrides_its_region(registry) -> None:
    frame = registry.registry().set_index("province_code")
    assert len(frame) == 75 and frame["dataset"].notna().sum() == 10
    assert frame.loc[TAZA, ["dataset", "level", "imported_by"]].tolist() == [
        "taza", "province", "delegate-taza"]
    assert frame.loc[SEFROU, "dataset"] == "fes-meknes" == frame.loc["03.061", "dataset"]
    assert frame.loc[KHENIFRA, "dataset"] == "khenifra"
    assert "national" not in set(frame["dataset"].dropna())  # no territory: outside
    provinces, inputs = registry.open_registry()
    assert _provinces(inputs.centres_frame) == {FES: 2, SEFROU: 1, TAZA: 3, KHENIFRA: 4}
    assert _provinces(inputs.funding_frame) == {FES: 4, SEFROU: 2, TAZA: 6, KHENIFRA: 8}
    assert inputs.centres.rejected_count == 0 and set(inputs.centres.report()["status"]) == {
        "accepted"}
    counts = registry.registry_counts(provinces).set_index("province_code")
    assert counts.loc[TAZA].tolist() == [3, 6] and counts.loc[FES].tolist() == [2, 4]
    assert counts.loc["01.051"].tolist() == [0, 0]


def test_deleting_the_province_dataset_gives_it_back_to_the_region(registry) -> None:
    registry.delete("taza")
    frame = registry.registry().set_index("province_code")
    assert frame.loc[TAZA, "dataset"] == "fes-meknes"
    _, inputs = registry.open_registry()
    assert _provinces(inputs.centres_frame)[TAZA] == 5


def test_registry_follows_a_roll_back(registry) -> None:
    registry.save("taza", province_inputs({TAZA: 1}))
    assert _provinces(registry.open_registry()[1].centres_frame)[TAZA] == 1
    registry.use("taza", 1)
    assert _provinces(registry.open_registry()[1].centres_frame)[TAZA] == 3


def test_registry_as_it_stood_at_a_date(registry) -> None:
    """Taza v1 in force since 1 March, v2 since 1 June; Fès-Meknès since 1 May: on 31 March
    the registry is Taza v1 and Khénifra (logged in January), on 31 May Taza v1 and the
    region, on 30 June Taza v2."""
    registry.save("taza", province_inputs({TAZA: 1}))
    moments = {("taza", 1): "2026-03-01", ("taza", 2): "2026-06-01",
               ("fes-meknes", 1): "2026-05-01", ("khenifra", 1): "2026-01-10",
               ("national", 1): "2026-01-01"}
    with registry.engine.begin() as connection:
        ids = dict(connection.execute(sa.select(datasets.c.name, datasets.c.id)).all())
        for (name, number), day in moments.items():
            connection.execute(in_force_log.update().where(
                in_force_log.c.dataset_id == ids[name], in_force_log.c.number == number)
                .values(since=dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)))

    def at(day: str) -> dict[str, int]:
        return _provinces(sources.from_registry(dt.date.fromisoformat(day)).centres_frame)

    assert at("2026-03-31") == {TAZA: 3, KHENIFRA: 4}
    assert at("2026-05-31") == {FES: 2, SEFROU: 1, TAZA: 3, KHENIFRA: 4}
    assert at("2026-06-30") == {FES: 2, SEFROU: 1, TAZA: 1, KHENIFRA: 4}
    # before the first territory (Khénifra's; the national dataset has none): said so
    with pytest.raises(StoreError, match=r"No territory dataset was in force on 2025-12-31: "
                       r".* The first one was put in force on 2026-01-10"):
        sources.from_registry(dt.date(2025, 12, 31))


def test_status_states_at_the_stale_boundary(registry) -> None:
    provinces = registry.registry()
    counts = registry.registry_counts(provinces)
    imported = provinces.set_index("province_code").loc[TAZA, "imported_at"].to_pydatetime()
    exactly = registry_status(provinces, counts, now=imported + dt.timedelta(days=180),
                              stale_days=180).set_index("province_code")
    assert exactly.loc[TAZA, "age_days"] == 180 and exactly.loc[TAZA, "state"] == "current"
    later = registry_status(provinces, counts, now=imported + dt.timedelta(days=181),
                            stale_days=180).set_index("province_code")
    assert later.loc[TAZA, "age_days"] == 181 and later.loc[TAZA, "state"] == "stale"
    assert later.loc["01.051", "state"] == "missing" and pd.isna(later.loc["01.051",
                                                                          "age_days"])
    assert later.loc[TAZA, ["dataset", "version", "centres", "grants", "imported_by"]
                     ].tolist() == ["taza", 1, 3, 6, "delegate-taza"]
    assert status_summary(exactly.reset_index()) == {
        "provinces": 75, "current": 10, "stale": 0, "missing": 65, "with_data": 10}


def test_commands_open_the_registry(registry, tmp_path, capsys) -> None:
    out = tmp_path / "provinces.csv"
    assert main(["indicators", "--dataset", "registry", "--level", "province",
                 "--out", str(out)]) == 0
    assert "dataset registry (10/75)" in capsys.readouterr().out
    table = pd.read_csv(out, dtype={"code": str}).set_index("code")
    assert table.loc[[TAZA, SEFROU, FES, KHENIFRA, "01.051"], "centres"].tolist() == [
        3, 1, 2, 4, 0]
    assert main(["datasets", "default", "registry"]) == 0
    capsys.readouterr()
    assert main(["indicators", "--level", "region", "--out", str(out)]) == 0
    assert "dataset registry" in capsys.readouterr().out
    assert main(["registry", "status", "--format", "json", "--stale-days", "0"]) == 0
    rows = {row["province_code"]: row for row in json.loads(capsys.readouterr().out)}
    assert len(rows) == 75 and rows[TAZA]["dataset"] == "taza"
    assert rows[TAZA]["state"] == "current" and rows[TAZA]["age_days"] == 0
    assert rows[TAZA]["imported_at"].endswith("Z") and rows["01.051"]["state"] == "missing"
    assert main(["registry", "status"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "data from 10 of 75 provinces; 10 current, 0 stale, 65 missing (stale after 180 "
        "days)")
    assert main(["compare", "--dataset", "registry", "--from", "2026-13-01", "--out",
                 str(out)]) == 2
    assert "--from must be a date YYYY-MM-DD" in capsys.readouterr().err
    assert main(["indicators", "--dataset", "registry@2", "--level", "region", "--out",
                 str(out)]) == 2
    assert "The registry has no versions" in capsys.readouterr().err


def test_compare_the_registry_between_two_dates(registry, tmp_path, capsys) -> None:
    today = dt.datetime.now(dt.UTC).date()
    out = tmp_path / "change.csv"
    assert main(["compare", "--dataset", "registry", "--from", today.isoformat(),
                 "--within", TAZA, "--out", str(out)]) == 0
    assert "gained coverage" in capsys.readouterr().out
    table = pd.read_csv(out)
    assert table["centres_before"].sum() == table["centres_after"].sum() == 3


def test_versions_without_their_parquet_copy_are_read_from_their_rows(registry) -> None:
    """A version stored before revision 0002 (no copy of its accepted rows) takes its part
    in the registry from the row tables: the same rows."""
    from dashboard.store.schema import reports

    _, before = registry.open_registry()
    version_id = int(registry.registry().set_index("province_code").loc[TAZA, "version_id"])
    with registry.engine.begin() as connection:
        connection.execute(reports.update().where(reports.c.version_id == version_id)
                           .values(accepted=None))
    _, after = registry.open_registry()
    assert _provinces(after.centres_frame) == _provinces(before.centres_frame)
    key = ["commune_code", "centre_id"]
    pd.testing.assert_frame_equal(
        after.centres_frame.sort_values(key).reset_index(drop=True)[["centre_id", "services"]],
        before.centres_frame.sort_values(key).reset_index(drop=True)[["centre_id", "services"]])


def test_composition_token_names_content_not_row_ids(tmp_path) -> None:
    """The registry's token names cached files on disk: two stores holding the same versions
    give the same token, and other rows under the same row ids give another."""
    from dashboard.store import Store
    from dashboard.store.registry import token

    tokens = []
    for name, count in (("one", 3), ("two", 3), ("three", 4)):
        store = Store(f"sqlite:///{tmp_path / name}.sqlite")
        store.save("taza", province_inputs({TAZA: count}), territory=TAZA)
        tokens.append(token(store.registry()))
        store.close()
    assert tokens[0] == tokens[1] != tokens[2]


def test_compare_from_a_date_before_any_territory_says_so(registry, tmp_path, capsys) -> None:
    today = dt.datetime.now(dt.UTC).date()
    out = tmp_path / "change.csv"
    assert main(["compare", "--dataset", "registry", "--from", "2000-01-01", "--out",
                 str(out)]) == 2
    err = capsys.readouterr().err
    assert "No territory dataset was in force on 2000-01-01" in err
    assert f"The first one was put in force on {today.isoformat()}" in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()
