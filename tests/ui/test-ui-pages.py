#!/usr/bin/env python3
# test-ui-pages.py: a Kontalk sign-up from launch to the done page with the
# keyboard only, looking at what the confirm dialog, the challenge, verify
# and done pages show: numbers that never wrap and stay in order in Hebrew,
# a new challenge shown from its top, one step count, an address that wraps
# without a hyphen and can be copied.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import re
import subprocess
import sys
import time

from signet_ui import App, Server, UiFailure, extents, run, signet_args, test, text_of, translation

LRI, PDI = "\u2066", "\u2069"
# What a label must never show or break at inside a number or an address.
HYPHENS = ("\u00ad", "\u2010")


def plain(text):
    """@text without the isolates and with ordinary spaces and hyphens."""
    for c in (LRI, PDI, "\u2068", "\u2060"):
        text = text.replace(c, "")
    return text.replace("\u00a0", " ").replace("\u2011", "-")


def settled_extents(app, **what):
    """Where a widget is once the page has stopped moving: the focus moves
    (and scrolls) when a network step ends, then the new page takes it."""
    deadline = time.monotonic() + 10
    last = None
    while time.monotonic() < deadline:
        node = app.find(**what)
        box = extents(node) if node is not None else None
        if box is not None and box == last:
            return box
        last = box
        time.sleep(0.1)
    raise UiFailure(f"{what} did not stop moving within 10 s (last at {last})")


def find_label(app, want):
    """The label on screen whose text reads @want, isolates and no-break
    spaces aside."""
    def look():
        for node in app.nodes():
            try:
                if node.getRoleName() == "label" and plain(text_of(node)) == want:
                    e = extents(node)
                    if e and e[2] > 0 and e[3] > 0:
                        return node
            except Exception:
                continue
        return None
    return app.wait(look, f"a label reading {want!r}")


class Problems(list):
    """What looks wrong, gathered so that one run shows all of it."""

    def check(self, ok, message):
        if not ok:
            self.append(message)
            print(f"# problem: {message}", flush=True)

    def raise_any(self):
        if self:
            raise UiFailure("\n".join(self))


def check_unbreakable(problems, node, what, lang):
    text = text_of(node)
    problems.check(" " not in text and "-" not in text,
                   f"{what}: {text!r} has a space or hyphen a line may break at")
    if lang:
        problems.check(text.startswith(LRI) and text.endswith(PDI),
                       f"{what}: {text!r} is not isolated left to right (U+2066 … U+2069)")


def check_unbreakable_inside(problems, node, spaced, what, lang):
    text = text_of(node)
    problems.check(spaced not in text, f"{what}: {text!r} has the number with spaces a line may break at")
    if lang:
        problems.check(LRI + spaced.replace(" ", "\u00a0") + PDI in text,
                       f"{what}: {text!r} does not isolate the number")


def gray_pixels(path, x, y, w, h):
    """Rows of grey levels of a region of a screenshot (ImageMagick, as PGM)."""
    data = subprocess.run(["convert", path, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-colorspace", "gray",
                           "-depth", "8", "pgm:-"], capture_output=True, check=True).stdout
    # "P5\n<w> <h>\n255\n" then the bytes
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    width, height = int(fields[1]), int(fields[2])
    return [list(data[pos + r * width:pos + (r + 1) * width]) for r in range(height)]


def drawn_hyphen(path, box):
    """Whether a line of the label in @box ends in a hyphen the text does not
    have: the last glyph of a wrapped line is a short flat stroke."""
    x, y, w, h = box
    rows = gray_pixels(path, x, y, w, h)
    flat = [v for row in rows for v in row]
    background = max(set(flat), key=flat.count)
    ink = [[abs(v - background) > 80 for v in row] for row in rows]
    # Lines: runs of rows with ink.
    lines, start = [], None
    for r, row in enumerate(ink + [[False] * w]):
        if any(row) and start is None:
            start = r
        elif not any(row) and start is not None:
            lines.append((start, r))
            start = None
    for top, bottom in lines[:-1]:
        columns = [any(ink[r][c] for r in range(top, bottom)) for c in range(w)]
        last = max((c for c in range(w) if columns[c]), default=None)
        if last is None:
            continue
        first = last
        while first > 0 and columns[first - 1]:
            first -= 1
        glyph_rows = [r for r in range(top, bottom) if any(ink[r][first:last + 1])]
        if max(glyph_rows) - min(glyph_rows) + 1 <= 3 and bottom - top >= 8:
            return True
    return False


def on_screenshot(app, box):
    """@box (window coordinates) on the screenshot, a little wider: GTK
    draws the window inside an X window with an invisible resize border."""
    frame = extents(app.find(role="frame"))
    border_x, border_y = (app.width - frame[2]) // 2, (app.height - frame[3]) // 2
    x, y, w, h = box
    return max(0, x + border_x - 4), y + border_y, w + 8, h


def clipboard():
    r = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True, text=True, timeout=10)
    return r.stdout


def sign_up(name, digits="3471234567", **kw):
    """From launch to the done page, checking each page on the way."""
    e164 = "+39" + digits
    spaced = f"+39 {digits[:3]} {digits[3:6]} {digits[6:]}"
    jid = hashlib.sha1(e164.encode()).hexdigest() + "@localhost"
    lang = kw.get("lang")
    _ = translation(lang).gettext
    # Slow replies leave the verify page on screen long enough to read.
    server = Server("--delay-ms", "150")
    problems = Problems()
    app = None
    try:
        app = App(name, signet_args(server), **kw)
        # The pointer rests on the window, as a person's would: without a
        # window manager, the keyboard follows it when a dialog closes.
        subprocess.run(["xdotool", "mousemove", "3", str(app.height // 2)], check=True)

        app.wait_page(_("Choose a Server"))
        app.key("Return")
        app.wait_page(_("Your Phone Number"))
        app.tab_to_entry(_("Your name"))
        app.type("Ada Lovelace")
        app.tab_to_entry(_("Phone number"))
        app.type(digits)
        app.key("Return")

        # The confirm dialog: the number on one line, in order.
        number = find_label(app, spaced)
        app.shot("confirm")
        check_unbreakable(problems, number, "the number in the confirm dialog", lang)
        box = extents(number)
        problems.check(box[3] <= 48, f"the number in the confirm dialog takes {box[3]} px: more than one line")
        app.key("Return")

        app.wait_page(_("Enter the Code"))
        # Both headings where they rest: the first page may still be moving
        # when it appears (the busy bar going, the focus arriving).
        first_heading = settled_extents(app, role="heading", name=_("Enter the Code"))
        app.shot("pin")
        description = app.find(role="label", contains=LRI + spaced.split()[0])
        if description is None:
            description = app.find(role="label", contains=spaced)
        check_unbreakable_inside(problems, description, spaced, "the number on the challenge page", lang)

        # Another way: the new page from its top, and a toast that fits.
        app.tab_to(role="list item", contains=_("_Try Another Way").replace("_", ""))
        app.key("Return")
        app.wait_page(_("Wait for a Call"))
        got = settled_extents(app, role="heading", name=_("Wait for a Call"))
        problems.check(abs(got[1] - first_heading[1]) <= 4,
                       f"the new challenge page is scrolled: its heading is at y={got[1]}, "
                       f"not {first_heading[1]} as on the first page")
        toast = app.find(role="label", contains=_("Trying another way"))
        app.shot("another-way")
        problems.check(toast is not None, "no toast says that Signet is trying another way")
        if toast is not None:
            # A toast as wide as the window has had its text cut.
            toast_box = extents(toast)
            problems.check(toast_box[2] < app.width - 110,
                           f"the toast takes {toast_box[2]} px of {app.width}: its text is cut")
        mask = app.wait(lambda: next((n for n in app.nodes() if "····" in text_of(n)), None), "the mask")
        check_unbreakable(problems, mask, "the missed-call mask", lang)

        # The code, then one step list whatever the key was doing: here it
        # is ready before the code is typed.
        app.wait_text(_("Encryption key ready"), timeout=90)
        app.tab_to_entry(_("Verification code"))
        app.type(server.code(e164, 1))
        prefix = _("Step %u of %u: %s").split("%u")[0]
        status = app.wait(lambda: next((t for t in app.texts() if t.startswith(prefix)), None),
                          "the verify page's step")
        app.shot("verify")
        counts = re.findall(r"\d+", status)
        problems.check(len(counts) >= 2 and counts[1] == "4", f"the verify page says {status!r}, not of 4 steps")

        app.wait_page(_("You’re Signed Up"), timeout=60)
        app.shot("done")
        next_step = _("Next, use the account in Kontalk’s Android app, or in another app that supports Kontalk.")
        problems.check(app.find(role="label", name=next_step) is not None,
                       "the done page does not say which apps to use the account with")
        # The address, whole, without a hyphen of its own or drawn.
        address = find_label(app, jid)
        text = text_of(address)
        problems.check(not any(h in text for h in HYPHENS), f"the address {text!r} has a hyphen")
        shot = app.shot("done-address")
        box = on_screenshot(app, extents(address))
        problems.check(not drawn_hyphen(shot, box),
                       f"the address is drawn with a hyphen where it wraps (in {box} of {shot})")
        check_unbreakable(problems, find_label(app, spaced), "the number on the done page", lang)

        # Copy the address.
        try:
            app.tab_to(role="push button", contains=_("Copy the address"))
        except UiFailure as e:
            problems.check(False, f"no button copies the address ({e})")
        else:
            app.key("Return")
            app.wait_text(_("Address copied"))
            app.shot("copied")
            problems.check(app.wait(lambda: clipboard() == jid, "the address on the clipboard", timeout=10),
                           f"the clipboard has {clipboard()!r}, not {jid!r}")
        problems.raise_any()
    finally:
        if app is not None:
            app.close()
        server.stop()


@test
def narrow_light():
    sign_up("pages", width=360, height=600)


@test
def narrow_dark_letters_at_the_break():
    # This number's address wraps between two letters at 360 px, where
    # Pango would draw a hyphen.
    sign_up("pages-hyphen", digits="3471200127", width=360, height=600, scheme="dark")


@test
def narrow_hebrew():
    sign_up("pages", width=360, height=600, lang="he")


@test
def wide_dark():
    sign_up("pages", width=1024, height=720, scheme="dark")


@test
def wide_light_hebrew():
    sign_up("pages", width=1024, height=720, lang="he")


sys.exit(run())
