"""Accepted rows in and out of the ``centres`` and ``grants`` tables, fast.

Writing: PostgreSQL gets the rows by ``COPY … FROM STDIN`` (CSV written by Arrow); other
databases by one ``executemany`` of tuples on the driver's cursor. Reading: ``COPY (SELECT
…) TO STDOUT`` parsed by :func:`pandas.read_csv` on PostgreSQL, a cursor fetch turned into
columns elsewhere. Every column then gets back the pandas dtype it had when it was imported
(kept with the version), so the frames are the ones :mod:`loaders` returned: same columns,
same dtypes.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import sqlalchemy as sa

from dashboard.store.schema import COPY_ONLY_COLUMNS, ROW_TABLES, row_columns


def dtypes_of(frame: pd.DataFrame) -> str:
    """The columns of ``frame`` in order with their pandas dtypes, as JSON."""
    return json.dumps({str(column): str(dtype) for column, dtype in frame.dtypes.items()})


def _check_columns(kind: str, frame: pd.DataFrame) -> list[str]:
    known = row_columns(kind)
    extra = [c for c in frame.columns
             if c not in known and c not in COPY_ONLY_COLUMNS[kind]]
    if extra:
        raise ValueError(f"the store has no column for the {kind} field(s) {extra}")
    return [c for c in known if c in frame.columns]


def _python_rows(frame: pd.DataFrame) -> list[tuple]:
    """Rows as tuples of Python values, missing values as None."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        values = series.to_numpy(dtype=object, na_value=None) if series.hasnans or \
            not pd.api.types.is_numeric_dtype(series) else series.to_numpy(dtype=object)
        if pd.api.types.is_integer_dtype(series):
            values = [None if v is None else int(v) for v in values]
        elif pd.api.types.is_float_dtype(series):
            values = [None if v is None or v != v else float(v) for v in values]
        else:
            values = [None if v is None or (isinstance(v, float) and v != v) else v
                      for v in values]
        columns.append(values)
    return list(zip(*columns, strict=True))


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for PostgreSQL's COPY: every value quoted, missing values left empty and unquoted
    (NULL), floats in their shortest exact form (written by Arrow, fast)."""
    import pyarrow as pa
    from pyarrow import csv

    sink = io.BytesIO()
    csv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), sink,
                  csv.WriteOptions(include_header=False, quoting_style="all_valid"))
    return sink.getvalue()


def write_rows(connection: sa.Connection, kind: str, version_id: int,
               frame: pd.DataFrame) -> None:
    """Insert the accepted rows ``frame`` of ``kind`` (``centres``/``funding``) for a version."""
    if frame.empty:
        return
    table = ROW_TABLES[kind]
    columns = _check_columns(kind, frame)
    names = ["version_id", *columns]
    if connection.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in names)
        with connection.connection.driver_connection.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({quoted}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(_csv_bytes(frame[columns].assign(version_id=version_id)[names]))
        return
    rows = _python_rows(frame[columns].assign(version_id=version_id)[names])
    marks = ", ".join("?" if connection.dialect.paramstyle == "qmark" else "%s"
                      for _ in names)
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", rows)
    finally:
        cursor.close()


def _column(values, dtype: str) -> pd.Series | np.ndarray | pd.api.extensions.ExtensionArray:
    """One fetched column (a sequence of Python values, None for NULL) as ``dtype``."""
    if dtype in ("int64", "int32"):
        return np.fromiter(values, dtype=dtype, count=len(values))
    if dtype in ("float64", "float32"):
        return np.array(values, dtype=dtype)  # None -> NaN
    if dtype == "object":
        return np.array(values, dtype=object)
    return pd.array(values, dtype=dtype)  # str, Int64, boolean… (None -> missing)


def _restore(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    out = {}
    for column, dtype in dtypes.items():
        series = frame[column] if column in frame.columns else pd.Series(
            [None] * len(frame), dtype=object)
        if dtype in ("int64", "int32") and series.dtype == object:
            series = pd.to_numeric(series)
        if dtype == "object":  # text of a column with no value at all: missing is None
            series = series.astype(object)
            out[column] = series.where(series.notna(), None)
        else:
            out[column] = series.astype(dtype) if str(series.dtype) != dtype else series
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


_NULL = r"\N"


def _copy_out(connection: sa.Connection, select: str, columns: list[str],
              dtypes: dict[str, str]) -> pd.DataFrame:
    """Rows of ``select`` by ``COPY … TO STDOUT`` (CSV), parsed by pandas' C reader (faster
    than building Python rows for a million grants)."""
    buffer = io.BytesIO()
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(
            f"COPY ({select}) TO STDOUT (FORMAT csv, HEADER, NULL '{_NULL}')") as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    numeric = {"int64", "int32", "float64", "float32", "Int64", "Int32", "Float64"}
    text = {column: str for column in columns if dtypes[column] not in numeric}
    return pd.read_csv(buffer, dtype=text, keep_default_na=False, na_values=[_NULL])


def read_rows(connection: sa.Connection, kind: str, version_id: int,
              dtypes_json: str) -> pd.DataFrame:
    """The accepted rows of ``kind`` of a version, in import order, with their import dtypes."""
    dtypes: dict[str, str] = json.loads(dtypes_json)
    table = ROW_TABLES[kind]
    columns = [c for c in dtypes if c in table.columns]
    quoted = ", ".join(f'"{name}"' for name in columns)
    select = (f"SELECT {quoted} FROM {table.name} WHERE version_id = {int(version_id)} "
              "ORDER BY id")
    if connection.dialect.name == "postgresql":
        frame = _copy_out(connection, select, columns, dtypes)
    else:
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.execute(select)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        del rows
        frame = pd.DataFrame({name: _column(column, dtypes[name])
                              for name, column in zip(columns, values, strict=True)},
                             index=pd.RangeIndex(len(values[0]) if values else 0))
    return _restore(frame, dtypes)
