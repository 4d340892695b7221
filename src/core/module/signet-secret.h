/* signet-secret.h: the keyring for the core, from the module signet-secret
 * (libsecret), opened on first use (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Raised whenever the table below changes. */
#define SIGNET_SECRET_ABI 1

typedef enum
{
  SIGNET_SECRET_FOUND_NONE,
  SIGNET_SECRET_FOUND_UNLOCKED,
  SIGNET_SECRET_FOUND_LOCKED,
} SignetSecretFound;

/* Each @schema is a libsecret SecretSchema (the store's), each @attributes
 * a table of strings by attribute name; the calls are libsecret's. */
typedef struct
{
  void               (*store)           (gconstpointer       schema,
                                         GHashTable         *attributes,
                                         const char         *label,
                                         const char         *secret,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
  gboolean           (*store_finish)    (GAsyncResult       *result,
                                         GError            **error);
  void               (*lookup)          (gconstpointer       schema,
                                         GHashTable         *attributes,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
  /* The secret (free it with free_secret()), or NULL with or without
   * an error when nothing unlocked matched. */
  char              *(*lookup_finish)   (GAsyncResult       *result,
                                         GError            **error);
  void               (*clear)           (gconstpointer       schema,
                                         GHashTable         *attributes,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
  /* FALSE without an error when nothing unlocked was removed. */
  gboolean           (*clear_finish)    (GAsyncResult       *result,
                                         GError            **error);
  /* A search that unlocks nothing, so that it sees locked items too. */
  void               (*search)          (gconstpointer       schema,
                                         GHashTable         *attributes,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
  /* A SignetSecretFound, or -1 with @error set. */
  int                (*search_finish)   (GAsyncResult       *result,
                                         GError            **error);
  void               (*free_secret)     (char               *secret);
  gboolean           (*is_locked_error) (const GError       *error);
  /* Connects to the Secret Service and opens its session in the
   * background; errors are met again by the next call. */
  void               (*prepare)         (void);
} SignetSecret;

/* The table, opening the module on the first call. */
const SignetSecret *signet_secret_get (GError **error);

G_END_DECLS
