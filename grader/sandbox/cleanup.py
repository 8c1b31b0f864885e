"""What `grade cleanup` and an interrupted grading remove: containers and networks labelled by a
grader process that is gone (or by this one)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from .engine import LABEL, client, labelled, remove_by_id, remove_network, start_time
from .network import SHARED_NETWORK


def owner_alive(labels_: dict[str, str]) -> bool:
    """Is the grader process that created this still running (on this host)?"""
    if labels_.get(f"{LABEL}.host") != socket.gethostname():
        return True  # another machine's engine user: not ours to judge
    try:
        pid = int(labels_.get(f"{LABEL}.pid", ""))
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (ValueError, OSError):
        return False
    if started := labels_.get(f"{LABEL}.pid-start"):
        # exact: also a test process or a library user driving the sandbox (no 'grade' in its argv)
        return start_time(pid) == started
    return b"grader" in cmdline or b"grade" in cmdline  # labels of an older grader


def cleanup_leftovers(everything: bool = False) -> tuple[int, int]:
    """Remove labelled containers and networks whose grader process is gone (all with everything)."""
    c = client()
    containers = networks = 0
    for row in labelled(c, LABEL):
        if not everything and owner_alive(row.get("Labels") or {}):
            continue
        containers += remove_by_id(c, row["Id"])
    for network in c.networks.list(filters={"label": LABEL}):
        shared = network.name == SHARED_NETWORK
        if not everything and (shared or owner_alive(network.attrs.get("Labels") or {})):
            continue
        if remove_network(network, attempts=1 if shared else 20):  # in use: left alone
            networks += 1
    return containers, networks


def remove_own(pid: int | None = None) -> int:
    """Remove what this grader process (or `pid`) created, through a fresh engine connection: the
    last resort of an interrupted grading whose own clean-up is stuck (see cli._watchdog)."""
    pid = os.getpid() if pid is None else pid
    c = client(timeout=10)
    removed = 0
    for row in labelled(c, f"{LABEL}.pid={pid}"):
        if (row.get("Labels") or {}).get(f"{LABEL}.pid-start") == start_time(pid):
            removed += remove_by_id(c, row["Id"])
    for network in c.networks.list(filters={"label": f"{LABEL}.pid={pid}"}):
        if network.name != SHARED_NETWORK:
            remove_network(network, attempts=5)
    return removed


def leftovers() -> tuple[list[str], list[str]]:
    c = client()
    return (
        [row["Names"][0].lstrip("/") for row in labelled(c, LABEL)],
        [n.name for n in c.networks.list(filters={"label": LABEL})],
    )
