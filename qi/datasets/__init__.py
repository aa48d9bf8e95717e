"""Small datasets shipped with qi for docs and tests, each with its source.

>>> from qi import datasets
>>> datasets.names()
('montgomery_orange_juice', 'montgomery_circuit_boards', 'montgomery_piston_rings')
>>> datasets.load("montgomery_orange_juice")["nonconforming"].sum()
np.int64(347)

Only published figures are shipped as "published": each dataset names its source and the
figures the source prints (``Dataset.published``), which ``tests/charts`` check qi against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from qi.errors import unknown_name


@dataclass(frozen=True)
class Dataset:
    """A CSV in this package, where it comes from, and the figures its source prints."""

    name: str
    file: str
    description: str
    source: str
    chart: str
    columns: dict[str, str]
    published: dict[str, float] = field(default_factory=dict)


_DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="montgomery_orange_juice",
        file="montgomery_orange_juice.csv",
        description="Frozen orange juice concentrate cans: nonconforming cans in 30 samples of "
        "50, taken every half hour (the first fraction-nonconforming chart example).",
        source="D. C. Montgomery, Introduction to Statistical Quality Control (Wiley), the "
        "orange-juice can example of the p chart (chapter 'Control charts for attributes'): "
        "347 nonconforming in 1,500 cans, p-bar = 0.2313, UCL = 0.4102, LCL = 0.0524; samples "
        "15 and 23 are above the UCL. The same data are in the NIST/SEMATECH e-Handbook, "
        "section 6.3.3.2.",
        chart="p",
        columns={"sample": "x", "nonconforming": "y", "n": "n"},
        published={"centre": 0.2313, "ucl": 0.4102, "lcl": 0.0524},
    ),
    Dataset(
        name="montgomery_circuit_boards",
        file="montgomery_circuit_boards.csv",
        description="Nonconformities in 26 successive samples of 100 printed circuit boards "
        "(the c chart example).",
        source="D. C. Montgomery, Introduction to Statistical Quality Control (Wiley), the "
        "printed-circuit-board example of the c chart: 516 nonconformities in 26 samples, "
        "c-bar = 19.85, UCL = 33.22, LCL = 6.48; samples 6 and 20 are outside the limits.",
        chart="c",
        columns={"sample": "x", "nonconformities": "y"},
        published={"centre": 19.85, "ucl": 33.22, "lcl": 6.48},
    ),
    Dataset(
        name="montgomery_piston_rings",
        file="montgomery_piston_rings.csv",
        description="Inside diameter (mm) of forged automobile engine piston rings: 25 "
        "preliminary samples of 5 rings (the x-bar chart example), one row per ring.",
        source="D. C. Montgomery, Introduction to Statistical Quality Control (Wiley), the "
        "piston-ring example of the x-bar and R / x-bar and s charts: grand mean 74.001, "
        "R-bar 0.023, x-bar chart limits 74.014 and 73.988 (printed to 3 decimals); the same "
        "25 samples are the first 25 of the R package qcc's `pistonrings` data. The book's "
        "x-bar limits come from R-bar; qi's come from s-bar with exact c4 and agree to the "
        "printed decimals.",
        chart="xbar",
        columns={"sample": "x", "diameter": "y"},
        published={"centre": 74.001, "r_bar": 0.023, "ucl": 74.014, "lcl": 73.988},
    ),
)

_BY_NAME = {d.name: d for d in _DATASETS}


def names() -> tuple[str, ...]:
    """The names of the shipped datasets."""
    return tuple(_BY_NAME)


def info(name: str) -> Dataset:
    """A dataset's description, source and published figures; an unknown name lists the valid ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise unknown_name("dataset", name, names(), field="name") from None


def load(name: str) -> pd.DataFrame:
    """Load a shipped dataset as a DataFrame."""
    ds = info(name)
    with resources.files(__name__).joinpath(ds.file).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)
