"""Editors of one territory (``editors@CODE``), on SQLite and on PostgreSQL + PostGIS: the
store itself refuses them anything outside their territory, in one translated line; the
groups of the proxy and of the login give the scope."""

from __future__ import annotations

import pytest

from dashboard.app.permissions import actor_for, territory_scope
from dashboard.calc.registry import registry_status, status_summary
from dashboard.i18n import error_text
from dashboard.store import EDITOR, VIEWER, Actor, ForbiddenError, open_store
from tests.store.samples import province_inputs

TAZA, KHENIFRA, AZILAL, SEFROU = "03.561", "05.301", "05.081", "03.451"
PROXY = {"TAGHTIA_TRUSTED_PROXY": "127.0.0.1"}


def _delegate(name: str, *codes: str) -> Actor:
    return Actor(name, EDITOR, "proxy", tuple(codes))


def test_groups_give_the_scope() -> None:
    headers = {"X-Forwarded-User": "amina",
               "X-Forwarded-Groups": "staff, editors@03.561,editors@05,editors@99"}
    actor = actor_for(headers, "127.0.0.1", env=PROXY)
    assert (actor.role, actor.scope, actor.how) == (EDITOR, ("03.561", "05"), "proxy")
    everything = actor_for({**headers, "X-Forwarded-Groups": "editors@03.561,taghtia-editors"},
                           "127.0.0.1", env=PROXY)
    assert (everything.role, everything.scope) == (EDITOR, None)
    viewer = actor_for({**headers, "X-Forwarded-Groups": "staff,editors@99"}, "127.0.0.1",
                       env=PROXY)
    assert viewer.role == VIEWER
    oidc = actor_for({}, None, {"is_logged_in": True, "email": "a@en.ma",
                                "groups": ["editors@5301"]}, auth_configured=True, env={})
    assert (oidc.role, oidc.scope, oidc.how) == (EDITOR, (KHENIFRA,), "oidc")
    assert territory_scope(["EDITORS@03", "other"]) == ("03",)


def test_store_refuses_writes_outside_the_territory(store_url) -> None:
    store = open_store(store_url)
    taza = _delegate("taza-delegate", TAZA)
    assert store.save("taza", province_inputs({TAZA: 2}), territory=TAZA, actor=taza).created
    store.save("khenifra", province_inputs({KHENIFRA: 2}), territory=KHENIFRA)
    store.save("national", province_inputs({TAZA: 1}, prefix="N"))
    refusals = [
        lambda: store.save("khenifra", province_inputs({KHENIFRA: 3}), actor=taza),
        lambda: store.save("azilal", province_inputs({AZILAL: 1}), territory=AZILAL,
                           actor=taza),
        lambda: store.save("taza-and-sefrou", province_inputs({TAZA: 1}),
                           territory=f"{TAZA},{SEFROU}", actor=taza),
        lambda: store.save("no-territory", province_inputs({TAZA: 1}), actor=taza),
        lambda: store.use("khenifra", 1, actor=taza),
        lambda: store.delete("khenifra", 1, actor=taza),
        lambda: store.delete("national", actor=taza),
        lambda: store.set_default("taza", actor=taza),
    ]
    for refused in refusals:
        with pytest.raises(ForbiddenError) as caught:
            refused()
        assert "taza-delegate edits the territory 03.561 only" in str(caught.value)
        assert len(str(caught.value).splitlines()) == 1
    assert store.names() == ["khenifra", "national", "taza"]
    assert [v.number for v in store.history("khenifra")] == [1]
    with pytest.raises(ForbiddenError) as caught:
        store.use("khenifra", 1, actor=taza)
    assert error_text(caught.value, "fr") == (
        "taza-delegate édite seulement le territoire 03.561, pas khenifra (05.301).")
    assert error_text(caught.value, "ar").startswith("يحرر taza-delegate المجال الترابي")
    # inside the territory: a new version, roll back, delete a version
    assert store.save("taza", province_inputs({TAZA: 3}), actor=taza).version.number == 2
    store.use("taza", 1, actor=taza)
    store.delete("taza", 2, actor=taza)
    assert [v.number for v in store.history("taza")] == [1]


def test_region_editor_writes_its_provinces(store_url) -> None:
    store = open_store(store_url)
    region = _delegate("beni-mellal-khenifra", "05")
    store.save("khenifra", province_inputs({KHENIFRA: 2}), territory=KHENIFRA, actor=region)
    store.save("region-05", province_inputs({AZILAL: 2}), territory="05", actor=region)
    province = _delegate("khenifra-delegate", KHENIFRA)
    with pytest.raises(ForbiddenError):
        store.save("region-05", province_inputs({KHENIFRA: 1}), actor=province)
    store.save("khenifra", province_inputs({KHENIFRA: 4}), actor=province)
    assert store.version("khenifra").imported_by == "khenifra-delegate"


def test_three_delegates_one_refused_headquarters_sees_three_provinces(store_url) -> None:
    """Three delegates import their provinces; Taza's also tries Khénifra's and is refused;
    headquarters' registry holds the three provinces, 72 missing."""
    store = open_store(store_url)
    delegates = {TAZA: "taza", KHENIFRA: "khenifra", AZILAL: "azilal"}
    for code, name in delegates.items():
        store.save(name, province_inputs({code: 3}), territory=code,
                   actor=_delegate(f"delegate-{name}", code))
    with pytest.raises(ForbiddenError, match="not khenifra"):
        store.save("khenifra", province_inputs({KHENIFRA: 9}),
                   actor=_delegate("delegate-taza", TAZA))
    sources = store.registry()
    status = registry_status(sources, store.registry_counts(sources))
    assert status_summary(status) == {"provinces": 75, "current": 3, "stale": 0,
                                      "missing": 72, "with_data": 3}
    supplied = status[status["state"] == "current"].set_index("province_code")
    assert supplied["imported_by"].to_dict() == {
        AZILAL: "delegate-azilal", TAZA: "delegate-taza", KHENIFRA: "delegate-khenifra"}
    assert supplied["centres"].tolist() == [3, 3, 3]
