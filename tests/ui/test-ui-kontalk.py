#!/usr/bin/env python3
# test-ui-kontalk.py: every Kontalk sign-up flow, from launch, with the
# keyboard only (Tab, arrows, typing, Enter, Escape), against signet-devserver.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import tempfile
import time

from signet_ui import App, Server, UiFailure, run, signet_args, test

NUMBER = "+393471234567"


def look(app, step):
    """What the person sees, saved, and what a screen reader gets, checked."""
    app.shot(step)
    app.audit(step)


def launch(name, server, trust=True, **kw):
    return App(name, signet_args(server, trust=trust), **kw)


def server_page(app):
    """At launch the server field has the focus: Enter goes on."""
    app.wait_page("Choose a Server")
    field = app.focused_editable()
    if field is None or app.tr("Server address") not in (field.name or ""):
        raise UiFailure("at launch the focus is not in the server address field")
    look(app, "server")
    app.key("Return")


def number_page(app, digits="3471234567", name="Ada Lovelace"):
    """Name and number typed; Enter asks to confirm the number."""
    app.wait_page("Your Phone Number")
    app.tab_to_entry("Your name")
    app.type(name)
    app.tab_to_entry("Phone number")
    app.type(digits)
    look(app, "number")
    app.key("Return")
    app.wait_text("Is This Number Correct?")
    look(app, "confirm")


def send_code(app):
    """Enter on the confirm dialog sends the code."""
    app.key("Return")


def type_code(app, code):
    app.tab_to_entry("Verification code")
    app.type(code)
    app.key("Return")


def done_page(app):
    app.wait_page("You’re Signed Up", timeout=60)
    look(app, "done")


def sign_up(app, server, **kw):
    server_page(app)
    number_page(app, **kw)
    send_code(app)
    app.wait_page("Enter the Code")
    look(app, "pin")
    type_code(app, server.code(NUMBER))
    done_page(app)


def with_server(server_args, name, body, **kw):
    server = Server(*server_args)
    app = None
    try:
        app = launch(name, server, **kw)
        body(app, server)
    finally:
        if app is not None:
            app.close()
        server.stop()


# The whole pin flow in every look the wizard has: 1024 and 360 px, light
# and dark, and right to left in Hebrew.
VARIANTS = [
    (1024, "light", None), (360, "light", None), (1024, "dark", None), (360, "dark", None),
    (360, "light", "he"), (1024, "dark", "he"),
]


def pin_variant(width, scheme, lang):
    def walk():
        with_server([], "kontalk-pin", sign_up, width=width, scheme=scheme, lang=lang)
    walk.__name__ = f"pin_{width}_{scheme}" + (f"_{lang}" if lang else "")
    return walk


for variant in VARIANTS:
    test(pin_variant(*variant))


@test
def missed_call():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Wait for a Call")
        look(app, "missed-call")
        type_code(app, server.code(NUMBER))
        done_page(app)
    with_server(["--default-challenge", "missedcall"], "kontalk-missed-call", body)


@test
def caller_id():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Make a Call")
        look(app, "caller-id")
        # "I Called" is the page's default: Enter from anywhere on it.
        app.tab_to(role="push button", contains="I called")
        app.key("Return")
        done_page(app)
    with_server(["--default-challenge", "callerid"], "kontalk-caller-id", body)


@test
def conflict_then_force():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_text("Number Already Registered")
        look(app, "conflict")
        # The safe answer is the default; the destructive one is chosen on purpose.
        app.tab_to(role="push button", contains="Lost My Old Device")
        app.key("Return")
        app.wait_page("Enter the Code")
        type_code(app, server.code(NUMBER))
        done_page(app)
    with_server(["--registered", NUMBER], "kontalk-conflict", body)


@test
def conflict_escape_keeps_number():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_text("Number Already Registered")
        app.key("Escape")
        app.wait_page("Your Phone Number")
        app.expect_field("Phone number", "347 123 4567", "after Escape on the conflict dialog")
    with_server(["--registered", NUMBER], "kontalk-conflict-escape", body)


@test
def wrong_then_right_code():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Enter the Code")
        right = server.code(NUMBER)
        wrong = "000000" if right != "000000" else "111111"
        type_code(app, wrong)
        app.wait_text("wrong", what="an error that the code is wrong")
        look(app, "wrong-code")
        # The code is still there to correct.
        app.tab_to_entry("Verification code")
        app.key("ctrl+a")
        app.type(right)
        app.key("Return")
        done_page(app)
    with_server([], "kontalk-wrong-code", body)


@test
def try_another_way():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Enter the Code")
        app.tab_to(role="list item", contains="Try Another Way")
        app.key("Return")
        app.wait_page("Wait for a Call")
        look(app, "another-way")
        type_code(app, server.code(NUMBER, 1))
        done_page(app)
    with_server([], "kontalk-another-way", body, width=360)


@test
def change_number():
    def body(app, server):
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Enter the Code")
        app.tab_to(role="list item", contains="Change Number")
        app.key("Return")
        app.wait_page("Your Phone Number")
        app.tab_to_entry("Phone number")
        app.key("ctrl+a")
        app.type("3471234568")
        app.key("Return")
        app.wait_text("Is This Number Correct?")
        send_code(app)
        app.wait_page("Enter the Code")
        type_code(app, server.code("+393471234568"))
        done_page(app)
    with_server([], "kontalk-change-number", body)


@test
def resume_after_restart():
    server = Server()
    # The same data folder for both runs (an App given one leaves it be).
    data = tempfile.mkdtemp(prefix="signet-ui-data.")
    try:
        app = launch("kontalk-resume", server, data_dir=data)
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Enter the Code")
        code = server.code(NUMBER)
        # Wait for the key, so that the sign-up is saved whole, then quit.
        app.wait_text("Encryption key ready", timeout=60)
        app.key("ctrl+q")
        app.proc.wait(timeout=20)
        app.close()

        # Opened again as a person does, from the desktop: no options.
        app = App("kontalk-resume", [], data_dir=data)
        app.wait_text("Continue Signing Up?")
        look(app, "resume")
        app.key("Return")
        app.wait_page("Enter the Code")
        type_code(app, code)
        done_page(app)
        app.close()
    finally:
        server.stop()
        if data:
            import shutil
            import subprocess
            subprocess.run(["gpgconf", "--homedir", f"{data}/signet/gnupg", "--kill", "gpg-agent"])
            shutil.rmtree(data, ignore_errors=True)


@test
def resume_after_cut_off_login():
    # The third connection is the first login: it is dropped, after the
    # server took the code and certified the key.
    server = Server("--fault-connection", "3", "--drop-after", "1")
    data = tempfile.mkdtemp(prefix="signet-ui-data.")
    try:
        app = launch("kontalk-relogin", server, data_dir=data)
        server_page(app)
        number_page(app)
        send_code(app)
        app.wait_page("Enter the Code")
        type_code(app, server.code(NUMBER))
        app.wait_for(role="push button", contains="Logging In Again",
                     what="the button to log in again", timeout=60)
        look(app, "login-cut-off")
        app.key("ctrl+q")
        app.proc.wait(timeout=20)
        app.close()

        # A later run offers to continue, says no code is needed, and
        # Enter finishes the sign-up with the login alone.
        app = App("kontalk-relogin", [], data_dir=data)
        app.wait_text("Continue Signing Up?")
        app.wait_text("no code is needed")
        look(app, "resume-login")
        app.key("Return")
        done_page(app)
        app.close()
        if len([l for l in server.output().splitlines() if l.startswith("CODE ")]) != 1:
            raise UiFailure("continuing the sign-up asked the server for another code")
    finally:
        server.stop()
        import shutil
        import subprocess
        subprocess.run(["gpgconf", "--homedir", f"{data}/signet/gnupg", "--kill", "gpg-agent"])
        shutil.rmtree(data, ignore_errors=True)


@test
def certificate_trust():
    def body(app, server):
        app.wait_page("Choose a Server")
        app.key("Return")
        app.wait_text("Trust This Server?")
        look(app, "certificate")
        # Escape refuses: the person stays on the server page.
        app.key("Escape")
        app.wait_page("Choose a Server")
        app.key("Return")
        app.wait_text("Trust This Server?")
        app.tab_to(role="push button", contains="Trust")
        app.key("Return")
        app.wait_page("Your Phone Number")
    with_server([], "kontalk-certificate", body, trust=False)


sys.exit(run())
