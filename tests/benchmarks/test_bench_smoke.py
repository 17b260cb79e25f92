"""The benchmark runs on a tiny case and writes its table; no timing is asserted here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks import run as bench_run
from benchmarks.report import Figure, format_value, render_table, to_json


@pytest.mark.parametrize(
    ("figure", "status"),
    [
        (Figure("payload", "bytes", 1_000, 20_000, "≥ 15×", True), "PASS"),
        (Figure("paint", "s", 2.0, 3.0, "≥ 3×", False), "MISS"),
        (Figure("cold start", "s", 4.2), "INFO"),
        (Figure("scale", "s", None, goal="≤ 2 s", note="not measured"), "SKIP"),
    ],
)
def test_figure_status(figure: Figure, status: str) -> None:
    assert figure.status == status


def test_table_has_one_line_per_figure_with_goal_and_status() -> None:
    figures = [Figure("Map payload, Taza", "bytes", 70_000, 1_100_000, "≥ 15× smaller", True),
               Figure("Rerun", "s", 0.45, None, "≤ 0.3 s", False, note="profiled")]
    lines = render_table(figures).splitlines()
    assert lines[0].split()[:2] == ["figure", "ours"]
    payload_line = next(line for line in lines if line.startswith("Map payload, Taza"))
    assert "70.0 KB" in payload_line and "1.10 MB" in payload_line
    assert "15.7×" in payload_line and payload_line.rstrip().endswith("PASS")
    assert next(line for line in lines if line.startswith("Rerun ")).endswith("MISS")
    assert to_json(figures)[0]["ratio"] == pytest.approx(15.71, abs=0.01)


def test_values_are_readable() -> None:
    assert format_value(2_389_145, "bytes") == "2.39 MB"
    assert format_value(0.1234, "s") == "0.123 s"
    assert format_value(None, "s") == "—"
    with pytest.raises(ValueError, match="unit must be one of"):
        Figure("x", "parsecs", 1.0)


def test_quick_run_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    results = bench_run.run(quick=True, sections=("payload", "rerun", "scale"), out=out,
                            work=tmp_path / "work", echo=False)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["quick"] is True
    assert written["machine"]["cpus"] >= 1
    names = [figure["name"] for figure in written["figures"]]
    assert any(name.startswith("Map payload, Taza") for name in names)
    assert any(name.startswith("Rerun after a filter change") for name in names)
    assert any(name.startswith("Indicators,") for name in names)
    assert any(name.startswith("Validation + matching by point") for name in names)
    statuses = {figure["name"]: figure["status"] for figure in written["figures"]}
    assert set(statuses.values()) <= {"PASS", "MISS"}, statuses  # everything measured
    payload = written["raw"]["payload"]["03.561"]
    assert 0 < payload["ours_bytes"] < payload["naive_bytes"]
    assert (tmp_path / "work" / "03.561" / "naive.html").is_file()
    for page in bench_run.QUICK["pages"]:  # one rerun figure and profile per page
        assert any(name.startswith(f"Rerun after a filter change, {page},") for name in names)
        assert (tmp_path / "work" / f"rerun-profile-{page}.txt").is_file()
    assert "PASS" in results["table"] or "MISS" in results["table"]


def test_trend_and_partners_figures_are_named_and_measured(tmp_path: Path) -> None:
    results = bench_run.run(quick=True, sections=("trend", "partners"), out=None,
                            work=tmp_path, echo=False)
    figures = {figure["name"]: figure for figure in results["figures"]}
    assert list(figures) == ["Trend 2020–2024, Morocco", "Partners, 2,000 centres"]
    for figure in figures.values():
        assert figure["status"] in {"PASS", "MISS"} and figure["ours"] > 0
    assert figures["Trend 2020–2024, Morocco"]["goal"] == "≤ 2 s"
    assert figures["Partners, 2,000 centres"]["goal"] == "≤ 2 s"
    assert results["raw"]["trend"]["years"] == 5
    partners = results["raw"]["partners"]
    assert partners["partners"] <= partners["spellings"] and partners["proposals"] > 0


def test_a_section_that_fails_still_names_its_figures(monkeypatch, tmp_path: Path) -> None:
    def broken(sizes: dict, work: Path) -> tuple[dict, list]:
        raise RuntimeError("solver missing")

    monkeypatch.setitem(bench_run.RUNNERS, "planning", broken)
    results = bench_run.run(quick=True, sections=("planning",), out=None, work=tmp_path,
                            echo=False)
    statuses = {figure["name"]: figure["status"] for figure in results["figures"]}
    assert statuses == {name: "SKIP" for name in (
        "Access (2SFCA), Morocco", "Plan 3 sites, Taza", "Plan 20 sites, Morocco",
        "Plan 3 sites with places, Taza", "Plan 20 sites with places, Morocco")}
    assert "solver missing" in results["figures"][0]["note"]


def test_unknown_section_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown section"):
        bench_run.run(quick=True, sections=("nope",), echo=False)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_quick_first_paint(tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed")
    pytest.importorskip("playwright.sync_api")
    results = bench_run.run(quick=True, sections=("paint",), out=None, work=tmp_path,
                            echo=False)
    paint = results["raw"]["paint"]["03.561"]
    assert paint["paths"] == 38
    assert paint["ours_s"] > 0 and paint["naive_s"] > 0
    # read at the frame that shows the map, never after the reading a round trip later
    assert paint["ours_after_poll_s"] >= paint["ours_s"]
    assert paint["naive_after_poll_s"] >= paint["naive_s"]
    [figure] = results["figures"]  # a province's paint is printed without a goal
    assert figure["name"].startswith("First paint, Taza") and figure["status"] == "INFO"
    assert figure["baseline"] == paint["naive_s"]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_quick_concurrent_sessions(tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed")
    pytest.importorskip("playwright.async_api")
    results = bench_run.run(quick=True, sections=("sessions",), out=None, work=tmp_path,
                            echo=False)
    raw = results["raw"]["sessions"]
    assert raw["errors"] == [] and raw["server_alive"]
    # each session: one run per page, plus two filter changes on coverage
    assert raw["script_runs"] == raw["sessions"] * (len(raw["pages"]) + 2)
    assert raw["peak_rss_mb"] > 0 and raw["rerun_p95_s"] >= raw["rerun_median_s"] > 0
    assert results["figures"][0]["name"] == "Peak RSS of the app, 2 sessions"


def test_store_benchmark_reads_back_what_it_imported() -> None:
    from benchmarks import bench_store

    result = bench_store.run("sqlite", sizes=((50, 200), (120, 900)), repeat=1)
    assert [s["same_frames"] for s in result["sizes"]] == [True, True]
    assert all(s["import_s"] > 0 and s["open_s"] > 0 for s in result["sizes"])


def test_planning_figures_are_named_and_measured(tmp_path: Path) -> None:
    results = bench_run.run(quick=True, sections=("planning",), out=tmp_path / "bench.json",
                            work=tmp_path / "work", echo=False)
    figures = {figure["name"]: figure for figure in results["figures"]}
    for name in ("Access (2SFCA), Morocco", "Plan 3 sites, Taza", "Plan 20 sites, Morocco",
                 "Plan 3 sites with places, Taza", "Plan 20 sites with places, Morocco"):
        assert figures[name]["ours"] is not None and figures[name]["ours"] > 0
    assert "peak RSS" in figures["Plan 20 sites, Morocco"]["note"]
    assert "peak RSS" in figures["Plan 20 sites with places, Morocco"]["note"]
    raw = results["raw"]["planning"]
    assert raw["plan_taza_summary"]["status"] == "optimal"
    assert raw["plan_morocco_places_summary"]["places_added"] == 20 * 60


def test_registry_benchmark_reads_back_every_territory(tmp_path: Path) -> None:
    results = bench_run.run(quick=True, sections=("registry",), out=None, work=tmp_path,
                            echo=False)
    raw = results["raw"]["registry"]["sqlite"]
    assert raw["territories"] > 40 and raw["same_centres"] and raw["n_centres"] == 400
    assert raw["opened_grants"] == raw["n_grants"] and raw["status_centres"] == 400
    names = [figure["name"] for figure in results["figures"]]
    assert names[:2] == [f"Open the registry, {raw['territories']} territories, 400 centres "
                         "+ 1,300 grants, SQLite", "Registry status, SQLite"]
