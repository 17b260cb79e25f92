"""Suite-wide settings.

Property tests run with a fixed sequence of examples by default, so a run of ``make test``
is repeatable; ``HYPOTHESIS_PROFILE=explore`` draws new random examples on every run.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
