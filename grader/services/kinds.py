"""The service kinds by name (challenge.toml's `kind`)."""

from __future__ import annotations

from . import mongo, postgres, redis, smtp, upstream
from .base import Kind

KINDS: dict[str, Kind] = {m.KIND.kind: m.KIND for m in (postgres, redis, mongo, upstream, smtp)}
