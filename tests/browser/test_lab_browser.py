"""JupyterLab in a real browser: a fresh kernel shows a chart with no %matplotlib line, the PDSA
form is filled and saved (a bad date first: shown beside the field, nothing written), the file
is checked; screenshots of the form, the score panel, an annotated chart and the fresh-kernel
chart are saved to docs/screenshots/.

JupyterLab listens on 127.0.0.1 only, with a random token; chromium is the system's (Debian:
``apt-get install -y chromium``), driven by Playwright without any browser download.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "docs" / "screenshots"
IDEA = "assessment_process"
MEASURE = "stage1_assessments"

CELLS = [
    f"import qi\np = qi.load_project('kinship')\nres = p.chart('{MEASURE}')\nres.plot()",
    f"from qi.lab import CycleForm\nCycleForm(p, change_idea='{IDEA}')",
    "from qi.lab import ScorePanel\nScorePanel(p)",
    f"from qi.lab import ChartAnnotator\nChartAnnotator(p, '{MEASURE}')",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "data" / "examples" / "kinship", root / "kinship")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, root / "lab_demo.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        k: v for k, v in os.environ.items() if k != "MPLBACKEND"
    }  # a kernel as JupyterLab starts it
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
    ):
        env[var] = str(root / ".jupyter" / sub)  # nothing written to the user's home
    # no "Jupyter news?" toast over the screenshots
    news = root / ".jupyter" / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false"}', encoding="utf-8"
    )
    as_root = ["--allow-root"] if getattr(os, "geteuid", lambda: 1)() == 0 else []
    log = (root / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={token}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *as_root,
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(
                        "JupyterLab did not start:\n" + (root / "lab.log").read_text()
                    ) from None
                time.sleep(0.5)
        yield f"{base}/lab/tree/lab_demo.ipynb?token={token}", root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def page(lab: tuple[str, Path]) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = (
        os.environ.get("QI_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if executable is None:
        pytest.fail("chromium not found: apt-get update && apt-get install -y chromium")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        context = browser.new_context(viewport={"width": 1400, "height": 2400})
        pg = context.new_page()
        pg.set_default_timeout(90_000)
        url, _ = lab
        pg.goto(url)
        pg.wait_for_selector(".jp-Notebook")
        pg.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached"
        )
        pg.click(".jp-Notebook .jp-Cell")
        pg.get_by_role("menuitem", name="Run", exact=True).click()
        pg.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        yield pg
        browser.close()


def _shot(element: object, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    element.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path


def test_fresh_kernel_draws_the_chart(page: object) -> None:
    first = page.locator(".jp-Cell").nth(0).locator(".jp-OutputArea-output img")  # type: ignore[attr-defined]
    first.wait_for()
    box = first.bounding_box()
    assert box["width"] > 400 and box["height"] > 200
    path = _shot(page.locator(".jp-Cell").nth(0), "fresh_kernel_plot.png")  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000


def test_pdsa_form_bad_date_then_saved(page: object, lab: tuple[str, Path]) -> None:
    _, root = lab
    folder = root / "kinship" / "pdsa" / IDEA
    before = sorted(p.name for p in folder.iterdir())
    form = page.locator(".qi-cycle-form")  # type: ignore[attr-defined]
    form.wait_for()
    form.locator(".qi-field-title input").fill("Phone before the letter")
    form.locator(".qi-field-start input").fill("31/01/2025")
    form.locator(".qi-field-plan-objective textarea").fill(
        "Test a phone call before the assessment letter"
    )
    form.locator(".qi-field-plan-predictions textarea").fill(
        "Half of carers reply within a week\nNo complaints"
    )
    form.locator(".qi-field-plan-who textarea").fill("Duty social worker")
    form.locator(".qi-save").click()
    error = form.locator(".qi-field-start .qi-error")
    error.get_by_text("write dates as YYYY-MM-DD").wait_for()
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written
    form.locator(".qi-field-start input").fill("2025-01-31")
    form.locator(".qi-save").click()
    form.locator(".qi-status").get_by_text("Saved new cycle").wait_for()
    new = sorted(set(p.name for p in folder.iterdir()) - set(before))
    assert len(new) == 1
    text = (folder / new[0]).read_text(encoding="utf-8")
    assert "title: Phone before the letter" in text and "start: 2025-01-31" in text
    assert "objective: Test a phone call before the assessment letter" in text
    assert "    - Half of carers reply within a week\n    - No complaints\n" in text
    assert error.inner_text().strip() == ""
    _shot(form, "pdsa_form.png")


def test_score_panel_and_annotated_chart(page: object, lab: tuple[str, Path]) -> None:
    _, root = lab
    panel = page.locator(".qi-score-panel")  # type: ignore[attr-defined]
    panel.wait_for()
    assert "the evidence supports" in panel.inner_text()
    _shot(panel, "score_panel.png")
    annotator = page.locator(".qi-annotator")  # type: ignore[attr-defined]
    annotator.locator("img").wait_for()
    image = annotator.locator("img")

    def redrawn(old: str | None) -> str | None:
        page.wait_for_function(  # type: ignore[attr-defined]
            "([el, old]) => el.getAttribute('src') !== old", arg=[image.element_handle(), old]
        )
        return image.get_attribute("src")

    plain = image.get_attribute("src")
    point = annotator.locator(".qi-field-period select")
    label = point.locator("option").nth(-6).inner_text()  # "YYYY-MM-DD: value"
    point.select_option(label=label)
    annotator.locator(".qi-field-text textarea").fill("New assessment letter sent")
    annotator.locator(".qi-field-author input").fill("Browser test")
    annotator.locator(".qi-save").click()
    annotator.locator(".qi-status").get_by_text("Note added to").wait_for()
    noted = redrawn(plain)
    annotator.get_by_role("button", name="PDSA cycle").click()
    annotator.locator(".qi-field-cycle select").select_option(label=f"{IDEA}-001")
    annotator.locator(".qi-save").click()
    annotator.locator(".qi-status").get_by_text(f"{IDEA}-001 linked to").wait_for()
    redrawn(noted)
    _shot(annotator, "annotated_chart.png")
    period = label.split(":")[0][:7]
    rows = [
        r
        for r in (root / "kinship" / "data" / "measures.csv")
        .read_text(encoding="utf-8")
        .splitlines()
        if r.startswith(f"{MEASURE},{period},")
    ]
    assert len(rows) == 1
    assert f",New assessment letter sent (Browser test); PDSA {IDEA}-001: " in rows[0]
