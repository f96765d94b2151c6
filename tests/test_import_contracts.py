"""The layering is checked by import-linter against the contracts in pyproject.toml.

ui > training > export > compiler > layers > core (cli above all); Qt only in netstudio.ui; the core
without torch, numpy or the compiler. A broken contract fails here with import-linter's report.
"""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "3 kept, 0 broken" in out
