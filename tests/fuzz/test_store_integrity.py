"""Sweep stores that don't lie: corrupted, deleted or raced chunks are detected; edited inputs refuse a resume;
workers die with their parent."""

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.errors import InvalidParameter
from neqsc.sweep import open_result, read_status, sweep
from neqsc.sweep.store import CorruptPointsWarning, ZarrSink
from neqsc.sweep.toy import brownian_relaxation

GRID = {"gamma": [1e3, 3e3], "temperature": [0.02, 0.05]}
SMALL = functools.partial(brownian_relaxation, n_walkers=200, n_steps=20)


def _store(tmp_path) -> tuple[Path, np.ndarray]:
    store = tmp_path / "s.zarr"
    ds = sweep(SMALL, GRID, "serial", store=store)
    return store, ds["v2"].values.copy()


def _chunk(store: Path, name: str, index: tuple[int, ...]) -> Path:
    path = store / name / "c" / Path(*map(str, index))
    assert path.is_file(), path
    return path


def _assert_detected_and_repaired(store: Path, reference: np.ndarray, bad: int) -> None:
    info = read_status(store)
    assert info["corrupt"] == 1 and info["corrupt_points"] == [bad] and info["done"] == 3
    with pytest.raises(InvalidParameter, match="checksum"):
        open_result(store)
    result = CliRunner().invoke(app, ["sweep", "status", str(store)])
    assert result.exit_code == 1 and "corrupt" in result.output
    with pytest.warns(CorruptPointsWarning):
        repaired = sweep(SMALL, GRID, "serial", store=store, resume=True)
    np.testing.assert_array_equal(repaired["v2"].values, reference)  # recomputed, bit-identical (seeded)
    assert read_status(store)["corrupt"] == 0


def test_flipped_byte_in_a_data_chunk(tmp_path):
    store, reference = _store(tmp_path)
    chunk = _chunk(store, "v2", (0, 1, 0))
    data = bytearray(chunk.read_bytes())
    data[len(data) // 2] ^= 0x01
    chunk.write_bytes(bytes(data))
    _assert_detected_and_repaired(store, reference, bad=1)


def test_garbage_in_a_data_chunk(tmp_path):
    store, reference = _store(tmp_path)
    _chunk(store, "v2", (1, 0, 0)).write_bytes(b"garbage" * 10)
    _assert_detected_and_repaired(store, reference, bad=2)


def test_deleted_data_chunk(tmp_path):
    store, reference = _store(tmp_path)
    _chunk(store, "v2", (1, 1, 0)).unlink()
    _assert_detected_and_repaired(store, reference, bad=3)


def test_garbage_status_chunk_is_not_done(tmp_path):
    store, reference = _store(tmp_path)
    _chunk(store, "sweep_status", (0, 0)).write_bytes(b"\xff" * 7)
    _assert_detected_and_repaired(store, reference, bad=0)


def test_two_creators_at_once_exactly_one_wins(tmp_path, monkeypatch):
    # both build their store, then both try to move it into place at the same moment
    barrier = threading.Barrier(2, timeout=30)
    original = ZarrSink._create

    def create_then_wait(self, *args, **kwargs):
        original(self, *args, **kwargs)
        barrier.wait()

    monkeypatch.setattr(ZarrSink, "_create", create_then_wait)
    store = tmp_path / "s.zarr"
    grids = [GRID, {"gamma": [5e3], "temperature": [0.1, 0.2, 0.3]}]
    outcome: list = [None, None]

    def run(i):
        try:
            outcome[i] = sweep(SMALL, grids[i], "serial", store=store)
        except InvalidParameter as exc:
            outcome[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for i in range(2) if not isinstance(outcome[i], Exception)]
    assert len(winners) == 1 and "another sweep" in str(outcome[1 - winners[0]])
    stored = open_result(store)
    np.testing.assert_array_equal(stored["gamma"].values, grids[winners[0]]["gamma"])  # its own coordinates
    assert read_status(store)["done"] == stored["sweep_status"].size
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary store left


def test_api_and_cli_creating_the_same_store(tmp_path):
    """A real race: a CLI process and the API in this process start on one new store; the store stays sound."""
    store = tmp_path / "race.zarr"
    toml = tmp_path / "sweep.toml"
    toml.write_text(
        f'model = "brownian"\nstore = "{store}"\nexecutor = "serial"\n[parameters]\nmass = "1e-18 kg"\n'
        "n_walkers = 200\nn_steps = 20\n[sweep]\ngamma = [2000.0]\ntemperature = [0.01, 0.02]\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    cli = subprocess.Popen([sys.executable, "-m", "neqsc", "sweep", "run", str(toml), "-q"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        api = sweep(SMALL, GRID, "serial", store=store)
    except InvalidParameter as exc:
        api = exc
    _out, err = cli.communicate(timeout=120)
    assert "Traceback" not in err
    assert cli.returncode in (0, 2)
    assert (cli.returncode == 0) + (not isinstance(api, Exception)) >= 1
    info = read_status(store)
    assert info["corrupt"] == 0 and info["done"] == info["total"]
    gammas = open_result(store)["gamma"].values.tolist()
    assert gammas in ([2000.0], GRID["gamma"])


def test_resume_after_an_input_file_changed_is_refused(tmp_path):
    device = tmp_path / "device.toml"
    device.write_text("a = 1\n")
    store = tmp_path / "s.zarr"
    func = functools.partial(_reads_file, path=str(device))
    sweep(func, {"x": [1.0, 2.0]}, "serial", store=store)
    sweep(func, {"x": [1.0, 2.0]}, "serial", store=store, resume=True)  # unchanged: fine
    device.write_text("a = 2\n")
    with pytest.raises(InvalidParameter, match="input file"):
        sweep(func, {"x": [1.0, 2.0]}, "serial", store=store, resume=True)


def _reads_file(x: float, path: str) -> dict:
    return {"value": x * len(Path(path).read_text())}


_ORPHAN_SCRIPT = """
import sys, time
from neqsc.sweep import sweep
from tests.sweep._helpers import sleepy
sweep(sleepy, {"x": [float(i) for i in range(40)]}, "processes", workers=2, store=sys.argv[1])
"""


@pytest.mark.slow
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    psutil = pytest.importorskip("psutil")
    root = Path(__file__).parents[2]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN_SCRIPT, str(tmp_path / "o.zarr")], env=env)
    deadline = time.time() + 60
    children = []
    while time.time() < deadline and len(children) < 2:
        time.sleep(0.2)
        children = psutil.Process(parent.pid).children(recursive=True)
    assert len(children) >= 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    _gone, alive = psutil.wait_procs(children, timeout=5)
    for p in alive:
        p.kill()
    assert not alive, f"{len(alive)} workers outlived their parent by > 5 s"
