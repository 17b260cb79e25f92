"""A values-table column written at once (numpy) reads as the per-unit base-64 digits the
browser's decoder expects."""

from __future__ import annotations

import random

import pytest

from dashboard.app.maps import DIGITS, _column_text


def written_one_by_one(indexes: list[int]) -> str:
    """The format, unit by unit: the width, then each index + 1 in that many digits."""
    largest = max(indexes, default=-1) + 1
    width = 1
    while len(DIGITS) ** width <= largest:
        width += 1
    out = [str(width)]
    for index in indexes:
        value, digits = index + 1, []
        for _ in range(width):
            value, digit = divmod(value, len(DIGITS))
            digits.append(DIGITS[digit])
        out.append("".join(reversed(digits)))
    return "".join(out)


def read_back(text: str) -> list[int]:
    width = int(text[0])
    cells = [text[i:i + width] for i in range(1, len(text), width)]
    return [sum(DIGITS.index(c) * len(DIGITS) ** k for k, c in enumerate(reversed(cell))) - 1
            for cell in cells]


@pytest.mark.parametrize("largest", [0, 1, 62, 63, 64, 4094, 4095, 4096, 300_000])
def test_same_text_and_read_back(largest: int) -> None:
    rng = random.Random(largest)
    indexes = [rng.randint(-1, largest) for _ in range(500)] + [largest, -1]
    text = _column_text(indexes)
    assert text == written_one_by_one(indexes)
    assert read_back(text) == indexes


def test_empty_and_missing_only() -> None:
    assert _column_text([]) == "1"
    assert _column_text([-1, -1]) == "100"
