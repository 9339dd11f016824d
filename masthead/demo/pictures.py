"""Generated pictures for the demo. No photos are shipped or fetched.

Stand-ins say on their face that they are stand-ins, so nobody mistakes one for the
agency photo whose credit and caption it carries.
"""

from __future__ import annotations

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900


def _font(size: int):
    return ImageFont.load_default(size=size)


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    base = Image.new("RGB", (WIDTH, HEIGHT), top)
    overlay = Image.new("RGB", (WIDTH, HEIGHT), bottom)
    mask = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    return Image.composite(overlay, base, mask)


def _jpeg(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def make_stand_in_picture(credit: str) -> bytes:
    """A plain grey card reading 'Stand-in image' and naming the original's credit."""
    image = _gradient((74, 78, 86), (38, 40, 46))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, WIDTH - 40, HEIGHT - 40), outline=(150, 154, 160), width=4)
    draw.text(
        (WIDTH / 2, HEIGHT / 2 - 70),
        "Stand-in image",
        font=_font(110),
        fill=(240, 240, 240),
        anchor="mm",
    )
    draw.text(
        (WIDTH / 2, HEIGHT / 2 + 60),
        f"The original photo ({credit})",
        font=_font(46),
        fill=(205, 208, 212),
        anchor="mm",
    )
    draw.text(
        (WIDTH / 2, HEIGHT / 2 + 125),
        "is not reproduced here.",
        font=_font(46),
        fill=(205, 208, 212),
        anchor="mm",
    )
    return _jpeg(image)


def make_illustration(seed: str, palette: tuple[tuple[int, int, int], ...]) -> bytes:
    """An abstract illustration: soft shapes over a gradient, stable for a seed."""
    rng = random.Random(seed)  # noqa: S311 - shapes, not secrets
    image = _gradient(palette[0], palette[1])
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(14):
        x, y = rng.randrange(-200, WIDTH), rng.randrange(-200, HEIGHT)
        r = rng.randrange(120, 420)
        colour = (*palette[rng.randrange(len(palette))], rng.randrange(60, 150))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x, y, x + r * 1.6, y + r * 0.6), fill=colour)
    return _jpeg(image)
