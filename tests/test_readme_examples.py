"""Every Python example in README.md runs as printed (examples that drift from the API are bugs)."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_examples():
    # one for the core and one per engine section (tdgl, phonons, photonic, thermal, quasiclassics, fits, sweep)
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # examples may write files (e.g. a sweep store)
    exec(compile(code, str(README), "exec"), {"__name__": "__main__"})
