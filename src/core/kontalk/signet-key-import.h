/* signet-key-import.h: bringing an existing Kontalk account to this device,
 * from a key pack or through a link token: the key enters the private
 * GnuPG home, logs in once with SASL EXTERNAL, and the account is stored.
 * signet-cli and the wizard's step machine both use it.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account.h"
#include "signet-connection.h"
#include "signet-personal-key.h"
#include "signet-stanza-error.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_KEY_IMPORT (signet_key_import_get_type ())

G_DECLARE_FINAL_TYPE (SignetKeyImport, signet_key_import, SIGNET, KEY_IMPORT, GObject)

/* @server gives the settings of every stream (a new one each, like it);
 * @home is the private GnuPG home, NULL for the default one. */
SignetKeyImport         *signet_key_import_new                (SignetConnection   *server,
                                                               const char         *home);

/* Imports the key pack at @path, unlocked by @password, then logs in.
 * TRUE: the account is stored (get_account()).  A refused login is
 * SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED and keeps the key for a
 * re-verification (get_key(), or discard()); any other failure leaves
 * nothing behind.  A wrong password or a file that is not a key pack is
 * SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK. */
void                     signet_key_import_pack_async         (SignetKeyImport    *self,
                                                               const char         *path,
                                                               const char         *password,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
/* The same for the text of a link, "<E164>;<domain>;<token>": the key is
 * fetched (the token is used up) and must belong to the number.  A bad or
 * used token is SIGNET_DEVICE_LINK_ERROR_TOKEN_REFUSED with the server's
 * words in get_server_error(). */
void                     signet_key_import_link_async         (SignetKeyImport    *self,
                                                               const char         *text,
                                                               const char         *password,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
gboolean                 signet_key_import_finish             (SignetKeyImport    *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);

/* The imported key, or NULL. */
SignetPersonalKey       *signet_key_import_get_key            (SignetKeyImport    *self);
/* The number the key belongs to ("+E164"), or NULL. */
const char              *signet_key_import_get_phone          (SignetKeyImport    *self);
/* The name in the key's user id, or NULL. */
char                    *signet_key_import_dup_display_name   (SignetKeyImport    *self);
SignetAccount           *signet_key_import_get_account        (SignetKeyImport    *self);
/* Why the passphrase is not in the keyring, or NULL. */
const GError            *signet_key_import_get_keyring_error  (SignetKeyImport    *self);
/* The server's own words about the last failure, or NULL. */
const SignetStanzaError *signet_key_import_get_server_error   (SignetKeyImport    *self);
/* Removes a key that was kept after a refused login. */
void                     signet_key_import_discard            (SignetKeyImport    *self);

G_END_DECLS
