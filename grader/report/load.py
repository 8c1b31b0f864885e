"""Rebuild a `RunResult` from its JSON (`--json`, a batch's runs/*.json), so saved results can be
reported again in any format."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from ..results import CheckResult, Exchange, RunResult, ServerInfo

T = TypeVar("T")


def _known(cls: type[T], data: dict[str, Any]) -> dict[str, Any]:
    # derived fields (percent, passed) and fields of newer versions are not constructor arguments
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return {k: v for k, v in data.items() if k in names}


def result_from_dict(data: dict[str, Any]) -> RunResult:
    fields = _known(RunResult, data)
    fields["server"] = ServerInfo(**_known(ServerInfo, data.get("server") or {}))
    checks = []
    for raw in data.get("checks", []):
        check = _known(CheckResult, raw)
        ex = raw.get("exchange")
        check["exchange"] = Exchange(**_known(Exchange, ex)) if ex else None
        checks.append(CheckResult(**check))
    fields["checks"] = checks
    return RunResult(**fields)
