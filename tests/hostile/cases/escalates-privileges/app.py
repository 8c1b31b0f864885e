"""Tries to become root or use privileged syscalls; any success is a finding."""
import ctypes
import os
import shutil
import subprocess

from good import serve

found = []


def attempt(name, fn):
    try:
        fn()
        found.append(name)
    except Exception as exc:  # noqa: BLE001 - every failure is the expected outcome
        print(f"{name}: blocked ({type(exc).__name__})", flush=True)


attempt("setuid(0)", lambda: os.setuid(0))
libc = ctypes.CDLL(None, use_errno=True)


def mount():
    if libc.mount(b"none", b"/work", b"tmpfs", 0, None) != 0:
        raise OSError(ctypes.get_errno(), "mount")


attempt("mount", mount)


def chroot():
    os.chroot("/work")


attempt("chroot", chroot)


def setuid_copy():
    shutil.copy("/bin/sh", "rootsh")
    os.chmod("rootsh", 0o4755)
    if os.stat("rootsh").st_uid == 0:
        raise AssertionError("owned by root?")
    out = subprocess.run(["./rootsh", "-c", "id -u"], capture_output=True, text=True).stdout.strip()
    if out != "0":
        raise PermissionError(f"still uid {out}")


attempt("setuid binary", setuid_copy)
attempt("sudo", lambda: subprocess.run(["sudo", "-n", "true"], check=True, capture_output=True))
serve(status=lambda: {"found": found} if found else {})
