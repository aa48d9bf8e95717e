"""`python -m qi.demo` (what `make demo` runs): its error when run outside the repository."""

from __future__ import annotations

from qi import demo


def test_demo_names_the_missing_examples_folder(tmp_path, capsys):
    assert demo.main([str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert (
        f"error: {tmp_path / 'nowhere'} not found; run `make demo` from the qi repository root"
        in err
    )
