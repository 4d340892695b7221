#!/usr/bin/env python3
# test-ui-server.py: the server page, and the window's keyboard shortcuts,
# as a person uses them with the keyboard only.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import time

from signet_ui import UiFailure, extents, open_server_page, run, test, text_of


def below(app, upper, lower, what):
    """Fails unless @lower starts below the top of @upper."""
    u, l = extents(upper), extents(lower)
    if u is None or l is None:
        raise UiFailure(f"{what}: no extents")
    if not l[1] > u[1]:
        raise UiFailure(f"{what}: {lower.name or text_of(lower)!r} at y={l[1]} is not below "
                        f"{upper.name or text_of(upper)!r} at y={u[1]}")


def error_label(app, fragment):
    return app.wait_for(role="label", contains=fragment, what=f"the error {fragment!r}")


def no_error(app, fragment):
    app.wait(lambda: app.find(role="label", contains=fragment) is None, f"the error {fragment!r} to go")


DOMAIN_ERROR = "Type only the server"
HOST_ERROR = "is not a server address"


@test
def focus_at_launch_and_enter():
    server, app = open_server_page("server-enter")
    try:
        # The keyboard starts in the server address, not on the menu button.
        field = app.focused_editable()
        if field is None or "Server address" not in (field.name or ""):
            raise UiFailure(f"at launch the focus is on {app.focused() and app.focused().name!r}, "
                            "not in the server address")
        app.expect_field("Server address", "localhost", "at launch")
        app.key("Return")
        app.wait_page("Your Phone Number")
    finally:
        app.close()
        server.stop()


@test
def pasted_url_becomes_its_host():
    server, app = open_server_page("server-paste")
    try:
        app.tab_to_entry("Server address")
        app.copy("https://localhost/signup")
        app.key("ctrl+a", "ctrl+v")
        app.expect_field("Server address", "localhost", "pasted https://localhost/signup")
        no_error(app, DOMAIN_ERROR)
        app.key("Return")
        app.wait_page("Your Phone Number")
    finally:
        app.close()
        server.stop()


@test
def typed_xmpp_uri():
    server, app = open_server_page("server-xmpp")
    try:
        app.tab_to_entry("Server address")
        app.key("ctrl+a", "BackSpace")
        app.type("xmpp:localhost?register")
        no_error(app, DOMAIN_ERROR)
        app.key("Return")
        app.wait_page("Your Phone Number")
        # Back shows the address that was used.
        app.key("alt+Left")
        app.wait_page("Choose a Server")
        app.expect_field("Server address", "localhost", "after xmpp:localhost?register")
    finally:
        app.close()
        server.stop()


@test
def pasted_xmpp_uri_with_user():
    server, app = open_server_page("server-xmpp-user")
    try:
        app.tab_to_entry("Server address")
        app.copy("xmpp:ada@localhost?register")
        app.key("ctrl+a", "ctrl+v")
        app.expect_field("Server address", "localhost", "pasted xmpp:ada@localhost?register")
    finally:
        app.close()
        server.stop()


@test
def domain_error_under_its_field():
    server, app = open_server_page("server-domain-error")
    try:
        app.tab_to_entry("Server address")
        app.key("ctrl+a", "BackSpace")
        app.type("localhost:5222")
        error = error_label(app, DOMAIN_ERROR)
        field = app.field("Server address")
        advanced = app.wait_for(contains="Advanced", what="the Advanced row")
        below(app, field, error, "the error under the server address")
        below(app, error, advanced, "the Advanced row under the error")
        app.shot("domain-error")
        app.key("BackSpace", "BackSpace", "BackSpace", "BackSpace", "BackSpace")
        no_error(app, DOMAIN_ERROR)
        app.expect_field("Server address", "localhost", "after BackSpace")
    finally:
        app.close()
        server.stop()


@test
def host_error_under_its_field():
    server, app = open_server_page("server-host-error")
    try:
        app.tab_to_entry("Host and port")
        app.key("ctrl+a", "BackSpace")
        app.type("exa mple")
        error = error_label(app, HOST_ERROR)
        field = app.field("Host and port")
        # GTK 4.8 gives a switch the role of a check box.
        tls = app.wait_for(role="check box", contains="Direct TLS", what="the Direct TLS switch")
        below(app, field, error, "the error under the host")
        below(app, error, tls, "Direct TLS under the host's error")
        app.shot("host-error")
    finally:
        app.close()
        server.stop()


def shots(**kw):
    server, app = open_server_page("server-look", **kw)
    try:
        app.tab_to_entry("Server address")
        app.key("ctrl+a", "BackSpace")
        app.type("https://")
        app.tab_to_entry("Host and port")
        app.key("End")
        app.type(" x")
        # The errors are in the page's language: let the last frame land.
        time.sleep(0.5)
        app.shot("errors")
    finally:
        app.close()
        server.stop()


@test
def look_360_light():
    shots(width=360, height=640)


@test
def look_1024_dark():
    shots(width=1024, height=640, scheme="dark")


@test
def look_1024_light_hebrew():
    shots(width=1024, height=640, lang="he")


@test
def look_360_dark_hebrew():
    shots(width=360, height=640, scheme="dark", lang="he")


@test
def keyboard_shortcuts():
    server, app = open_server_page("server-shortcuts")
    try:
        app.tab_to_entry("Server address")
        app.key("ctrl+question")
        shortcuts = app.wait(lambda: next((w for w in app.windows()
                                           if "Shortcuts" in (w.name or "")), None),
                             "the keyboard shortcuts window")
        app.wait(lambda: app.find(contains="Next Step", root=shortcuts), "the shortcut for Next")
        app.shot("shortcuts")
        app.key("Escape")
        app.wait(lambda: not any("Shortcuts" in (w.name or "") and w.getState().contains(
            __import__("pyatspi").STATE_VISIBLE) for w in app.windows()), "the shortcuts window to close")
        # The primary menu offers it too.
        app.key("F10")
        app.wait_for(role="menu item", contains="Keyboard Shortcuts", what="Keyboard Shortcuts in the menu")
        app.shot("menu")
        app.key("Escape")
    finally:
        app.close()
        server.stop()


sys.exit(run())
