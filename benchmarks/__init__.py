"""Benchmarks of Taghtia: map payload, first paint, reruns, scale and cold start.

``make bench`` (``python -m benchmarks.run`` in a checkout with the ``[bench]`` extra) runs
them all and prints one table, each figure with its goal and PASS/MISS; ``--quick`` runs tiny sizes.
Benchmarks are not part of the test suite's pass/fail: timings on shared machines are noisy,
so the figures that matter are ratios measured in the same run on the same data.
"""
