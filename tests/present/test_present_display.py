"""Figures show themselves: QIFigure's PNG, and a fresh Jupyter kernel with no %matplotlib."""

from __future__ import annotations

import base64
import io

import pytest
from matplotlib.figure import Figure

from qi.present.display import QIFigure, figure_png, png_size

from .conftest import make_result


def _result():
    y = [5.0, 6.0, 7.0, 6.0, 5.0, 6.0]
    return make_result(y, centre=6.0, sigma=1.0, lcl=[3.0] * 6, ucl=[9.0] * 6)


def test_plot_returns_a_real_figure_that_displays_itself() -> None:
    fig = _result().plot()
    assert isinstance(fig, Figure) and isinstance(fig, QIFigure)
    data, meta = fig._repr_png_()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (meta["width"], meta["height"]) == png_size(data)
    # the same pixels savefig writes with the same options: display and files agree
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
    assert png_size(buffer.getvalue()) == png_size(data)


def test_png_size_reads_the_ihdr_chunk() -> None:
    # a 3 x 2 figure at 10 dpi is 30 x 20 pixels (no tight box)
    fig = Figure(figsize=(3, 2), dpi=10)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert png_size(buffer.getvalue()) == (30, 20)
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a" + bytes(20))


def test_timeline_figure_displays_itself() -> None:
    import pandas as pd

    from qi.present.timeline import pdsa_timeline

    frame = pd.DataFrame(
        {
            "cycle_id": ["a-001"],
            "change_idea": ["a"],
            "cycle_number": [1],
            "title": ["t"],
            "start": pd.to_datetime(["2024-01-01"]),
            "end": pd.to_datetime(["2024-02-01"]),
            "scale": [None],
            "status": ["complete"],
            "decision": ["adopt"],
            "previous": [None],
            "measures": [[]],
        }
    )
    fig = pdsa_timeline(frame)
    assert isinstance(fig, QIFigure)
    assert figure_png(fig)[:4] == b"\x89PNG"


FRESH_KERNEL_CELLS = [
    "import qi, pandas as pd\n"
    "df = pd.DataFrame({'month': pd.date_range('2024-01-01', periods=12, freq='MS'),\n"
    "                   'value': [5, 6, 7, 6, 5, 6, 7, 8, 6, 5, 6, 7]})\n"
    "res = qi.chart(df, y='value', x='month', chart='i')",
    "res.plot()",
    "import sys; print('matplotlib.pyplot' in sys.modules)",
    "from matplotlib.figure import Figure\nFigure()",
]


def test_a_fresh_kernel_shows_the_chart_without_matplotlib_magic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kernel JupyterLab starts: no MPLBACKEND (ipykernel picks the inline backend), no
    %matplotlib line. ``res.plot()`` must give an image; pyplot is never imported; a bare
    Figure in the same kernel still shows only text (the control: why QIFigure exists)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in FRESH_KERNEL_CELLS])
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    plot_out = nb.cells[1].outputs
    assert len(plot_out) == 1 and plot_out[0]["output_type"] == "execute_result"
    png = base64.b64decode(plot_out[0]["data"]["image/png"])
    width, height = png_size(png)
    assert width > 400 and height > 200  # 8 x 4.6 in at 100 dpi, tight box
    assert nb.cells[2].outputs[0]["text"].strip() == "False"
    assert "image/png" not in nb.cells[3].outputs[0]["data"]
