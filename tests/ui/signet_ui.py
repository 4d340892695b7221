# signet_ui.py: drive the real Signet window the way a person does.
#
# Copyright 2026 The Signet developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every key press and click goes through the X server with XTest (xdotool),
# one key event per character.  What the person sees is read back over
# AT-SPI, the same tree a screen reader reads, and saved as screenshots.
# The tests poll the accessibility tree because they stand where the person
# stands, outside the program; the program itself never polls.

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

import gettext

import pyatspi

from signet_secrets import AUDIT

WAIT_SECONDS = float(os.environ.get("SIGNET_UI_WAIT", "30"))
BUILD = os.environ.get("G_TEST_BUILDDIR", os.path.join(os.path.dirname(__file__), "..", "..", "_build", "tests"))
TOP_BUILD = os.path.normpath(os.path.join(BUILD, ".."))
SIGNET = os.environ.get("SIGNET_GUI", os.path.join(TOP_BUILD, "src", "gui", "signet"))
DEVSERVER = os.environ.get("SIGNET_DEVSERVER", os.path.join(BUILD, "devserver", "signet-devserver"))
XMPP_SERVER = os.environ.get("SIGNET_TEST_XMPP_SERVE", os.path.join(BUILD, "support", "signet-test-xmpp-serve"))
SIGNET_CLI = os.environ.get("SIGNET_CLI", os.path.join(TOP_BUILD, "src", "cli", "signet-cli"))
SHOTS = os.environ.get("SIGNET_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "signet-ui-screenshots"))

# GTK 4.8 names an accessible without a name after its type.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Signet)[A-Z][A-Za-z]*$")


class UiFailure(AssertionError):
    pass


_locale_dir = None


def locale_dir():
    """Italian and Hebrew locales compiled privately: the machine needs none
    installed.  The wizard starts with Italy from LC_ADDRESS."""
    global _locale_dir
    if _locale_dir is None:
        _locale_dir = tempfile.mkdtemp(prefix="signet-ui-locales.")
        for name in ("it_IT", "he_IL"):
            subprocess.run(["localedef", "-i", name, "-f", "UTF-8", os.path.join(_locale_dir, name + ".UTF-8")],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _locale_dir


_trail = []


def trail(what):
    """What the person did, printed if the test fails."""
    _trail.append(f"{time.monotonic():.2f} {what}")


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


def translation(lang):
    """Signet's messages in @lang from the build's po/; with no @lang, as
    written."""
    return gettext.translation("signet", os.path.join(TOP_BUILD, "po"),
                               languages=[lang] if lang else [], fallback=True)


def signet_args(server, domain=None, trust=True):
    """signet's options for @server (a Server or an XmppServer), signing up
    at @domain (the server's own by default), its certificate trusted."""
    args = ["--server", domain or server.domain, "--host", server.host]
    if trust:
        args += ["--trust", server.sha256]
    return args


class Server:
    """signet-devserver on loopback; its codes arrive as CODE lines."""

    def __init__(self, *args):
        self.dir = tempfile.mkdtemp(prefix="signet-ui-server.")
        self.out_path = os.path.join(self.dir, "out")
        self.out = open(self.out_path, "w")
        self.proc = subprocess.Popen([DEVSERVER, "--port", "0", *args], stdout=self.out,
                                     stderr=subprocess.DEVNULL)
        line = self._wait_line(lambda l: l.startswith("READY "), "the server's READY line")
        _, self.address, self.port, self.sha256 = line.split()
        self.domain = "localhost"
        self.host = f"{self.address}:{self.port}"

    def _lines(self):
        with open(self.out_path) as f:
            return f.read().splitlines()

    def _wait_line(self, pred, what, seen=0):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            matches = [l for l in self._lines() if pred(l)]
            if len(matches) > seen:
                return matches[seen]
            if self.proc.poll() is not None:
                raise UiFailure(f"signet-devserver exited while waiting for {what}")
            time.sleep(0.05)
        raise UiFailure(f"timed out waiting for {what}")

    def code(self, e164, nth=0):
        """The nth code sent to e164."""
        line = self._wait_line(lambda l: l.startswith(f"CODE {e164} "), f"a code for {e164}", nth)
        code = line.split()[2]
        # The code and its number are the secrets audit's.
        AUDIT.phone(e164)
        if code != "callerid":
            AUDIT.secret(code, "a code signet-devserver sent")
        return code

    def output(self):
        return "\n".join(self._lines())

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.out.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class XmppServer:
    """A real Prosody or ejabberd on loopback, started by signet-test-xmpp-serve."""

    def __init__(self, kind):
        self.proc = subprocess.Popen([XMPP_SERVER, kind], stdout=subprocess.PIPE,
                                     stdin=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("READY "):
            raise UiFailure(f"{kind} did not start: {line!r}")
        _, self.host, self.sha256, self.dir = line.split()

    def read(self, name):
        with open(os.path.join(self.dir, name)) as f:
            return f.read().strip()

    def connections(self):
        """How many client connections the server has accepted so far."""
        self.proc.stdin.write("CONNECTIONS\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "CONNECTIONS":
            raise UiFailure(f"the server did not say how many connections it had: {line!r}")
        return int(line[1])

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


class App:
    """The wizard as a person has it in front of them."""

    def __init__(self, name, args=(), width=1024, height=720, scheme="light", lang=None,
                 env=None, data_dir=None):
        self.name = name
        self.width, self.height, self.scheme, self.lang = width, height, scheme, lang
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="signet-ui-data.")
        self.own_data_dir = data_dir is None
        environment = dict(os.environ)
        for k in ("NO_AT_BRIDGE", "GTK_A11Y"):
            environment.pop(k, None)
        environment.update({
            "GDK_BACKEND": "x11",
            "GSK_RENDERER": "cairo",
            # Every log line, for the secrets audit when the window closes.
            "G_MESSAGES_DEBUG": "all",
            "XDG_DATA_HOME": self.data_dir,
            "ADW_DEBUG_COLOR_SCHEME": "prefer-dark" if scheme == "dark" else "prefer-light",
            "LOCPATH": locale_dir(),
            "LANG": "he_IL.UTF-8" if lang == "he" else "C.UTF-8",
            # The country the wizard starts from.
            "LC_ADDRESS": "it_IT.UTF-8",
        })
        environment.pop("LC_ALL", None)
        if lang:
            environment["LANGUAGE"] = lang
            environment["SIGNET_LOCALEDIR"] = os.path.join(TOP_BUILD, "po")
        environment.update(env or {})
        self.translation = translation(lang)
        self.log = tempfile.NamedTemporaryFile(prefix="signet-ui-app.", suffix=".log", delete=False)
        self.proc = subprocess.Popen([SIGNET, *args], env=environment, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        self.window = self._wait_window()
        xdotool("windowsize", self.window, str(width), str(height))
        xdotool("windowmove", self.window, "0", "0")
        # With no window manager, a closed dialog leaves the keyboard focus
        # to the window under the pointer: keep the pointer on the title.
        xdotool("mousemove", str(width // 2), "16")
        self.accessible = self._wait_accessible()
        self.shots = []
        _live_apps.append(self)

    # -- finding things ---------------------------------------------------

    def tr(self, text):
        """@text as the person reads it: translated, without mnemonics."""
        if text is None:
            return None
        return self.translation.gettext(text)

    def _wait_window(self):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            r = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid)],
                               capture_output=True, text=True)
            ids = r.stdout.split()
            if ids:
                return ids[0]
            if self.proc.poll() is not None:
                raise UiFailure("signet exited at start:\n" + self.app_log())
            time.sleep(0.05)
        raise UiFailure("the window did not appear")

    def _wait_accessible(self):
        def find():
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                try:
                    if app is not None and app.get_process_id() == self.proc.pid:
                        return app
                except Exception:
                    pass
            return None
        return self.wait(find, "the application on the accessibility bus")

    def app_log(self):
        self.log.flush()
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def wait(self, predicate, what, timeout=None):
        """Polls @predicate until it returns something true."""
        deadline = time.monotonic() + (timeout or WAIT_SECONDS)
        last_error = None
        while time.monotonic() < deadline:
            try:
                result = predicate()
                if result:
                    return result
            except Exception as e:  # the tree changes under our feet
                last_error = e
            if self.proc.poll() is not None:
                raise UiFailure(f"signet exited while waiting for {what}:\n" + self.app_log())
            time.sleep(0.05)
        raise UiFailure(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))

    def windows(self):
        return [w for w in self.accessible if w is not None]

    def nodes(self, root=None):
        """Every accessible under @root (the app), depth first, skipping
        subtrees that are not visible."""
        stack = [root] if root is not None else list(self.windows())
        while stack:
            node = stack.pop()
            if node is None:
                continue
            try:
                states = node.getState()
                if not states.contains(pyatspi.STATE_VISIBLE):
                    continue
            except Exception:
                continue
            yield node
            try:
                children = [node.getChildAtIndex(i) for i in range(node.childCount)]
            except Exception:
                children = []
            stack.extend(reversed(children))

    def find(self, role=None, name=None, contains=None, root=None):
        for node in self.nodes(root):
            try:
                if role and node.getRoleName() != role:
                    continue
                if name is not None and node.name != name:
                    continue
                if contains is not None and contains not in (node.name or "") + text_of(node):
                    continue
                if not on_screen(node):
                    continue
                return node
            except Exception:
                continue
        return None

    def wait_for(self, role=None, name=None, contains=None, what=None, timeout=None):
        name, contains = self.tr(name), self.tr(contains)
        return self.wait(lambda: self.find(role, name, contains),
                         what or f"{role or 'anything'} {name or contains!r}", timeout)

    def focused(self, window=None):
        """What has the keyboard focus (in @window, if given)."""
        for node in self.nodes(window):
            try:
                if node.getState().contains(pyatspi.STATE_FOCUSED) and not has_focused_child(node):
                    return node
            except Exception:
                continue
        return None

    def wait_focus(self, role=None, name=None, contains=None, what=None):
        def check():
            node = self.focused()
            if node is None:
                return None
            if role and node.getRoleName() != role:
                return None
            if name is not None and node.name != name:
                return None
            if contains is not None and contains not in (node.name or ""):
                return None
            return node
        return self.wait(check, what or f"focus on {role or ''} {name or contains!r}")

    def page_title(self):
        """The heading of the page in view."""
        node = self.find(role="heading")
        return node.name if node else None

    def wait_page(self, title, timeout=None):
        title = self.tr(title)
        trail(f"wait for page {title}")
        return self.wait(lambda: self.find(role="heading", name=title), f"the page “{title}”", timeout)

    def texts(self):
        out = []
        for node in self.nodes():
            try:
                if on_screen(node):
                    t = text_of(node) or ""
                    out.append(node.name or "")
                    if t and t != node.name:
                        out.append(t)
            except Exception:
                pass
        return out

    def wait_text(self, fragment, what=None, timeout=None):
        """Waits for @fragment as the person reads it: direction marks,
        zero-width spaces and no-break spaces do not count."""
        fragment = as_read(self.tr(fragment))
        return self.wait(lambda: any(fragment in as_read(t) for t in self.texts()),
                         what or f"the text {fragment!r}", timeout)

    # -- what a screen reader gets -----------------------------------------

    # Roles a control can take; a focusable "panel" or "filler" is a control
    # that a screen reader cannot describe.
    VAGUE_ROLES = {"panel", "filler", "unknown", "redundant object", "invalid"}

    def audit(self, where):
        """Fails on a focusable control without an accessible name or with a
        vague role.  Hidden pages and closed revealers are out of the tree
        (the window marks them hidden), so what is walked is what is shown;
        GTK 4.8 gives no usable extents for a message dialog's buttons, so
        size is not a test of being shown."""
        problems = []
        for node in self.nodes():
            try:
                states = node.getState()
                if not states.contains(pyatspi.STATE_FOCUSABLE):
                    continue
                role = node.getRoleName()
                name = (node.name or "").strip()
                e = extents(node)
                label = f"{role} {name!r} at {e}"
                if not name or TYPE_NAME.match(name):
                    if role not in ("list", "scroll pane", "list box"):
                        problems.append(f"no accessible name: {label}")
                if role in self.VAGUE_ROLES:
                    problems.append(f"vague role: {label}")
            except Exception:
                continue
        if problems:
            raise UiFailure(f"accessibility on {where}:\n  " + "\n  ".join(problems))
        trail(f"audit {where}: clean")

    # -- acting -----------------------------------------------------------

    def key(self, *keys):
        """Presses each key (xdotool names: Tab, shift+Tab, Return, Escape, ctrl+a)."""
        for k in keys:
            trail(f"key {k}")
            xdotool("key", "--clearmodifiers", k)

    def type(self, text):
        """Types @text one key event per character, with no delay between them."""
        trail(f"type {len(text)} characters")
        try:
            focused = self.focused()
            if focused is not None and focused.getRole() == pyatspi.ROLE_PASSWORD_TEXT:
                AUDIT.secret(text, "typed into a password field")
        except Exception:
            pass
        xdotool("type", "--delay", "0", text)

    def tab_to(self, role=None, name=None, contains=None, limit=40, backwards=False):
        """Tabs until the focus is on the control described; fails after @limit stops."""
        name, contains = self.tr(name), self.tr(contains)
        for _ in range(limit):
            node = self.focused()
            if node is not None and matches(node, role, name, contains):
                return node
            self.key("shift+Tab" if backwards else "Tab")
            self._wait_focus_moved(node)
        raise UiFailure(f"Tab never reached {role} {name or contains!r}")

    def _wait_focus_moved(self, before, timeout=1.0):
        """Waits until the focus has left @before; between two text fields
        GTK 4.8 shows no focus at all, so a short grace time is all there is."""
        def signature(node):
            return None if node is None else (node.getRoleName(), node.name, extents(node))
        old = signature(before)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if signature(self.focused()) != old:
                    return
            except Exception:
                pass
            time.sleep(0.02)

    def editables(self):
        return [n for n in self.nodes()
                if n.getState().contains(pyatspi.STATE_EDITABLE) and on_screen(n)]

    def focused_editable(self):
        """The text field the keyboard is in.  GTK 4.8 reports focus on the
        inner text of an entry, which it keeps out of the accessibility tree,
        so the field is found by what a key press does to it: End, a digit
        and BackSpace, which leave every field as it was."""
        node = self.focused()
        if node is not None:
            editable = node.getState().contains(pyatspi.STATE_EDITABLE)
            return node if editable else None
        fields = [(n, text_of(n)) for n in self.editables()]
        self.key("End", "0")
        # A busy machine may take a while to show the digit: wait for it,
        # not for a fixed time.
        changed = []
        deadline = time.monotonic() + 2
        while not changed and time.monotonic() < deadline:
            changed = [(n, before) for n, before in fields if text_of(n) != before]
            if not changed:
                time.sleep(0.02)
        self.key("BackSpace")
        if len(changed) != 1:
            return None
        node, before = changed[0]
        self.wait(lambda: text_of(node) == before, "the probe digit to go away", timeout=5)
        return node

    def tab_to_entry(self, contains, limit=30):
        """Tabs until the keyboard is in the text field named @contains."""
        contains = self.tr(contains)
        for _ in range(limit):
            node = self.focused_editable()
            if node is not None and contains in (node.name or ""):
                return node
            self.key("Tab")
            self._wait_focus_moved(self.focused() if node is None else node, timeout=0.3)
        raise UiFailure(f"Tab never reached the field {contains!r}")

    def field(self, contains):
        contains = self.tr(contains)
        return self.wait(lambda: self.find(role="text", contains=contains), f"the field {contains!r}")

    def expect_field(self, contains, want, what=""):
        node = self.field(contains)
        got = text_of(node)
        if got != want:
            raise UiFailure(f"{what}: {contains} shows {got!r}, not {want!r}")

    def copy(self, text):
        """Puts @text on the clipboard, as copying it in another program would."""
        self.stop_clipboard()
        # xclip stays to serve the selection: it must not hold the test's output open.
        self.clipboard = subprocess.Popen(["xclip", "-selection", "clipboard"], stdin=subprocess.PIPE,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.clipboard.communicate(text.encode())

    def stop_clipboard(self):
        if getattr(self, "clipboard", None) is not None:
            subprocess.run(["pkill", "-x", "xclip"])
            self.clipboard = None

    def focused_text(self):
        node = self.wait(self.focused, "a focused control")
        return text_of(node)

    # -- looking ------------------------------------------------------------

    def shot(self, step):
        """Saves what the person sees as a PNG with a stable name."""
        os.makedirs(SHOTS, exist_ok=True)
        time.sleep(0.25)  # let the last frame reach the X server
        suffix = f"-{self.lang}" if self.lang else ""
        path = os.path.join(SHOTS, f"ui-{self.name}-{step}-{self.width}-{self.scheme}{suffix}.png")
        trail(f"screenshot {os.path.basename(path)}")
        subprocess.run(["import", "-silent", "-window", "root", "-crop",
                        f"{self.width}x{self.height}+0+0", "+repage", path], check=True)
        self.shots.append(path)
        return path

    def audit_secrets(self):
        """No secret in what the program printed, in its files or in the
        keyring but as the account's own (signet_secrets.py)."""
        start = time.monotonic()
        dirs = [self.data_dir] + [os.environ[k] for k in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME") if k in os.environ]
        AUDIT.check(self.app_log(), dirs)
        trail(f"secrets audit: clean ({time.monotonic() - start:.2f} s)")

    def close(self):
        if self in _live_apps:
            _live_apps.remove(self)
        if sys.exc_info()[0] is not None and self.proc.poll() is None:
            # Closing on a failure: keep what the person saw, and what the program said.
            try:
                print(f"# screenshot: {self.shot('failure')}", flush=True)
                print("# " + self.app_log()[-3000:].replace("\n", "\n# "), flush=True)
            except Exception:
                pass
        self.stop_clipboard()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if sys.exc_info()[0] is None:
            self.audit_secrets()
        self.log.close()
        os.unlink(self.log.name)
        if self.own_data_dir:
            subprocess.run(["gpgconf", "--homedir", os.path.join(self.data_dir, "signet", "gnupg"),
                            "--kill", "gpg-agent"], stderr=subprocess.DEVNULL)
            shutil.rmtree(self.data_dir, ignore_errors=True)


_INVISIBLE = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u2060"), None)
_INVISIBLE.update({0xa0: " ", 0x202f: " "})


def as_read(text):
    return (text or "").translate(_INVISIBLE)


def text_of(node):
    try:
        t = node.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ""


def has_focused_child(node):
    try:
        for i in range(node.childCount):
            c = node.getChildAtIndex(i)
            if c is not None and c.getState().contains(pyatspi.STATE_FOCUSED):
                return True
    except Exception:
        pass
    return False


def matches(node, role=None, name=None, contains=None):
    try:
        if role and node.getRoleName() != role:
            return False
        if name is not None and node.name != name:
            return False
        if contains is not None and contains not in (node.name or ""):
            return False
        return True
    except Exception:
        return False


def extents(node):
    try:
        e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return e.x, e.y, e.width, e.height
    except Exception:
        return None


def on_screen(node):
    """Whether the person can see @node: it has an area on the screen."""
    e = extents(node)
    if e is None:
        return True
    return e[2] > 0 and e[3] > 0


# -- the Accounts window and its dialogs ------------------------------------

def window_named(app, name):
    """The window of @app whose title is @name, translated; None if none is."""
    for window in app.windows():
        try:
            if window.name == app.tr(name):
                return window
        except Exception:
            pass
    return None


def shown(app, window):
    """What a person sees in @window: the names and texts on the screen."""
    out = []
    for node in app.nodes(window):
        try:
            if node != window and on_screen(node):
                out.append(as_read(node.name))
                text = text_of(node)
                if text and text != node.name:
                    out.append(as_read(text))
        except Exception:
            pass
    return out


def says(app, window, fragment):
    fragment = as_read(app.tr(fragment))
    return any(fragment in t for t in shown(app, window))


def tab_to_in(app, window, role=None, contains=None, limit=25):
    """Tab inside @window until the focus is on what is asked for."""
    contains = app.tr(contains).replace("_", "") if contains else None
    for _ in range(limit):
        node = app.focused(window)
        if node is not None and matches(node, role, None, contains):
            return node
        app.key("Tab")
        time.sleep(0.05)
    raise UiFailure(f"Tab never reached {role} {contains!r} in “{window.name}”")


def give_focus_to(app, title):
    """No window manager runs under Xvfb: give the window the focus that the
    desktop would give it."""
    r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + app.tr(title) + "$"],
                       capture_output=True, text=True)
    for wid in r.stdout.split():
        xdotool("windowfocus", "--sync", wid)
    return window_named(app, title)


def size_window(app, title, width):
    r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + app.tr(title) + "$"],
                       capture_output=True, text=True)
    for wid in r.stdout.split():
        subprocess.run(["xdotool", "windowsize", wid, str(width), str(app.height)], check=False)
        subprocess.run(["xdotool", "windowmove", wid, "0", "0"], check=False)
    time.sleep(0.5)


# -- a device with a Kontalk account, made by signet-cli ---------------------

def scratch(prefix):
    """A device's data folder.  Short: gpg-agent's socket path is limited to
    107 bytes."""
    return tempfile.mkdtemp(prefix=prefix, dir="/tmp")


def remove_home(path):
    subprocess.run(["gpgconf", "--homedir", os.path.join(path, "signet", "gnupg"), "--kill", "gpg-agent"],
                   stderr=subprocess.DEVNULL)
    shutil.rmtree(path, ignore_errors=True)


def register(server, home, e164):
    """Signs @e164 up on @home with signet-cli; the key's fingerprint."""
    env = dict(os.environ, XDG_DATA_HOME=home)
    proc = subprocess.Popen([SIGNET_CLI, "register", "--server", "localhost", "--host", server.host,
                             "--trust", server.sha256, "--phone", e164, "--name", "Ada", "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    out, err = proc.communicate(server.code(e164) + "\n", timeout=120)
    if proc.returncode != 0:
        raise UiFailure(f"signet-cli register exited {proc.returncode}:\n{out}\n{err}")
    return json.loads(out)["result"]["fingerprint"]


# -- the first steps of a walk -----------------------------------------------

def open_server_page(name, **kw):
    """signet-devserver, and the wizard on its first page pointing at it."""
    server = Server()
    app = App(name, signet_args(server), **kw)
    app.wait_page("Choose a Server")
    return server, app


def open_number_page(name, **kw):
    """The same, one page further: the phone number."""
    server, app = open_server_page(name, **kw)
    app.key("Return")
    app.wait_page("Your Phone Number")
    return server, app


# -- the test runner ----------------------------------------------------------

_tests = []
_live_apps = []


def test(fn):
    _tests.append(fn)
    return fn


def run():
    """Runs the tests of the calling module and prints TAP.  An argument
    selects tests whose name contains it."""
    selected = [t for t in _tests if len(sys.argv) < 2 or any(a in t.__name__ for a in sys.argv[1:])]
    print(f"1..{len(selected)}", flush=True)
    failed = 0
    for i, fn in enumerate(selected, 1):
        start = time.monotonic()
        _trail.clear()
        AUDIT.reset()
        try:
            fn()
            print(f"ok {i} - {fn.__name__} ({time.monotonic() - start:.1f} s)", flush=True)
        except Exception:
            failed += 1
            print(f"not ok {i} - {fn.__name__}", flush=True)
            for line in _trail[-40:]:
                print(f"# did: {line}", flush=True)
            for app in list(_live_apps):
                try:
                    print(f"# screenshot: {app.shot('failure')}", flush=True)
                    print("# " + app.app_log().replace("\n", "\n# ")[-3000:], flush=True)
                    app.close()
                except Exception:
                    pass
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
    return 1 if failed else 0
