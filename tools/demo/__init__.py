"""The illustrative demo data's generator (build-time, not installed): ``make demo`` rewrites the
embedded files, ``python -m tools.demo --seed N --out DIR`` writes another illustrative set."""
