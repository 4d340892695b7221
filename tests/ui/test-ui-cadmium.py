#!/usr/bin/env python3
# test-ui-cadmium.py: sign-up on a Cadmium server (signet-devserver --cadmium)
# from its wss:// address, with the keyboard only.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import itertools
import os
import re
import subprocess
import sys

import pyatspi

from signet_ui import App, Server, UiFailure, run, signet_args, test

PAGE = "Your Cadmium Account"
PASSWORD = "correct horse battery"
_names = itertools.count(1)


def new_username(prefix):
    return f"{prefix}{os.getpid()}x{next(_names)}"


def url_of(server):
    return f"wss://localhost:{server.port}/cadmium"


def open_page(name, server, typed=True, **kw):
    """The wizard on the Cadmium page: the address typed on the server page
    (its certificate then asked about), or given with its certificate."""
    if typed:
        app = App(name, (), **kw)
        app.wait_page("Choose a Server")
        app.tab_to_entry("Server address")
        app.key("ctrl+a")
        app.type(url_of(server))
    else:
        app = App(name, signet_args(server, url_of(server)), **kw)
        app.wait_page("Choose a Server")
    app.key("Return")
    app.wait_page(PAGE)
    return app


def fill(app, username, email=None, phone=None):
    """Each field in turn, reached with Tab."""
    app.tab_to_entry("Username")
    app.type(username)
    if email:
        app.tab_to_entry("Email address")
        app.type(email)
    if phone:
        app.tab_to_entry("Phone number")
        app.type(phone)
    app.tab_to_entry("Password")
    app.type(PASSWORD)
    app.tab_to_entry("Confirm password")
    app.type(PASSWORD)


def trust(app):
    app.wait_for(role="push button", contains=app.tr("Trust This Server"), what="the certificate dialog")
    app.tab_to(role="push button", contains="Trust This Server")
    app.key("Return")


def signed_up(app, username):
    app.wait_text("You Are Signed Up", timeout=60)
    app.wait_text(f"@{username}@localhost", what="the new account's user ID")


def seconds_left(app):
    """The seconds the busy bar says are left before trying again, or None."""
    for text in app.texts():
        match = re.search(r"Trying again in (\d+) second", text)
        if match:
            return int(match.group(1))
    return None


def switch_on(app):
    node = app.find(role="check box", name="Sign in afterwards")
    return node is not None and node.getState().contains(pyatspi.STATE_CHECKED)


def keyring_secret(kind, user_id):
    result = subprocess.run(["secret-tool", "lookup", "kind", kind, "server", "localhost", "jid", user_id],
                            capture_output=True, text=True)
    return result.stdout


def no_file_holds(app, secret):
    """The password went to the keyring, not into Signet's files."""
    found = subprocess.run(["grep", "-rlF", secret, app.data_dir], capture_output=True, text=True).stdout
    if found:
        raise UiFailure(f"the password is in a file: {found}")


@test
def typed_address_trusted_certificate():
    server = Server("--cadmium")
    app = None
    try:
        app = open_page("cadmium", server)
        username = new_username("juliet")
        # The row or its switch: Space turns it on either way.
        app.tab_to(contains="fterwards")
        app.key("space")
        app.wait(lambda: switch_on(app), "the switch to turn on")
        fill(app, username, email=f"{username}@example.org", phone="312 345 6789")
        app.shot("filled")
        app.audit("the Cadmium page")
        app.key("Return")
        trust(app)
        signed_up(app, username)
        app.shot("done")
        app.audit("done")
        # The password, and the login token asked for, are in the keyring only.
        user_id = f"@{username}@localhost"
        if keyring_secret("cadmium", user_id) != PASSWORD:
            raise UiFailure("the password is not in the keyring")
        if not keyring_secret("cadmium-token", user_id):
            raise UiFailure("the login token asked for is not in the keyring")
        no_file_holds(app, PASSWORD)
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def bad_username_said_under_the_field():
    server = Server("--cadmium")
    app = None
    try:
        app = open_page("cadmium-check", server, typed=False, width=360, scheme="dark")
        app.tab_to_entry("Username")
        app.type("Juliet")
        app.wait_text("lowercase", what="the username check under the field")
        app.shot("bad-username")
        app.audit("the Cadmium page with a bad username")
        app.key("BackSpace", "BackSpace", "BackSpace", "BackSpace", "BackSpace", "BackSpace")
        app.type("juliet")
        app.wait(lambda: not any("lowercase" in t for t in app.texts()), "the check's message to go")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def taken_username_keeps_what_was_typed():
    server = Server("--cadmium", "--taken-username", "romeo")
    app = None
    try:
        app = open_page("cadmium-taken", server, typed=False, width=360)
        email = f"{new_username('r')}@example.org"
        fill(app, "romeo", email=email)
        app.key("Return")
        app.wait_text("This username is taken", what="which identifier is taken")
        app.shot("taken")
        app.expect_field("Email address", email, "after the refusal")
        app.expect_field("Username", "romeo", "after the refusal")
        # The focus is on the username, its text selected: typing replaces it.
        username = new_username("romeo")
        app.type(username)
        app.expect_field("Username", username, "typed over the taken name")
        app.key("Return")
        signed_up(app, username)
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def rate_limit_counts_down_then_signs_up():
    server = Server("--cadmium", "--throttle-first", "1", "--retry-after", "6000")
    app = None
    try:
        app = open_page("cadmium-wait", server, typed=False, scheme="dark")
        username = new_username("slow")
        fill(app, username)
        app.key("Return")
        first = app.wait(lambda: seconds_left(app), "the rate limit's countdown")
        app.shot("countdown")
        # It counts down by itself, then signs up without a key pressed.
        if first > 1:
            app.wait(lambda: (seconds_left(app) or first) < first, "the countdown to go down")
        signed_up(app, username)
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def hebrew_right_to_left():
    """The page in Hebrew: its fields, checks and the country, right to left."""
    server = Server("--cadmium")
    app = None
    try:
        app = open_page("cadmium-he", server, typed=False, width=360, lang="he")
        app.tab_to_entry("Username")
        app.type("Juliet")
        app.wait_text("A username can have only lowercase letters a–z, digits and . _ = - /", what="the check, in Hebrew")
        app.tab_to_entry("Email address")
        app.type("juliet@example.org")
        app.tab_to_entry("Password")
        app.type(PASSWORD)
        app.tab_to_entry("Confirm password")
        app.type("correct")
        app.tab_to_entry("Email address")
        app.wait_text("The two passwords differ. Type the same password in both fields.", what="the mismatch, in Hebrew")
        app.shot("page")
        app.audit("the Cadmium page in Hebrew")
    finally:
        if app is not None:
            app.close()
        server.stop()


def fill_ids(app, username=None, email=None, phone=None):
    """Only the identifiers given, then the password twice, each reached with Tab."""
    for label, value in (("Username", username), ("Email address", email), ("Phone number", phone)):
        if value:
            app.tab_to_entry(label)
            app.type(value)
    app.tab_to_entry("Password")
    app.type(PASSWORD)
    app.tab_to_entry("Confirm password")
    app.type(PASSWORD)


def registered(server, user_id):
    """The server made the account (its REGISTERED line)."""
    server._wait_line(lambda l: l == f"REGISTERED {user_id}", f"the account {user_id} on the server")


def expect_kept(app, fields):
    for label, value in fields.items():
        app.expect_field(label, value, "after the error")


def refused(server, *args, name, message, width=360):
    """A sign-up the server refuses as a whole: its message, nothing typed lost."""
    username = new_username(name)
    email = f"{username}@example.org"
    app = open_page(name, server, typed=False, width=width)
    try:
        fill_ids(app, username=username, email=email)
        app.key("Return")
        app.wait_text(message, what="the server's refusal, said plainly")
        app.shot("refused")
        expect_kept(app, {"Username": username, "Email address": email})
        if any("You Are Signed Up" in t for t in app.texts()):
            raise UiFailure("signed up although the server refused")
    finally:
        app.close()


def retry_button(app):
    return app.find(role="push button", contains="Retry")


@test
def email_only_shows_the_third_party_id():
    server = Server("--cadmium")
    app = None
    try:
        app = open_page("cadmium-email", server, typed=False, width=360)
        email = f"{new_username('nurse')}@example.org"
        fill_ids(app, email=email)
        app.key("Return")
        app.wait_text("You Are Signed Up", timeout=60)
        app.wait_text(f"%email:{email}@localhost", what="the third-party user ID on the done page")
        app.shot("done")
        registered(server, f"%email:{email}@localhost")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def phone_only_with_a_plus_number():
    server = Server("--cadmium")
    app = None
    try:
        app = open_page("cadmium-phone", server, typed=False)
        fill_ids(app, phone="+39 347 150 5501")
        app.key("Return")
        app.wait_text("You Are Signed Up", timeout=60)
        app.wait_text("%msisdn:+393471505501@localhost", what="the phone's user ID on the done page")
        app.shot("done")
        registered(server, "%msisdn:+393471505501@localhost")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def taken_email_then_taken_phone_then_all_three():
    """One run: the email is taken, then the phone; each said under its own
    field with everything typed kept, and then all three sign up."""
    taken_email = "tybalt@capulet.example"
    server = Server("--cadmium", "--taken-email", taken_email, "--taken-msisdn", "+393471505502")
    app = None
    try:
        app = open_page("cadmium-ids", server, typed=False, width=360)
        username = new_username("benvolio")
        fill_ids(app, username=username, email=taken_email, phone="+39 347 150 5502")
        app.key("Return")
        app.wait_text("An account with this email address exists already", what="which identifier is taken")
        app.shot("taken-email")
        app.audit("the Cadmium page with a taken email address")
        expect_kept(app, {"Username": username, "Email address": taken_email, "Phone number": "+39 347 150 5502"})
        # The focus is on the email address, its text selected: typing replaces it.
        email = f"{username}@example.org"
        app.type(email)
        app.expect_field("Email address", email, "typed over the taken address")
        app.key("Return")
        app.wait_text("An account with this phone number exists already", what="the taken phone number")
        app.shot("taken-phone")
        expect_kept(app, {"Username": username, "Email address": email, "Phone number": "+39 347 150 5502"})
        app.type("+39 347 150 5503")
        app.expect_field("Phone number", "+39 347 150 5503", "typed over the taken number")
        app.key("Return")
        signed_up(app, username)
        registered(server, f"@{username}@localhost")
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def registration_disabled_and_unknown_type_said():
    for args, name, message in ((("--no-registration",), "cadmium-closed",
                                 "This server does not take new accounts at the moment."),
                                (("--unknown-type",), "cadmium-unhandled",
                                 "This server does not offer sign-up from an app.")):
        server = Server("--cadmium", *args)
        try:
            refused(server, name=name, message=message)
        finally:
            server.stop()


@test
def garbled_frame_and_dropped_socket_then_retry():
    """Each fault on the first connection only: a clear error, Retry, signed up."""
    for fault, name, message in (("--garble", "cadmium-garbled", "not a Cadmium message"),
                                 ("--drop", "cadmium-dropped", "Connection Lost")):
        server = Server("--cadmium", fault, "1", "--faulty-connections", "1")
        app = None
        try:
            app = open_page(name, server, typed=False, width=360)
            username = new_username("friar")
            email = f"{username}@example.org"
            fill_ids(app, username=username, email=email)
            app.key("Return")
            app.wait_text(message, what="the fault, said plainly")
            app.wait(lambda: retry_button(app), "a Retry button")
            app.shot("fault")
            expect_kept(app, {"Username": username, "Email address": email})
            app.tab_to(role="push button", contains="Retry")
            app.key("Return")
            signed_up(app, username)
        finally:
            if app is not None:
                app.close()
            server.stop()


sys.exit(run())
