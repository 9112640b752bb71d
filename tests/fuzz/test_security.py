"""Sweep security: only known jobqueue keys; a local Dask cluster listens on 127.0.0.1 only, without port 8787."""

import pytest

from neqsc.errors import InvalidParameter
from neqsc.sweep.config import parse_config
from neqsc.sweep.executors import check_jobqueue


def test_unknown_jobqueue_keys_are_refused_with_the_nearest_name():
    check_jobqueue({"cores": 4, "memory": "8GB", "walltime": "01:00:00", "jobs": 2})
    with pytest.raises(InvalidParameter, match="walltime"):
        check_jobqueue({"wallclock": "01:00:00"})
    with pytest.raises(InvalidParameter, match="jobqueue"):
        parse_config({"model": "brownian", "sweep": {"gamma": [1.0]}, "jobqueue": {"env_injection": "rm -rf /"}})


def test_local_dask_cluster_listens_on_loopback_only_and_not_on_8787(monkeypatch):
    distributed = pytest.importorskip("distributed")
    psutil = pytest.importorskip("psutil")
    from neqsc.sweep.executors import local_cluster

    monkeypatch.delenv("NEQSC_DASK_DASHBOARD", raising=False)
    cluster = local_cluster(distributed, 1)
    try:
        listening = []
        for proc in [psutil.Process(), *psutil.Process().children(recursive=True)]:
            try:
                connections = proc.net_connections(kind="inet")
            except psutil.Error:
                continue
            listening += [c.laddr for c in connections if c.status == psutil.CONN_LISTEN]
        assert listening, "the cluster listens somewhere"
        assert all(addr.ip == "127.0.0.1" for addr in listening), listening
        assert all(addr.port != 8787 for addr in listening), listening
    finally:
        cluster.close()
