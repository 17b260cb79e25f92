"""Build-time tools, kept out of the installed package: the reference geography's build
(``make geodata``: :mod:`tools.geodata_build`) and the demo generator (``make demo``:
:mod:`tools.demo_generator`). The wheel holds what they write, never them."""
