"""Dataset territories, on SQLite and on PostgreSQL + PostGIS: stored with the dataset, rows
outside rejected with their reason, no two datasets claiming a province at one level, a
province inside a region allowed, deletion freeing the territory; and through the command
line (one line, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.i18n import error_text
from dashboard.store import StoreError, open_store
from dashboard.store.territory import (
    TerritoryError,
    claims_of,
    inside,
    parse_territory,
    restrict_result,
)
from tests.store.samples import province_centres, province_inputs
from tests.support.territories import FES_MEKNES, KHENIFRA, SEFROU, TAZA
from tests.support.together import run_together


def test_codes_are_validated_and_normalised() -> None:
    assert parse_territory(" 03.561 , 03.451,03.561") == (SEFROU, TAZA)
    assert parse_territory("035610000"[:5]) == (TAZA,)  # 03561: digits-only province
    assert parse_territory("3") == ("03",)
    for bad, start in (("", "The territory is empty"), ("99", "'99' is not the code"),
                       ("03.561.01", "'03.561.01' is not the code"),
                       ("03,03.561", "The territory lists the province 03.561 and its region")):
        with pytest.raises(TerritoryError) as caught:
            parse_territory(bad)
        assert str(caught.value).startswith(start)


def test_claims_and_inclusion() -> None:
    claims = claims_of(("03", KHENIFRA))
    assert claims[TAZA] == "region" and claims[KHENIFRA] == "province" and len(claims) == 10
    assert inside((TAZA,), ("03",)) and inside((TAZA, SEFROU), ("03", KHENIFRA))
    assert not inside(("03",), (TAZA,)) and not inside((), ("03",))


def test_rows_outside_are_rejected_with_their_reason() -> None:
    inputs = province_inputs({TAZA: 3, KHENIFRA: 2})
    centres = restrict_result(inputs.centres, "taza", (TAZA,))
    assert len(centres.accepted) == 3 and centres.rejected_count == 2
    report = centres.report().set_index("centre_id")
    assert list(report.loc[["05.301-1", "05.301-2"], "status"]) == ["rejected"] * 2
    assert "outside the territory of taza (03.561)" in report.loc["05.301-1", "messages"]
    assert report.loc["03.561-1", "status"] == "accepted"
    grants = restrict_result(inputs.funding, "taza", (TAZA,))
    assert len(grants.accepted) == 6 and grants.rejected_count == 4


def test_territory_stored_outside_rows_rejected(store_url) -> None:
    store = open_store(store_url)
    outcome = store.save("taza", province_inputs({TAZA: 3, KHENIFRA: 2}), territory="03561")
    info = outcome.version
    assert info.territory == TAZA and (info.centres_accepted, info.centres_rejected) == (3, 2)
    assert (info.grants_accepted, info.grants_rejected) == (6, 4)
    opened = store.open("taza")
    assert set(opened.inputs.centres_frame["commune_code"].str[:6]) == {TAZA}
    messages = opened.inputs.centres.report().set_index("centre_id")["messages"]
    assert "outside the territory of taza (03.561)" in messages["05.301-2"]
    # the next version keeps the territory, and its rows are checked against it
    second = store.save("taza", province_inputs({TAZA: 1, SEFROU: 1})).version
    assert second.number == 2 and second.territory == TAZA and second.centres_rejected == 1
    assert store.territory("taza") == (TAZA,)
    assert [item.current.territory for item in store.list()] == [TAZA]


def test_overlap_at_equal_specificity_is_refused(store_url) -> None:
    store = open_store(store_url)
    store.save("taza", province_inputs({TAZA: 2}), territory=TAZA)
    with pytest.raises(TerritoryError) as caught:
        store.save("taza-bis", province_inputs({TAZA: 1}), territory=f"{SEFROU},{TAZA}")
    assert caught.value.params["other"] == "taza"
    assert "overlaps taza (03.561) at province 03.561" in str(caught.value)
    assert "chevauche taza (03.561)" in error_text(caught.value, "fr")
    assert "taza (03.561)" in error_text(caught.value, "ar") != str(caught.value)
    store.save("fes-meknes", province_inputs({SEFROU: 1, TAZA: 1}), territory=FES_MEKNES)
    with pytest.raises(TerritoryError, match="overlaps fes-meknes"):
        store.save("region-bis", province_inputs({SEFROU: 1}), territory="03")
    assert store.names() == ["fes-meknes", "taza"]
    with pytest.raises(TerritoryError) as caught:  # a dataset keeps its territory
        store.save("taza", province_inputs({SEFROU: 1}), territory=SEFROU)
    assert str(caught.value).startswith("taza covers 03.561, not 03.451")
    assert error_text(caught.value, "fr").startswith("taza couvre 03.561, pas 03.451")
    store.delete("taza")  # frees Taza at the province level
    assert store.save("taza-bis", province_inputs({TAZA: 1}), territory=TAZA).created


def test_registry_is_a_reserved_name(store_url) -> None:
    store = open_store(store_url)
    with pytest.raises(StoreError, match="national registry"):
        store.save("registry", province_inputs({TAZA: 1}), territory=TAZA)
    assert store.names() == []


def test_two_imports_of_different_territories_at_once_both_land(store_url) -> None:
    store = open_store(store_url)
    inputs = {code: province_inputs({code: 40}) for code in (TAZA, KHENIFRA)}
    results = run_together([
        lambda code=code: store.save(f"p{code.replace('.', '-')}", inputs[code],
                                     territory=code, imported_by=f"delegate {code}")
        for code in inputs])
    assert not [r for r in results if isinstance(r, BaseException)], results
    listing = {item.name: item.current for item in store.list()}
    assert {name: (v.territory, v.centres_accepted, v.imported_by)
            for name, v in listing.items()} == {
        "p03-561": (TAZA, 40, "delegate 03.561"), "p05-301": (KHENIFRA, 40, "delegate 05.301")}


def test_two_imports_of_one_territory_at_once_one_is_refused(store_url) -> None:
    store = open_store(store_url)
    inputs = province_inputs({TAZA: 40})
    results = run_together([lambda name=name: store.save(name, inputs, territory=TAZA)
                            for name in ("taza-a", "taza-b")])
    refused = [r for r in results if isinstance(r, TerritoryError)]
    assert len(refused) == 1 and len(store.names()) == 1, results
    assert refused[0].params["other"] == store.names()[0]


def _csv(tmp_path: Path, counts: dict[str, int]) -> Path:
    path = tmp_path / "centres.csv"
    province_centres(counts).to_csv(path, index=False)
    return path


def test_command_line_territories(store_url, tmp_path, capsys) -> None:
    path = _csv(tmp_path, {TAZA: 2, KHENIFRA: 1})
    assert main(["datasets", "import", str(path), "--name", "taza", "--territory", TAZA]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("taza v1: 2 centres accepted, 1 rejected")
    assert "(territory 03.561)" in out
    assert main(["datasets", "import", str(path), "--name", "other", "--territory",
                 f"{TAZA},{KHENIFRA}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "overlaps taza (03.561)" in err[0]
    assert main(["datasets", "import", str(path), "--name", "registry", "--territory",
                 KHENIFRA]) == 2
    assert "national registry" in capsys.readouterr().err
    assert main(["datasets", "import", str(path), "--name", "x", "--territory", "99"]) == 2
    assert "'99' is not the code of a region or a province" in capsys.readouterr().err
    assert main(["datasets", "list", "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["territory"] == TAZA and entry["imported_by"]
    assert main(["datasets", "list"]) == 0
    assert "03.561" in capsys.readouterr().out
    assert main(["datasets", "show", "taza"]) == 0
    assert "territory  03.561" in capsys.readouterr().out
    assert main(["datasets", "delete", "taza"]) == 0
    capsys.readouterr()
    assert main(["datasets", "import", str(path), "--name", "other", "--territory",
                 f"{TAZA},{KHENIFRA}"]) == 0
    assert "3 centres accepted, 0 rejected" in capsys.readouterr().out
