"""The grader's exception tree.

Candidate failures are *data* (a failed check with its reason), never exceptions. The exceptions
below are grader or usage failures: they end a run with a one-line message, a hint, and exit code 2.

    GraderError                  base; has .message and .hint
    +-- UsageError               bad command-line input
    |   +-- UnknownChallenge     no challenge with that id
    |   +-- SubmissionError      missing/empty folder, track not detectable
    |   +-- MergeRefused         `grade merge`: shard outputs that are not the parts of one batch
    +-- ChallengeFormatError     a challenge folder is malformed (a bug in this repository)
    +-- SandboxError             the sandbox could not be provided
        +-- EngineUnavailable    no Docker engine answers
        +-- ImageMissing         the runtime or services image is not built
        +-- ServiceUnavailable   a service the challenge needs can be neither started nor was given

Verdicts are raised inside the grader where a candidate failure is found deep in a call, and
turned into data (a run-level reason or a failed check) by the code that called it; they never
reach the user as an error. str() is the verdict's text.

    Verdict                      base
    +-- NotReady                 the server did not become ready (readiness.py -> the run's reason)
    +-- ResponseTooLarge         a response crossed a limit the grader holds (http.py -> the check)
    +-- InstallFailed            the declared dependencies could not be installed (deps.py)
    +-- AmbiguousEntry           cannot tell which file starts the server (startcmd.py)
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What every `grade` command (and `python -m grader.ci`) exits with."""

    OK = 0  # every check passed, or the score met --min-score; a batch: every submission did
    FAILED = 1  # a check failed or the server did not start (the result says why)
    USAGE = 2  # a usage or grader error: one line, a hint (GraderError below)
    CRASHED = 3  # a batch's grading process ended without an exit code of its own (a grader bug)
    INTERRUPTED = 130  # Ctrl-C or SIGTERM, after the clean-up


class GraderError(Exception):
    exit_code = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(GraderError):
    pass


class UnknownChallenge(UsageError):
    pass


class SubmissionError(UsageError):
    pass


class MergeRefused(UsageError):
    pass


class ChallengeFormatError(GraderError):
    pass


class SandboxError(GraderError):
    pass


class EngineUnavailable(SandboxError):
    pass


class ImageMissing(SandboxError):
    pass


class ServiceUnavailable(SandboxError):
    pass


class Verdict(Exception):
    pass


class NotReady(Verdict):
    pass


class ResponseTooLarge(Verdict):
    """The message names the limit ("the response body decoded to more than 64 MiB (gzip)")."""


class InstallFailed(Verdict):
    pass


class AmbiguousEntry(Verdict):
    """The one line telling the candidate which file to name."""
