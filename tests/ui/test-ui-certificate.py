#!/usr/bin/env python3
# test-ui-certificate.py: a server whose certificate Signet cannot verify, as
# a person meets it.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import re
import sys
import time

import pyatspi

from signet_ui import App, Server, UiFailure, on_screen, run, signet_args, test, text_of

HEADING = "Trust This Server?"
# OpenSSL's own way of writing a time: "Dec  6 19:16:46 2026 GMT".
OPENSSL_TIME = re.compile(r"\b[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}( GMT)?")
# The same day as g_date_time_format() writes it in the C locale.
DAY = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
                 r"October|November|December) \d{4}\b")
# What the texts of the isolates and marks around numbers are made of.
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069"))


def dialog_of(app):
    headings = (app.tr(HEADING), app.tr("Server Certificate Changed"))
    for window in app.windows():
        try:
            if window.getRoleName() == "dialog" and window.name in headings:
                return window
        except Exception:
            pass
    return None


def shown_texts(app, root):
    """What the person sees in @root: visible, on-screen text."""
    out = []
    for node in app.nodes(root):
        try:
            if on_screen(node):
                out.append(((node.name or "") + "\n" + text_of(node)).translate(MARKS))
        except Exception:
            pass
    return "\n".join(out)


def grouped(sha256):
    digits = sha256.upper()
    groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    return [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]


def open_dialog(app):
    app.wait_page("Choose a Server")
    app.key("Return")
    return app.wait(lambda: dialog_of(app), "the certificate dialog")


def check_dialog(app, server, prefix):
    dialog = open_dialog(app)
    app.wait_for(role="push button", contains=app.tr("Trust This Server"))
    app.shot(f"{prefix}dialog")
    shown = shown_texts(app, dialog)

    # People's words, not OpenSSL's.
    for raw in ("CN=", "O=", "GMT"):
        if raw in shown:
            raise UiFailure(f"the dialog shows {raw!r} outside the technical details:\n{shown}")
    if OPENSSL_TIME.search(shown):
        raise UiFailure(f"the dialog shows OpenSSL's time format:\n{shown}")
    if not DAY.search(shown):
        raise UiFailure(f"no day written for people in the dialog:\n{shown}")
    for want in ("localhost", "Signet development server", "self-signed"):
        if want not in shown:
            raise UiFailure(f"the dialog does not show {want!r}:\n{shown}")
    # The fingerprint waits in the technical details.
    lines = grouped(server.sha256)
    if lines[0] in shown:
        raise UiFailure("the fingerprint is out before the technical details are opened")

    # Enter would answer Cancel: the keyboard starts on the safe answer.
    app.wait_focus(role="push button", contains="Cancel", what="the focus on Cancel")

    # The details open from the keyboard and show all of the fingerprint.
    app.tab_to(role="list item", name="Technical Details")
    app.key("Return")
    app.wait_text("SHA-256 Fingerprint")
    app.wait(lambda: all(line in shown_texts(app, dialog) for line in lines), "the whole fingerprint")
    shown = shown_texts(app, dialog)
    if "CN=localhost" not in shown:
        raise UiFailure(f"the technical details do not show the full subject:\n{shown}")
    app.shot(f"{prefix}details")
    return dialog


@test
def escape_refuses_then_trust():
    server = Server()
    app = App("certificate", signet_args(server, trust=False))
    try:
        check_dialog(app, server, "")

        # Escape: not trusted, back on the server page with the reason.
        app.key("Escape")
        app.wait(lambda: dialog_of(app) is None, "the dialog to close")
        app.wait_text("Server Not Trusted")
        app.wait_page("Choose a Server")
        app.shot("refused")

        # Again, and this time trust it: Tab to the button, Enter.
        app.tab_to(role="push button", contains="Next")
        app.key("Return")
        app.wait(lambda: dialog_of(app), "the certificate dialog again")
        app.wait_focus(role="push button", contains="Cancel", what="the focus on Cancel")
        app.tab_to(role="push button", contains="Trust This Server")
        app.key("Return")
        app.wait_page("Your Phone Number")
    finally:
        app.close()
        server.stop()


@test
def looks():
    """Screenshots: narrow and wide, light and dark, and right to left."""
    for width, scheme, lang in ((360, "light", None), (1024, "dark", None), (360, "dark", None),
                                (1024, "light", "he")):
        server = Server()
        app = App("certificate", signet_args(server, trust=False),
                  width=width, scheme=scheme, lang=lang)
        try:
            dialog = open_dialog(app)
            app.wait(lambda: len(shown_texts(app, dialog)) > 0, "the dialog's text")
            time.sleep(0.3)
            app.shot("dialog")
            check_fits(app, dialog)
            # Technical Details is the only list item that takes the focus.
            app.tab_to(role="list item")
            app.key("Return")
            time.sleep(0.5)
            app.shot("details")
        finally:
            app.close()
            server.stop()


def check_fits(app, dialog):
    """The dialog is on the screen, whole, in the window's width."""
    e = dialog.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    if e.width > app.width + 1:
        raise UiFailure(f"the dialog is {e.width} px wide in a {app.width} px window")


sys.exit(run())
