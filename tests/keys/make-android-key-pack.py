#!/usr/bin/env python3
# Writes a key pack the way Android's Kontalk client exports one
# (org.kontalk.crypto.PersonalKeyExporter): a java.util.zip archive with
# kontalk-public.asc, kontalk-private.asc (the secret key protected by the
# export password), kontalk-login.crt and kontalk-login.key (the bridge
# certificate and its RSA key, the key in clear as Android leaves it),
# kontalk-login.p12 (alias "Kontalk Personal Key", the export password),
# trusted.properties and account-info.properties (Properties.store
# format).  The key is Android's: RSA-2048 certify+authenticate primary
# key, ECDSA and ECDH P-256 subkeys, user id "Name <sha1(E164)@domain>".
#
# Usage: make-android-key-pack.py OUTPUT.zip E164 DOMAIN PASSWORD
#
# Only tools the tests already need: gpg and openssl.

import hashlib
import os
import subprocess
import sys
import tempfile
import time
import zipfile


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, **kwargs).stdout


def properties(pairs):
    # Properties.store(): a date comment, then key=value lines.
    text = "#" + time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime()) + "\n"
    for key, value in pairs:
        text += "%s=%s\n" % (key, value)
    return text.encode()


def main():
    output, e164, domain, password = sys.argv[1:5]
    uid = "dev-5554 <%s@%s>" % (hashlib.sha1(e164.encode()).hexdigest(), domain)

    with tempfile.TemporaryDirectory(prefix="akp-", dir="/tmp") as home:
        gpg = ["gpg", "--homedir", home, "--batch", "--pinentry-mode", "loopback",
               "--passphrase", password]
        with open(os.path.join(home, "gpg-agent.conf"), "w") as conf:
            conf.write("allow-loopback-pinentry\n")
        run(gpg + ["--quick-gen-key", uid, "rsa2048", "cert,auth", "never"])
        fpr = [line.split(":")[9] for line in
               run(gpg + ["--with-colons", "--list-secret-keys"]).decode().splitlines()
               if line.startswith("fpr:")][0]
        run(gpg + ["--quick-add-key", fpr, "nistp256/ecdsa", "sign", "never"])
        run(gpg + ["--quick-add-key", fpr, "nistp256/ecdh", "encr", "never"])
        public = run(gpg + ["--armor", "--export", fpr])
        private = run(gpg + ["--armor", "--export-secret-keys", fpr])

        # The bridge certificate's RSA key, in the PEM form Android writes.
        key_pem = os.path.join(home, "login.key")
        crt_pem = os.path.join(home, "login.crt")
        # gpg cannot hand out the RSA key as PEM; Android's certificate is
        # only carried along (its importer ignores it), so a fresh RSA key
        # and a self-signed certificate stand in for it, as in old packs.
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_pem,
             "-out", crt_pem, "-days", "1", "-subj", "/O=OpenPGP to X.509 Bridge/CN=" + uid])
        run(["openssl", "rsa", "-in", key_pem, "-out", key_pem, "-traditional"])
        p12 = run(["openssl", "pkcs12", "-export", "-inkey", key_pem, "-in", crt_pem,
                   "-name", "Kontalk Personal Key", "-passout", "pass:" + password,
                   "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"])
        with open(key_pem, "rb") as f:
            login_key = f.read()
        with open(crt_pem, "rb") as f:
            login_crt = f.read()

    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zip:
        zip.writestr("kontalk-public.asc", public)
        zip.writestr("kontalk-private.asc", private)
        zip.writestr("kontalk-login.crt", login_crt)
        zip.writestr("kontalk-login.key", login_key)
        zip.writestr("kontalk-login.p12", p12)
        zip.writestr("trusted.properties", properties([]))
        zip.writestr("account-info.properties", properties([("phoneNumber", e164)]))
    print(fpr)


if __name__ == "__main__":
    main()
