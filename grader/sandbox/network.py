"""The shared sandbox network (one for every grading on this engine)."""

from __future__ import annotations

import fcntl
import tempfile
from pathlib import Path

from . import hostguard
from .engine import LABEL

SHARED_NETWORK = "live-grader-sandbox"


def shared_network(client):
    """The one `internal` network every sandbox joins: no route out, and inter-container traffic
    disabled (enable_icc=false: checked, packets between two sandboxes are dropped), so concurrent
    submissions cannot reach each other. One network instead of one per run saves the engine's
    network set-up and tear-down (iptables work) on every grading. Its bridge is `lgshared`, under
    the host firewall rule of hostguard. Created on first use; a host-wide lock keeps two graders
    from creating it twice."""
    import docker.errors

    def find():
        for n in client.networks.list(names=[SHARED_NETWORK]):
            if n.name == SHARED_NETWORK:
                return n
        return None

    lock_path = Path(tempfile.gettempdir()) / "live-grader-network.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            network = find()
            if network is None:
                try:
                    network = client.networks.create(
                        SHARED_NETWORK, driver="bridge", internal=True,
                        labels={LABEL: "1", f"{LABEL}.shared": "1"},
                        options={"com.docker.network.bridge.name": f"{hostguard.BRIDGE_PREFIX}shared",
                                 "com.docker.network.bridge.enable_icc": "false"},
                    )
                except docker.errors.APIError:
                    network = find()  # another engine user made it meanwhile
                    if network is None:
                        raise
            return network
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
