"""Write an 8-bit RGB or RGBA image as PNG about three times faster than Pillow, with the same pixels.

Pillow (like libpng by default) picks one of the five PNG filters for every row by trying them all:
on a 4K figure that search costs about two thirds of the encoding. A figure is mostly flat colour
and smooth shading, which the "Up" filter (each byte minus the byte above it) suits as well: one
numpy subtraction filters the whole image, and zlib at level 1 compresses it. Measured on a 4K
annotated figure (3840x2160 RGB): 0.08 s of CPU against Pillow's 0.20 s at compress_level 1, for a
file 2 % larger (0.924 vs 0.907 MB). The chunks (text, dpi) are written with Pillow's own helpers;
Pillow reads the file back to the very pixels (tests/test_png_writing.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

LEVEL = 1  # zlib level: fastest; after the Up filter the file is about as small as Pillow's at level 1
SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {"RGB": 2, "RGBA": 6}
UP = 2  # the PNG filter type byte that starts each row
BAND = 256  # rows filtered and compressed at a time: no full-size copy of a large figure


def can_write(image: Image.Image) -> bool:
    """Modes this writer handles (other modes go through Pillow)."""
    return image.mode in COLOUR_TYPES


def filtered_rows(pixels: np.ndarray, above: np.ndarray) -> np.ndarray:
    """Rows of pixels as PNG scanlines: the Up filter's byte, then each row minus the row above it
    (`above`: the row before the first, as flat bytes; zeros at the image's top)."""
    height = pixels.shape[0]
    flat = pixels.reshape(height, -1)
    rows = np.empty((height, flat.shape[1] + 1), dtype=np.uint8)
    rows[:, 0] = UP
    np.subtract(flat[:1], above, out=rows[:1, 1:])  # uint8: wraps modulo 256, as PNG's Up filter does
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])
    return rows


def _compressed(image: Image.Image) -> Iterator[bytes]:
    """The image's filtered scanlines as one zlib stream, in pieces, band by band."""
    width, height = image.size
    compressor = zlib.compressobj(LEVEL)
    above = np.zeros(width * len(image.mode), dtype=np.uint8)
    for top in range(0, height, BAND):
        pixels = np.asarray(image.crop((0, top, width, min(top + BAND, height))))
        yield compressor.compress(filtered_rows(pixels, above))
        above = pixels[-1].reshape(-1)
    yield compressor.flush()


def save(image: Image.Image, path: Path, text: dict[str, str], dpi: int | None = None) -> None:
    """Write `image` (RGB or RGBA) to `path` with `text` as iTXt chunks and, if given, its dpi."""
    width, height = image.size
    header = (PngImagePlugin.o32(width) + PngImagePlugin.o32(height)
              + bytes((8, COLOUR_TYPES[image.mode], 0, 0, 0)))  # 8 bits, colour type, deflate, filter 0, no interlace
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    with open(path, "wb") as fh:
        fh.write(SIGNATURE)
        PngImagePlugin.putchunk(fh, b"IHDR", header)
        if dpi:
            per_metre = PngImagePlugin.o32(int(dpi / 0.0254 + 0.5))  # as Pillow writes it
            PngImagePlugin.putchunk(fh, b"pHYs", per_metre, per_metre, b"\x01")
        for cid, chunk, _after_idat in info.chunks:
            PngImagePlugin.putchunk(fh, cid, chunk)
        for data in _compressed(image):
            if data:
                PngImagePlugin.putchunk(fh, b"IDAT", data)
        PngImagePlugin.putchunk(fh, b"IEND", b"")
