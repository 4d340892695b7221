/* signet-secret-libsecret.c: the module signet-secret, libsecret behind the
 * table of signet-secret.h.  It uses nothing of the core.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmodule.h>
#include <libsecret/secret.h>

#include "signet-secret.h"

static void
store (gconstpointer       schema,
       GHashTable         *attributes,
       const char         *label,
       const char         *secret,
       GCancellable       *cancellable,
       GAsyncReadyCallback callback,
       gpointer            user_data)
{
  secret_password_storev (schema, attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          cancellable, callback, user_data);
}

static void
lookup (gconstpointer       schema,
        GHashTable         *attributes,
        GCancellable       *cancellable,
        GAsyncReadyCallback callback,
        gpointer            user_data)
{
  secret_password_lookupv (schema, attributes, cancellable, callback, user_data);
}

static void
clear (gconstpointer       schema,
       GHashTable         *attributes,
       GCancellable       *cancellable,
       GAsyncReadyCallback callback,
       gpointer            user_data)
{
  secret_password_clearv (schema, attributes, cancellable, callback, user_data);
}

static void
search (gconstpointer       schema,
        GHashTable         *attributes,
        GCancellable       *cancellable,
        GAsyncReadyCallback callback,
        gpointer            user_data)
{
  secret_password_searchv (schema, attributes, SECRET_SEARCH_NONE, cancellable,
                           callback, user_data);
}

static int
search_finish (GAsyncResult *result,
               GError      **error)
{
  GError *search_error = NULL;
  GList *items = secret_password_search_finish (result, &search_error);
  SignetSecretFound found = SIGNET_SECRET_FOUND_NONE;

  if (search_error != NULL)
    {
      g_propagate_error (error, search_error);
      return -1;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (SECRET_ITEM (l->data)))
        found = SIGNET_SECRET_FOUND_LOCKED;
      else if (found == SIGNET_SECRET_FOUND_NONE)
        found = SIGNET_SECRET_FOUND_UNLOCKED;
    }

  g_list_free_full (items, g_object_unref);
  return found;
}

static gboolean
is_locked_error (const GError *error)
{
  return g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED);
}

static void
prepare (void)
{
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, NULL, NULL, NULL);
}

static const SignetSecret table = {
  store,
  secret_password_store_finish,
  lookup,
  secret_password_lookup_finish,
  clear,
  secret_password_clear_finish,
  search,
  search_finish,
  secret_password_free,
  is_locked_error,
  prepare,
};

G_MODULE_EXPORT gconstpointer signet_module_get_table (guint abi);

G_MODULE_EXPORT gconstpointer
signet_module_get_table (guint abi)
{
  return abi == SIGNET_SECRET_ABI ? &table : NULL;
}
