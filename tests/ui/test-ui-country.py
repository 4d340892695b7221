#!/usr/bin/env python3
# test-ui-country.py: choosing the country of the number from the keyboard.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import time

import pyatspi

from signet_ui import TYPE_NAME, UiFailure, open_number_page, run, test


def country_row(app, contains="Country: "):
    return app.tab_to(role="push button", contains=contains)


def open_chooser(app, key="Return"):
    """Enter (or Space) on the country row; the search has the keyboard."""
    app.key(key)
    return app.wait_for(role="entry", name="Search countries", what="the country search")


def choose(app, typed, want):
    """Opens the chooser on the focused row, types @typed and presses Enter:
    the row must read @want and have the focus again."""
    open_chooser(app)
    app.type(typed)
    app.key("Return")
    app.wait_focus(role="push button", name=f"Country: {want}",
                   what=f"the focus back on the country row reading {want!r} after {typed!r}")
    app.wait_text(want)


@test
def one_tab_stop():
    server, app = open_number_page("country-tab")
    try:
        app.tab_to_entry("Your name")
        app.key("Tab")
        row = app.wait(app.focused, "the focus after the name")
        if row.getRoleName() != "push button" or not row.name.startswith("Country: "):
            raise UiFailure(f"Tab from the name reached {row.getRoleName()} {row.name!r}, not the country")
        app.key("Tab")
        time.sleep(0.1)
        field = app.focused_editable()
        if field is None or "Phone number" not in (field.name or ""):
            stop = app.focused()
            raise UiFailure("a second Tab after the name did not reach the phone number but "
                            f"{stop.getRoleName() + ' ' + repr(stop.name) if stop else 'nothing known'}")
    finally:
        app.close()
        server.stop()


@test
def search_and_choose():
    server, app = open_number_page("country-search")
    try:
        country_row(app, "Country: Italy (+39)")
        choose(app, "germ", "Germany (+49)")
        choose(app, "+33", "France (+33)")
        # Escape leaves the country as it was.
        open_chooser(app)
        app.type("ital")
        app.key("Escape")
        app.wait_focus(role="push button", name="Country: France (+33)",
                       what="France kept, and the focus on its row, after Escape")
        # Up and Down go through the results: Germany first, then Algeria.
        open_chooser(app)
        app.type("ger")
        app.key("Down")
        app.wait_focus(name="Germany (+49)", what="Down from the search on the first match")
        app.key("Down")
        app.wait_focus(name="Algeria (+213)", what="Down again on the next match")
        app.key("Up")
        app.wait_focus(name="Germany (+49)", what="Up back on Germany")
        app.key("Down", "Return")
        app.wait_focus(role="push button", name="Country: Algeria (+213)",
                       what="Enter on Algeria choosing it")
        # A number typed afterwards is formatted for the country chosen.
        choose(app, "fran", "France (+33)")
        app.tab_to_entry("Phone number")
        app.type("0612345678")
        app.expect_field("Phone number", "06 12 34 56 78", "a French number typed after choosing France")
        app.wait_text("Signet will verify +33 6 12 34 56 78.")
    finally:
        app.close()
        server.stop()


@test
def chooser_controls_have_names():
    server, app = open_number_page("country-names")
    try:
        country_row(app)
        open_chooser(app, "space")
        app.type("a")
        dialog = app.wait(lambda: next((w for w in app.windows() if w.getRoleName() == "dialog"), None),
                          "a window with the role of a dialog")
        if dialog.name != "Choose a Country":
            raise UiFailure(f"the country dialog is named {dialog.name!r}")
        unnamed = []
        focusable = 0
        for node in app.nodes(dialog):
            if not node.getState().contains(pyatspi.STATE_FOCUSABLE):
                continue
            focusable += 1
            if not node.name or TYPE_NAME.match(node.name):
                unnamed.append(f"{node.getRoleName()} {node.name!r}")
        if unnamed:
            raise UiFailure(f"focusable without a name in the country dialog: {unnamed[:10]}")
        if focusable < 3:
            raise UiFailure(f"only {focusable} focusable controls in the country dialog")
        app.key("Escape")
        app.wait_focus(role="push button", contains="Country: ", what="the focus back on the row")
    finally:
        app.close()
        server.stop()


@test
def screenshots():
    for width, scheme, lang in ((360, "light", None), (360, "dark", None), (1024, "light", None),
                                (1024, "dark", None), (360, "light", "he"), (1024, "light", "he")):
        server, app = open_number_page("country", width=width, scheme=scheme, lang=lang)
        try:
            country_row(app, "(+39)")
            app.shot("row")
            open_chooser(app)
            app.shot("open")
            app.type("+3")
            app.shot("search")
            app.key("Escape")
        finally:
            app.close()
            server.stop()


sys.exit(run())
