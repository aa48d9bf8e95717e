"""Figures that show themselves in Jupyter without ``%matplotlib`` and without pyplot.

qi draws on a plain :class:`matplotlib.figure.Figure` (never pyplot), so no global state is
touched; but IPython only knows how to display a bare Figure once the inline backend has been
activated (``%matplotlib inline`` or importing pyplot in the kernel). :class:`QIFigure` is a
real ``Figure`` (``savefig``, ``add_axes`` and every test that checks ``isinstance(fig,
Figure)`` keep working) that also answers IPython's display protocol: ``_repr_png_`` renders
it with the Agg renderer into bytes, the same pixels ``savefig(format="png")`` writes. IPython
looks for formatter functions registered on the type first (the inline backend registers one for
``Figure``), so when the inline backend *is* active the figure is still shown once, not twice.

Source: IPython's rich display protocol, ``_repr_png_`` returning bytes or ``(bytes,
metadata)`` (IPython docs, "Rich display": ``IPython.core.formatters``).
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib.figure import Figure

#: The inline backend's default (``matplotlib_inline``: ``print_figure(fig, 'png',
#: bbox_inches='tight')``): tight bounding box so the notebook shows no empty margin.
PNG_BBOX = "tight"


class QIFigure(Figure):
    """A :class:`matplotlib.figure.Figure` that displays itself in Jupyter (``_repr_png_``)."""

    def _repr_png_(self) -> tuple[bytes, dict[str, Any]]:
        """PNG bytes and their size in CSS pixels (IPython's ``(data, metadata)`` form)."""
        data = figure_png(self)
        width, height = png_size(data)
        return data, {"width": width, "height": height}


def figure_png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes, at the figure's own dpi, with a tight bounding box."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches=PNG_BBOX, facecolor="white")
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR chunk (PNG spec, ISO/IEC 15948 §11.2.2:
    bytes 16-23 of the file are the width and height, big-endian)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


__all__ = ["PNG_BBOX", "QIFigure", "figure_png", "png_size"]
