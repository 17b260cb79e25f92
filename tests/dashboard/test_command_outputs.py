"""No command writes over a file it reads: one rule for every ``--out``
(:mod:`dashboard.commands.outputs`), whatever way the output names the input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.commands.outputs import refuse_inputs, write_bytes
from loaders.errors import UsageError
from tests.loaders.loader_samples import FRENCH_REGISTRY, csv_bytes
from tests.support.terminal import one_error_line
from tests.support.territories import TAZA

# command -> (arguments before --out, with {c} for the centres file; output extension)
COMMANDS: dict[str, tuple[list[str], str]] = {
    "validate": (["validate", "{c}"], "csv"),
    "indicators": (["indicators", "--level", "province", "--centres", "{c}"], "csv"),
    "underserved": (["underserved", "--within", TAZA, "--centres", "{c}"], "xlsx"),
    "access": (["access", "--within", TAZA, "--centres", "{c}"], "geojson"),
    "plan": (["plan", "--within", TAZA, "--add", "1", "--centres", "{c}"], "csv"),
    "report-pdf": (["report", "--within", TAZA, "--centres", "{c}"], "pdf"),
    "report-pptx": (["report", "--within", TAZA, "--centres", "{c}"], "pptx"),
    "map": (["map", "--within", TAZA, "--centres", "{c}"], "png"),
}
WAYS = ("same", "symlink-out", "symlink-in", "hardlink", "relative")


def _paths(tmp_path: Path, way: str, ext: str,
           monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """(file holding the registry, name given to --centres, name given to --out)."""
    data_file = tmp_path / f"registre.{ext}"  # the extension the command writes
    data_file.write_bytes(csv_bytes(FRENCH_REGISTRY))
    if way == "same":
        return data_file, data_file, data_file
    if way == "symlink-out":  # the output is a link pointing at the input
        out = tmp_path / f"sortie.{ext}"
        out.symlink_to(data_file)
        return data_file, data_file, out
    if way == "symlink-in":  # the input is read through a link, the output named directly
        link = tmp_path / "lien.csv"
        link.symlink_to(data_file)
        return data_file, link, data_file
    if way == "hardlink":
        out = tmp_path / f"copie.{ext}"
        os.link(data_file, out)
        return data_file, data_file, out
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    return data_file, data_file, Path(f"sub/../registre.{ext}")


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_writes_over_its_input(command: str, way: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    arguments, ext = COMMANDS[command]
    data_file, given, out = _paths(tmp_path, way, ext, monkeypatch)
    before = data_file.read_bytes()
    argv = [part.replace("{c}", str(given)) for part in arguments] + ["--out", str(out)]
    assert main(argv) == 2
    line = one_error_line(capsys)
    assert "is the input file" in line and "give the output another name" in line
    assert data_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_plan_refuses_a_summary_over_its_input(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The summary ``<stem>.json`` written beside ``--out`` is checked too."""
    centres = tmp_path / "sites.json"
    centres.write_bytes(b"{}")
    assert main(["plan", "--add", "1", "--centres", str(centres),
                 "--out", str(tmp_path / "sites.csv")]) == 2
    assert "is the input file" in one_error_line(capsys)
    assert centres.read_bytes() == b"{}"


@pytest.mark.parametrize("argv", [
    ["compare", "--dataset", "khenifra", "--from", "1", "--out", "{o}.csv"],
    ["datasets", "export", "khenifra", "--out", "{o}.csv"],
    ["datasets", "backup", "--out", "{o}.sqlite"],
    ["indicators", "--level", "province", "--out", "{o}.csv"],
])
def test_no_command_writes_over_the_store(argv: list[str], tmp_path: Path,
                                          taghtia_home: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    store = taghtia_home / "taghtia.sqlite"
    store.write_bytes(b"SQLite format 3\x00 the store")
    link = tmp_path / "out"
    suffix = Path(argv[-1]).suffix
    target = link.with_suffix(suffix)
    target.symlink_to(store)
    argv = [part.replace("{o}" + suffix, str(target)) for part in argv]
    assert main(argv) == 2
    assert "is the store itself" in one_error_line(capsys)
    assert store.read_bytes() == b"SQLite format 3\x00 the store"


def test_an_output_link_to_another_file_is_written_through(tmp_path: Path) -> None:
    """A link to a file that is not an input: the file it points at is replaced (in its own
    folder, through a temporary file), the link is kept."""
    folder = tmp_path / "reports"
    folder.mkdir()
    real = folder / "last.csv"
    real.write_bytes(b"old")
    link = tmp_path / "current.csv"
    link.symlink_to(real)
    assert write_bytes(link, b"new") == real
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert [p.name for p in folder.iterdir()] == ["last.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "report.pdf"
    old.write_bytes(b"old")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(UsageError, match=r"cannot write .*report\.pdf: No space left"):
        write_bytes(old, b"new")
    assert old.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_indicators_still_write_a_new_file(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "provinces.json"
    assert main(["indicators", "--level", "province", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("[")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_refuse_inputs_returns_the_resolved_outputs(tmp_path: Path) -> None:
    link = tmp_path / "a.csv"
    link.symlink_to(tmp_path / "b.csv")
    assert refuse_inputs([link, None], [None, tmp_path / "c.csv"]) == [tmp_path / "b.csv"]


def test_every_command_writes_through_the_one_helper() -> None:
    """No sub-command writes a file itself: ``Path.write_bytes/write_text`` and ``open(...,
    "w")`` appear only in :mod:`dashboard.commands.outputs`."""
    import re

    folder = Path(__file__).resolve().parents[2] / "dashboard" / "commands"
    direct = re.compile(r"[\w)\]]\.write_(bytes|text)\(|\bopen\([^)]*['\"][wax]b?\+?['\"]")
    offenders = [f"{path.name}:{number}: {line.strip()}"
                 for path in sorted(folder.glob("*.py")) if path.name != "outputs.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if direct.search(line)]
    assert offenders == []
