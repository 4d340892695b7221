# signet_secrets.py: the secrets audit of the UI walks, the counterpart of
# tests/support/signet-test-secrets.c.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a walk used is gathered as it goes: every code signet-devserver
# "sent" and its number, every text typed into a password field, and what
# a walk names itself.  When a window closes, the audit looks for them in
# what the program printed (with G_MESSAGES_DEBUG=all: all of it is log,
# so no number either), in every file of its data, config and cache
# folders but the private GnuPG home (a number only as the "phone" member
# of Signet's own JSON records), and in the keyring (no secret or number in
# an attribute or a label; a secret only in the account's own item; a
# sign-up's item gone once the account has its passphrase).

import hashlib
import json
import os
import re

import gi

gi.require_version("Secret", "1")
from gi.repository import GLib, Secret  # noqa: E402

# Codes have 4 digits and more; shorter text is found everywhere.
SECRET_MIN_LENGTH = 4
# Larger files are not Signet's.
MAX_FILE_SIZE = 4 * 1024 * 1024
ACCOUNT_KINDS = {"kontalk", "xmpp", "cadmium", "cadmium-token"}
SCHEMA = "im.signet.Signet.Account"
HARVESTED = "an account's keyring item"


class Leak(AssertionError):
    pass


def _find(text, needle):
    """Where @needle is in @text; a needle of digits only counts where no
    letter or digit touches it (not inside a fingerprint)."""
    if not needle.isdigit():
        return text.find(needle)
    for m in re.finditer(r"(?<![0-9A-Za-z])" + re.escape(needle) + r"(?![0-9A-Za-z])", text):
        return m.start()
    return -1


def phone_forms(e164):
    """Every form a number may be written in: E.164 with and without "+",
    "00", the national number, grouped with spaces or no-break spaces."""
    digits = e164.lstrip("+")
    forms = {e164, digits, "00" + digits}
    # The country codes the walks use; the rest is the national number.
    for cc in ("1", "39", "49", "44", "33", "972"):
        if digits.startswith(cc):
            national = digits[len(cc):]
            forms.add(national)
            if len(national) == 10:
                grouped = f"{national[:3]} {national[3:6]} {national[6:]}"
                forms.update({grouped, f"+{cc} {grouped}", grouped.replace(" ", "\u00a0"),
                              f"+{cc}\u00a0" + grouped.replace(" ", "\u00a0")})
            break
    return forms


class Audit:
    def __init__(self):
        self.reset()

    def reset(self):
        self.secrets = {}
        self.phones = set()
        self.accounts = set()

    def secret(self, text, origin="named by the walk"):
        if text and len(text) >= SECRET_MIN_LENGTH:
            self.secrets.setdefault(text, origin)

    def phone(self, e164):
        self.phones.update(phone_forms(e164))
        self.accounts.add(hashlib.sha1(e164.encode()).hexdigest())

    def _secret_in(self, text):
        for s in self.secrets:
            if _find(text, s) >= 0:
                return s
        return None

    def _phone_in(self, text):
        return any(_find(text, p) >= 0 for p in self.phones)

    def _report(self, secret, place):
        return Leak(f"A secret ({self.secrets.get(secret, '?')}, {len(secret)} characters) is in {place}")

    # -- the keyring ------------------------------------------------------

    def _items(self):
        """Signet's keyring items: attributes, label and secret."""
        schema = Secret.Schema.new(SCHEMA, Secret.SchemaFlags.NONE, {
            "kind": Secret.SchemaAttributeType.STRING,
            "server": Secret.SchemaAttributeType.STRING,
            "jid": Secret.SchemaAttributeType.STRING,
        })
        flags = Secret.SearchFlags.ALL | Secret.SearchFlags.UNLOCK
        # Tests running at the same time share the keyring: an item deleted
        # while the search builds its list fails the search, which is taken
        # again; one that goes before its secret is read was another test's.
        for attempt in range(10):
            try:
                found_items = Secret.password_search_sync(schema, {}, flags, None)
                break
            except GLib.Error:
                if attempt == 9:
                    raise
        items = []
        for found in found_items:
            try:
                value = found.retrieve_secret_sync(None)
            except GLib.Error:
                continue
            items.append({"attributes": dict(found.get_attributes()), "label": found.get_label() or "",
                          "secret": value.get_text() if value is not None else None})
        return items

    def _own(self, item):
        jid = item["attributes"].get("jid", "")
        return jid.split("@")[0] in self.accounts or jid in self.accounts

    def check_keyring(self):
        items = self._items()
        # What the walk typed or was sent; not what the keyring itself keeps.
        given = [s for s, origin in self.secrets.items() if origin != HARVESTED]
        for item in items:
            if self._own(item):
                self.secret(item.get("secret"), HARVESTED)
        for item in items:
            attributes = item["attributes"]
            kind = attributes.get("kind")
            for text in list(attributes.values()) + [item.get("label", "")]:
                if self._secret_in(text) or self._phone_in(text):
                    raise Leak(f"A secret or a phone number is in an attribute or the label of the keyring item of kind “{kind}”")
            value = item.get("secret")
            if value is None or kind in ACCOUNT_KINDS:
                continue
            if kind == "kontalk-pending" and self._own(item) and any(
                    o["attributes"].get("kind") == "kontalk" and o.get("secret") == value
                    and o["attributes"].get("jid") == attributes.get("jid") for o in items):
                raise Leak(f"The keyring item of a finished sign-up ({attributes.get('jid')}) is left, "
                           "with the account's passphrase")
            for s in given:
                if _find(value, s) >= 0:
                    raise self._report(s, f"the keyring item of kind “{kind}”")

    # -- output and files -------------------------------------------------

    def check_log(self, log):
        s = self._secret_in(log)
        if s:
            raise self._report(s, "the program's output (its log)")
        if self._phone_in(log):
            raise Leak("A phone number is in the program's output (its log)")

    def _check_file(self, path):
        try:
            if os.path.getsize(path) > MAX_FILE_SIZE:
                return
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
        except OSError:
            return
        s = self._secret_in(text)
        if s:
            raise self._report(s, f"the file {path}")
        rest = text
        if f"{os.sep}signet{os.sep}" in path and path.endswith(".json"):
            try:
                record = json.loads(text)
                if isinstance(record, dict):
                    record.pop("phone", None)
                    rest = json.dumps(record)
            except ValueError:
                pass
        if self._phone_in(rest):
            raise Leak(f"A phone number is in the file {path}" + (" outside its \"phone\" member" if rest is not text else ""))

    def check_dirs(self, dirs):
        for top in dirs:
            for root, subdirs, files in os.walk(top):
                # The one place a secret may be: GnuPG keeps the key, encrypted.
                subdirs[:] = [d for d in subdirs
                              if not (d == "gnupg" and os.path.basename(root) == "signet")]
                for name in files:
                    path = os.path.join(root, name)
                    if os.path.isfile(path) and not os.path.islink(path):
                        self._check_file(path)

    def check(self, log, dirs):
        self.check_keyring()
        self.check_log(log)
        self.check_dirs(dirs)


AUDIT = Audit()


def _self_test():
    """Plants each kind of leak and checks the audit finds it (and nothing
    in a clean place), so that the walks' audit can fail."""
    import tempfile

    def expect(what, fn, *args):
        try:
            fn(*args)
        except Leak as e:
            if what is None or what not in str(e):
                raise AssertionError(f"wrong report: {e}")
            print(f"ok - found: {e}")
            return
        if what is not None:
            raise AssertionError(f"missed: {what}")
        print("ok - clean")

    audit = Audit()
    e164, code, password = "+393471609011", "572913", "a walk's password"
    audit.phone(e164)
    audit.secret(code, "a code")
    audit.secret(password, "a password field")

    expect(None, audit.check_log, "Signet-Core-Xmpp-DEBUG: key 0a572913ff")
    expect("(a code, 6 characters) is in the program's output", audit.check_log,
           "Signet-Core-Kontalk-DEBUG: code 572913")
    expect("phone number is in the program's output", audit.check_log, "number 347 160 9011")

    with tempfile.TemporaryDirectory(prefix="signet-audit-") as top:
        record = os.path.join(top, "signet", "pending.json")
        os.makedirs(os.path.join(top, "signet", "gnupg"))
        with open(record, "w") as f:
            json.dump({"phone": e164, "server": "localhost"}, f)
        with open(os.path.join(top, "signet", "gnupg", "key"), "w") as f:
            f.write(password)
        expect(None, audit.check_dirs, [top])
        with open(record, "w") as f:
            json.dump({"phone": e164, "note": e164}, f)
        expect("outside its \"phone\" member", audit.check_dirs, [top])
        os.unlink(record)
        with open(os.path.join(top, "notes"), "w") as f:
            f.write(password)
        expect("(a password field, 17 characters) is in the file", audit.check_dirs, [top])

    schema = Secret.Schema.new(SCHEMA, Secret.SchemaFlags.NONE, {
        "kind": Secret.SchemaAttributeType.STRING,
        "server": Secret.SchemaAttributeType.STRING,
        "jid": Secret.SchemaAttributeType.STRING,
    })
    jid = hashlib.sha1(e164.encode()).hexdigest() + "@localhost"
    passphrase = "the passphrase Signet made for this key"

    def store(kind, secret):
        Secret.password_store_sync(schema, {"kind": kind, "server": "localhost", "jid": jid},
                                   Secret.COLLECTION_DEFAULT, "Signet test item", secret, None)

    try:
        store("kontalk", passphrase)
        expect(None, audit.check_keyring)
        expect("(an account's keyring item, 39 characters) is in the program's output",
               audit.check_log, passphrase)
        store("kontalk-pending", passphrase)
        expect("finished sign-up", audit.check_keyring)
        store("kontalk-pending", code)
        expect("(a code, 6 characters) is in the keyring item of kind “kontalk-pending”", audit.check_keyring)
    finally:
        Secret.password_clear_sync(schema, {"server": "localhost", "jid": jid}, None)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--self-test"]:
        _self_test()
