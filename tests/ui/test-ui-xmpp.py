#!/usr/bin/env python3
# test-ui-xmpp.py: XEP-0077 sign-up on real servers, from launch, with the
# keyboard only: Prosody's data form, and ejabberd's CAPTCHA.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import itertools
import os
import sys
import time

from signet_ui import App, UiFailure, XmppServer, run, signet_args, test

_names = itertools.count(1)


def new_username(prefix):
    return f"{prefix}{os.getpid()}x{next(_names)}"


def launch(name, server, domain, **kw):
    """The wizard signing up at @domain on @server, past its first page."""
    app = App(name, signet_args(server, domain), **kw)
    app.wait_page("Choose a Server")
    app.key("Return")
    return app


def fill_form(app, username, password, shot):
    """The form the server sent, filled in field by field; Enter submits."""
    # The title is the server's; the fields are what every form has.
    app.wait(lambda: app.find(role="text", contains="User"), "the server's form", timeout=60)
    app.tab_to_entry("User")
    app.type(username)
    app.tab_to_entry("Password")
    app.type(password)
    app.tab_to_entry("Confirm")
    app.type(password)
    app.shot(shot)
    app.audit(shot)


def signed_up(app):
    app.wait_text("You Are Signed Up", timeout=60)
    app.shot("done")
    app.audit("done")


@test
def prosody_form():
    server = XmppServer("prosody")
    app = None
    try:
        app = launch("xmpp-form", server, "open.localhost")
        fill_form(app, new_username("walk"), "correct horse battery", "form")
        # The form came on the connection that asked what the server is.
        if server.connections() != 1:
            raise UiFailure(f"the form took {server.connections()} connections, not one")
        app.key("Return")
        signed_up(app)
        # The sign-up went on that same connection; the first login is a new one.
        if server.connections() != 2:
            raise UiFailure(f"signing up and logging in took {server.connections()} connections, not two")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def prosody_taken_then_other_name():
    server = XmppServer("prosody")
    app = None
    try:
        taken = new_username("taken")
        app = launch("xmpp-taken", server, "open.localhost")
        fill_form(app, taken, "correct horse battery", "form")
        app.key("Return")
        signed_up(app)
        app.close()

        # Another person: with the same password the account would be the
        # person's own, which Signet takes as signed up.
        app = launch("xmpp-taken", server, "open.localhost")
        fill_form(app, taken, "another horse battery", "form")
        app.key("Return")
        app.wait_text("This username is already taken", what="the error that the username is taken")
        app.shot("taken")
        # What was typed is still there: only the name changes.
        app.tab_to_entry("User")
        app.key("End")
        app.type("b")
        app.key("Return")
        signed_up(app)
        app.close()

        # The first name and password again: a login proves the account is
        # the person's own (an earlier answer may have been lost).
        app = launch("xmpp-taken", server, "open.localhost")
        fill_form(app, taken, "correct horse battery", "form-own")
        app.key("Return")
        signed_up(app)
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def ejabberd_captcha():
    server = XmppServer("ejabberd")
    app = None
    try:
        app = launch("xmpp-captcha", server, "captcha.localhost")
        fill_form(app, new_username("captcha"), "correct horse battery", "captcha")
        # ejabberd's own label for the CAPTCHA's field.
        app.tab_to_entry("Enter the text you see")
        app.type(server.read("captcha-answer"))
        app.key("Return")
        signed_up(app)
    finally:
        if app is not None:
            app.close()
        server.stop()


sys.exit(run())
