"""Issue 11's figures, re-measured (run by hand, not in the tests).

    .venv/bin/python benchmarks/bench_hardening.py [section ...]

Sections (all by default):

* ``writers``  - W processes at once (``qi pdsa new``, ``qi pdsa note``, ``qi score set``) on one
  project: what was written, what was lost, wall time;
* ``kills``    - K times: a process appending notes is ``kill -9``-ed at a random moment; then the
  project must load, every cycle parse, no temporary file remain;
* ``payloads`` - HTML payloads through every escaping path of the pages: how many came out
  unescaped;
* ``bombs``    - a YAML "billion laughs" (10^9 leaves) and an .xlsx zip bomb: time and peak
  memory to refuse them;
* ``import``   - a 1,000,000-row import: total time, time the project lock is held, and how
  long a concurrent ``qi pdsa note`` waits;
* ``ctrl-c``   - ``qi report data/examples -j 2``, SIGINT to its process group after 10 s: time
  to exit, processes and kernel folders left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "data" / "examples" / "kinship_team"
QI = [sys.executable, "-m", "qi.cli"]


def _project(tmp: Path) -> Path:
    target = tmp / "kinship_team"
    shutil.copytree(EXAMPLE, target)
    return target


def writers(n: int = 30) -> None:
    """n processes at once, a third each of pdsa new, pdsa note and score set."""
    from qi.project.store import load_project

    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp))
        idea = "referral_protocol"
        before = load_project(project)
        cycles0, notes0 = len(before.cycles), len(before.cycle(f"{idea}-001").notes)
        scores0 = len(before.scores)
        commands = []
        for i in range(n):
            kind = i % 3
            if kind == 0:
                commands.append([*QI, "pdsa", "new", str(project), "--change-idea", idea])
            elif kind == 1:
                commands.append(
                    [
                        *QI,
                        "pdsa",
                        "note",
                        str(project),
                        f"{idea}-001",
                        f"note {i}",
                        "--author",
                        f"writer {i}",
                    ]
                )
            else:
                commands.append(
                    [
                        *QI,
                        "score",
                        "set",
                        str(project),
                        str(1 + i % 10),
                        "--rationale",
                        f"score {i}",
                        "--by",
                        f"writer {i}",
                    ]
                )
        t0 = time.perf_counter()
        procs = [
            subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands
        ]
        codes = [p.wait() for p in procs]
        elapsed = time.perf_counter() - t0
        after = load_project(project)
        made = len(after.cycles) - cycles0
        notes = len(after.cycle(f"{idea}-001").notes) - notes0
        scores = len(after.scores) - scores0
        expected = [len(range(k, n, 3)) for k in range(3)]
        lost = sum(expected) - made - notes - scores
        print(
            f"writers: {n} processes in {elapsed:.1f} s; exit codes {sorted(set(codes))}; "
            f"{made}/{expected[0]} cycles, {notes}/{expected[1]} notes, {scores}/{expected[2]} scores; "
            f"lost {lost}; leftover temp files {len(list(project.rglob('*.tmp')))}"
        )


def kills(k: int = 100) -> None:
    """k kill -9s of a process appending notes, at random moments."""
    from qi.project.store import load_project

    code = (
        "import sys, datetime\nfrom qi.project.store import add_note\n"
        "i = 0\nwhile True:\n    i += 1\n"
        "    add_note(sys.argv[1], sys.argv[2], f'note {i}', author='killer', "
        "date=datetime.date(2022, 1, 1))\n"
    )
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp))
        corrupt = 0
        t0 = time.perf_counter()
        for _ in range(k):
            proc = subprocess.Popen(
                [sys.executable, "-c", code, str(project), "referral_protocol-001"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0 + rng.random() * 0.5)  # ~1 s of imports, then writes
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            try:
                load_project(project)
            except Exception as err:  # noqa: BLE001 - counted
                corrupt += 1
                print("  corrupt:", err)
        leftovers = [p for p in project.rglob("*") if p.name.endswith(".tmp")]
        notes = len(load_project(project).cycle("referral_protocol-001").notes)
        print(
            f"kills: {k} kill -9 in {time.perf_counter() - t0:.0f} s; project failed to load "
            f"{corrupt} times; {notes} notes on file; {len(leftovers)} temporary files left "
            "(a killed writer's temp file is hidden, never read)"
        )


def _payloads() -> list[str]:
    tags = ["script", "img", "svg", "iframe", "a", "body", "style", "math", "details", "object"]
    handlers = ["onerror", "onload", "onclick", "onmouseover", "ontoggle", "href", "src"]
    values = ["alert(1)", "javascript:alert(1)", "'x'", '"x"', "`x`", "data:text/html,<b>"]
    wraps = ["{}", "x{}x", "\"'>{}", "</title>{}", "<!--{}-->", "]]>{}", "{}\u202e", "\x1b[31m{}"]
    out = []
    for tag in tags:
        for handler in handlers:
            for value in values:
                for wrap in wraps[:3]:
                    out.append(wrap.format(f"<{tag} {handler}={value}>"))
    out += [w.format("<script>alert(1)</script>") for w in wraps]
    return out


def payloads() -> None:
    from qi.present.escape import escape, escape_markdown
    from qi.reports.export import error_page

    def renderings(text: str) -> list[str]:
        return [
            escape(text),
            escape_markdown(text),
            error_page(text, text, problems=[text], notebook="n.ipynb"),
        ]

    cases = _payloads()
    neutral = renderings("plain words")
    unescaped = 0
    for text in cases:
        tag = "<" + text.split("<", 1)[1].split(" ", 1)[0].split(">", 1)[0]
        for page, base in zip(renderings(text), neutral, strict=True):
            if page.count(tag) > base.count(tag):  # more raw tags than the page itself has
                unescaped += 1
    print(f"payloads: {len(cases)} payloads x 3 renderings; {unescaped} came out unescaped")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bombs() -> None:
    from qi.errors import ValidationError
    from qi.project import yamlio
    from qi.project.data import read_excel_file
    from tests.project.test_project_ranges import _workbook  # (the tests' own bombs)
    from tests.project.test_project_yaml_safety import BILLION_LAUGHS

    start = _peak_mb()
    t0 = time.perf_counter()
    try:
        _ = yamlio.Document(BILLION_LAUGHS, file="charter.yaml").plain
    except ValidationError:
        pass
    print(
        f"bombs: YAML billion laughs ({len(BILLION_LAUGHS)} bytes, 10^9 leaves) refused in "
        f"{(time.perf_counter() - t0) * 1000:.1f} ms, peak memory +{_peak_mb() - start:.0f} MB"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bomb = _workbook(
            Path(tmp) / "bomb.xlsx", b"<worksheet>" + b" " * 498_000_000 + b"</worksheet>"
        )
        start = _peak_mb()
        t0 = time.perf_counter()
        try:
            read_excel_file(bomb, {})
        except ValidationError:
            pass
        print(
            f"bombs: xlsx zip bomb ({bomb.stat().st_size / 1e6:.1f} MB -> 498 MB of XML) refused in "
            f"{(time.perf_counter() - t0) * 1000:.1f} ms, peak memory +{_peak_mb() - start:.0f} MB"
        )


def import_1m(rows: int = 1_000_000) -> None:
    """A 1M-row import: 1,000 weekly measures x 1,000 weeks."""
    import qi.project.intake as intake
    import qi.project.store as store
    from qi.project import fsio

    measures, weeks = 1000, rows // 1000
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "big"
        store.init_project(project, title="Big")
        charter = project / "charter.yaml"
        text = charter.read_text()
        lines = ["measures:"] + [
            f"  - {{id: m{i}, name: M {i}, type: process, unit: count, "
            f"improvement: up, frequency: weekly}}"
            for i in range(measures)
        ]
        start = text.index("measures:")
        end = text.index("change_ideas:")
        charter.write_text(text[:start] + "\n".join(lines) + "\n" + text[end:])
        source = Path(tmp) / "rows.csv"
        import datetime as dt

        mondays = [(dt.date(2000, 1, 3) + dt.timedelta(weeks=w)).isoformat() for w in range(weeks)]
        with source.open("w") as handle:
            handle.write("measure,period,value\n")
            for i in range(measures):
                handle.writelines(f"m{i},{d},{(i * 7 + w) % 50}\n" for w, d in enumerate(mondays))
        held: list[float] = []
        real_lock = fsio.project_lock

        @contextlib.contextmanager
        def timed_lock(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            with real_lock(*args, **kwargs):
                t = time.perf_counter()
                try:
                    yield
                finally:
                    held.append(time.perf_counter() - t)

        intake.project_lock = timed_lock  # import_data's lock (qi.project.intake)
        waited: list[float] = []

        def score_during() -> None:  # a colleague's write while the import runs
            time.sleep(1.0)
            t = time.perf_counter()
            try:
                store.set_score(project, 2, rationale="during the import")
            except Exception as err:  # noqa: BLE001 - reported
                print("  concurrent write failed:", type(err).__name__, str(err).splitlines()[0])
            waited.append(time.perf_counter() - t)

        colleague = threading.Thread(target=score_during)
        colleague.start()
        start_mb = _peak_mb()
        t0 = time.perf_counter()
        try:
            added, replaced = store.import_data(project, source)
        except Exception as err:  # noqa: BLE001 - reported
            print("import: failed:", err)
            return
        total = time.perf_counter() - t0
        colleague.join()
        print(
            f"import: {added:,} rows in {total:.1f} s ({source.stat().st_size / 1e6:.0f} MB CSV); "
            f"project lock held {max(held):.1f} s; peak memory +{_peak_mb() - start_mb:.0f} MB; "
            f"a score set 1 s in took {waited[0]:.1f} s"
        )


def ctrl_c(after: float = 10.0) -> None:
    from qi.reports.kernel import _FOLDER_PREFIX

    tmpdir = Path(tempfile.gettempdir())
    before = {p.name for p in tmpdir.glob(f"{_FOLDER_PREFIX}*")}
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [
                *QI,
                "report",
                str(ROOT / "data" / "examples"),
                "--out",
                tmp,
                "-j",
                "2",
                "-q",
                "--force",
            ],
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(after)
        children = subprocess.run(
            ["pgrep", "-s", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        kernels = [
            k
            for c in children
            for k in subprocess.run(
                ["pgrep", "-P", c], capture_output=True, text=True
            ).stdout.split()
        ]
        os.killpg(proc.pid, signal.SIGINT)
        t0 = time.perf_counter()
        proc.communicate(timeout=300)
        stopped = time.perf_counter() - t0
        time.sleep(2)
        left = subprocess.run(
            ["pgrep", "-s", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        alive = [pid for pid in children + kernels if Path(f"/proc/{pid}").exists()]
        manifest = Path(tmp) / "manifest.json"
        entries = json.loads(manifest.read_text())["reports"] if manifest.exists() else []
        pages = len(list(Path(tmp).rglob("*.html")))
        # (other users' runs make kernel folders too: count only this run's, named by its pids)
        folders = [
            p
            for p in set(tmpdir.glob(f"{_FOLDER_PREFIX}*")) - {tmpdir / n for n in before}
            if p.name[len(_FOLDER_PREFIX) :].split("-", 1)[0] in children
        ]
        print(
            f"ctrl-c: SIGINT at {after:g} s; exited {stopped:.1f} s later (code {proc.returncode}); "
            f"of its {len(children)} processes and {len(kernels)} kernels {len(alive)} still run "
            f"({len(left)} in its session); {len(folders)} kernel folders left; "
            f"manifest {len(entries)} entries, {pages} pages"
        )


SECTIONS = {
    "writers": writers,
    "kills": kills,
    "payloads": payloads,
    "bombs": bombs,
    "import": import_1m,
    "ctrl-c": ctrl_c,
}

if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    for name in sys.argv[1:] or list(SECTIONS):
        SECTIONS[name]()
