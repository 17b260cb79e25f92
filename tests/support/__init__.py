"""Test harness shared by the tests and the benchmarks (``benchmarks/`` imports it from a
checkout): :mod:`tests.support.server` starts ``taghtia run``; :mod:`tests.support.browser`
drives Chromium through Playwright."""
