#!/usr/bin/env python3
# test-ui-number.py: the number page as a person types on it.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import subprocess
import sys
import time

from signet_ui import UiFailure, open_number_page, run, test


@test
def digits_one_by_one():
    server, app = open_number_page("number-digits")
    try:
        app.tab_to_entry("Phone number")
        app.type("3471234567")
        app.shot("typed")
        app.expect_field("Phone number", "347 123 4567", "typed 3471234567")
    finally:
        app.close()
        server.stop()



@test
def international_digits_one_by_one():
    server, app = open_number_page("number-international")
    try:
        app.tab_to_entry("Phone number")
        app.type("+393471234567")
        app.expect_field("Phone number", "+39 347 123 4567", "typed +393471234567")
        app.wait_text("Signet will verify +39 347 123 4567.")
    finally:
        app.close()
        server.stop()


@test
def edit_in_the_middle():
    server, app = open_number_page("number-middle")
    try:
        app.tab_to_entry("Phone number")
        app.type("3471234567")
        # The cursor after "347 1": BackSpace takes the 1, typing 9 puts it back there.
        app.key("Home", "Right", "Right", "Right", "Right", "Right")
        app.key("BackSpace")
        app.expect_field("Phone number", "347 234 567", "BackSpace after 347 1")
        app.type("9")
        app.expect_field("Phone number", "347 923 4567", "9 typed where the 1 was")
        app.type("8")
        app.expect_field("Phone number", "347 9823 4567", "8 typed after the 9")
        # BackSpace right after a space deletes the digit before it, not the space.
        app.key("ctrl+a", "BackSpace")
        app.type("3471234567")
        app.key("Home", "Right", "Right", "Right", "Right")
        app.key("BackSpace")
        app.expect_field("Phone number", "341 234 567", "BackSpace over the space after 347")
        # Delete before a space deletes the digit after it.
        app.key("ctrl+a", "BackSpace")
        app.type("3471234567")
        app.key("Home", "Right", "Right", "Right", "Delete")
        app.expect_field("Phone number", "347 234 567", "Delete over the space after 347")
        app.type("1")
        app.expect_field("Phone number", "347 123 4567", "1 typed back")
    finally:
        app.close()
        server.stop()


@test
def paste():
    server, app = open_number_page("number-paste")
    try:
        app.tab_to_entry("Phone number")
        app.copy("+39 347-123 4567")
        app.key("ctrl+v")
        app.expect_field("Phone number", "+39 347 123 4567", "pasted +39 347-123 4567")
        app.type("8")
        app.expect_field("Phone number", "+39 347 1234 5678", "8 typed after the paste")
    finally:
        app.close()
        server.stop()



@test
def missing_name_is_said():
    server, app = open_number_page("number-no-name")
    try:
        app.tab_to_entry("Phone number")
        app.type("3471234567")
        app.key("Return")
        # Enter did not go on: it said what is missing and went there.
        app.wait_text("Type your name to go on.")
        node = app.focused_editable()
        if node is None or "Your name" not in (node.name or ""):
            raise UiFailure("Enter without a name did not move the focus to the name field")
        app.shot("no-name")
        app.audit("number page without a name")
        app.type("Ada")
        app.key("Return")
        app.wait_text("Is This Number Correct?")
    finally:
        app.close()
        server.stop()


def extents_of(app, role, contains):
    from signet_ui import extents
    return extents(app.wait_for(role=role, contains=contains))


@test
def no_error_while_typing():
    # A long pause, so that reading the screen on a busy machine is surely
    # quicker than the page; the page's own is 800 ms.
    server, app = open_number_page("number-typing", env={"SIGNET_TYPING_PAUSE_MS": "4000"})
    try:
        app.tab_to_entry("Phone number")
        before = extents_of(app, "push button", "Next")
        app.type("9")
        # Right after one digit: no error, and nothing below the field moved.
        texts = app.texts()
        if any("not a phone number" in t or "numbering plan" in t for t in texts):
            raise UiFailure("an error showed after the first digit")
        if extents_of(app, "push button", "Next") != before:
            raise UiFailure("the page jumped after the first digit")
        app.type("87")
        if extents_of(app, "push button", "Next") != before:
            raise UiFailure("the page jumped while typing")
        # Once typing pauses, the page says what is wrong.
        app.wait(lambda: any("too short" in t or "not a phone number" in t for t in app.texts()),
                 "the problem with 987, once typing pauses", timeout=15)
        app.shot("paused")
    finally:
        app.close()
        server.stop()


sys.exit(run())
