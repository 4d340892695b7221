#!/usr/bin/env python3
# test-ui-server-answers.py: what the server page shows once a server has
# answered: its registration instructions (links in them), a server that
# offers nothing but instructions, and a domain that turns out to be a
# Cadmium server; with the keyboard only, at 360 and 1024 px, light and
# dark, and in Hebrew.
#
# An XMPP account Signet already holds on the domain typed is named
# before anything is signed up.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import itertools
import os
import shutil
import subprocess
import sys
import tempfile

from signet_ui import TOP_BUILD, App, Server, UiFailure, XmppServer, run, signet_args, test

_names = itertools.count(1)

SAID = "Choose a name you will keep."
ONLY = "Accounts are given out at"
NO_APPS = "does not take sign-ups from apps"
OFFICE = "Ask the administrator in the office"
# The error the same answer used to be.
ERROR_BAR = "does not offer sign-up from apps"
SIGNET_CLI = os.environ.get("SIGNET_CLI", os.path.join(TOP_BUILD, "src", "cli", "signet-cli"))


def launch(name, server, domain, **kw):
    app = App(name, signet_args(server, domain), **kw)
    app.wait_page("Choose a Server")
    return app


def instructions_after_back(**kw):
    """A form server with instructions: they are on the form, and back on
    the server page they stay in view."""
    server = XmppServer("prosody")
    app = None
    try:
        app = launch("server-said", server, "said.localhost", **kw)
        app.key("Return")
        app.wait(lambda: app.find(role="text", contains="User"), "the server's form", timeout=60)
        app.wait_text(SAID, what="the instructions on the form")
        app.key("alt+Left")
        app.wait_page("Choose a Server")
        app.wait_text(SAID, what="the instructions on the server page")
        app.wait_text("https://said.localhost/rules", what="the link in the instructions")
        app.shot("instructions")
        app.audit("the server page with instructions")
        # Another server: what this one said goes.
        app.tab_to_entry("Server address")
        app.key("End")
        app.type("x")
        app.wait(lambda: not any(SAID in t for t in app.texts()), "the instructions to go")
    finally:
        if app is not None:
            app.close()
        server.stop()


def instructions_only(**kw):
    """Servers that answer with nothing but instructions: with an address
    in them, the website page shows both; without, they are the answer on
    the server page, not an error."""
    server = XmppServer("prosody")
    app = None
    try:
        app = launch("server-only-link", server, "instructions.localhost", **kw)
        app.key("Return")
        app.wait_text(ONLY, what="the server's instructions", timeout=60)
        app.wait_text("https://instructions.localhost/join", what="the address in them")
        app.shot("instructions-with-address")
        app.close()

        app = launch("server-only", server, "office.localhost", **kw)
        app.key("Return")
        app.wait_text(OFFICE, what="the server's instructions", timeout=60)
        # The sentence is translated whole; its English part is checked in English.
        if not app.lang:
            app.wait_text(NO_APPS, what="what the instructions are")
        app.wait_page("Choose a Server")
        if any(ERROR_BAR in t for t in app.texts()):
            raise UiFailure("an instructions-only server still shows an error")
        app.shot("instructions-only")
        app.audit("the server page with an instructions-only server")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def instructions_1024_light():
    instructions_after_back(width=1024, height=720)


@test
def instructions_360_dark():
    instructions_after_back(width=360, height=720, scheme="dark")


@test
def instructions_only_1024_dark():
    instructions_only(width=1024, height=720, scheme="dark")


@test
def instructions_only_360_light():
    instructions_only(width=360, height=720)


@test
def instructions_only_360_hebrew():
    instructions_only(width=360, height=720, lang="he")


@test
def domain_turns_out_to_be_cadmium():
    """Only a domain typed: the probe finds Cadmium at its well-known
    address, asks about its certificate, and the Cadmium page signs up."""
    server = Server("--cadmium")
    app = None
    try:
        app = App("server-cadmium", signet_args(server, "localhost", trust=False), width=360, height=720)
        app.wait_page("Choose a Server")
        app.key("Return")
        app.wait_for(role="push button", contains=app.tr("Trust This Server"), what="the certificate dialog")
        app.tab_to(role="push button", contains="Trust This Server")
        app.key("Return")
        app.wait_page("Your Cadmium Account")
        app.shot("cadmium-page")
        username = f"found{os.getpid()}x{next(_names)}"
        app.tab_to_entry("Username")
        app.type(username)
        app.tab_to_entry("Password")
        app.type("correct horse battery")
        app.tab_to_entry("Confirm password")
        app.type("correct horse battery")
        app.key("Return")
        app.wait_text("You Are Signed Up", timeout=60)
        app.wait_text(f"@{username}@localhost", what="the new account's user ID")
        app.shot("cadmium-done")
        if f"REGISTERED @{username}@localhost" not in server.output():
            raise UiFailure("the Cadmium server made no account")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def cadmium_page_looks():
    """The Cadmium page reached from a domain, at both widths and schemes."""
    for width, scheme in ((1024, "light"), (1024, "dark"), (360, "light"), (360, "dark")):
        server = Server("--cadmium")
        app = None
        try:
            app = App("server-cadmium-look", signet_args(server, "localhost"), width=width, height=720,
                      scheme=scheme)
            app.wait_page("Choose a Server")
            app.key("Return")
            app.wait_page("Your Cadmium Account")
            app.shot("page")
        finally:
            if app is not None:
                app.close()
            server.stop()


def register_with_cli(server, domain, username, data_dir):
    """Signs @username up on @domain with signet-cli, its record in
    @data_dir, as a person who used the command line first would have."""
    env = dict(os.environ, XDG_DATA_HOME=data_dir)
    r = subprocess.run([SIGNET_CLI, "xmpp", "register", "--server", domain, "--host", server.host,
                        "--trust", server.sha256, "--field", f"username={username}",
                        "--field", "password=correct horse battery", "--json"],
                       capture_output=True, text=True, env=env, timeout=120)
    if r.returncode != 0:
        raise UiFailure(f"signet-cli xmpp register exited {r.returncode}:\n{r.stdout}\n{r.stderr}")


def accounts_window(app):
    for window in app.windows():
        try:
            if window.name == app.tr("Accounts"):
                return window
        except Exception:
            pass
    return None


def existing_account(width, scheme="light", lang=None):
    """A domain where Signet already holds an account: the server page
    names it; "Open Account" opens the accounts window, "Sign Up Another
    Account" goes on to the server's form."""
    server = XmppServer("prosody")
    data_dir = tempfile.mkdtemp(prefix="signet-ui-data.")
    username = f"had{os.getpid()}x{next(_names)}"
    jid = f"{username}@open.localhost"
    app = None
    try:
        register_with_cli(server, "open.localhost", username, data_dir)
        app = App("server-existing", signet_args(server, "open.localhost"), width=width, height=720,
                  scheme=scheme, lang=lang, data_dir=data_dir)
        app.wait_page("Choose a Server")
        # Typed again: what matters is the domain in the field when going on
        # (the server's certificate is trusted for it from the start).
        app.tab_to_entry("Server address")
        app.key("ctrl+a")
        app.type("open.localhost")
        app.key("Return")
        notice = app.tr("You already have an account on %s: %s") % ("open.localhost", jid)
        app.wait_text(notice, what="the notice naming the account")
        app.wait_focus(role="push button", contains=app.tr("Open the account in the accounts window"),
                       what="the focus on Open Account")
        app.shot("existing-account")
        app.audit("the server page naming an account already held")

        app.key("Return")
        app.wait(lambda: accounts_window(app), "the Accounts window")
        app.wait(lambda: app.find(contains=jid, root=accounts_window(app)), "the account in the Accounts window")
        app.key("Escape")
        app.wait(lambda: accounts_window(app) is None, "Escape to close the Accounts window")

        app.wait_page("Choose a Server")
        app.tab_to(role="push button", contains=app.tr("Sign up another account on this server"))
        app.key("Return")
        app.wait(lambda: app.find(role="text", contains="User"), "the server's form", timeout=60)
    finally:
        if app is not None:
            app.close()
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@test
def existing_account_360_light():
    existing_account(360)


@test
def existing_account_1024_dark():
    existing_account(1024, scheme="dark")


@test
def existing_account_360_hebrew():
    existing_account(360, lang="he")


sys.exit(run())
