/* devserver-bridge.h: the OpenPGP key inside a Kontalk bridge certificate
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define DEVSERVER_BRIDGE_KEYRING_OID "2.25.49058212633447845622587297037800555803"

/* What the server needs to know of the keyring a client presents, read
 * without GnuPG: Kontalk checks the certificate against the keyring and the
 * user id against the pending request before it imports anything. */
typedef struct
{
  /* The binary OpenPGP keyring exactly as the extension carries it. */
  GBytes *keyring;
  /* The primary key's v4 fingerprint, 40 uppercase hex digits. */
  char   *fingerprint;
  /* The primary key's creation time, seconds since the epoch. */
  gint64  created;
  /* The first user id, NULL when the keyring has none. */
  char   *user_id;
} DevserverBridgeKey;

void                devserver_bridge_key_free (DevserverBridgeKey *self);

/* Reads the keyring from extension DEVSERVER_BRIDGE_KEYRING_OID (extnValue =
 * DER BIT STRING of the keyring) and requires its primary key to be the
 * certificate's own RSA key, as Kontalk's X509Utils.getMatchingPublicKey. */
DevserverBridgeKey *devserver_bridge_key_from_certificate (X509    *certificate,
                                                           GError **error);

/* The same for a keyring sent as such (a key rollover's new key). */
DevserverBridgeKey *devserver_bridge_key_from_keyring (GBytes  *keyring,
                                                       GError **error);

/* The address of a user id "Name (Comment) <address>", "Name <address>" or
 * a bare address, as Kontalk's PGPUserID reads it; NULL when there is none. */
char               *devserver_user_id_get_email (const char *user_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DevserverBridgeKey, devserver_bridge_key_free)

G_END_DECLS
