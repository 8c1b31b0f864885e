"""Find, load and validate challenge folders (`challenges/challenge-NN/challenge.toml`)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .datafiles import DataSpec
from .errors import ChallengeFormatError, UnknownChallenge

TRACKS = ("node", "python")
_ID = re.compile(r"^challenge-\d{2}$")


@dataclass(frozen=True)
class ServerLimits:
    port: int = 3000
    startup_timeout: float = 15.0
    request_timeout: float = 5.0
    suite_timeout: float = 120.0
    max_response_mb: int = 64  # the suite client's cap on one response body


@dataclass(frozen=True)
class Challenge:
    id: str
    slug: str
    title: str
    tier: int
    minutes: int
    tags: tuple[str, ...]
    summary: str
    path: Path
    server: ServerLimits = field(default_factory=ServerLimits)
    env: dict[str, str] = field(default_factory=dict)
    data: tuple[DataSpec, ...] = ()
    raw: dict = field(default_factory=dict)

    @property
    def tests_dir(self) -> Path:
        return self.path / "tests"

    @property
    def readme(self) -> Path:
        return self.path / "README.md"

    def starter(self, track: str) -> Path:
        return self.path / "starter" / track

    @property
    def tracks(self) -> tuple[str, ...]:
        return tuple(t for t in TRACKS if self.starter(t).is_dir())

    @property
    def number(self) -> int:
        return int(self.id.split("-")[1])


def normalise_id(text: str) -> str:
    """'13', '013', 'challenge-13' and 'challenge-013' all name challenge-13."""
    m = re.fullmatch(r"(?:challenge-)?0*(\d{1,3})", text.strip())
    if not m:
        raise UnknownChallenge(
            f"'{text}' is not a challenge id", hint="ids look like challenge-13 (see `grade list`)"
        )
    return f"challenge-{int(m.group(1)):02d}"


def load(path: Path) -> Challenge:
    toml_path = path / "challenge.toml"
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ChallengeFormatError(f"{path.name}: challenge.toml is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ChallengeFormatError(f"{toml_path}: {exc}") from None
    missing = [k for k in ("id", "slug", "title", "tier", "minutes") if k not in data]
    if missing:
        raise ChallengeFormatError(f"{toml_path}: missing keys {', '.join(missing)}")
    if data["id"] != path.name or not _ID.match(data["id"]):
        raise ChallengeFormatError(f"{toml_path}: id '{data['id']}' must equal the folder name")
    server = data.get("server", {})
    try:
        limits = ServerLimits(**server)
    except TypeError as exc:
        raise ChallengeFormatError(f"{toml_path}: [server]: {exc}") from None
    env = {str(k): str(v) for k, v in data.get("env", {}).items()}
    try:
        specs = tuple(DataSpec(name=str(d["name"]), size_mb=int(d["size_mb"])) for d in data.get("data", []))
    except (KeyError, TypeError, ValueError) as exc:
        raise ChallengeFormatError(f"{toml_path}: [[data]] needs name and size_mb ({exc})") from None
    return Challenge(
        id=data["id"],
        slug=data["slug"],
        title=data["title"],
        tier=int(data["tier"]),
        minutes=int(data["minutes"]),
        tags=tuple(data.get("tags", ())),
        summary=data.get("summary", ""),
        path=path,
        server=limits,
        env=env,
        data=specs,
        raw=data,
    )


def get(challenge_id: str, root: Path | None = None) -> Challenge:
    root = root or paths.challenges_dir()
    cid = normalise_id(challenge_id)
    path = root / cid
    if not (path / "challenge.toml").is_file():
        known = ", ".join(c.id for c in all_challenges(root)[:3])
        raise UnknownChallenge(
            f"no challenge '{challenge_id}'",
            hint=f"`grade list` shows the catalogue ({known}, ...)" if known else None,
        )
    return load(path)


def all_challenges(root: Path | None = None) -> list[Challenge]:
    root = root or paths.challenges_dir()
    if not root.is_dir():
        return []
    return [load(p) for p in sorted(root.iterdir()) if (p / "challenge.toml").is_file()]
