"""npm's version ranges, enough to tell whether a curated package satisfies what a package.json
declares (`^4.18.2`, `~1.2`, `4.x`, `>=4 <6`, `1.2.3 - 2`, `a || b`, `*`). Pre-release tags are
ignored: the curated pins are releases. Anything else (tags like `latest`, URLs, `file:`) is
"not satisfied", which only means the grader installs what was declared."""

from __future__ import annotations

import re

_PART = r"(?:0|[1-9]\d*|[xX*])"
_PARTIAL = re.compile(rf"^v?=?\s*({_PART})(?:\.({_PART})(?:\.({_PART}))?)?(?:[-+][0-9A-Za-z.+-]*)?$")
_COMPARATOR = re.compile(r"^(<=|>=|<|>|=|\^|~>?|)\s*(.*)$")
_HYPHEN = re.compile(r"^\s*(\S+)\s+-\s+(\S+)\s*$")

Version = tuple[int, int, int]


def parse_version(text: str) -> Version | None:
    m = _PARTIAL.match(text.strip())
    if not m or any(p is None or not p.isdigit() for p in m.groups()):
        return None
    return tuple(int(p) for p in m.groups())  # type: ignore[return-value]


def _partial(text: str) -> list[int] | None:
    """'1.2' -> [1, 2]; 'x' / '*' / '' -> []; None when not a version."""
    if text in ("", "*", "x", "X"):
        return []
    m = _PARTIAL.match(text)
    if not m:
        return None
    out = []
    for p in m.groups():
        if p is None or not p.isdigit():
            break
        out.append(int(p))
    return out


def _bump(parts: list[int]) -> Version:
    """The first version above every version matching the partial `parts` (1.2 -> 1.3.0)."""
    p = parts[:-1] + [parts[-1] + 1]
    return tuple(p + [0] * (3 - len(p)))  # type: ignore[return-value]


def _full(parts: list[int]) -> Version:
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def _bounds(op: str, parts: list[int]) -> tuple[Version | None, bool, Version | None]:
    """(lower, lower_inclusive, upper_exclusive) of one comparator."""
    if not parts:
        return ((0, 0, 0), True, None) if op not in ("<", ">") else ((0, 0, 0), True, (0, 0, 0))
    if op == "^":
        first = next((i for i, p in enumerate(parts) if p != 0), len(parts) - 1)
        return _full(parts), True, _bump(parts[: first + 1])
    if op in ("~", "~>"):
        return _full(parts), True, _bump(parts[:2] if len(parts) >= 2 else parts)
    if op in ("", "="):
        return _full(parts), True, _bump(parts)  # 1.2 is 1.2.x; 1.2.3 is exactly that
    if op == ">=":
        return _full(parts), True, None
    if op == ">":
        return (_bump(parts), True, None) if len(parts) < 3 else (_full(parts), False, None)
    if op == "<":
        return (0, 0, 0), True, _full(parts)
    if op == "<=":
        return (0, 0, 0), True, _bump(parts)
    raise ValueError(op)


def _comparator_set(text: str) -> list[tuple[Version | None, bool, Version | None]] | None:
    hyphen = _HYPHEN.match(text)
    if hyphen:
        lo, hi = _partial(hyphen.group(1)), _partial(hyphen.group(2))
        if lo is None or hi is None:
            return None
        return [(_full(lo), True, None), ((0, 0, 0), True, _bump(hi) if hi else None)]
    # ">= 1.2" is one comparator: glue operators to their version first
    tokens = re.sub(r"(<=|>=|<|>|=|\^|~>?)\s+", r"\1", text).split()
    out = []
    for token in tokens or [""]:
        op, rest = _COMPARATOR.match(token).groups()  # type: ignore[union-attr]
        parts = _partial(rest)
        if parts is None:
            return None
        out.append(_bounds(op, parts))
    return out


def satisfies(version: str, spec: str) -> bool:
    v = parse_version(version)
    if v is None:
        return False
    for alternative in spec.split("||"):
        bounds = _comparator_set(alternative.strip())
        if bounds is None:
            continue
        if all((v >= lo if inc else v > lo) and (hi is None or v < hi) for lo, inc, hi in bounds):
            return True
    return False
