"""``taghtia validate``: read a registry of centres (and grants), print and write the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.commands.options import (
    add_command,
    add_funding_option,
    add_map_option,
    parse_map,
)
from dashboard.commands.outputs import check_outputs
from loaders import LoadResult, load_inputs
from loaders.errors import UsageError
from loaders.output import write_table, write_workbook
from loaders.safe_text import terminal_text
from loaders.sandbox import run_isolated

EPILOG = """\
examples:
  taghtia validate centres.csv
  taghtia validate registre.xlsx --out rapport.xlsx        (centres + financements sheets)
  taghtia validate centres.csv --funding subventions.csv --out rapport.csv
      -> rapport.csv (one line per centre row) and rapport.funding.csv (one per grant row)
  taghtia validate centres.ods --sheet "Centres 2024" --map centre_type="Catégorie EN"

Exit status: 0 when the file was read (even if rows were rejected), 2 when it could not be,
3 when something unexpected went wrong (details in the error log named on screen).
Files are read in a worker process bounded in time and memory (docs/limits.md).
"""

_METHOD_LABELS = {"code": "code", "point": "point", "name": "name", "fuzzy_name": "fuzzy name",
                  "centre_id": "centre id"}
_SHOWN_PROBLEMS = 10


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    parser = add_command(
        subparsers, "validate", handle,
        help="check a file of centres (and grants) and write the validation report",
        description="Read a registry of centres, match every row to a commune (by code, "
        "point or name) and report what was accepted, rejected and why.",
        epilog=EPILOG,
    )
    parser.add_argument("centres", metavar="CENTRES",
                        help="centres file: CSV, XLSX, XLS, ODS, GeoJSON or GeoPackage")
    add_funding_option(parser)
    parser.add_argument("--sheet", metavar="NAME", help="sheet of the centres workbook")
    add_map_option(parser)
    parser.add_argument("--out", metavar="REPORT",
                        help="write the report: REPORT.csv (+ REPORT.funding.csv) or "
                        "REPORT.xlsx (sheets centres and funding)")


def _output_paths(out: str) -> tuple[Path, Path | None]:
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return path, None
    if suffix == ".csv":
        return path, path.with_name(path.stem + ".funding.csv")
    raise UsageError(f"--out must end in .csv or .xlsx; got {out!r}")


def load_files(centres: str, funding: str | None, sheet: str | None,
               centres_map: dict[str, str] | None,
               funding_map: dict[str, str] | None) -> tuple[LoadResult, LoadResult | None]:
    """Centres and grants of the command's files (run in the worker process), through the one
    loading path (:func:`loaders.load_inputs`: a workbook's funding sheet is read too)."""
    inputs = load_inputs(centres, funding, sheet=sheet, column_map=centres_map,
                         funding_column_map=funding_map)
    return inputs.centres, inputs.funding


def _load(args: argparse.Namespace) -> tuple[LoadResult, LoadResult | None]:
    centres_map, funding_map = parse_map(args.map)
    return run_isolated(load_files, args.centres, args.funding, args.sheet,
                        centres_map or None, funding_map or None)


def _summary_lines(result: LoadResult, title: str) -> list[str]:
    where = result.source_name + (f" (sheet {result.sheet})" if result.sheet else "")
    methods = ", ".join(f"{_METHOD_LABELS.get(k, k)} {v}"
                        for k, v in sorted(result.accepted_by_method().items(),
                                           key=lambda item: -item[1]))
    lines = [
        f"{title}: {where}",
        f"  rows read  {result.rows_read:>7}",
        f"  accepted   {len(result.accepted):>7}" + (f"  ({methods})" if methods else ""),
        f"  rejected   {result.rejected_count:>7}",
        f"  warnings   {result.warning_count:>7}",
    ]
    problems = result.issues.sort_values(
        ["severity", "row"], key=lambda s: s.map({"error": 0, "warning": 1}) if s.name ==
        "severity" else s, kind="stable")
    if len(problems):
        lines.append("  first problems:")
        for issue in problems.head(_SHOWN_PROBLEMS).itertuples(index=False):
            column = f" [{issue.column}]" if issue.column else ""
            lines.append(f"    row {issue.row}{column} {issue.severity}: {issue.problem}")
        if len(problems) > _SHOWN_PROBLEMS:
            lines.append(f"    … {len(problems) - _SHOWN_PROBLEMS} more in the report (--out)")
    return lines


def _empty_funding_report() -> pd.DataFrame:
    columns = ["row", "centre_id", "year", "amount_mad", "status", "commune_code",
               "match_method", "match_score", "messages"]
    return pd.DataFrame({column: [] for column in columns})


def _write(out: str, centres: LoadResult, funding: LoadResult | None) -> list[str]:
    """Write the report file(s); return the lines that say where."""
    path, funding_path = _output_paths(out)
    funding_report = funding.report() if funding is not None else _empty_funding_report()
    try:
        if funding_path is None:
            write_workbook({"centres": centres.report(), "funding": funding_report}, path)
            return [f"report written: {path}"]
        write_table(centres.report(), path, "csv")
        if funding is None:
            return [f"report written: {path}"]
        write_table(funding_report, funding_path, "csv")
        return [f"report written: {path}", f"grants report written: {funding_path}"]
    except OSError as error:
        raise UsageError(f"cannot write the report {out}: {error.strerror or error}") from None


def handle(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Validate the files, print the summary, write the report; 0 when the file was read."""
    stream = stream or sys.stdout
    if args.out:  # fail on a bad name before the work
        path, funding_path = _output_paths(args.out)
        check_outputs(args, path, funding_path)
    centres, funding = _load(args)
    lines = _summary_lines(centres, "Centres")
    if funding is not None:
        lines += ["", *_summary_lines(funding, "Grants")]
    if args.out:
        lines += _write(args.out, centres, funding)
    try:
        print("\n".join(terminal_text(line) for line in lines), file=stream)
        stream.flush()
    except BrokenPipeError:  # output piped into a command that stopped reading (head)
        _silence_stdout()
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's exit flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
