"""Range conventions: what a qualifier makes of a stated amount N (see the package docstring)."""

from __future__ import annotations


def number(x: float | None) -> float | int | None:
    """Integral floats become ints; others are rounded to six decimals."""
    if x is None:
        return None
    x = round(float(x), 6)
    return int(x) if x.is_integer() else x


def bounds(value: float, qualifier: str | None) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low_inclusive, high_inclusive) for an amount N under a qualifier."""
    if qualifier == "at least":
        return value, None, True, False
    if qualifier == "more than":
        return value, None, False, False
    if qualifier == "just over":
        return value, value * 1.1, False, True
    if qualifier == "less than":
        return 0, value, True, False
    if qualifier == "up to":
        return 0, value, True, True
    if qualifier == "about":
        return value * 0.9, value * 1.1, True, True
    if qualifier == "nearly":
        return value * 0.9, value, True, False
    return value, value, True, True


def vague_bounds(low: float, high: float, qualifier: str | None):
    """Bounds of a vague amount [low, high) ('dozens') under a qualifier."""
    if qualifier in ("at least", "more than"):
        return low, None, qualifier == "at least", False
    if qualifier in ("less than", "up to", "nearly"):
        return 0, low, True, qualifier == "up to"
    return low, high, True, False
