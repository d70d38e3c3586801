"""Frame-by-frame video writers: MP4 (imageio's FFMPEG plugin, ffmpeg from imageio-ffmpeg) and GIF (Pillow).

Both take one RGB frame at a time and write it straight to the file, so a long clip never sits in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np
from PIL import GifImagePlugin, Image, ImageChops

from explorer.model.errors import ExplorerError

VIDEO_FORMATS = {".mp4": "mp4", ".gif": "gif"}
GIF_MAX_FPS = 10  # GIF delays are whole centiseconds (10 fps: exactly 10 cs); 8 s at 720p stays under 10 MB
GIF_COLOURS = 128  # one palette for the whole clip, from the first frame


class FrameWriter(Protocol):
    def append(self, frame: np.ndarray) -> None: ...

    def close(self) -> None: ...


def video_format(path: Path) -> str:
    """'mp4' or 'gif' from the file name, or a one-line error."""
    fmt = VIDEO_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ExplorerError(f"{path}: a rotation video is .mp4 or .gif")
    return fmt


class Mp4Writer:
    """H.264 in an MP4 container, playable in browsers, PowerPoint and Keynote (yuv420p, fast start)."""

    def __init__(self, path: Path, fps: float, tags: dict[str, str], quality: float = 8.0) -> None:
        import imageio.v3 as iio

        # The extension is given, not read from the name: the file is written under a temporary name.
        plugin = iio.imopen(path, "wI", plugin="FFMPEG", extension=".mp4", legacy_mode=True)
        self._writer = plugin.legacy_get_writer(fps=fps, codec="libx264", quality=quality, pixelformat="yuv420p",
                                                macro_block_size=2, ffmpeg_log_level="error",
                                                output_params=["-f", "mp4", "-preset", "veryfast",
                                                               "-movflags", "+faststart", *_metadata(tags)])

    def append(self, frame: np.ndarray) -> None:
        self._writer.append_data(np.ascontiguousarray(frame[:, :, :3]))

    def close(self) -> None:
        self._writer.close()


class GifWriter:
    """An endlessly looping GIF written frame by frame with Pillow's GIF encoder (`getheader`/`getdata`).

    One palette serves the whole clip (no flicker between frames) and each frame stores only the
    rectangle that changed since the previous one.
    """

    def __init__(self, path: Path, fps: float, tags: dict[str, str], colours: int = GIF_COLOURS) -> None:
        self._comment = tags.get("comment", "")
        self._file: BinaryIO = open(path, "wb")  # noqa: SIM115  (closed in close())
        self._fps = fps
        self._count = 0
        self._colours = colours
        self._palette: Image.Image | None = None
        self._previous: Image.Image | None = None

    def _quantize(self, frame: np.ndarray) -> Image.Image:
        rgb = Image.fromarray(np.ascontiguousarray(frame[:, :, :3]))
        if self._palette is None:
            self._palette = rgb.quantize(self._colours, method=Image.Quantize.MEDIANCUT)
            return self._palette
        return rgb.quantize(palette=self._palette, dither=Image.Dither.NONE)  # no dither: smaller, no crawl

    def append(self, frame: np.ndarray) -> None:
        image = self._quantize(frame)
        if self._previous is None:
            header, _ = GifImagePlugin.getheader(image, info={"loop": 0, "comment": self._comment})
            self._file.write(b"".join(header))
            box: tuple[int, int, int, int] | None = (0, 0, *image.size)
        else:
            box = ImageChops.difference(image, self._previous).getbbox()
        if box is None:  # nothing changed: show one pixel again, keeping the frame's time
            box = (0, 0, 1, 1)
        part = image.crop(box)
        self._file.write(b"".join(GifImagePlugin.getdata(part, offset=box[:2], duration=self._delay_ms(),
                                                         disposal=1)))
        self._previous = image
        self._count += 1

    def _delay_ms(self) -> int:
        """This frame's delay in whole centiseconds, rounded so the clip's total time is exact."""
        n = self._count
        return 10 * (round((n + 1) * 100 / self._fps) - round(n * 100 / self._fps))

    def close(self) -> None:
        self._file.write(b";")
        self._file.close()


def _metadata(tags: dict[str, str]) -> list[str]:
    """ffmpeg's -metadata options (MP4 title and comment: the atlas credit travels with the file)."""
    return [item for key, value in tags.items() for item in ("-metadata", f"{key}={value}")]


def open_writer(path: Path, fmt: str, fps: float, tags: dict[str, str]) -> FrameWriter:
    """`tags`: title and comment (the atlas credit and licence), stored in the file as well as burned in."""
    return Mp4Writer(path, fps, tags) if fmt == "mp4" else GifWriter(path, fps, tags)
