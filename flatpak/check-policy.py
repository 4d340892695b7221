#!/usr/bin/env python3
# Checks that Signet's Flatpak manifests keep the sandbox policy and the
# pinning rules (see README "Flatpak"):
#
# * finish-args are exactly network, IPC, Wayland with X11 fallback and DRI:
#   no Secret Service talk-name (libsecret uses the Secret portal and its file
#   backend), no gpg-agent socket and no ~/.gnupg (Signet has its own GnuPG
#   home), no home or host filesystem, no other socket or bus name;
# * every module source is pinned: git sources carry a tag and its commit,
#   archives and files a sha256; only the app itself is built from this tree;
# * nothing downloads during the build, libstrophe uses OpenSSL (GnuTLS cannot
#   parse Kontalk's bridge certificate), headers and static libraries are
#   cleaned up;
# * the stable and the development manifest build the same dependencies.
#
# Usage: check-policy.py MANIFEST.json...
#        check-policy.py --self-test MANIFEST.json   (plants each violation in a
#                                                    copy; each must be caught)
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import sys

APP_IDS = {"im.signet.Signet": "default", "im.signet.Signet.Devel": "development"}

ALLOWED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]

# Each with the reason, so a failure says why.
FORBIDDEN = [
    (re.compile(r"^--(own|talk|system-talk)-name=org\.freedesktop\.secrets", re.I),
     "the keyring goes through the Secret portal; no Secret Service access"),
    (re.compile(r"^--socket=gpg-agent$"),
     "Signet runs its own gpg-agent in its private GnuPG home"),
    (re.compile(r"^--socket=ssh-auth$"), "not needed"),
    (re.compile(r"^--filesystem=.*(home|host|~|\.gnupg)"),
     "no access to the home folder, the host or ~/.gnupg"),
    (re.compile(r"^--filesystem="), "Signet needs no filesystem access"),
    (re.compile(r"^--socket=x11$"), "Wayland with fallback-x11 only"),
    (re.compile(r"^--device=all$"), "DRI only"),
    (re.compile(r"^--(talk|own|system-talk|system-own)-name="), "no bus names; portals need none"),
]

COMMIT = re.compile(r"^[0-9a-f]{40}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
APP_MODULE = "signet"
REQUIRED_CLEANUP = ["/include", "/lib/pkgconfig", "/share/doc", "*.la", "*.a"]


class Checker:
    def __init__(self):
        self.failures = []

    def fail(self, where, message):
        self.failures.append(f"{where}: {message}")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_modules(modules, base_dir, checker, where):
    """Modules with file references replaced by their contents, recursively."""
    loaded = []
    for module in modules:
        if isinstance(module, str):
            path = os.path.join(base_dir, module)
            if not os.path.isfile(path):
                checker.fail(where, f"module file {module} does not exist")
                continue
            module = load_json(path)
            module_dir = os.path.dirname(path)
        else:
            module_dir = base_dir
        if not isinstance(module, dict):
            checker.fail(where, f"module {module!r} is not an object")
            continue
        module = dict(module)
        module["modules"] = load_modules(module.get("modules", []), module_dir, checker,
                                         f"{where} > {module.get('name')}")
        loaded.append(module)
    return loaded


def all_modules(modules):
    for module in modules:
        yield module
        yield from all_modules(module.get("modules", []))


def check_build_options(options, checker, where):
    if not isinstance(options, dict):
        return
    if "--share=network" in options.get("build-args", []):
        checker.fail(where, "build-options give the build network access")
    for arch in options.get("arch", {}).values():
        check_build_options(arch, checker, where)


def check_source(source, module, checker, where):
    if isinstance(source, str):
        # A file of sources next to the manifest: not used here, and the
        # checks below could not see inside it.
        checker.fail(where, f"source file reference {source!r}: inline the sources")
        return
    kind = source.get("type")
    url = source.get("url", "")
    if kind == "git":
        if not url.startswith("https://"):
            checker.fail(where, f"git url {url!r} is not https")
        if not source.get("tag"):
            checker.fail(where, "git source without a tag")
        if not COMMIT.match(source.get("commit", "")):
            checker.fail(where, "git source without the full commit of its tag")
        if "branch" in source:
            checker.fail(where, "git source pinned by branch")
    elif kind in ("archive", "file"):
        if "path" in source and "url" not in source:
            return  # a file of this repository
        if not url.startswith("https://"):
            checker.fail(where, f"{kind} url {url!r} is not https")
        if not SHA256.match(source.get("sha256", "")):
            checker.fail(where, f"{kind} source without a sha256")
    elif kind == "dir":
        if module.get("name") != APP_MODULE or source.get("path") != "..":
            checker.fail(where, "only the app itself is built from a local folder")
    elif kind in ("patch", "script", "shell", "inline"):
        if "url" in source:
            checker.fail(where, f"{kind} source from a url")
    else:
        checker.fail(where, f"source type {kind!r} is not one this check knows")


def check_manifest(path, checker):
    where = os.path.basename(path)
    try:
        manifest = load_json(path)
    except (OSError, json.JSONDecodeError) as e:
        checker.fail(where, f"cannot read: {e}")
        return None

    app_id = manifest.get("id", manifest.get("app-id"))
    stem = where[:-len(".json")] if where.endswith(".json") else where
    if app_id not in APP_IDS:
        checker.fail(where, f"id {app_id!r} is not one of {sorted(APP_IDS)}")
    if app_id != stem:
        checker.fail(where, "the file name is not the id")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        checker.fail(where, "runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
    if not re.match(r"^[0-9]+$", str(manifest.get("runtime-version", ""))):
        checker.fail(where, "runtime-version must be a stable GNOME branch such as \"50\"")
    if manifest.get("command") != "signet":
        checker.fail(where, "command must be signet")

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        for pattern, reason in FORBIDDEN:
            if pattern.search(arg):
                checker.fail(where, f"forbidden finish-arg {arg}: {reason}")
                break
    if len(set(finish_args)) != len(finish_args):
        checker.fail(where, "finish-args has duplicates")
    missing = [a for a in ALLOWED_FINISH_ARGS if a not in finish_args]
    extra = [a for a in finish_args if a not in ALLOWED_FINISH_ARGS]
    if missing:
        checker.fail(where, f"finish-args lack {missing}")
    if extra:
        checker.fail(where, f"finish-args beyond the allowed set: {extra}")

    cleanup = manifest.get("cleanup", [])
    for pattern in REQUIRED_CLEANUP:
        if pattern not in cleanup:
            checker.fail(where, f"top-level cleanup lacks {pattern}")

    check_build_options(manifest.get("build-options"), checker, f"{where} build-options")

    modules = load_modules(manifest.get("modules", []), os.path.dirname(path), checker, where)
    names = [m.get("name") for m in all_modules(modules)]
    if len(set(names)) != len(names):
        checker.fail(where, f"module names repeat: {names}")
    if not modules or modules[-1].get("name") != APP_MODULE:
        checker.fail(where, f"the last module must be {APP_MODULE}")

    for module in all_modules(modules):
        mwhere = f"{where} > {module.get('name')}"
        sources = module.get("sources", [])
        if not sources:
            checker.fail(mwhere, "module without sources")
        for source in sources:
            check_source(source, module, checker, mwhere)
        check_build_options(module.get("build-options"), checker, f"{mwhere} build-options")
        opts = module.get("config-opts", [])
        if any(o.startswith("--enable-debug") for o in opts):
            checker.fail(mwhere, "--enable-debug is not a release build")

        if module.get("name") == "libstrophe":
            if "--without-gnutls" not in opts or any(o.startswith("--with-gnutls") for o in opts):
                checker.fail(mwhere, "libstrophe must be built --without-gnutls (OpenSSL): "
                             "GnuTLS cannot parse Kontalk's bridge certificate")
            if "--disable-static" not in opts:
                checker.fail(mwhere, "libstrophe must be built --disable-static")

        if module.get("name") == APP_MODULE:
            if "-Dtests=false" not in opts and not module.get("run-tests"):
                checker.fail(mwhere, "the app module must build with -Dtests=false "
                             "(or run its tests with run-tests)")
            profile = APP_IDS.get(app_id)
            profile_opts = [o for o in opts if o.startswith("-Dprofile=")]
            if profile == "development" and profile_opts != ["-Dprofile=development"]:
                checker.fail(mwhere, "the Devel manifest must build -Dprofile=development")
            if profile == "default" and profile_opts not in ([], ["-Dprofile=default"]):
                checker.fail(mwhere, "the stable manifest must build the default profile")

    return {"manifest": manifest, "modules": modules}


def dependency_view(loaded):
    """What must be the same in every manifest: runtime, finish-args, the
    dependency modules."""
    manifest = loaded["manifest"]
    deps = [m for m in loaded["modules"] if m.get("name") != APP_MODULE]
    return {
        "runtime": manifest.get("runtime"),
        "runtime-version": manifest.get("runtime-version"),
        "sdk": manifest.get("sdk"),
        "finish-args": sorted(manifest.get("finish-args", [])),
        "cleanup": manifest.get("cleanup"),
        "modules": deps,
    }


def check_all(paths):
    checker = Checker()
    views = {}
    for path in paths:
        loaded = check_manifest(path, checker)
        if loaded is not None:
            views[os.path.basename(path)] = dependency_view(loaded)

    names = sorted(views)
    for other in names[1:]:
        for key in views[names[0]]:
            if views[names[0]][key] != views[other][key]:
                checker.fail(other, f"{key} differs from {names[0]}")

    return checker.failures


def first_module(manifest, base_dir, name):
    """The module called @name, and the file it lives in (or None)."""
    for module in manifest["modules"]:
        if isinstance(module, str):
            data = load_json(os.path.join(base_dir, module))
            if data.get("name") == name:
                return data, module
        elif module.get("name") == name:
            return module, None
    raise KeyError(name)


def self_test(path):
    """Plants each violation in a copy of @path and its module files and
    expects check_all() to report it."""
    import copy
    import shutil
    import tempfile

    base_dir = os.path.dirname(os.path.abspath(path))
    original = load_json(path)

    def git_module(manifest, d):
        for module in manifest["modules"]:
            if isinstance(module, str):
                data = load_json(os.path.join(d, module))
                if data["sources"][0].get("type") == "git":
                    return data, module
        raise KeyError("git module")

    def finish(arg):
        def plant(m, d):
            m["finish-args"].append(arg)
        return plant

    def drop_finish(arg):
        def plant(m, d):
            m["finish-args"].remove(arg)
        return plant

    def in_module(change, find=git_module):
        def plant(m, d):
            module, file = find(m, d)
            change(module)
            if file is not None:
                with open(os.path.join(d, file), "w", encoding="utf-8") as f:
                    json.dump(module, f)
        return plant

    def strophe(m, d):
        return first_module(m, d, "libstrophe")

    def app(m, d):
        return first_module(m, d, APP_MODULE)

    def pop(key):
        return lambda module: module["sources"][0].pop(key)

    def set_source(**values):
        return lambda module: module["sources"][0].update(values)

    def opts(change):
        return lambda module: change(module["config-opts"])

    violations = {
        "secret service talk-name": finish("--talk-name=org.freedesktop.secrets"),
        "gpg-agent socket": finish("--socket=gpg-agent"),
        "home filesystem": finish("--filesystem=home"),
        "~/.gnupg": finish("--filesystem=~/.gnupg:ro"),
        "host filesystem": finish("--filesystem=host"),
        "x11 socket": finish("--socket=x11"),
        "pulseaudio socket": finish("--socket=pulseaudio"),
        "portal talk-name": finish("--talk-name=org.freedesktop.portal.Desktop"),
        "duplicate finish-arg": finish("--share=ipc"),
        "no dri": drop_finish("--device=dri"),
        "no wayland": drop_finish("--socket=wayland"),
        "git without commit": in_module(pop("commit")),
        "git without tag": in_module(pop("tag")),
        "git with a short commit": in_module(set_source(commit="7c2e7893")),
        "git by branch": in_module(set_source(branch="master")),
        "git over http": in_module(set_source(url="http://example.org/x.git")),
        "archive without sha256": in_module(lambda module: module.update(
            sources=[{"type": "archive", "url": "https://example.org/x.tar.gz"}])),
        "dependency from a local folder": in_module(lambda module: module.update(
            sources=[{"type": "dir", "path": "/tmp"}])),
        "libstrophe with GnuTLS": in_module(opts(lambda o: o.append("--with-gnutls")), strophe),
        "libstrophe static": in_module(opts(lambda o: o.remove("--disable-static")), strophe),
        "network during the build": in_module(lambda module: module.update(
            {"build-options": {"build-args": ["--share=network"]}})),
        "app with tests": in_module(opts(lambda o: o.remove("-Dtests=false")), app),
        "stable manifest, development profile": in_module(
            opts(lambda o: o.append("-Dprofile=development")), app),
        "no header cleanup": lambda m, d: m["cleanup"].remove("/include"),
        "master runtime": lambda m, d: m.update({"runtime-version": "master"}),
        "missing module file": lambda m, d: m["modules"].insert(0, "nonexistent.json"),
        "command": lambda m, d: m.update(command="/app/bin/signet"),
    }

    failures = []
    if check_all([path]):
        failures.append("the real manifest does not pass, so the self-test proves nothing")

    for name, plant in violations.items():
        with tempfile.TemporaryDirectory() as tmp:
            for entry in os.listdir(base_dir):
                if entry.endswith(".json"):
                    shutil.copy(os.path.join(base_dir, entry), tmp)
            manifest = copy.deepcopy(original)
            plant(manifest, tmp)
            copy_path = os.path.join(tmp, os.path.basename(path))
            with open(copy_path, "w", encoding="utf-8") as f:
                json.dump(manifest, f)
            found = check_all([copy_path])
        if found:
            print(f"ok caught: {name} ({found[0]})")
        else:
            failures.append(f"not caught: {name}")

    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


def main():
    paths = sys.argv[1:]
    if len(paths) == 2 and paths[0] == "--self-test":
        return self_test(paths[1])
    if not paths:
        print("usage: check-policy.py MANIFEST.json... | --self-test MANIFEST.json",
              file=sys.stderr)
        return 2

    failures = check_all(paths)
    for failure in failures:
        print(f"FAIL {failure}")
    if failures:
        return 1
    print(f"ok: {len(paths)} manifest(s) keep the sandbox policy and pin every source")
    return 0


if __name__ == "__main__":
    sys.exit(main())
