/* signet-secret-store-private.h: the keyring, for the store and the tests
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

#include "signet-secret-store.h"

G_BEGIN_DECLS

/* The schema of every Signet keyring item (see signet-secret-store.h). */
const SecretSchema *signet_account_store_get_schema (void);

typedef enum
{
  SIGNET_SECRET_SAVE,
  SIGNET_SECRET_LOOKUP,
  SIGNET_SECRET_CLEAR,
} SignetSecretOperation;

/* What the public _async calls do, for a task of @source_object with
 * @source_tag, so that a wrapper such as the pending registration's can hand
 * its own caller the result directly.  @secret is for SIGNET_SECRET_SAVE
 * only.  The task returns a boolean, or for SIGNET_SECRET_LOOKUP the secret
 * as a pointer (see signet_account_store_free_secret()). */
void      signet_secret_store_call_async  (SignetSecretOperation  operation,
                                           gpointer               source_object,
                                           SignetAccountKind      kind,
                                           const char            *server,
                                           const char            *jid,
                                           const char            *secret,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data,
                                           gpointer               source_tag);

G_END_DECLS
