"""A folder of projects with ``portfolio.yaml``, loaded as a :class:`Portfolio`: the project
folders it lists (or holds), each project loaded and every problem reported together.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from qi.errors import ValidationError, unknown_name
from qi.project.ids import check_inside, safe_child
from qi.project.layout import CHARTER_FILE, PORTFOLIO_FILE, is_portfolio
from qi.project.load import read_project, validate_project
from qi.project.model import PortfolioConfig
from qi.project.project import Project
from qi.project.validate import build, raise_problems
from qi.project.yamlio import line_of, load_document


class Portfolio:
    """A folder of projects with ``portfolio.yaml``.

    Attributes
    ----------
    path:
        The portfolio folder.
    config:
        The :class:`~qi.project.model.PortfolioConfig` (name, stretch outcomes).
    projects:
        The loaded projects, in the order ``portfolio.yaml`` lists them (else by folder name).
    """

    def __init__(self, path: Path, config: PortfolioConfig, projects: list[Project]) -> None:
        self.path = Path(path)
        self.config = config
        self.projects = projects

    @property
    def name(self) -> str:
        """The portfolio's name."""
        return self.config.name

    def project(self, project_id: str) -> Project:
        """The project with this id."""
        for p in self.projects:
            if p.id == project_id:
                return p
        raise unknown_name("project", project_id, [p.id for p in self.projects], field="project")

    def __iter__(self) -> Iterator[Project]:
        return iter(self.projects)

    def __len__(self) -> int:
        return len(self.projects)

    def __repr__(self) -> str:
        return f"Portfolio({self.name!r}, {len(self.projects)} projects)"

    def _repr_html_(self) -> str:
        from qi.present.projects import portfolio_html

        return portfolio_html(self)


def _portfolio_parts(
    path: Path,
) -> tuple[PortfolioConfig | None, list[Path], list[ValidationError]]:
    root = Path(path)
    file = root / PORTFOLIO_FILE
    try:
        tree = load_document(file)
    except ValidationError as err:
        return None, [], [err]
    config, problems = build(PortfolioConfig, tree, file=str(file))
    if config is None:
        return None, [], problems
    if config.projects is not None:
        folders = []
        for i, name in enumerate(config.projects):
            folder = safe_child(root, name)
            if not (folder / CHARTER_FILE).is_file():
                problems.append(
                    ValidationError(
                        f"project folder '{name}' has no charter.yaml",
                        field=f"projects[{i}]",
                        file=str(file),
                        line=line_of(tree, ["projects", i]),
                        hint="create it with `qi init` or remove it from the list",
                    )
                )
            else:
                folders.append(folder)
    else:
        folders = []
        for p in sorted(root.iterdir()):
            if p.is_dir() and not p.name.startswith(".") and (p / CHARTER_FILE).is_file():
                try:
                    folders.append(check_inside(root, p, what="project folder"))
                except ValidationError as err:
                    problems.append(err)
    problems += _duplicate_project_ids(folders)
    return config, folders, problems


def _duplicate_project_ids(folders: list[Path]) -> list[ValidationError]:
    """Two projects of one portfolio with one id would write the same board page, and one
    would be lost (issue 11, finding 4): each later one is a problem naming the first."""
    first: dict[str, Path] = {}
    problems: list[ValidationError] = []
    for folder in folders:
        file = folder / CHARTER_FILE
        try:
            doc = load_document(file)
            project_id = doc.plain.get("id") if isinstance(doc.plain, dict) else None
        except ValidationError:
            continue  # reported when the project itself is validated
        if not isinstance(project_id, str):
            continue
        if project_id in first:
            problems.append(
                ValidationError(
                    f"project id(s) used twice: {project_id} (also the id of the project in "
                    f"'{first[project_id]}')",
                    field="id",
                    file=str(file),
                    line=line_of(doc, ["id"]),
                    hint="give each charter its own id (a copied folder keeps the old one)",
                )
            )
        else:
            first[project_id] = folder
    return problems


def validate_portfolio(path: str | Path) -> list[ValidationError]:
    """Every problem in a portfolio: ``portfolio.yaml`` and each project."""
    config, folders, problems = _portfolio_parts(Path(path))
    for folder in folders:
        problems.extend(validate_project(folder))
    return problems


def load_portfolio(path: str | Path) -> Portfolio:
    """Load a portfolio folder and every project in it (all problems reported together)."""
    config, folders, problems = _portfolio_parts(Path(path))
    projects = []
    for folder in folders:
        project, found = read_project(folder)
        problems.extend(found)
        if project is not None:
            projects.append(project)
    if problems:
        raise_problems(problems, file=str(path))
    assert config is not None
    return Portfolio(Path(path), config, projects)


__all__ = ["Portfolio", "is_portfolio", "load_portfolio", "validate_portfolio"]
