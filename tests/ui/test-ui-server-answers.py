#!/usr/bin/env python3
# test-ui-server-answers.py: what the server page shows once a server has
# answered: its registration instructions (links in them), a server that
# offers nothing but instructions, and a domain that turns out to be a
# Cadmium server; with the keyboard only, at 360 and 1024 px, light and
# dark, and in Hebrew.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import itertools
import os
import sys

from signet_ui import App, Server, UiFailure, XmppServer, run, signet_args, test

_names = itertools.count(1)

SAID = "Choose a name you will keep."
ONLY = "Accounts are given out at"
NO_APPS = "does not take sign-ups from apps"
OFFICE = "Ask the administrator in the office"
# The error the same answer used to be.
ERROR_BAR = "does not offer sign-up from apps"


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


sys.exit(run())
