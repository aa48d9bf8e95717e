"""What to build: one :class:`ReportJob` per change idea, project and portfolio under a folder.

A job is plain data (picklable, sent to a process pool or a Dask worker): the template, the
parameters papermill injects, the files whose content decides whether the report is stale,
and where the outputs go. Each page lists only what it reads, so an edit rebuilds only the
pages it appears on: a change idea's page reads its own PDSA cycles, not the other ideas';
the project and portfolio pages read every cycle but never its notes (:data:`NOTE_PAGES`). Output paths are built only from ids that match
:data:`qi.constants.ID_PATTERN` (:func:`qi.project.ids.is_safe_id`); a project that fails validation becomes one job that
carries its problems and is turned into an error page without running anything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import qi
from qi.constants import REPORT_KINDS
from qi.errors import ProblemList, QIError, ValidationError, unknown_name
from qi.project.ids import is_safe_id
from qi.project.layout import (
    CHARTER_FILE,
    is_portfolio,
    is_project,
    portfolio_config,
    project_folders,
)
from qi.reports.inputs import (
    cycle_sha256_without_notes,
    file_sha256,
    idea_inputs,
    input_files,
    is_cycle_file,
)

#: Report kinds whose page shows the PDSA cycles' notes (the change idea page's PDSA log). The
#: other pages read the cycles (dates, status, decisions) but not their notes, so a cycle file
#: enters their input hash without its ``notes``: one new note rebuilds only the pages it is on.
#: tests/reports/test_incremental.py checks that a note's text is on no other page.
NOTE_PAGES: frozenset[str] = frozenset({"change_idea"})


@dataclass(frozen=True)
class ReportJob:
    """One report to build.

    Attributes
    ----------
    kind:
        ``change_idea``, ``project`` or ``portfolio``.
    report:
        The report's key and output stem relative to the output folder, e.g.
        ``kinship/change_ideas/family-group-conference`` (built from validated ids only).
    title:
        A human name for progress bars and error pages.
    ids:
        ``project`` and ``change_idea`` ids (those that apply).
    parameters:
        Values for the template's ``parameters`` cell.
    template:
        Path of the template notebook.
    inputs:
        Every file the report reads, absolute paths, sorted.
    root:
        The folder ``inputs`` are named relative to in the manifest.
    problems:
        Validation problems; a job with problems is not executed.
    shows:
        What else the page shows that its files alone do not decide: for the portfolio page,
        the validation problems of its invalid projects (it lists them). Part of the hash.
    """

    kind: str
    report: str
    title: str
    ids: dict[str, str]
    parameters: dict[str, Any]
    template: str
    inputs: tuple[str, ...]
    root: str
    problems: tuple[str, ...] = field(default_factory=tuple)
    shows: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The job as JSON-ready data."""
        return asdict(self)

    def inputs_sha256(self) -> str:
        """sha256 over the template, qi's version, the parameters, what the page shows besides
        (:attr:`shows`) and every input file.

        Files are hashed with their path relative to :attr:`root`, so a renamed file counts as
        a change. A page that does not show PDSA notes (:data:`NOTE_PAGES`) hashes each cycle
        file without its ``notes``; an error page (a job with problems) hashes every byte.
        The hash is what ``qi report`` compares to skip unchanged reports.
        """
        digest = hashlib.sha256()
        digest.update(f"qi {qi.__version__}\n".encode())
        digest.update(json.dumps(self.parameters, sort_keys=True, default=str).encode())
        digest.update(json.dumps([self.problems, self.shows]).encode())
        digest.update(b"\ntemplate\n")
        digest.update(file_sha256(Path(self.template)).encode())
        root = Path(self.root)
        blind = self.kind not in NOTE_PAGES and not self.problems
        for name in self.inputs:
            path = Path(name)
            rel = path.relative_to(root)
            digest.update(f"\n{rel.as_posix()}\n".encode())
            if blind and is_cycle_file(rel):
                digest.update(cycle_sha256_without_notes(path).encode())
            else:
                digest.update(file_sha256(path).encode())
        return digest.hexdigest()


def check_id(value: object, what: str, *, file: str | None = None) -> str:
    """Return ``value`` if it is safe inside an output path, else raise ValidationError."""
    text = str(value)
    if not is_safe_id(text):
        raise ValidationError(
            f"{what} id {text!r} cannot name a report file",
            field=what,
            file=file,
            hint="ids are letters, digits, '-' or '_', starting with a letter or digit "
            "(no '/', '..', spaces or leading dot), at most 64 characters",
        )
    return text


def templates_dir() -> Path:
    """The folder of the shipped templates (``qi/templates``)."""
    return Path(qi.__file__).parent / "templates"


def parse_as_of(as_of: str | date | None) -> str:
    """Normalise ``as_of`` to an ISO date string; ``""`` (from ``None``) means all the data.

    Templates declare ``as_of: str = ""``: papermill's parameter inspection (which
    ``papermill --help-notebook`` prints) reads plain annotations, not ``str | None``.
    """
    if as_of is None or as_of == "":
        return ""
    if isinstance(as_of, date):
        return as_of.isoformat()
    try:
        return date.fromisoformat(str(as_of)).isoformat()
    except ValueError:
        raise ValidationError(
            f"not a date: {as_of!r}",
            field="as_of",
            hint="give the period end as YYYY-MM-DD, e.g. 2020-03-31",
        ) from None


def _load_project(folder: Path) -> Any:
    """Load and validate one project (``qi.load_project``); raises a QIError if invalid."""
    return qi.load_project(folder)


def _problems(err: QIError) -> tuple[str, ...]:
    if isinstance(err, ProblemList):
        return tuple(str(p) for p in err.problems)
    return (str(err),)


def _project_jobs(
    folder: Path, as_of: str, templates: Path, kinds: set[str], exclude: Path | None = None
) -> tuple[list[ReportJob], tuple[str, ...]]:
    """The project's own report and one per change idea (or one error job), and the project's
    validation problems (empty when it is valid)."""
    folder = folder.resolve()
    inputs = input_files(folder, exclude)
    try:
        project = _load_project(folder)
        project_id = check_id(project.id, "project", file=str(folder))
        ideas = [
            (check_id(ci.id, "change_idea", file=str(folder / CHARTER_FILE)), ci)
            for ci in project.change_ideas
        ]
    except QIError as err:
        if "project" not in kinds and "change_idea" not in kinds:
            return [], _problems(err)
        return [_error_job(folder, as_of, templates, inputs, _problems(err))], _problems(err)
    jobs: list[ReportJob] = []
    title = getattr(getattr(project, "charter", None), "title", None) or project_id
    if "change_idea" in kinds:
        for idea_id, idea in ideas:
            idea_title = getattr(idea, "title", None) or getattr(idea, "name", None) or idea_id
            jobs.append(
                ReportJob(
                    kind="change_idea",
                    report=f"{project_id}/change_ideas/{idea_id}",
                    title=f"{title}: {idea_title}",
                    ids={"project": project_id, "change_idea": idea_id},
                    parameters={
                        "project_path": str(folder),
                        "change_idea_id": idea_id,
                        "as_of": as_of,
                    },
                    template=str(templates / "change_idea.ipynb"),
                    inputs=idea_inputs(folder, inputs, idea_id),
                    root=str(folder.parent),
                )
            )
    if "project" in kinds:
        jobs.append(_project_job(folder, as_of, templates, inputs, project_id, str(title)))
    return jobs, ()


def _project_job(
    folder: Path,
    as_of: str,
    templates: Path,
    inputs: tuple[str, ...],
    project_id: str,
    title: str,
    problems: tuple[str, ...] = (),
) -> ReportJob:
    """The project page of ``folder`` (an error page when it has ``problems``)."""
    return ReportJob(
        kind="project",
        report=f"{project_id}/project",
        title=title,
        ids={"project": project_id},
        parameters={"project_path": str(folder), "as_of": as_of},
        template=str(templates / "project.ipynb"),
        inputs=inputs,
        root=str(folder.parent),
        problems=problems,
    )


def _error_job(
    folder: Path, as_of: str, templates: Path, inputs: tuple[str, ...], problems: tuple[str, ...]
) -> ReportJob:
    """A project that fails validation: one error page, named after its folder when the
    folder's name is a safe id."""
    safe = folder.name if is_safe_id(folder.name) else "invalid-project"
    return _project_job(folder, as_of, templates, inputs, safe, f"Project {folder.name}", problems)


def portfolio_title(portfolio: Path) -> str:
    """The portfolio page's title: the ``name`` in ``portfolio.yaml``, else the folder's name,
    said once ("Portfolio", not "Portfolio portfolio", for a folder called ``portfolio``)."""
    name = str(portfolio_config(portfolio).get("name") or "").strip()
    if name:
        return name
    folder = portfolio.resolve().name
    return (
        folder[:1].upper() + folder[1:] if "portfolio" in folder.lower() else f"Portfolio {folder}"
    )


def discover(
    path: str | Path,
    *,
    as_of: str | date | None = None,
    only: str | None = None,
    templates: str | Path | None = None,
    exclude: str | Path | None = None,
) -> list[ReportJob]:
    """Every report to build under ``path`` (a portfolio folder or one project folder).

    Parameters
    ----------
    path:
        A portfolio folder (``portfolio.yaml`` and one sub-folder per project) or a project
        folder (``charter.yaml``).
    as_of:
        Period end passed to every template (``None``: all data).
    only:
        Build only this kind (``change_idea``, ``project`` or ``portfolio``).
    templates:
        Folder holding ``<kind>.ipynb``; defaults to the templates shipped with qi.
    exclude:
        A folder whose files are never inputs (the output folder).

    Returns
    -------
    list[ReportJob]
        Change ideas first, then projects, then the portfolio.

    Raises
    ------
    ValidationError
        ``path`` is neither a portfolio nor a project; ``only`` is not a kind; a template is
        missing.
    """
    root = Path(path)
    if only is not None and only not in REPORT_KINDS:
        raise unknown_name("report kind", only, REPORT_KINDS, field="only")
    kinds = {only} if only else set(REPORT_KINDS)
    tdir = Path(templates) if templates is not None else templates_dir()
    _check_templates(tdir, kinds)
    as_of_text = parse_as_of(as_of)
    skip = Path(exclude).resolve() if exclude is not None else None
    if not root.is_dir():
        raise ValidationError(
            f"{root} is not a folder",
            field="PATH",
            hint="give a portfolio folder (with portfolio.yaml) or a project folder "
            "(with charter.yaml)",
        )
    if is_portfolio(root):
        jobs = _portfolio_jobs(root, as_of_text, tdir, kinds, skip)
    elif is_project(root):
        jobs = _project_jobs(root, as_of_text, tdir, kinds, skip)[0]
    else:
        raise ValidationError(
            f"{root} holds neither portfolio.yaml nor charter.yaml",
            field="PATH",
            hint="give a portfolio folder (with portfolio.yaml) or a project folder "
            "(with charter.yaml); `qi init` creates a project",
        )
    order = {kind: i for i, kind in enumerate(REPORT_KINDS)}
    return sorted(_one_job_per_page(jobs), key=lambda job: (order[job.kind], job.report))


def _check_templates(tdir: Path, kinds: set[str]) -> None:
    """Refuse a templates folder without the template of a kind to build."""
    for kind in (k for k in REPORT_KINDS if k in kinds):
        if not (tdir / f"{kind}.ipynb").is_file():
            raise ValidationError(
                f"no template for {kind} reports: {tdir / f'{kind}.ipynb'} does not exist",
                field="templates",
                hint=f"put {kind}.ipynb in {tdir} or reinstall qi",
            )


def _portfolio_jobs(
    root: Path, as_of: str, tdir: Path, kinds: set[str], skip: Path | None
) -> list[ReportJob]:
    """Every project's jobs, then the portfolio page, which lists the invalid projects' problems."""
    jobs: list[ReportJob] = []
    invalid: list[str] = []
    for folder in project_folders(root):
        found, problems = _project_jobs(folder, as_of, tdir, kinds, skip)
        jobs += found
        invalid += [f"{folder.name}: {problem}" for problem in problems]
    if "portfolio" in kinds:
        folder = root.resolve()
        jobs.append(
            ReportJob(
                kind="portfolio",
                report="portfolio",
                title=portfolio_title(folder),
                ids={},
                parameters={"portfolio_path": str(folder), "as_of": as_of},
                template=str(tdir / "portfolio.ipynb"),
                inputs=input_files(folder, skip),
                root=str(folder),
                shows=tuple(invalid),
            )
        )
    return jobs


def _one_job_per_page(jobs: list[ReportJob]) -> list[ReportJob]:
    """Projects of one portfolio that share an id would write the same pages, one silently
    lost (issue 11, finding 4): their pages become one error page naming both folders."""
    folders: dict[str, set[str]] = {}
    for job in jobs:
        if "project" in job.ids and job.kind != "portfolio":
            folders.setdefault(job.ids["project"], set()).add(
                Path(job.parameters["project_path"]).name
            )
    clashing = {pid: names for pid, names in folders.items() if len(names) > 1}
    out = [job for job in jobs if job.ids.get("project") not in clashing]
    for project_id, names in sorted(clashing.items()):
        first = next(j for j in jobs if j.ids.get("project") == project_id)
        problem = (
            f"project id(s) used twice: {project_id} (folders {', '.join(sorted(names))}); "
            "give each charter its own id"
        )
        out.append(
            replace(
                first,
                kind="project",
                report=f"{project_id}/project",
                title=f"Project {project_id}",
                ids={"project": project_id},
                problems=(problem,),
            )
        )
    return out


__all__ = [
    "NOTE_PAGES",
    "ReportJob",
    "check_id",
    "discover",
    "is_portfolio",
    "is_project",
    "parse_as_of",
    "portfolio_title",
    "project_folders",
    "templates_dir",
]
