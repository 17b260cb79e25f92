"""The benchmark table: one line per figure with ours, the baseline, the ratio, the goal and
PASS / MISS, printable and serialisable to JSON.

A figure whose goal is not a pass/fail threshold (cold start) is marked ``INFO``; a figure
that could not be measured in this run is ``SKIP`` with the reason in its note.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

__all__ = ["Figure", "format_value", "render_markdown", "render_table", "to_json"]

UNITS: tuple[str, ...] = ("bytes", "s", "MB", "count")


@dataclass(frozen=True)
class Figure:
    """One measured figure.

    Parameters
    ----------
    name : str
        What was measured, in words ("Map payload, Morocco, communes").
    unit : {"bytes", "s", "MB", "count"}
    ours : float or None
        Our figure; None when not measured (then ``status`` is SKIP).
    baseline : float or None
        The naive way measured in the same run, when there is one.
    goal : str
        The goal in words ("≤ 1.5 MB and ≥ 15× smaller"); "—" when there is none.
    passed : bool or None
        Whether the goal is met; None for a figure without a pass/fail goal.
    note : str
        Anything a reader needs (how it was measured, why it was skipped).
    paired_ratio : float or None
        For interleaved timings: the median of the per-run ratios baseline / ours, which
        cancels the load drifting on a shared machine better than a ratio of medians; shown
        as the ratio when given.
    """

    name: str
    unit: str
    ours: float | None
    baseline: float | None = None
    goal: str = "—"
    passed: bool | None = None
    note: str = ""
    paired_ratio: float | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}; got {self.unit!r}")

    @property
    def ratio(self) -> float | None:
        """Baseline divided by ours (how many times smaller or faster we are)."""
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.ours is None or self.baseline is None or not self.ours:
            return None
        return self.baseline / self.ours

    @property
    def status(self) -> str:
        if self.ours is None:
            return "SKIP"
        if self.passed is None:
            return "INFO"
        return "PASS" if self.passed else "MISS"


def format_value(value: float | None, unit: str) -> str:
    """Human-readable value: bytes in B/KB/MB (decimal), seconds, MB, counts."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "bytes":
        if value >= 1_000_000:
            return f"{value / 1_000_000:.2f} MB"
        if value >= 1_000:
            return f"{value / 1_000:.1f} KB"
        return f"{value:.0f} B"
    if unit == "s":
        return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.0f}"


def _ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:.0f}×"


HEADERS = ("figure", "ours", "baseline", "ratio", "goal", "status")


def render_table(figures: Sequence[Figure]) -> str:
    """A plain-text table, one line per figure, columns aligned."""
    rows = [HEADERS] + [
        (f.name, format_value(f.ours, f.unit), format_value(f.baseline, f.unit),
         _ratio_text(f.ratio), f.goal, f.status)
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) if i in (0, 4) else cell.rjust(widths[i])
                 for i, cell in enumerate(row)]
        cells[-1] = row[-1].ljust(widths[-1])
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"  [{f.status}] {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)


def render_markdown(figures: Sequence[Figure] | Sequence[dict]) -> str:
    """The same table in Markdown (for docs/performance.md); takes figures or their JSON."""
    items = [f if isinstance(f, Figure) else Figure(**{k: f[k] for k in (
        "name", "unit", "ours", "baseline", "goal", "passed", "note", "paired_ratio")
        if k in f}) for f in figures]
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for f in items:
        cells = (f.name, format_value(f.ours, f.unit), format_value(f.baseline, f.unit),
                 _ratio_text(f.ratio), f.goal, f"**{f.status}**")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def to_json(figures: Sequence[Figure]) -> list[dict]:
    """Figures as JSON-ready dicts, with ratio and status."""
    out = []
    for figure in figures:
        item = asdict(figure)
        item["ratio"] = None if figure.ratio is None else round(figure.ratio, 2)
        item["status"] = figure.status
        out.append(item)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.report bench-results.json [--markdown]``: print a saved table."""
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m benchmarks.report",
                                     description="Print the table of a saved benchmark run.")
    parser.add_argument("results", help="JSON written by python -m benchmarks.run --out")
    parser.add_argument("--markdown", action="store_true", help="Markdown instead of text")
    args = parser.parse_args(argv)
    saved = json.loads(Path(args.results).read_text(encoding="utf-8"))
    if args.markdown:
        print(render_markdown(saved["figures"]))
    else:
        print(saved.get("table") or render_markdown(saved["figures"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
