#!/usr/bin/env python3
# Keeps po/POTFILES.in in step with the sources, both ways:
#
# * every file under src/ and data/ with translatable strings is listed:
#   C/C++ with _(), N_(), C_(), NC_(), Q_() or an ngettext()/g_dngettext()/
#   g_dpgettext2() call, GtkBuilder files with translatable="yes", the desktop
#   and metainfo templates (*.desktop.in*, *.metainfo.xml.in*), and GSettings
#   schemas with a gettext-domain;
# * every file POTFILES.in lists exists, and none is listed twice.
#
# Files in po/POTFILES.skip (if there is one) are never required.
#
# Usage: check-potfiles.py SOURCE_ROOT
#        check-potfiles.py --extract SOURCE_ROOT   (xgettext reads every listed file)
#        check-potfiles.py --self-test             (the check on planted trees)
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

SCANNED_DIRS = ("src", "data")

# A marker call not preceded by an identifier character: "_ (" and "_(" both
# count, "g_autoptr(" and "foo_(" do not.
C_MARKERS = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:_|N_|C_|NC_|Q_|ngettext|dngettext|g_dngettext|g_dpgettext2?|g_dcgettext|gettext|dgettext)"
    r"\s*\(")
C_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".vala")
UI_SUFFIXES = (".ui", ".blp")
UI_MARKER = re.compile(r'translatable\s*=\s*"yes"|_\("')
TEMPLATE = re.compile(r"\.(desktop|metainfo\.xml|appdata\.xml)\.in(\.in)?$")
SCHEMA = re.compile(r"\.gschema\.xml(\.in)?$")


def read_list(path):
    """Paths listed one per line; # comments and [encoding] lines ignored."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("["):
                continue
            entries.append(line)
    return entries


def strip_c_comments(text):
    """Text without /* */ and // comments, string literals kept, so that a
    comment mentioning _() does not count."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "*":
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif c == "/" and i + 1 < n and text[i + 1] == "/":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def is_translatable(relpath, text):
    name = os.path.basename(relpath)
    if name.endswith(C_SUFFIXES):
        return C_MARKERS.search(strip_c_comments(text)) is not None
    if name.endswith(UI_SUFFIXES):
        return UI_MARKER.search(text) is not None
    if TEMPLATE.search(name):
        return True
    if SCHEMA.search(name):
        return "gettext-domain" in text
    return False


def check(root):
    """Prints what it checked and returns the failures."""
    root = os.path.abspath(root)
    potfiles_path = os.path.join(root, "po", "POTFILES.in")
    if not os.path.isfile(potfiles_path):
        return [f"{potfiles_path} does not exist"]

    listed = read_list(potfiles_path)
    skipped = set(read_list(os.path.join(root, "po", "POTFILES.skip")))
    failures = []

    seen = set()
    for entry in listed:
        if entry in seen:
            failures.append(f"POTFILES.in lists {entry} twice")
        seen.add(entry)
        if not os.path.isfile(os.path.join(root, entry)):
            failures.append(f"POTFILES.in lists {entry}, which does not exist")

    scanned = 0
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                path = os.path.join(dirpath, filename)
                relpath = os.path.relpath(path, root).replace(os.sep, "/")
                try:
                    with open(path, encoding="utf-8") as f:
                        text = f.read()
                except (UnicodeDecodeError, OSError):
                    continue  # images and other binary files
                scanned += 1
                if relpath in seen or relpath in skipped:
                    continue
                if is_translatable(relpath, text):
                    failures.append(f"{relpath} has translatable strings but is not in "
                                    "po/POTFILES.in")

    if not failures:
        print(f"ok: {scanned} files under {', '.join(SCANNED_DIRS)} scanned; "
              f"POTFILES.in lists {len(listed)}, all present")
    return failures


def self_test():
    """The check on planted trees: what must pass passes, what must fail fails."""
    import tempfile

    listed_c = ("src/a.c", 'static const char *s = N_("Hello");\n')
    cases = [
        # (name, POTFILES.in, {path: contents}, expect failure)
        ("listed file", "src/a.c\n", dict([listed_c]), False),
        ("no strings, not listed", "", {"src/b.c": "int f (void) { return g_autoptr (x); }\n"},
         False),
        ("marker only in a comment", "", {"src/b.c": "/* wrap in _() later */\nint x;\n"}, False),
        ("spaced _ ( call not listed", "", {"src/b.c": 'f (_ ("Hi"));\n'}, True),
        ("C_() in a C++ file not listed", "", {"src/b.cc": 'f (C_("ctx", "Hi"));\n'}, True),
        ("ngettext not listed", "", {"src/b.h": 'ngettext ("a", "b", n)\n'}, True),
        ("translatable ui not listed", "",
         {"src/b.ui": '<property name="label" translatable="yes">Hi</property>\n'}, True),
        ("desktop template not listed", "", {"data/x.desktop.in.in": "[Desktop Entry]\n"}, True),
        ("metainfo template not listed", "", {"data/x.metainfo.xml.in": "<component/>\n"}, True),
        ("listed file missing", "src/a.c\nsrc/gone.c\n", dict([listed_c]), True),
        ("listed twice", "src/a.c\nsrc/a.c\n", dict([listed_c]), True),
        ("in POTFILES.skip", "", {"src/b.c": 'f (_("Hi"));\n', "po/POTFILES.skip": "src/b.c\n"},
         False),
    ]
    failures = []
    for name, potfiles, files, expect_failure in cases:
        with tempfile.TemporaryDirectory() as root:
            for path, contents in dict(files, **{"po/POTFILES.in": potfiles}).items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(contents)
            found = check(root)
        if bool(found) != expect_failure:
            failures.append(f"{name}: expected {'a failure' if expect_failure else 'a pass'}, "
                            f"got {found or 'a pass'}")
        else:
            print(f"ok self-test: {name}")
    return failures


# What meson's i18n.gettext(preset: 'glib') passes to xgettext.
XGETTEXT_GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]


def extract(root):
    """Runs xgettext over POTFILES.in as `meson compile signet-pot` would, into
    a scratch file, and fails on any complaint."""
    import shutil
    import subprocess
    import tempfile

    xgettext = shutil.which("xgettext")
    if xgettext is None:
        return ["xgettext is not installed (gettext): run build-aux/setup"]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "signet.pot")
        proc = subprocess.run(
            [xgettext, "--package-name=signet", *XGETTEXT_GLIB_PRESET,
             "-D", os.path.abspath(root), "-f", os.path.join(root, "po", "POTFILES.in"),
             "-o", pot],
            capture_output=True, text=True, check=False, env=dict(os.environ, LC_ALL="C"))
        failures = [f"xgettext: {line}" for line in proc.stderr.splitlines() if line.strip()]
        if proc.returncode != 0:
            failures.append(f"xgettext exited with {proc.returncode}")
        elif not os.path.isfile(pot):
            failures.append("xgettext found no translatable string at all")
        else:
            with open(pot, encoding="utf-8") as f:
                count = sum(1 for line in f if line.startswith("msgid ")) - 1
            if not failures:
                print(f"ok: xgettext extracted {count} messages from POTFILES.in")
    return failures


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        failures = self_test()
    elif len(sys.argv) == 3 and sys.argv[1] == "--extract":
        failures = extract(sys.argv[2])
    elif len(sys.argv) == 2:
        failures = check(sys.argv[1])
    else:
        print("usage: check-potfiles.py SOURCE_ROOT | --extract SOURCE_ROOT | --self-test",
              file=sys.stderr)
        return 2

    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
