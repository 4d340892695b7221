#!/usr/bin/env python3
# test-ui-accounts.py: the Accounts window, opened from the main menu, as a
# person uses it with the keyboard.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from signet_ui import App, UiFailure, matches, on_screen, run, test, text_of, xdotool

JID = "0123456789abcdef0123456789abcdef01234567@localhost"
E164 = "+393471234567"
NUMBER = "+39 347 123 4567"
# Isolates and marks around numbers, and the no-break spaces inside them.
INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069"))
INVISIBLE[0xa0] = " "
INVISIBLE[0x2011] = "-"


def seed_account(data_dir):
    """A Kontalk account record, as Signet writes it after a sign-up."""
    records = os.path.join(data_dir, "signet", "accounts")
    os.makedirs(records, exist_ok=True)
    path = os.path.join(records, JID + ".json")
    with open(path, "w") as f:
        json.dump({"version": 1, "kind": "kontalk", "server": "localhost", "jid": JID, "phone": E164,
                   "display-name": "Ada Lovelace", "fingerprint": "3F2A9C1B7D4E5F60718293A4B5C6D7E8F9012345",
                   "created": "2026-03-14T15:09:26Z", "keyring-stored": False}, f)
    return path


def label(app, text):
    """A control's label as shown: translated, without its mnemonic."""
    return app.tr(text).replace("_", "")


def window_named(app, name, role=None):
    for window in app.windows():
        try:
            if window.name == name and (role is None or window.getRoleName() == role):
                return window
        except Exception:
            pass
    return None


def tab_to_in(app, window, role=None, contains=None, limit=20):
    for _ in range(limit):
        node = app.focused(window)
        if node is not None and matches(node, role, None, contains):
            return node
        app.key("Tab")
        time.sleep(0.05)
    raise UiFailure(f"Tab never reached {role} {contains!r} in “{window.name}”")


def shown(app, window):
    """What the person reads in @window (its own name is the title bar's)."""
    out = []
    for node in app.nodes(window):
        try:
            if node != window and on_screen(node):
                text = text_of(node)
                out.append((node.name or "").translate(INVISIBLE))
                if text and text != node.name:
                    out.append(text.translate(INVISIBLE))
        except Exception:
            pass
    return out


def open_accounts(app):
    """F10 opens the main menu on its first item, Accounts."""
    app.key("F10")
    app.wait_focus(role="menu item", name=app.tr("Accounts"), what="Accounts in the main menu")
    app.key("Return")
    window = app.wait(lambda: window_named(app, app.tr("Accounts")), "the Accounts window")
    app.wait(lambda: any(app.tr("Phone Number") == t for t in shown(app, window)), "the account in the window")
    return window


@test
def accounts_window():
    data_dir = tempfile.mkdtemp(prefix="signet-ui-data.")
    record = seed_account(data_dir)
    app = App("accounts", data_dir=data_dir)
    try:
        app.wait_page("Choose a Server")
        window = open_accounts(app)
        app.shot("window")
        texts = shown(app, window)

        # One title: the window's.
        titles = [t for t in texts if t in ("Accounts", "Your Accounts")]
        if titles != ["Accounts"]:
            raise UiFailure(f"the window is titled {titles}, not once “Accounts”")
        # The number as people write it.
        if NUMBER not in texts:
            raise UiFailure(f"the number is not shown as {NUMBER!r}: {texts}")
        if any(E164 in t for t in texts):
            raise UiFailure(f"the number is shown as {E164!r}")
        # Kontalk cannot delete accounts: the button says what it does.
        if any("Unregister" in t for t in texts):
            raise UiFailure("a Kontalk account offers to “Unregister”, which Signet cannot do")
        if not any("stays on the server" in t for t in texts):
            raise UiFailure(f"nothing says that the account stays on the server: {texts}")

        # Tab reaches the action, Enter asks, and the question says it plainly.
        tab_to_in(app, window, role="list item", contains="Remove from This Computer")
        app.key("Return")
        dialog = app.wait(lambda: window_named(app, "Remove the Account from This Computer?"), "the question")
        body = "\n".join(shown(app, dialog))
        for want in (NUMBER, "stays on the server", "this computer"):
            if want not in body:
                raise UiFailure(f"the question does not say {want!r}:\n{body}")
        app.shot("remove")
        # Escape: Cancel; the account is still there.
        app.key("Escape")
        app.wait(lambda: window_named(app, "Remove the Account from This Computer?") is None, "the question to close")
        if not os.path.exists(record):
            raise UiFailure("Escape removed the account")

        # Escape closes the window too; the wizard stays.
        give_focus_back(app, "Accounts")
        app.key("Escape")
        app.wait(lambda: window_named(app, "Accounts") is None, "Escape to close the Accounts window")
        app.wait_page("Choose a Server")

        # Again, and remove it: Tab to Remove in the question, Enter.
        window = open_accounts(app)
        tab_to_in(app, window, role="list item", contains="Remove from This Computer")
        app.key("Return")
        dialog = app.wait(lambda: window_named(app, "Remove the Account from This Computer?"), "the question")
        app.wait(lambda: app.focused(dialog), "the focus in the question")
        tab_to_in(app, dialog, role="push button", contains="Remove")
        app.key("Return")
        app.wait(lambda: any("No Accounts Yet" in t for t in shown(app, window)), "the empty list")
        if os.path.exists(record):
            raise UiFailure("the record is still there")
        app.shot("removed")
    finally:
        app.close()
        remove_data(data_dir)


@test
def looks():
    """Screenshots: narrow and wide, light and dark, and right to left."""
    for width, scheme, lang in ((360, "light", None), (1024, "dark", None), (360, "dark", "he"),
                                (1024, "light", "he")):
        data_dir = tempfile.mkdtemp(prefix="signet-ui-data.")
        seed_account(data_dir)
        app = App("accounts", data_dir=data_dir, width=width, scheme=scheme, lang=lang)
        try:
            app.wait_page("Choose a Server")
            window = open_accounts(app)
            # The Accounts window as wide as the main one.
            resize_accounts(app, width)
            time.sleep(0.5)
            app.shot("window")
            texts = shown(app, window)
            if NUMBER not in texts:
                raise UiFailure(f"the number is not shown as {NUMBER!r}: {texts}")
            tab_to_in(app, window, role="list item", contains=label(app, "_Remove from This Computer…"))
            app.key("Return")
            app.wait(lambda: window_named(app, app.tr("Remove the Account from This Computer?")), "the question")
            time.sleep(0.3)
            app.shot("remove")
        finally:
            app.close()
            remove_data(data_dir)


def give_focus_back(app, title):
    """No window manager runs under Xvfb: when a dialog closes, the window
    under it gets the focus back from us, as it would from the desktop."""
    r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + app.tr(title) + "$"],
                       capture_output=True, text=True)
    for wid in r.stdout.split():
        xdotool("windowfocus", "--sync", wid)
    window = window_named(app, app.tr(title))
    app.wait(lambda: app.focused(window) is not None, f"the focus back in “{title}”")


def resize_accounts(app, width):
    r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + app.tr("Accounts") + "$"],
                       capture_output=True, text=True)
    for wid in r.stdout.split():
        subprocess.run(["xdotool", "windowsize", wid, str(width), "600"], check=False)


def remove_data(path):
    subprocess.run(["gpgconf", "--homedir", os.path.join(path, "signet", "gnupg"), "--kill", "gpg-agent"],
                   stderr=subprocess.DEVNULL)
    shutil.rmtree(path, ignore_errors=True)


sys.exit(run())
