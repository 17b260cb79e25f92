"""``python -m tools.geodata_build [OUTPUT_DIR]``: rebuild the reference geography."""

from __future__ import annotations

import sys
from pathlib import Path

from tools.geodata_build.pipeline import DEFAULT_OUTPUT, BuildError, build


def main(argv: list[str]) -> int:
    """Build into ``argv[0]`` (default ``geodata/data``) and print the measured figures."""
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    try:
        report = build(output)
    except BuildError as error:
        print(f"geodata build failed: {error}", file=sys.stderr)
        return 1
    print(f"built {report.units} into {output} in {report.seconds} s")
    print(f"communes with a polygon: {report.communes_with_polygon} / 1503")
    print(f"pieces read {report.pieces_read}, matched {report.pieces_matched}, "
          f"unmatched {report.pieces_unmatched}")
    print(f"web commune layer: {report.web_commune_geojson_bytes:,} bytes of GeoJSON, "
          f"max area change {report.web_max_area_change:.2%} ({report.web_max_area_change_code})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
