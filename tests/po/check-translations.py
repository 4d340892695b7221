#!/usr/bin/env python3
# Checks every translation in po/ the way msgfmt would refuse to build it:
#
# * po/LINGUAS names each language once, and each has its po/<lang>.po;
# * every po/*.po is in LINGUAS (otherwise it is never built or installed);
# * `msgfmt --check --check-format` accepts each .po file: header, domain
#   and that every c-format/python-format translation keeps the arguments
#   of its msgid.
#
# With no translations yet (an empty LINGUAS and no .po) it passes.
#
# Usage: check-translations.py SOURCE_ROOT
#        check-translations.py --self-test   (the check on planted translations)
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import re
import shutil
import subprocess
import sys

LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?(@[a-z]+)?$")


def read_linguas(path):
    languages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            languages.extend(line.split())
    return languages


def check(root):
    """Prints what it checked and returns the failures."""
    po_dir = os.path.join(os.path.abspath(root), "po")
    linguas_path = os.path.join(po_dir, "LINGUAS")
    failures = []

    if not os.path.isfile(linguas_path):
        return [f"{linguas_path} does not exist"]
    languages = read_linguas(linguas_path)

    seen = set()
    for lang in languages:
        if lang in seen:
            failures.append(f"LINGUAS lists {lang} twice")
        seen.add(lang)
        if not LANGUAGE.match(lang):
            failures.append(f"LINGUAS entry {lang!r} is not a language code like de or pt_BR")
        if not os.path.isfile(os.path.join(po_dir, lang + ".po")):
            failures.append(f"LINGUAS lists {lang} but po/{lang}.po does not exist")

    po_files = sorted(glob.glob(os.path.join(po_dir, "*.po")))
    for po in po_files:
        lang = os.path.basename(po)[:-len(".po")]
        if lang not in seen:
            failures.append(f"po/{lang}.po is not in LINGUAS, so it is never built")

    msgfmt = shutil.which("msgfmt")
    if po_files and msgfmt is None:
        failures.append("msgfmt is not installed (gettext): run build-aux/setup")
        po_files = []

    for po in po_files:
        proc = subprocess.run(
            [msgfmt, "--check", "--check-format", "--statistics", "--output-file=/dev/null", po],
            capture_output=True, text=True, check=False,
            env=dict(os.environ, LC_ALL="C"))
        name = os.path.basename(po)
        if proc.returncode != 0:
            failures.append(f"msgfmt --check --check-format rejects po/{name}:\n"
                            + proc.stderr.rstrip())
        else:
            print(f"ok po/{name}: {proc.stderr.strip()}")

    if not failures:
        print(f"ok: {len(languages)} language(s) in LINGUAS, {len(po_files)} .po file(s) checked")
    return failures


PO_HEADER = """msgid ""
msgstr ""
"Project-Id-Version: signet\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\\n"
"Last-Translator: Test <test@example.org>\\n"
"Language-Team: Test\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""

GOOD_ENTRY = """#, c-format
msgid "Signet: %s"
msgstr "Signet : %s"
"""

# The translation drops the argument: msgfmt --check-format must refuse it.
BAD_ENTRY = """#, c-format
msgid "Signet: %s"
msgstr "Signet"
"""


def self_test():
    """The check on planted translations: it must pass good ones and catch
    every kind of bad one."""
    import tempfile

    cases = [
        # (name, LINGUAS, {file: entry}, expect failure)
        ("no translations", "", {}, False),
        ("good translations", "de\nfr\n", {"de": GOOD_ENTRY, "fr": GOOD_ENTRY}, False),
        ("format mismatch in the second file", "de\nfr\n",
         {"de": GOOD_ENTRY, "fr": BAD_ENTRY}, True),
        ("po file missing from LINGUAS", "de\n", {"de": GOOD_ENTRY, "fr": GOOD_ENTRY}, True),
        ("LINGUAS entry without a po file", "de\nfr\n", {"de": GOOD_ENTRY}, True),
        ("language listed twice", "de\nde\n", {"de": GOOD_ENTRY}, True),
    ]
    failures = []
    for name, linguas, files, expect_failure in cases:
        with tempfile.TemporaryDirectory() as root:
            os.mkdir(os.path.join(root, "po"))
            with open(os.path.join(root, "po", "LINGUAS"), "w", encoding="utf-8") as f:
                f.write(linguas)
            for lang, entry in files.items():
                with open(os.path.join(root, "po", lang + ".po"), "w", encoding="utf-8") as f:
                    f.write(PO_HEADER.format(lang=lang) + entry)
            found = check(root)
        if bool(found) != expect_failure:
            failures.append(f"{name}: expected {'a failure' if expect_failure else 'a pass'}, "
                            f"got {found or 'a pass'}")
        else:
            print(f"ok self-test: {name}")
    return failures


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        failures = self_test()
    elif len(sys.argv) == 2:
        failures = check(sys.argv[1])
    else:
        print("usage: check-translations.py SOURCE_ROOT | --self-test", file=sys.stderr)
        return 2

    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
