"""build_reports on a tiny portfolio with tiny templates: outputs, manifest, failures, skipping."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

import qi
from qi.constants import MANIFEST_SCHEMA_VERSION
from qi.errors import ValidationError
from qi.reports.export import external_references
from qi.reports.manifest import ENTRY_KEYS
from qi.reports.runner import build_reports

SCRIPT = "<script>alert(1)</script>"

EXPECTED = {
    "alpha/change_ideas/fgc": "ok",
    "alpha/change_ideas/kin-1": "ok",
    "alpha/project": "ok",
    "beta/project": "failed",
    "delta/project": "failed",
    "gamma/project": "failed",
    "portfolio": "ok",
}


def test_every_report_is_found_and_built_or_failed(tiny_build):
    assert {e["report"]: e["status"] for e in tiny_build.manifest.entries} == EXPECTED
    assert sorted(tiny_build.manifest.built) == sorted(EXPECTED)
    assert tiny_build.manifest.skipped == []


def test_manifest_file_holds_every_key(tiny_build):
    doc = tiny_build.doc
    assert doc["schema"] == MANIFEST_SCHEMA_VERSION
    assert doc["qi_version"] == qi.__version__
    for entry in doc["reports"]:
        assert tuple(entry) == ENTRY_KEYS
        assert entry["qi_version"] == qi.__version__
        assert re.fullmatch(r"[0-9a-f]{64}", entry["inputs_sha256"])
        assert entry["duration_s"] >= 0
        assert (tiny_build.out / entry["html"]).is_file()
    fgc = next(e for e in doc["reports"] if e["report"] == "alpha/change_ideas/fgc")
    assert fgc["kind"] == "change_idea"
    assert fgc["ids"] == {"project": "alpha", "change_idea": "fgc"}
    assert fgc["parameters"] == {
        "project_path": str((tiny_build.root / "alpha").resolve()),
        "change_idea_id": "fgc",
        "as_of": "",
    }
    assert fgc["inputs"] == ["alpha/charter.yaml"]
    assert fgc["template"] == "change_idea.ipynb"
    assert fgc["error"] is None


def test_executed_notebook_carries_injected_parameters(tiny_build):
    nb = nbformat.read(tiny_build.out / "alpha/change_ideas/kin-1.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert nb.metadata.papermill.parameters["change_idea_id"] == "kin-1"


def test_page_has_outputs_chart_and_no_code(tiny_build):
    page = (tiny_build.out / "alpha/project.html").read_text()
    assert "<h1>Alpha &amp; co</h1>" in page
    assert re.search(r'<img[^>]+src="data:image/(png|svg\+xml);base64,', page)
    body = page.split("<body", 1)[1]
    assert "yaml.safe_load" not in body and "import html" not in body  # no input code
    assert "jp-CodeMirrorEditor" not in body and "jp-InputPrompt" not in body  # no code cells
    assert "In&nbsp;[" not in body and "Out[" not in body  # no prompts
    assert external_references(page) == []
    assert "@page { size: A4" in page
    entry = tiny_build.manifest.entry("alpha/project")
    assert f"Built by qi {qi.__version__}" in body
    assert f"inputs {entry['inputs_sha256'][:12]}" in body


def test_user_text_is_escaped_on_a_built_page(tiny_build):
    page = (tiny_build.out / "alpha/project.html").read_text()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_failing_cell_is_recorded_with_cell_and_message(tiny_build):
    entry = tiny_build.manifest.entry("beta/project")
    # Template cells: 0 markdown, 1 parameters, 2 the body that raises.
    assert entry["error"]["cell"] == 2
    assert entry["error"]["message"] == "RuntimeError: boom: measure <b>x</b> has no data"
    page = (tiny_build.out / "beta/project.html").read_text()
    assert "could not be built" in page
    assert "boom: measure &lt;b&gt;x&lt;/b&gt; has no data" in page
    assert "<b>x</b>" not in page
    assert "cell 2" in page
    # the executed notebook with the traceback is kept for whoever fixes it
    assert entry["notebook"] == "beta/project.ipynb"
    assert (tiny_build.out / "beta/project.ipynb").is_file()


def test_invalid_project_gets_an_error_page_listing_its_problems(tiny_build):
    entry = tiny_build.manifest.entry("gamma/project")
    assert entry["error"]["cell"] is None
    assert entry["error"]["problems"] == [
        "'charter': aim is missing <i>",
        "'charter': lead is missing",
    ]
    assert entry["notebook"] is None
    assert not (tiny_build.out / "gamma/project.ipynb").exists()  # nothing half-built
    page = (tiny_build.out / "gamma/project.html").read_text()
    assert "<li>&#x27;charter&#x27;: aim is missing &lt;i&gt;</li>" in page
    assert "lead is missing" in page


def test_kernel_is_this_python_though_the_template_names_an_unregistered_kernel(tiny_build):
    nb = nbformat.read(tiny_build.out / "portfolio.ipynb", as_version=4)
    assert nb.metadata.kernelspec.name == "not-registered-anywhere"
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert f"executable={sys.executable}" in text


def test_namespace_does_not_leak_between_reports(tiny_build):
    # Each body asserts that `leak`, set by the report before it on the same kernel, is gone.
    assert tiny_build.manifest.entry("alpha/change_ideas/kin-1")["status"] == "ok"
    assert tiny_build.manifest.entry("alpha/project")["status"] == "ok"


@pytest.fixture()
def copy_of_tiny(tiny_build, tmp_path):
    """A writable copy of the tiny build (portfolio and outputs)."""
    import shutil

    root = shutil.copytree(tiny_build.root, tmp_path / "portfolio")
    out = shutil.copytree(tiny_build.out, tmp_path / "out")
    # the manifest names the inputs by absolute path of the original; rebuild once from here
    return Path(root), Path(out)


def test_unchanged_reports_are_skipped_changed_and_failed_rebuilt(
    fake_projects, copy_of_tiny, test_templates
):
    root, out = copy_of_tiny
    first = build_reports(root, out, templates=test_templates, progress=False)
    assert sorted(first.built) == sorted(EXPECTED)  # new paths -> new parameters -> all built
    again = build_reports(root, out, templates=test_templates, progress=False)
    assert sorted(again.skipped) == [
        "alpha/change_ideas/fgc",
        "alpha/change_ideas/kin-1",
        "alpha/project",
        "portfolio",
    ]
    assert sorted(again.built) == ["beta/project", "delta/project", "gamma/project"]  # retried
    (root / "alpha" / "charter.yaml").write_text(
        (root / "alpha" / "charter.yaml").read_text().replace("Alpha & co", "Alpha two")
    )
    third = build_reports(root, out, templates=test_templates, progress=False, only="project")
    assert "alpha/project" in third.built
    assert "Alpha two" in (out / "alpha/project.html").read_text()
    assert len(third.entries) == len(EXPECTED)  # --only keeps the other kinds' entries
    forced = build_reports(root, out, templates=test_templates, progress=False, force=True)
    assert sorted(forced.built) == sorted(EXPECTED) and forced.skipped == []


def test_jobs_two_builds_the_same_reports(fake_projects, tiny_build, tmp_path, test_templates):
    manifest = build_reports(
        tiny_build.root, tmp_path, jobs=2, templates=test_templates, progress=False
    )
    assert {e["report"]: e["status"] for e in manifest.entries} == EXPECTED
    assert "&lt;script&gt;" in (tmp_path / "alpha/project.html").read_text()


def test_dask_local_cluster_builds_the_same_reports(
    fake_projects, tiny_build, tmp_path, test_templates
):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        manifest = build_reports(
            tiny_build.root,
            tmp_path,
            dask=cluster.scheduler_address,
            templates=test_templates,
            progress=False,
        )
    assert {e["report"]: e["status"] for e in manifest.entries} == EXPECTED


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"jobs": 0}, "jobs", "jobs must be a whole number of at least 1, got 0"),
        ({"only": "projects"}, "only", "did you mean 'project'?"),
        ({"as_of": "31/03/2020"}, "as_of", "not a date: '31/03/2020'"),
    ],
)
def test_bad_arguments_are_named(tiny_build, tmp_path, test_templates, kwargs, field, words):
    with pytest.raises(ValidationError) as info:
        build_reports(tiny_build.root, tmp_path, templates=test_templates, progress=False, **kwargs)
    assert info.value.field == field
    assert words in str(info.value)


def test_path_that_is_no_project_is_named(tmp_path, test_templates):
    with pytest.raises(ValidationError, match="holds neither portfolio.yaml nor charter.yaml"):
        build_reports(tmp_path, tmp_path / "out", templates=test_templates, progress=False)


def test_unreadable_previous_manifest_warns_and_rebuilds(
    fake_projects, tiny_build, tmp_path, test_templates
):
    (tmp_path / "manifest.json").write_text(json.dumps({"schema": 999}))
    with pytest.warns(qi.QIWarning, match="cannot read the previous manifest"):
        manifest = build_reports(
            tiny_build.root, tmp_path, templates=test_templates, progress=False, only="portfolio"
        )
    assert manifest.built == ["portfolio"]


def test_a_dead_kernel_fails_one_report_and_the_next_gets_a_new_kernel(tiny_build):
    entry = tiny_build.manifest.entry("delta/project")
    assert entry["error"]["cell"] is None
    assert entry["error"]["message"].startswith("DeadKernelError")
    assert "could not be built" in (tiny_build.out / "delta/project.html").read_text()
    # reports built after it (portfolio runs first, then projects in order) are fine
    assert tiny_build.manifest.entry("gamma/project")["error"]["problems"]
    assert tiny_build.manifest.entry("alpha/change_ideas/fgc")["status"] == "ok"


@pytest.mark.parametrize("bad", ["../up", "a/b", ".hidden", "has space", "", "x" * 65])
def test_unsafe_ids_never_become_paths(bad):
    from qi.reports.jobs import check_id

    with pytest.raises(ValidationError) as info:
        check_id(bad, "change_idea", file="charter.yaml")
    assert f"change_idea id {bad!r} cannot name a report file" in str(info.value)
    assert "no '/', '..', spaces or leading dot" in str(info.value)


def test_runner_kernel_is_this_interpreter_without_any_registration():
    from qi.reports.kernel import RUNNER_KERNEL, SameEnvKernelSpecs

    spec = SameEnvKernelSpecs().get_kernel_spec(RUNNER_KERNEL)
    assert spec.argv[:4] == [sys.executable, "-P", "-m", "ipykernel_launcher"]  # -P: issue 11


def test_unreachable_dask_scheduler_is_named(
    fake_projects, tiny_build, tmp_path, test_templates, monkeypatch
):
    import qi.reports.executors as executors

    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(
        ValidationError, match="cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'"
    ):
        build_reports(
            tiny_build.root,
            tmp_path,
            dask="tcp://127.0.0.1:9",
            only="portfolio",
            templates=test_templates,
            progress=False,
        )


def test_a_single_project_folder_builds_its_own_reports(
    fake_projects, tiny_build, tmp_path, test_templates
):
    from qi.reports.jobs import discover

    jobs = discover(tiny_build.root / "alpha", templates=test_templates)
    assert [j.report for j in jobs] == [
        "alpha/change_ideas/fgc",
        "alpha/change_ideas/kin-1",
        "alpha/project",
    ]
    manifest = build_reports(
        tiny_build.root / "alpha",
        tmp_path,
        only="project",
        templates=test_templates,
        progress=False,
    )
    assert [e["report"] for e in manifest.entries] == ["alpha/project"]
    assert manifest.entry("alpha/project")["status"] == "ok"


def test_a_dead_pool_worker_fails_its_reports_without_stopping_the_build(
    fake_projects, tmp_path, test_templates
):
    import yaml

    root = tmp_path / "portfolio"
    root.mkdir()
    (root / "portfolio.yaml").write_text("name: Killer\n")
    for name, charter in {
        "ok1": {"title": "One"},
        "killer": {"title": "K", "kill_worker": True},
    }.items():
        (root / name).mkdir()
        (root / name / "charter.yaml").write_text(yaml.safe_dump(charter))
    manifest = build_reports(
        root, tmp_path / "out", jobs=2, only="project", templates=test_templates, progress=False
    )
    killed = manifest.entry("killer/project")
    assert killed["status"] == "failed"
    assert killed["error"]["message"].startswith("the worker building this report stopped")
    assert "could not be built" in (tmp_path / "out/killer/project.html").read_text()
    assert len(manifest.entries) == 2  # every report has an entry, whatever happened to it


def test_an_output_folder_inside_the_project_is_not_an_input(
    fake_projects, tiny_build, tmp_path, test_templates
):
    import shutil

    root = shutil.copytree(tiny_build.root / "alpha", tmp_path / "alpha")
    out = root / "reports"
    first = build_reports(root, out, only="project", templates=test_templates, progress=False)
    assert first.entry("alpha/project")["inputs"] == ["alpha/charter.yaml"]
    again = build_reports(root, out, only="project", templates=test_templates, progress=False)
    assert again.skipped == ["alpha/project"]


def test_missing_template_and_file_as_out_are_named(tiny_build, tmp_path, test_templates):
    with pytest.raises(ValidationError) as info:
        build_reports(tiny_build.root, tmp_path / "out", templates=tmp_path, progress=False)
    assert info.value.field == "templates"
    assert (
        f"no template for change_idea reports: {tmp_path / 'change_idea.ipynb'} does not exist"
    ) in str(info.value)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ValidationError, match="a-file exists and is not a folder"):
        build_reports(tiny_build.root, blocker, templates=test_templates, progress=False)
