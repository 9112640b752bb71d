"""The Python examples of docs/thermal.md run as printed (the custom-network example in particular)."""

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "thermal.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_thermal_docs_have_the_custom_network_example():
    assert any("Network(" in b and "sweep(" in b for b in BLOCKS)


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_thermal_docs_example_runs(code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {"__name__": "__main__"})
    if "T_D falls" in code:  # the printed numbers are the ones the docs state
        assert "200–410 pW" in capsys.readouterr().out
