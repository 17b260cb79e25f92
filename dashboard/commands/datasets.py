"""``taghtia datasets``: the store of named, versioned datasets (import, list, roll back…).

Every sub-command opens the store (``TAGHTIA_DATABASE_URL``, else the SQLite file in
``TAGHTIA_HOME``) through :func:`dashboard.store.open_store`; files are read by
:func:`loaders.load_inputs`, the loading path of every command and of the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.commands.options import (
    add_command,
    add_map_option,
    parse_map,
    text_table,
    usage_errors,
)
from loaders.errors import UsageError

EPILOG = """\
examples:
  taghtia datasets import registre.xlsx --name khenifra     (centres + financements sheets)
  taghtia datasets import centres.csv --funding subventions.csv --name registre-national
  taghtia datasets import taza.xlsx --name taza --territory 03.561
      (rows outside Taza are rejected; the registry shows taza for province 03.561)
  taghtia datasets list --format json
  taghtia datasets show khenifra
  taghtia datasets use khenifra --version 2                 (roll back to version 2)
  taghtia datasets export khenifra@2 --out khenifra_v2.xlsx
  taghtia datasets default khenifra                         (what the app opens first)
  taghtia datasets log khenifra
  taghtia datasets delete khenifra --version 1
  taghtia datasets backup --out taghtia-2026-12-01.sqlite
  taghtia datasets restore taghtia-2026-12-01.sqlite

Territories: --territory CODE[,CODE...] with region (03) or province (03.561) codes, given
with a dataset's first version and kept by the next ones. No two datasets may claim one
province at the same level; a province dataset inside a region dataset wins for its
province in the registry (--dataset registry, taghtia registry status). Deleting a
dataset frees its territory. The name 'registry' is reserved.
Names: lowercase letters, digits, '-' and '_' (64 at most). The store is the SQLite file
$TAGHTIA_HOME/taghtia.sqlite, or the PostgreSQL + PostGIS database of TAGHTIA_DATABASE_URL.
Other commands read a stored dataset with --dataset NAME[@VERSION].
Backups: SQLite's online backup (the app may keep running); a PostgreSQL store is backed
up with pg_dump -Fc and restored with pg_restore (deploy/README.md).
Files are read in a worker process bounded in time and memory (docs/limits.md).
Exit status: 0 on success, 2 on a bad option, an unknown dataset or a file that cannot be read.
"""


# --------------------------------------------------------------------------- formatting


def _counts(info) -> str:
    grants = (f"{info.grants_accepted} grants accepted, {info.grants_rejected} rejected"
              if info.grants_read is not None
              else "0 grants accepted, 0 rejected (no funding file or sheet)")
    return (f"{info.centres_accepted} centres accepted, {info.centres_rejected} rejected; "
            f"{grants}")


def _when(info) -> str:
    from dashboard.store.records import iso

    return iso(info.imported_at).replace("T", " ").replace("Z", " UTC")


def _grants(info) -> str:
    return "-" if info.grants_read is None else f"{info.grants_accepted}/{info.grants_read}"


# --------------------------------------------------------------------------- handlers


def _store():
    from dashboard.store import open_store

    return open_store()


def _import(args: argparse.Namespace, stream: TextIO) -> int:
    from dashboard.store.repository import check_target
    from loaders.sandbox import load_inputs_isolated

    check_target(args.name, args.territory)
    centres_map, funding_map = parse_map(args.map)
    with usage_errors((ValueError, TypeError)):
        inputs = load_inputs_isolated(args.centres, args.funding, sheet=args.sheet,
                                      column_map=centres_map or None,
                                      funding_column_map=funding_map or None)
    outcome = _store().save(args.name, inputs, territory=args.territory)
    info = outcome.version
    print(f"{info.dataset} v{info.number}: {_counts(info)}"
          + (f" (territory {info.territory})" if info.territory else ""), file=stream)
    if not outcome.created:
        print(f"same files as {info.dataset} v{info.number}: no new version stored"
              + ("" if info.in_force else
                 f" (to put it back in force: taghtia datasets use {info.dataset} "
                 f"--version {info.number})"), file=stream)
    return 0


def _list(args: argparse.Namespace, stream: TextIO) -> int:
    listing = _store().list()
    if args.format == "json":
        print(json.dumps([item.as_dict() for item in listing], ensure_ascii=False, indent=1),
              file=stream)
        return 0
    if not listing:
        print("no dataset stored yet: taghtia datasets import FILE --name NAME", file=stream)
        return 0
    rows = [[item.name + (" (default)" if item.is_default else ""), f"v{item.current.number}",
             str(len(item.versions)),
             f"{item.current.centres_accepted}/{item.current.centres_read}",
             _grants(item.current), item.current.territory or "-", _when(item.current),
             item.current.imported_by, ", ".join(item.current.files)]
            for item in listing]
    print(text_table(rows, ["name", "in force", "versions", "centres", "grants", "territory",
                        "imported", "by", "files"]), file=stream)
    return 0


def _show(args: argparse.Namespace, stream: TextIO) -> int:
    store = _store()
    history = store.history(args.name)
    current = next(v for v in history if v.in_force)
    default = store.default() == args.name
    lines = [f"{args.name}: version {current.number} in force"
             + (" (default dataset)" if default else ""),
             f"  territory  {current.territory or 'none (outside the registry)'}",
             f"  imported   {_when(current)} by {current.imported_by}",
             f"  centres    {current.centres_read} read, {current.centres_accepted} accepted, "
             f"{current.centres_rejected} rejected"]
    if current.grants_read is not None:
        lines.append(f"  grants     {current.grants_read} read, {current.grants_accepted} "
                     f"accepted, {current.grants_rejected} rejected")
    for name, digest in zip(current.files, current.sha256, strict=True):
        lines.append(f"  file       {name}  sha256 {digest}")
    if current.options:
        lines.append(f"  options    {json.dumps(current.options, ensure_ascii=False)}")
    lines += ["", _log_table(history)]
    print("\n".join(lines), file=stream)
    return 0


def _log_table(history) -> str:
    rows = [[v.dataset, f"v{v.number}" + (" *" if v.in_force else ""), _when(v),
             v.imported_by, f"{v.centres_accepted}/{v.centres_read}", _grants(v),
             ", ".join(v.files)] for v in history]
    return text_table(rows, ["dataset", "version", "imported", "by", "centres", "grants",
                         "files"]) + "\n(* in force)"


def _log(args: argparse.Namespace, stream: TextIO) -> int:
    history = _store().history(args.name)
    print(_log_table(history) if history else "no dataset stored yet", file=stream)
    return 0


def _use(args: argparse.Namespace, stream: TextIO) -> int:
    info = _store().use(args.name, args.version)
    print(f"{info.dataset} v{info.number} is now in force: {_counts(info)}", file=stream)
    return 0


def _delete(args: argparse.Namespace, stream: TextIO) -> int:
    store = _store()
    store.delete(args.name, args.version)
    if args.version is None:
        print(f"{args.name} deleted (every version)", file=stream)
        return 0
    remaining = [v for v in store.history() if v.dataset == args.name]
    in_force = next((v.number for v in remaining if v.in_force), None)
    print(f"{args.name} v{args.version} deleted"
          + (f"; v{in_force} in force" if in_force else "; it was the last version, the "
             "dataset is gone"), file=stream)
    return 0


def _default(args: argparse.Namespace, stream: TextIO) -> int:
    store = _store()
    if args.none:
        store.set_default(None)
        print("no default dataset: the app and the commands open the illustrative demo",
              file=stream)
    elif args.name:
        store.set_default(args.name)
        print(f"default dataset: {args.name}", file=stream)
    else:
        name = store.default()
        print(f"default dataset: {name}" if name else
              "no default dataset (the illustrative demo)", file=stream)
    return 0


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1024 / 1024:.1f} MB"


def _backup(args: argparse.Namespace, stream: TextIO) -> int:
    from dashboard.commands.outputs import check_outputs
    from dashboard.store import database_url
    from dashboard.store.backup import backup

    check_outputs(args, args.out)
    summary = backup(database_url(), args.out)
    print(f"backup written to {summary.path}: {summary.datasets} datasets, "
          f"{summary.versions} versions, {_size(summary.size_bytes)}", file=stream)
    return 0


def _restore(args: argparse.Namespace, stream: TextIO) -> int:
    from dashboard.store import database_url
    from dashboard.store.backup import restore

    summary, kept = restore(database_url(), args.file)
    print(f"store restored from {args.file}: {summary.datasets} datasets, "
          f"{summary.versions} versions", file=stream)
    if kept is not None:
        print(f"the store as it was is kept in {kept}", file=stream)
    return 0


def _export_paths(out: str) -> dict[str, Path]:
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return {"workbook": path}
    if suffix != ".csv":
        raise UsageError(f"--out must end in .csv or .xlsx; got {out!r}")
    stem = path.with_suffix("")
    return {"centres": path, "funding": Path(f"{stem}.funding.csv"),
            "centres_report": Path(f"{stem}.report.csv"),
            "funding_report": Path(f"{stem}.funding.report.csv")}


def _export(args: argparse.Namespace, stream: TextIO) -> int:
    from dashboard.commands.outputs import check_outputs
    from dashboard.store import parse_ref
    from loaders.output import write_table, write_workbook

    paths = _export_paths(args.out)
    check_outputs(args, *paths.values())
    name, version = parse_ref(args.ref)
    opened = _store().open(name, version)
    inputs = opened.inputs
    tables: dict[str, pd.DataFrame] = {"centres": inputs.centres.accepted,
                                       "centres_report": inputs.centres.report()}
    if inputs.funding is not None:
        tables["funding"] = inputs.funding.accepted
        tables["funding_report"] = inputs.funding.report()
    written = []
    try:
        if "workbook" in paths:
            order = ("centres", "funding", "centres_report", "funding_report")
            write_workbook({key: tables[key] for key in order if key in tables},
                           paths["workbook"])
            written.append(paths["workbook"])
        else:
            for key, frame in tables.items():
                write_table(frame, paths[key], "csv")
                written.append(paths[key])
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    info = opened.info
    print(f"{info.dataset} v{info.number} exported: " + ", ".join(map(str, written)),
          file=stream)
    return 0


# --------------------------------------------------------------------------- parser


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``taghtia datasets`` and its sub-commands."""
    parser = add_command(
        subparsers, "datasets", _missing_action,
        help="stored datasets: import files as versions, list, roll back, export, delete",
        description="Keep centres and funding files as named datasets with versions, in "
        "the store shared by every user and app replica (SQLite file by default, "
        "PostgreSQL + PostGIS with TAGHTIA_DATABASE_URL).",
        epilog=EPILOG,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION",
                                    parser_class=type(parser))

    def action(name: str, handler, help: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        sub.set_defaults(handler=_with_stream(handler))
        return sub

    sub = action("import", _import, "validate files and store them as a new version")
    sub.add_argument("centres", metavar="CENTRES",
                     help="centres file: CSV, XLSX, XLS, ODS, GeoJSON or GeoPackage (a "
                     "workbook's funding sheet is imported too)")
    sub.add_argument("--funding", metavar="FILE", help="grants file")
    sub.add_argument("--name", required=True, help="dataset name (e.g. khenifra)")
    sub.add_argument("--sheet", metavar="NAME", help="sheet of the centres workbook")
    sub.add_argument("--territory", metavar="CODE[,CODE...]",
                     help="regions or provinces the dataset covers (e.g. 03.561 or 03); rows "
                     "outside are rejected; kept by the dataset's next versions")
    add_map_option(sub)

    sub = action("list", _list, "the datasets with their version in force")
    sub.add_argument("--format", choices=("table", "json"), default="table")

    sub = action("show", _show, "a dataset's version in force, files and versions")
    sub.add_argument("name", metavar="NAME")

    sub = action("use", _use, "put a version in force (roll back or forward)")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--version", type=int, required=True, metavar="N")

    sub = action("export", _export, "write a version's accepted rows and row report")
    sub.add_argument("ref", metavar="NAME[@N]")
    sub.add_argument("--out", required=True, metavar="FILE",
                     help="FILE.xlsx (sheets centres, funding, centres_report, "
                     "funding_report) or FILE.csv (+ FILE.funding.csv, FILE.report.csv, "
                     "FILE.funding.report.csv)")

    sub = action("delete", _delete, "delete a dataset, or one version with --version")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--version", type=int, metavar="N")

    sub = action("default", _default, "show or set the dataset opened when none is named")
    sub.add_argument("name", metavar="NAME", nargs="?")
    sub.add_argument("--none", action="store_true", help="no default: the demo")

    sub = action("log", _log, "history of imports: version, date, user, files, counts")
    sub.add_argument("name", metavar="NAME", nargs="?")

    sub = action("backup", _backup, "copy the whole store into one file (SQLite store; "
                 "PostgreSQL: pg_dump -Fc)")
    sub.add_argument("--out", required=True, metavar="FILE", help="backup file to write")

    sub = action("restore", _restore, "replace the whole store by a backup (the current "
                 "one is kept aside; PostgreSQL: pg_restore)")
    sub.add_argument("file", metavar="FILE", help="a file written by taghtia datasets backup")


def _with_stream(handler):
    def run(args: argparse.Namespace, stream: TextIO | None = None) -> int:
        return handler(args, stream or sys.stdout)

    run.__doc__ = handler.__doc__
    return run


def _missing_action(args: argparse.Namespace) -> int:
    raise UsageError("say what to do: import, list, show, use, export, delete, default, "
                     "log, backup or restore (taghtia datasets --help)")
