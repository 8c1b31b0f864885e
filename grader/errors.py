"""The grader's exception tree.

Candidate failures are *data* (a failed check with its reason), never exceptions. The exceptions
below are grader or usage failures: they end a run with a one-line message, a hint, and exit code 2.

    GraderError                  base; has .message and .hint
    +-- UsageError               bad command-line input
    |   +-- UnknownChallenge     no challenge with that id
    |   +-- SubmissionError      missing/empty folder, track not detectable
    +-- ChallengeFormatError     a challenge folder is malformed (a bug in this repository)
    +-- SandboxError             the sandbox could not be provided
        +-- EngineUnavailable    no Docker engine answers
        +-- ImageMissing         the runtime or services image is not built
        +-- ServiceUnavailable   a service the challenge needs can be neither started nor was given
"""

from __future__ import annotations


class GraderError(Exception):
    exit_code = 2

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
