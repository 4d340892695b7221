/* signet-account-key.h: a stored Kontalk account's key going to another
 * device: written to a key pack file (back up), or uploaded to the server
 * for a one-time link code.  The CLI and the account window share these.
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

#define SIGNET_ACCOUNT_KEY_ERROR (signet_account_key_error_quark ())

typedef enum
{
  SIGNET_ACCOUNT_KEY_ERROR_FAILED,
  /* Not a Kontalk account, or a record without its key's fingerprint or
   * its number. */
  SIGNET_ACCOUNT_KEY_ERROR_NO_KEY,
  /* The export password is shorter than SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH. */
  SIGNET_ACCOUNT_KEY_ERROR_PASSWORD_TOO_SHORT,
} SignetAccountKeyError;

GQuark             signet_account_key_error_quark   (void);

/* Whether @password is long enough for an export (Android's minimum). */
gboolean           signet_account_key_check_password (const char          *password,
                                                      GError             **error);

/* @account's key in the default GnuPG home, unlocked with the passphrase
 * the keyring holds for it. */
void               signet_account_key_load_async     (SignetAccount       *account,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SignetPersonalKey *signet_account_key_load_finish    (GAsyncResult        *result,
                                                      GError             **error);

/* Loads @account's key and writes its key pack, protected by @password, to
 * @path with mode 0600.  The result is the key written (for its
 * fingerprint).  Cancelled before the file is complete, nothing is left at
 * @path. */
void               signet_account_key_export_async   (SignetAccount       *account,
                                                      const char          *password,
                                                      const char          *path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SignetPersonalKey *signet_account_key_export_finish  (GAsyncResult        *result,
                                                      GError             **error);

/* Loads @account's key, logs in to @server (the account's server settings)
 * with it and uploads it protected by @password.  The result is the text
 * of the QR code, "<E164>;<domain>;<token>" (signet_device_link_parse_text()
 * splits it); @server_error receives what the server said when it
 * refused. */
void               signet_account_key_link_async     (SignetAccount       *account,
                                                      SignetConnection    *server,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
char              *signet_account_key_link_finish    (GAsyncResult        *result,
                                                      SignetStanzaError  **server_error,
                                                      GError             **error);

G_END_DECLS
