/* signet-account-store.h: account records on disk, and the store's errors
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account.h"
#include "signet-secret-store.h"

G_BEGIN_DECLS

#define SIGNET_ACCOUNT_STORE_ERROR (signet_account_store_error_quark ())

/* The errors of the records below and of the keyring (signet-secret-store.h). */
typedef enum
{
  SIGNET_ACCOUNT_STORE_ERROR_FAILED,
  /* No Secret Service on the bus, the bus itself is missing, or (inside
   * Flatpak) neither the Secret portal nor the service can be reached. */
  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE,
  /* The keyring is locked and was not unlocked: the user dismissed the
   * prompt, or there is no prompter to ask with. */
  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED,
  /* No such secret in the keyring, or no such account record. */
  SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
  /* An account record that is damaged, not Signet's, or has a bad address. */
  SIGNET_ACCOUNT_STORE_ERROR_INVALID,
} SignetAccountStoreError;

GQuark signet_account_store_error_quark (void);

/* Records are $XDG_DATA_HOME/signet/accounts/<jid>.json, mode 0600 in a 0700
 * folder.  These calls do small local file I/O and block briefly. */
char              *signet_account_store_get_records_dir (void);
/* Every readable record, oldest first.  Damaged records are skipped with a
 * warning that names the file but shows nothing of its contents.  A missing
 * folder is an empty list. */
GPtrArray         *signet_account_store_list            (GError           **error);
SignetAccount     *signet_account_store_load            (const char        *jid,
                                                         GError           **error);
/* Writes atomically: a crash leaves the old record or the new one. */
gboolean           signet_account_store_save            (SignetAccount     *account,
                                                         GError           **error);
/* Fails with NOT_FOUND if there is no record for @jid. */
gboolean           signet_account_store_delete          (const char        *jid,
                                                         GError           **error);
/* The oldest XMPP account on @domain, or NULL (without an error) when Signet
 * holds none there. */
SignetAccount     *signet_account_store_find_xmpp       (const char        *domain,
                                                         GError           **error);

/* Whether Signet holds the passphrase of the key @fingerprint: an
 * account's key, or that of the sign-up waiting for its code.  A key in
 * the private GnuPG home that is neither was left by a process that died
 * half-way: nobody can unlock it. */
gboolean           signet_account_store_key_in_use      (const char        *fingerprint);

/* A request to close @jid's account was sent, and its answer is not known
 * yet: $XDG_DATA_HOME/signet/closing/<jid>.json, which holds the address
 * only.  When the password is refused afterwards, the account is gone. */
gboolean           signet_account_store_mark_closing    (const char        *jid,
                                                         GError           **error);
gboolean           signet_account_store_get_closing     (const char        *jid);
void               signet_account_store_clear_closing   (const char        *jid);

G_END_DECLS
