#!/usr/bin/env python3
# Parses a Flatpak manifest with `flatpak-builder --show-manifest`, the way
# Flathub's linter does (manifest-unknown-properties), and fails on anything
# it writes to stderr.  flatpak-builder exits 0 after "Unknown property"
# warnings, so the exit code alone proves nothing.  Needs no runtime, no SDK
# and no network.
#
# Usage: check-show-manifest.py MANIFEST.json
#        check-show-manifest.py --self-test MANIFEST.json   (the check itself)
# Exit 77 (skip) when flatpak-builder is not installed (build-aux/setup
# installs it).
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile


def check(builder, manifest):
    """Prints what it checked and returns the failures."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    # flatpak-builder leaves a .flatpak-builder/ state folder in its working
    # directory even for --show-manifest: give it a scratch one.
    with tempfile.TemporaryDirectory() as scratch:
        proc = subprocess.run([builder, "--show-manifest", os.path.abspath(manifest)],
                              capture_output=True, text=True, env=env, cwd=scratch,
                              check=False)

    failures = []
    if proc.returncode != 0:
        failures.append(f"flatpak-builder --show-manifest exited with {proc.returncode}")
    for line in proc.stderr.splitlines():
        if line.strip():
            failures.append(f"flatpak-builder said: {line.strip()}")

    parsed = None
    if proc.returncode == 0:
        try:
            parsed = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            failures.append(f"--show-manifest printed no JSON: {e}")

    if parsed is not None:
        stem = os.path.basename(manifest)
        if stem.endswith(".json"):
            stem = stem[:-len(".json")]
        if parsed.get("id", parsed.get("app-id")) != stem:
            failures.append(f"the id is not the file name {stem}")
        # Every module file the manifest names was found and read.
        unresolved = [m for m in parsed.get("modules", []) if not isinstance(m, dict)]
        if unresolved:
            failures.append(f"modules not loaded: {unresolved}")

    if failures:
        return [f"{manifest}: {failure}" for failure in failures]

    names = [m.get("name") for m in parsed.get("modules", [])]
    print(f"ok {manifest}: parsed with no warning; modules: {', '.join(names)}")
    return []


def self_test(builder, manifest):
    """An unknown property planted in a copy of @manifest must fail the
    check, and the untouched copy must pass it."""
    failures = []
    src_dir = os.path.dirname(os.path.abspath(manifest))
    with tempfile.TemporaryDirectory() as tmp:
        for entry in os.listdir(src_dir):
            if entry.endswith(".json"):
                shutil.copy(os.path.join(src_dir, entry), tmp)
        copy = os.path.join(tmp, os.path.basename(manifest))
        if check(builder, copy):
            failures.append("the untouched copy does not pass")
        with open(copy, encoding="utf-8") as f:
            data = json.load(f)
        data["modules"][-1]["bogus-property"] = True
        with open(copy, "w", encoding="utf-8") as f:
            json.dump(data, f)
        found = check(builder, copy)
        if any("Unknown property bogus-property" in f for f in found):
            print("ok caught: an unknown property in a module")
        else:
            failures.append(f"an unknown property was not caught: {found}")
    return failures


def main():
    args = sys.argv[1:]
    test_itself = len(args) == 2 and args[0] == "--self-test"
    if test_itself:
        args = args[1:]
    if len(args) != 1:
        print("usage: check-show-manifest.py [--self-test] MANIFEST.json", file=sys.stderr)
        return 2

    builder = os.environ.get("FLATPAK_BUILDER") or shutil.which("flatpak-builder")
    if builder is None:
        print("flatpak-builder is not installed: run build-aux/setup")
        return 77

    failures = self_test(builder, args[0]) if test_itself else check(builder, args[0])
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
