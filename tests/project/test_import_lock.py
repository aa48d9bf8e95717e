"""Issue 11: an import merges before taking the project lock; under the lock it writes, after
merging again if another writer changed the data file meanwhile (nothing is lost)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from qi import load_project
from qi.project import data as data_io
from qi.project import intake as store  # import_data and the lock it takes live in intake

_spec = importlib.util.spec_from_file_location(
    "project_conftest", Path(__file__).with_name("conftest.py")
)
_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conf)


def _project(tmp_path: Path) -> Path:
    return _conf.write_project(
        tmp_path / "demo", data="measure,period,value,denominator,note\nvisits,2020-01,3,,\n"
    )


def test_the_merge_runs_before_the_lock(tmp_path, monkeypatch):
    root = _project(tmp_path)
    source = tmp_path / "new.csv"
    source.write_text(
        "measure,period,value,denominator,note\nvisits,2020-02,5,,\n", encoding="utf-8"
    )
    held = []
    real_lock, real_merge = store.project_lock, data_io.merge_into

    class Watch:
        def __init__(self, *a, **k):
            self.inner = real_lock(*a, **k)

        def __enter__(self):
            held.append(True)
            return self.inner.__enter__()

        def __exit__(self, *a):
            held.pop()
            return self.inner.__exit__(*a)

    merges_under_lock = []

    def merge(*a, **k):
        merges_under_lock.append(bool(held))
        return real_merge(*a, **k)

    monkeypatch.setattr(store, "project_lock", Watch)
    monkeypatch.setattr(data_io, "merge_into", merge)
    assert store.import_data(root, source) == (1, 0)
    assert merges_under_lock == [False]
    assert load_project(root).measure_data("visits")["value"].tolist() == [3, 5]


def test_a_write_between_the_merge_and_the_lock_is_kept(tmp_path, monkeypatch):
    root = _project(tmp_path)
    source = tmp_path / "new.csv"
    source.write_text(
        "measure,period,value,denominator,note\nvisits,2020-02,5,,\n", encoding="utf-8"
    )
    real_lock = store.project_lock
    data_file = root / "data" / "measures.csv"

    def lock_after_a_colleague_wrote(*a, **k):
        # a colleague's import lands while this one was merging
        data_file.write_text(
            data_file.read_text(encoding="utf-8") + "visits,2020-03,7,,\n", encoding="utf-8"
        )
        monkeypatch.setattr(store, "project_lock", real_lock)
        return real_lock(*a, **k)

    monkeypatch.setattr(store, "project_lock", lock_after_a_colleague_wrote)
    assert store.import_data(root, source) == (1, 0)
    assert load_project(root).measure_data("visits")["value"].tolist() == [3, 5, 7]
