"""Keep sandboxed servers away from the host's own services.

An `internal` Docker network has no route out, but the host still owns the bridge's gateway
address, so a container can open connections to any host service listening on 0.0.0.0 (checked:
it can). The sandbox bridge is named `lgshared` (prefix `lg`); one firewall rule drops every NEW connection
that arrives from an `lg*` interface. The grader's own connections to the container are
unaffected (their replies are ESTABLISHED). The rule needs root; without it the grader warns.
"""

from __future__ import annotations

import shutil
import subprocess

BRIDGE_PREFIX = "lg"
RULE = ["INPUT", "-i", f"{BRIDGE_PREFIX}+", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP"]
MANUAL = "iptables -I " + " ".join(RULE)

_state: str | None | bool = False  # False: not checked yet; None: guarded; str: the warning


def _iptables(*args: str) -> int:
    try:
        return subprocess.run(["iptables", "-w", *args], capture_output=True, timeout=10).returncode
    except (OSError, subprocess.TimeoutExpired):
        return 1


def ensure() -> str | None:
    """Install the rule if missing; None when the host is guarded, else a warning to show."""
    global _state
    if _state is not False:
        return _state  # type: ignore[return-value]
    if shutil.which("iptables") is None:
        _state = "iptables is not available: sandboxed servers can reach services on this host's bridge address"
    elif _iptables("-C", *RULE) == 0 or _iptables("-I", *RULE) == 0:
        _state = None
    else:
        _state = (
            "could not install the host firewall rule (needs root): sandboxed servers can reach services "
            f"listening on this host's bridge address; as root run: {MANUAL}"
        )
    return _state
