"""Charts drawn on the server as SVG: no charting script, nothing from a CDN."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def bars(
    values: list[tuple[str, int]], *, width: int = 720, height: int = 160
) -> list[Bar]:
    """One bar per (label, value), scaled so the largest fills ``height``."""
    if not values:
        return []
    top = max(value for _, value in values) or 1
    step = width / len(values)
    gap = min(1.0, step / 4)
    result = []
    for index, (label, value) in enumerate(values):
        bar_height = round(height * value / top, 2)
        result.append(
            Bar(
                x=round(index * step, 2),
                y=round(height - bar_height, 2),
                width=round(step - gap, 2),
                height=bar_height,
                label=label,
                value=value,
            )
        )
    return result
