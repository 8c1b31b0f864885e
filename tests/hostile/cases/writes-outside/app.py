"""Tries to write outside its work dir; any success is reported as a finding (fails a check)."""
from good import serve

found = []
for path in ("/etc/pwned", "/usr/pwned", "/submission/pwned", "/opt/grader/pwned", "/pwned", "/data/pwned"):
    try:
        with open(path, "w") as fh:
            fh.write("x")
        found.append(path)
    except OSError as exc:
        print(f"{path}: {exc.strerror}", flush=True)
serve(status=lambda: {"found": found} if found else {})
