"""live-grader: score a candidate's HTTP server against a challenge's hidden suite."""

__version__ = "0.1.0"
