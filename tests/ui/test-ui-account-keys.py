#!/usr/bin/env python3
# test-ui-account-keys.py: a Kontalk account's key going to another device,
# from the Accounts window, with the keyboard only: "Back Up Key…" writes a
# key pack that signet-cli imports on a second device, and "Link a Device…"
# shows a QR code whose text brings the account to a third one.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time

from signet_ui import (SIGNET_CLI, App, Server, UiFailure, give_focus_to, register, remove_home, run, says,
                       scratch, shown, signet_args, size_window, tab_to_in, test, text_of, window_named)

# Numbers of this walk only (tests share the keyring and the server).
E164 = "+393471507301"
NUMBER = "+39 347 150 7301"
# The walk with slow replies has a server and a number of its own.
SLOW_E164 = "+393471507302"
PASSWORD = "tortellini in brodo"
WEAK = "abcde"
LINK_TEXT = re.compile(r"^\+393471507301;localhost;[0-9]{40}$")


def cli(home, args, stdin="", check=True):
    """signet-cli on the device whose data is in @home; its JSON result."""
    env = dict(os.environ, XDG_DATA_HOME=home)
    r = subprocess.run([SIGNET_CLI, *args, "--json"], input=stdin, capture_output=True, text=True, env=env,
                       timeout=120)
    if check and r.returncode != 0:
        raise UiFailure(f"signet-cli {args[0]} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r


def connection_args(server):
    return ["--server", "localhost", "--host", server.host, "--trust", server.sha256]


_shared = {}


def shared():
    """One server and one device with the number signed up, for the walks
    that do not change the keyring: key generation is slow."""
    if not _shared:
        server = Server()
        _shared["server"] = server
        _shared["device"] = scratch("signet-ak-desk.")
        _shared["fingerprint"] = register(server, _shared["device"], E164)
    return _shared["server"], _shared["device"], _shared["fingerprint"]


def drop_shared():
    if _shared:
        _shared["server"].stop()
        remove_home(_shared["device"])
        _shared.clear()


def open_accounts(app):
    app.key("F10")
    app.wait_focus(role="menu item", name=app.tr("Accounts"), what="Accounts in the main menu")
    app.key("Return")
    window = app.wait(lambda: window_named(app, "Accounts"), "the Accounts window")
    row = app.tr("Back _Up Key…").replace("_", "")
    app.wait(lambda: any(row in t for t in shown(app, window)), "the account and its key rows")
    return window


def open_dialog(app, accounts, row, title):
    give_focus_to(app, "Accounts")
    tab_to_in(app, accounts, role="list item", contains=row)
    app.key("Return")
    dialog = app.wait(lambda: window_named(app, title), f"the dialog “{title}”")
    size_window(app, title, app.width)
    return dialog


def type_passwords(app, dialog, first, second=None):
    """Into the first field, which has the focus when the dialog opens (GTK
    4.8 hides a password's text from AT-SPI, so what the keys did is read
    from the messages under the fields)."""
    time.sleep(0.3)
    app.key("ctrl+a")
    app.type(first)
    app.key("Return")   # Enter goes on to the confirmation
    app.key("ctrl+a")
    app.type(first if second is None else second)


def weak_then_good(app, dialog, step):
    """Too short is refused, short is warned about, a good one goes on."""
    type_passwords(app, dialog, WEAK[:3])
    refusal = app.translation.ngettext("The password needs at least %d character.",
                                       "The password needs at least %d characters.", 4) % 4
    app.wait(lambda: says(app, dialog, refusal), "the refusal below 4")
    # Refused: Enter puts the focus back in the first field.
    app.key("Return")
    time.sleep(0.3)
    if says(app, dialog, "Writing the key pack…") or says(app, dialog, "Uploading the key…"):
        raise UiFailure("a password of 3 characters was taken")
    type_passwords(app, dialog, WEAK)
    app.wait(lambda: says(app, dialog, "This password is short and easy to guess. Use 8 characters or more."),
             "the warning below 8")
    app.shot(step + "-weak")
    app.audit(step + "-weak")
    # Back past the first field's show/hide button, into the first field.
    app.key("shift+Tab", "shift+Tab")
    type_passwords(app, dialog, PASSWORD)
    app.wait(lambda: not says(app, dialog, "This password is short and easy to guess. Use 8 characters or more."),
             "the warning to go")
    app.shot(step + "-password")


def back_up(app, accounts, home):
    dialog = open_dialog(app, accounts, "Back _Up Key…", "Back Up Key")
    weak_then_good(app, dialog, "backup")
    app.key("Return")
    chooser = app.wait(lambda: window_named(app, "Save the Key Pack"), "the file chooser")
    app.wait(lambda: "kontalk-keys.zip" in [text_of(n) for n in app.nodes(chooser)], "the name kontalk-keys.zip")
    app.shot("backup-chooser")
    app.key("Return")
    app.wait(lambda: says(app, dialog, "Key Backed Up"), "the key backed up", timeout=60)
    app.shot("backup-saved")
    app.audit("backup-saved")
    path = os.path.join(home, "kontalk-keys.zip")
    if not os.path.exists(path):
        raise UiFailure(f"no key pack at {path}: {os.listdir(home)}")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode != 0o600:
        raise UiFailure(f"the key pack has mode {mode:o}, not 600")
    app.key("Return")   # Done
    app.wait(lambda: window_named(app, "Back Up Key") is None, "the dialog to close")
    return path


def decode(path):
    r = subprocess.run(["zbarimg", "--raw", "-q", path], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def link(app, accounts, step="link"):
    dialog = open_dialog(app, accounts, "_Link a Device…", "Link a Device")
    type_passwords(app, dialog, PASSWORD)
    app.shot(step + "-password")
    app.key("Return")
    app.wait(lambda: says(app, dialog, "Or Type It In"), "the code", timeout=60)
    shot = app.shot(step + "-code")
    app.audit(step + "-code")
    texts = shown(app, dialog)
    for want in (NUMBER, "localhost"):
        if not any(want in t for t in texts):
            raise UiFailure(f"the code page does not show {want!r}: {texts}")
    halves = [t for t in texts if re.fullmatch(r"[0-9]{20}", t)]
    # Copy as Text has the focus: Enter copies.
    app.wait_focus(role="push button", contains=app.tr("_Copy as Text").replace("_", ""), what="Copy as Text")
    app.key("Return")
    copied = app.wait(lambda: clipboard() or None, "the text on the clipboard")
    if not LINK_TEXT.match(copied):
        raise UiFailure(f"the copied text is {copied!r}")
    if len(halves) != 2 or copied.split(";")[2] != halves[0] + halves[1]:
        raise UiFailure(f"the code is not shown in two halves of the token: {halves}")
    return dialog, shot, copied


def clipboard():
    r = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True, text=True, timeout=10)
    return r.stdout.strip()


def look(server, device, width, scheme, lang):
    """Every page of both dialogs in one look."""
    home = scratch("signet-ak-home.")
    app = App("account-keys", signet_args(server), data_dir=device, width=width, scheme=scheme, lang=lang,
              env={"HOME": home})
    try:
        accounts = open_accounts(app)
        size_window(app, "Accounts", width)
        app.shot("window")
        back_up(app, accounts, home)
        dialog, _, _ = link(app, accounts)
        app.key("Escape")
        app.wait(lambda: window_named(app, "Link a Device") is None, "Escape to close the code")
    finally:
        app.close()
        shutil.rmtree(home, ignore_errors=True)


@test
def cancel_then_refused():
    """Escape while the key is uploaded goes back to the password as typed;
    a key the server no longer takes is said plainly."""
    # Slow replies: the upload is still under way when Escape comes.
    server = Server("--delay-ms", "300")
    device = scratch("signet-ak-slow.")
    app = None
    try:
        register(server, device, SLOW_E164)
        app = App("account-keys-cancel", signet_args(server), data_dir=device)
        accounts = open_accounts(app)
        dialog = open_dialog(app, accounts, "_Link a Device…", "Link a Device")
        type_passwords(app, dialog, PASSWORD)
        app.key("Return")
        app.wait(lambda: says(app, dialog, "Uploading the key…"), "the upload under way")
        app.shot("link-busy")
        app.key("Escape")
        app.wait(lambda: says(app, dialog, "Export Password"), "the password page again")
        if window_named(app, "Link a Device") is None:
            raise UiFailure("Escape during the upload closed the dialog")
        # What was typed is still there: Enter, Enter goes on.
        time.sleep(0.3)
        app.key("Return", "Return")
        app.wait(lambda: says(app, dialog, "Or Type It In"), "the code", timeout=60)
        app.key("Escape")
        app.wait(lambda: window_named(app, "Link a Device") is None, "Escape to close the code")

        # The server forgets the key (as after a new sign-up elsewhere).
        server.proc.send_signal(signal.SIGUSR1)
        server._wait_line(lambda l: l.startswith("FORGOTTEN "), "the key forgotten")
        dialog = open_dialog(app, accounts, "_Link a Device…", "Link a Device")
        type_passwords(app, dialog, PASSWORD)
        app.key("Return")
        app.wait(lambda: says(app, dialog, "The server did not let this account log in with its key"),
                 "the refusal explained", timeout=60)
        app.shot("link-refused")
        app.audit("link-refused")
    finally:
        if app is not None:
            app.close()
        server.stop()
        remove_home(device)


def looks_variant(width, scheme, lang):
    def walk():
        server, device, _ = shared()
        look(server, device, width, scheme, lang)
    walk.__name__ = f"looks_{width}_{scheme}" + (f"_{lang}" if lang else "")
    return walk


for variant in ((360, "light", None), (1024, "dark", None), (360, "dark", "he")):
    test(looks_variant(*variant))


@test
def back_up_and_link():
    # Last of the walks on the shared device: the imports below give the
    # keyring the other devices' passphrases.
    server, desk, fingerprint = shared()
    devices = [scratch("signet-ak-" + name + ".") for name in ("pack", "link")]
    home = scratch("signet-ak-home.")
    packed, linked = devices
    app = None
    try:
        app = App("account-keys", signet_args(server), data_dir=desk, env={"HOME": home})
        accounts = open_accounts(app)
        pack = back_up(app, accounts, home)
        dialog, shot, text = link(app, accounts)
        scanned = decode(shot)
        if scanned != text:
            raise UiFailure(f"the QR code on screen reads {scanned!r}, not {text!r}")
        app.key("Escape")
        app.wait(lambda: window_named(app, "Link a Device") is None, "Escape to close the code")
        app.close()
        app = None

        # The pack opens on a second device: same key, logged in.
        result = json.loads(cli(packed, ["import", pack, *connection_args(server)], PASSWORD + "\n").stdout)
        if result["result"]["fingerprint"] != fingerprint or result["result"]["method"] != "login":
            raise UiFailure(f"the imported pack gave {result}")
        # The code brings the account to a third.
        result = json.loads(cli(linked, ["import", "--link", text, *connection_args(server)[2:]],
                                PASSWORD + "\n").stdout)
        if result["result"]["fingerprint"] != fingerprint or result["result"]["method"] != "link":
            raise UiFailure(f"import --link gave {result}")
    finally:
        if app is not None:
            app.close()
        drop_shared()
        for device in devices:
            remove_home(device)
        shutil.rmtree(home, ignore_errors=True)


try:
    status = run()
finally:
    drop_shared()
sys.exit(status)
