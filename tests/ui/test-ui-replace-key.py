#!/usr/bin/env python3
# test-ui-replace-key.py: "Replace Key…" in the Accounts window, with the
# keyboard only: the dialog says what replacing means, Replace Key makes a
# new key that the server certifies, and the account logs in with it; when
# the connection drops or the server refuses the revocation, the dialog
# says so and the old key stays; when the server takes the new key but its
# answer is lost, the dialog says the number needs verifying again.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys

from signet_ui import (SIGNET_CLI, App, Server, UiFailure, give_focus_to, register, remove_home, run, says,
                       scratch, shown, signet_args, size_window, tab_to_in, test, window_named)

# Numbers of this walk only (tests share the keyring and the server).
E164 = "+393471508061"
FAULTS_E164 = "+393471508062"
LOST_E164 = "+393471508063"
LOST_DARK_E164 = "+393471508064"
LOST_RTL_E164 = "+393471508065"
PASSWORD = "tortellini in brodo"


def connection_args(server):
    return ["--host", server.host, "--trust", server.sha256]


def cli(home, args, stdin=""):
    env = dict(os.environ, XDG_DATA_HOME=home)
    return subprocess.run([SIGNET_CLI, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)


def stored_fingerprint(home, e164):
    r = cli(home, ["accounts", "--json"])
    if r.returncode != 0:
        raise UiFailure(f"signet-cli accounts exited {r.returncode}:\n{r.stderr}")
    for account in json.loads(r.stdout)["result"]:
        if account.get("phone") == e164:
            return account.get("fingerprint")
    raise UiFailure(f"signet-cli accounts does not list {e164}: {r.stdout}")


def open_accounts(app):
    app.key("F10")
    app.wait_focus(role="menu item", name=app.tr("Accounts"), what="Accounts in the main menu")
    app.key("Return")
    window = app.wait(lambda: window_named(app, "Accounts"), "the Accounts window")
    row = app.tr("Re_place Key…").replace("_", "")
    app.wait(lambda: any(row in t for t in shown(app, window)), "the account and its Replace Key row")
    size_window(app, "Accounts", app.width)
    return window


def open_replace(app, accounts):
    """The dialog, by keyboard, with what replacing means on it."""
    give_focus_to(app, "Accounts")
    tab_to_in(app, accounts, role="list item", contains="Re_place Key…")
    app.key("Return")
    dialog = app.wait(lambda: window_named(app, "Replace Key"), "the dialog “Replace Key”")
    size_window(app, "Replace Key", app.width)
    for fragment in ("Signet makes a new key for this account and the server certifies it. The old key is "
                     "revoked and stops working for good.",
                     "Other devices that use the old key, linked or restored from a backup, stop working: link "
                     "them again afterwards.",
                     "Backups of the old key stop working too: back up the new key afterwards."):
        app.wait(lambda: says(app, dialog, fragment), f"“{fragment}”")
    # Enter alone must not replace anything: Cancel has the focus.
    app.wait_focus(role="push button", contains=app.tr("_Cancel").replace("_", ""), what="Cancel")
    return dialog


def replace(app, dialog):
    tab_to_in(app, dialog, role="push button", contains="_Replace Key")
    app.key("Return")


@test
def replace_key():
    server = Server()
    device = scratch("signet-rk-desk.")
    app = None
    try:
        old = register(server, device, E164)
        app = App("replace-key", signet_args(server), data_dir=device, width=360)
        accounts = open_accounts(app)
        app.shot("window")
        dialog = open_replace(app, accounts)
        app.shot("confirm")
        app.audit("confirm")
        replace(app, dialog)
        app.wait(lambda: says(app, dialog, "Key Replaced"), "the key replaced", timeout=120)
        app.shot("replaced")
        app.audit("replaced")
        new = stored_fingerprint(device, E164)
        if not new or new == old:
            raise UiFailure(f"the stored fingerprint is {new!r}, the old one was {old!r}")
        texts = "".join(shown(app, dialog)).replace(" ", "").replace("\n", "")
        if new.upper() not in texts.upper():
            raise UiFailure(f"the dialog does not show the new fingerprint {new}: {texts}")
        app.wait_focus(role="push button", contains=app.tr("_Done").replace("_", ""), what="Done")
        app.key("Return")
        app.wait(lambda: window_named(app, "Replace Key") is None, "Done to close the dialog")
        app.close()
        app = None

        # The account logs in with the new key.
        r = cli(device, ["link", "--account", E164, *connection_args(server), "--json"], PASSWORD + "\n")
        if r.returncode != 0:
            raise UiFailure(f"signet-cli link with the new key exited {r.returncode}:\n{r.stdout}\n{r.stderr}")

        # The other looks: wide and dark, and right to left; Escape closes.
        for width, scheme, lang in ((1024, "dark", None), (360, "light", "he")):
            app = App("replace-key", signet_args(server), data_dir=device, width=width, scheme=scheme, lang=lang)
            accounts = open_accounts(app)
            dialog = open_replace(app, accounts)
            app.shot("confirm")
            app.key("Escape")
            app.wait(lambda: window_named(app, "Replace Key") is None, "Escape to close the dialog")
            app.close()
            app = None
        if stored_fingerprint(device, E164) != new:
            raise UiFailure("closing the dialog changed the key")
    finally:
        if app is not None:
            app.close()
        server.stop()
        remove_home(device)


@test
def dropped_then_refused():
    """Escape while the new key is made goes back; the connection drops as
    the new key goes out, then the server refuses the revocation: each time
    the dialog says so, and the old key stays."""
    # Slow replies: the server is not asked yet when Escape comes.
    server = Server("--delay-ms", "300", "--drop-rekey", FAULTS_E164, "--refuse-revocation", FAULTS_E164)
    device = scratch("signet-rk-faults.")
    app = None
    try:
        old = register(server, device, FAULTS_E164)
        app = App("replace-key-faults", signet_args(server), data_dir=device)
        accounts = open_accounts(app)
        dialog = open_replace(app, accounts)
        replace(app, dialog)
        app.wait(lambda: says(app, dialog, "Making a new key…"), "the new key under way")
        app.shot("busy")
        app.key("Escape")
        app.wait(lambda: says(app, dialog, "Backups of the old key stop working too: back up the new key afterwards."),
                 "the explanation again")
        if window_named(app, "Replace Key") is None or says(app, dialog, "Key Replaced"):
            raise UiFailure("Escape while the new key was made did not go back to the explanation")
        if stored_fingerprint(device, FAULTS_E164) != old:
            raise UiFailure("the key changed although the replacement was cancelled")

        app.wait_focus(role="push button", contains=app.tr("_Cancel").replace("_", ""), what="Cancel")
        replace(app, dialog)
        # The answer is lost, but the old key still logs in: not taken.
        app.wait(lambda: says(app, dialog, "The server did not take the new key"),
                 "the lost answer said", timeout=120)
        app.shot("dropped")
        app.audit("dropped")
        if stored_fingerprint(device, FAULTS_E164) != old:
            raise UiFailure("the key changed although the connection dropped")

        # Back on the explanation, as before: again.
        app.wait_focus(role="push button", contains=app.tr("_Cancel").replace("_", ""), what="Cancel")
        replace(app, dialog)
        app.wait(lambda: says(app, dialog, "Invalid revocation key."), "the refusal said", timeout=120)
        app.wait(lambda: says(app, dialog, "the old key still works"), "the old key still works")
        app.shot("refused")
        if stored_fingerprint(device, FAULTS_E164) != old:
            raise UiFailure("the key changed although the server refused the revocation")
        app.key("Escape")
        app.wait(lambda: window_named(app, "Replace Key") is None, "Escape to close the dialog")
        app.close()
        app = None

        r = cli(device, ["link", "--account", FAULTS_E164, *connection_args(server), "--json"], PASSWORD + "\n")
        if r.returncode != 0:
            raise UiFailure(f"signet-cli link with the old key exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    finally:
        if app is not None:
            app.close()
        server.stop()
        remove_home(device)


@test
def taken_but_answer_lost():
    """The server takes the new key but its answer comes garbled: the old key
    no longer logs in, so the new key is the account's, and the dialog says
    that only a new sign-up of the number brings the server's certification.
    In each look, with a number of its own (the server garbles once each)."""
    looks = ((LOST_E164, 360, "light", None), (LOST_DARK_E164, 1024, "dark", None),
             (LOST_RTL_E164, 360, "light", "he"))
    server = Server(*[arg for look in looks for arg in ("--garble-rekey", look[0])])
    devices = []
    app = None
    try:
        for e164, width, scheme, lang in looks:
            device = scratch("signet-rk-lost.")
            devices.append(device)
            old = register(server, device, e164)
            app = App("replace-key-lost", signet_args(server), data_dir=device, width=width, scheme=scheme,
                      lang=lang)
            accounts = open_accounts(app)
            dialog = open_replace(app, accounts)
            replace(app, dialog)
            app.wait(lambda: says(app, dialog, "The server took the new key, but its answer was lost on the way"),
                     "the taken key said", timeout=120)
            app.wait(lambda: says(app, dialog, "Verify Your Number Again"), "the page that says what to do")
            app.wait(lambda: says(app, dialog, "Sign up with this phone number once more"), "what to do next")
            # Replacing again cannot help: the only button left is Done.
            app.wait_focus(role="push button", contains=app.tr("_Done").replace("_", ""), what="Done")
            app.shot("taken")
            app.audit("taken")
            new = stored_fingerprint(device, e164)
            if not new or new == old:
                raise UiFailure(f"the account still has the old key {old!r}, which the server no longer takes")
            app.key("Return")
            app.wait(lambda: window_named(app, "Replace Key") is None, "Done to close the dialog")
            app.close()
            app = None
    finally:
        if app is not None:
            app.close()
        server.stop()
        for device in devices:
            remove_home(device)

sys.exit(run())
