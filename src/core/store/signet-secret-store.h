/* signet-secret-store.h: account secrets in the keyring
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account.h"

G_BEGIN_DECLS

/* The keyring half of the account store, hence the functions' prefix.  Items
 * use the libsecret schema "im.signet.Signet.Account" with the string
 * attributes "kind", "server" and "jid".  Attributes are not encrypted, so
 * nothing personal beyond the address goes there (never the phone number).
 *
 * The calls go through libsecret's simple password API so that inside
 * Flatpak they use the file backend behind the Secret portal.  They may show
 * the keyring's unlock prompt and wait for it; cancelling @cancellable
 * dismisses the prompt and fails with G_IO_ERROR_CANCELLED.  Every other
 * failure is a SIGNET_ACCOUNT_STORE_ERROR (see signet-account-store.h) with a
 * message for people. */

/* Starts connecting to the keyring in the background, so that a save
 * soon after does not wait for it. */
void      signet_account_store_prepare_keyring      (void);
/* Stores (or replaces) the secret of one account, labelled "Signet: <jid>". */
void      signet_account_store_save_secret_async    (SignetAccountKind     kind,
                                                     const char           *server,
                                                     const char           *jid,
                                                     const char           *secret,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  signet_account_store_save_secret_finish   (GAsyncResult         *result,
                                                     GError              **error);

/* Returns the secret; free it with signet_account_store_free_secret(), which
 * wipes it.  A secret that exists but sits in a keyring that stayed locked
 * gives KEYRING_LOCKED, not NOT_FOUND. */
void      signet_account_store_lookup_secret_async  (SignetAccountKind     kind,
                                                     const char           *server,
                                                     const char           *jid,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char     *signet_account_store_lookup_secret_finish (GAsyncResult         *result,
                                                     GError              **error);

/* Removes the secret.  Succeeds if there was none; fails with KEYRING_LOCKED
 * if it exists but could not be unlocked to be removed. */
void      signet_account_store_clear_secret_async   (SignetAccountKind     kind,
                                                     const char           *server,
                                                     const char           *jid,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  signet_account_store_clear_secret_finish  (GAsyncResult         *result,
                                                     GError              **error);

/* Wipes and frees a secret returned by a lookup; NULL is ignored. */
void      signet_account_store_free_secret          (char                 *secret);

G_END_DECLS
