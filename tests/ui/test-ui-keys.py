#!/usr/bin/env python3
# test-ui-keys.py: bringing an existing Kontalk account to the desktop, from
# launch, with the keyboard only, against signet-devserver: a key pack
# exported by signet-cli on a "first device" (a second private home), a
# link code, the conflict dialog's "Transfer Account", and "Start Over"
# removing an abandoned key.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from signet_ui import TOP_BUILD, App, Server, UiFailure, run, signet_args, test, text_of

CLI = os.environ.get("SIGNET_CLI", os.path.join(TOP_BUILD, "src", "cli", "signet-cli"))
# Numbers no other test uses (the keyring is shared).
IMPORT_NUMBER = "+393471501301"
LINK_NUMBER = "+393471501302"
START_OVER_NUMBER = "+393471501303"
CONFLICT_NUMBER = "+393471501304"
REVERIFY_NUMBER = "+393471501305"
PASSWORD = "quattro gatti in fila"
INVALID_NUMBER = "The phone number of the link must start with + and the country code, with no spaces."


def jid_of(e164):
    return hashlib.sha1(e164.encode()).hexdigest() + "@localhost"


class Device:
    """The phone that has the account: signet-cli in its own private home."""

    def __init__(self, server):
        self.server = server
        # Short: gpg-agent's socket path is limited to 107 bytes.
        self.dir = tempfile.mkdtemp(prefix="sk.")
        self.env = dict(os.environ, XDG_DATA_HOME=os.path.join(self.dir, "d"),
                        XDG_CONFIG_HOME=os.path.join(self.dir, "c"), XDG_CACHE_HOME=os.path.join(self.dir, "h"))

    def conn(self):
        return ["--host", self.server.host, "--trust", self.server.sha256]

    def cli(self, *args, stdin=""):
        r = subprocess.run([CLI, *args], input=stdin, env=self.env, capture_output=True, text=True,
                           timeout=180)
        if r.returncode != 0:
            raise UiFailure(f"signet-cli {args[0]} exited {r.returncode}: {r.stderr}")
        return json.loads(r.stdout)["result"]

    def register(self, e164):
        proc = subprocess.Popen([CLI, "register", "--server", "localhost", *self.conn(), "--phone", e164,
                                 "--name", "Ada", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env, text=True)
        out, err = proc.communicate(self.server.code(e164) + "\n", timeout=180)
        if proc.returncode != 0:
            raise UiFailure(f"signet-cli register exited {proc.returncode}: {err}")
        return json.loads(out)["result"]["fingerprint"]

    def close(self):
        subprocess.run(["gpgconf", "--homedir", os.path.join(self.dir, "d", "signet", "gnupg"),
                        "--kill", "gpg-agent"], stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


def look(app, step):
    app.shot(step)
    app.audit(step)


def number_page(app):
    app.wait_page("Choose a Server")
    app.key("Return")
    app.wait_page("Your Phone Number")


def open_menu_item(app, downs):
    """The number page's menu, from the keyboard."""
    # The menu button's own label, as the toggle inside it has it.
    app.tab_to(name=app.tr("I _Already Have an Account").replace("_", ""))
    app.key("Return")
    app.wait_text(app.tr("_Import a Key Pack…").replace("_", ""))
    for _ in range(downs):
        app.key("Down")
    app.key("Return")


def choose_file(app, path):
    open_menu_item(app, 0)
    # The file chooser: Ctrl+L opens its location field.
    app.wait(lambda: len(app.windows()) > 1, "the file chooser")
    app.key("ctrl+l")
    app.type(path)
    app.key("Return")
    app.wait_page("Import a Key Pack")


def stored_fingerprints(app):
    out = []
    for path in glob.glob(os.path.join(app.data_dir, "signet", "accounts", "*.json")):
        with open(path) as f:
            out.append(json.load(f).get("fingerprint"))
    return out


def password_length(app):
    node = app.field("Export password")
    return len(text_of(node) or "")


@test
def import_pack():
    server = Server()
    device = Device(server)
    app = None
    try:
        fingerprint = device.register(IMPORT_NUMBER)
        pack = os.path.join(device.dir, "kontalk-keys.zip")
        device.cli("export", "--account", IMPORT_NUMBER, "--output", pack, "--json", stdin=PASSWORD + "\n")

        app = App("keys-import", signet_args(server))
        number_page(app)
        choose_file(app, pack)
        look(app, "import")
        app.tab_to_entry("Export password")
        app.type("not the password")
        app.key("Return")
        app.wait_text("Wrong Password or Not a Key Pack", timeout=120)
        look(app, "import-wrong-password")
        if password_length(app) != len("not the password"):
            raise UiFailure("the wrong password was not kept for correction")
        if stored_fingerprints(app):
            raise UiFailure("a wrong password stored an account")
        app.tab_to_entry("Export password")
        app.key("ctrl+a")
        app.type(PASSWORD)
        app.key("Return")
        app.wait_page("Account Transferred", timeout=120)
        transferred_done(app)
        look(app, "import-done")
        if stored_fingerprints(app) != [fingerprint]:
            raise UiFailure(f"the imported account has not the key {fingerprint}: {stored_fingerprints(app)}")
    finally:
        if app is not None:
            app.close()
        device.close()
        server.stop()


@test
def import_reverify():
    server = Server()
    device = Device(server)
    app = None
    try:
        fingerprint = device.register(REVERIFY_NUMBER)
        pack = os.path.join(device.dir, "kontalk-keys.zip")
        device.cli("export", "--account", REVERIFY_NUMBER, "--output", pack, "--json", stdin=PASSWORD + "\n")
        # The server forgets the key: it must be certified again.
        server.proc.send_signal(signal.SIGUSR1)
        server._wait_line(lambda l: l.startswith("FORGOTTEN "), "the server to forget its keys")

        app = App("keys-reverify", signet_args(server))
        number_page(app)
        choose_file(app, pack)
        app.tab_to_entry("Export password")
        app.type(PASSWORD)
        app.key("Return")
        app.wait_page("Enter the Code", timeout=120)
        look(app, "reverify-code")
        app.tab_to_entry("Verification code")
        app.type(server.code(REVERIFY_NUMBER, 1))
        app.key("Return")
        app.wait_page("You’re Signed Up", timeout=120)
        if stored_fingerprints(app) != [fingerprint]:
            raise UiFailure("re-verification did not keep the imported key")
    finally:
        if app is not None:
            app.close()
        device.close()
        server.stop()


def transferred_done(app):
    """A transfer certifies nothing: the done page says where the key was
    certified instead of warning that a certification was not checked."""
    app.wait_text("Certified when you signed up")
    if any("could not be verified" in t for t in app.texts()):
        raise UiFailure("the done page of a transfer warns of an unchecked certification")


def link_page(app, text):
    open_menu_item(app, 1)
    app.wait_page("Link With Another Device")
    app.tab_to_entry("Link text")
    app.type(text)


@test
def link_device():
    server = Server()
    device = Device(server)
    apps = []
    try:
        fingerprint = device.register(LINK_NUMBER)
        png = os.path.join(device.dir, "link.png")
        text = device.cli("link", "--account", LINK_NUMBER, *device.conn(), "--qr-png", png, "--json",
                          stdin=PASSWORD + "\n")["qr"]

        app = App("keys-link", signet_args(server))
        apps.append(app)
        number_page(app)
        # Checked as typed: a number without its country code.
        link_page(app, "347150;localhost;123")
        app.wait_text(INVALID_NUMBER)
        look(app, "link-invalid")
        # The picture of the QR code fills the text in.
        app.tab_to(role="push button", name="Open QR code image")
        app.key("Return")
        app.wait(lambda: len(app.windows()) > 1, "the file chooser")
        app.key("ctrl+l")
        app.type(png)
        app.key("Return")
        app.wait(lambda: text_of(app.field("Link text")) == text, "the QR code's text in the field")
        app.tab_to_entry("Export password")
        app.type(PASSWORD)
        look(app, "link")
        app.key("Return")
        app.wait_page("Account Transferred", timeout=120)
        transferred_done(app)
        if stored_fingerprints(app) != [fingerprint]:
            raise UiFailure("the linked account has not the other device's key")
        # One wizard at a time: a second "signet" would hand over to the first.
        app.close()
        apps.remove(app)

        # The code works once: another computer gets the server's words.
        again = App("keys-link-used", signet_args(server))
        apps.append(again)
        number_page(again)
        link_page(again, text)
        again.tab_to_entry("Export password")
        again.type(PASSWORD)
        again.key("Return")
        again.wait_text("Link Code Not Accepted", timeout=120)
        again.wait_text("Invalid private key token.")
        look(again, "link-used")
        if stored_fingerprints(again):
            raise UiFailure("a used code stored an account")
        # And a way back.
        again.key("Escape")
        again.wait_page("Your Phone Number")
    finally:
        for app in apps:
            app.close()
        device.close()
        server.stop()


@test
def conflict_transfer():
    server = Server("--registered", CONFLICT_NUMBER)
    app = None
    try:
        app = App("keys-conflict", signet_args(server))
        number_page(app)
        app.tab_to_entry("Your name")
        app.type("Ada")
        app.tab_to_entry("Phone number")
        app.type(CONFLICT_NUMBER[3:])
        app.key("Return")
        app.wait_text("Is This Number Correct?")
        app.key("Return")
        app.wait_text("Number Already Registered")
        look(app, "conflict")
        app.tab_to(role="push button", contains="Transfer Account")
        app.key("Return")
        app.wait_page("Link With Another Device")
    finally:
        if app is not None:
            app.close()
        server.stop()


def keyring_items(jid):
    r = subprocess.run(["secret-tool", "search", "--all", "jid", jid], capture_output=True, text=True)
    return [l for l in (r.stdout + r.stderr).splitlines() if l.startswith("attribute.kind")]


def secret_keys(data):
    r = subprocess.run(["gpg", "--homedir", os.path.join(data, "signet", "gnupg"), "--batch",
                        "--with-colons", "--list-secret-keys"], capture_output=True, text=True)
    return [l for l in r.stdout.splitlines() if l.startswith("sec")]


@test
def start_over_removes_key():
    server = Server()
    data = tempfile.mkdtemp(prefix="signet-ui-data.")
    app = None
    try:
        app = App("keys-start-over", signet_args(server), data_dir=data)
        number_page(app)
        app.tab_to_entry("Your name")
        app.type("Ada")
        app.tab_to_entry("Phone number")
        app.type(START_OVER_NUMBER[3:])
        app.key("Return")
        app.wait_text("Is This Number Correct?")
        app.key("Return")
        app.wait_page("Enter the Code")
        app.wait_text("Encryption key ready", timeout=90)
        app.key("ctrl+q")
        app.proc.wait(timeout=20)
        app.close()
        if not secret_keys(data) or not keyring_items(jid_of(START_OVER_NUMBER)):
            raise UiFailure("the abandoned sign-up left no key to remove")

        app = App("keys-start-over", [], data_dir=data)
        app.wait_text("Continue Signing Up?")
        app.tab_to(role="push button", contains="Start Over")
        app.key("Return")
        app.wait_page("Choose a Server")
        app.wait(lambda: not secret_keys(data), "the abandoned key to leave the GnuPG home")
        if keyring_items(jid_of(START_OVER_NUMBER)):
            raise UiFailure("the abandoned key's passphrase stayed in the keyring")
    finally:
        if app is not None:
            app.close()
        server.stop()
        subprocess.run(["gpgconf", "--homedir", f"{data}/signet/gnupg", "--kill", "gpg-agent"])
        shutil.rmtree(data, ignore_errors=True)


# The new pages in every look: 1024 and 360 px, light and dark, and right
# to left in Hebrew.
VARIANTS = [
    (1024, "light", None), (360, "light", None), (1024, "dark", None), (360, "dark", None),
    (360, "light", "he"), (1024, "dark", "he"),
]


def pages_variant(width, scheme, lang):
    def walk():
        server = Server()
        pack = tempfile.NamedTemporaryFile(prefix="kontalk-keys.", suffix=".zip", delete=False)
        pack.close()
        app = None
        try:
            app = App("keys-pages", signet_args(server), width=width, scheme=scheme, lang=lang)
            number_page(app)
            look(app, "number")
            choose_file(app, pack.name)
            look(app, "import")
            app.key("Escape")
            app.wait_page("Your Phone Number")
            link_page(app, "+39;localhost;123")
            app.wait_text(INVALID_NUMBER)
            look(app, "link")
        finally:
            if app is not None:
                app.close()
            server.stop()
            os.unlink(pack.name)
    walk.__name__ = f"pages_{width}_{scheme}" + (f"_{lang}" if lang else "")
    return walk


for variant in VARIANTS:
    test(pages_variant(*variant))


sys.exit(run())
