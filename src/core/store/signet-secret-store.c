/* signet-secret-store.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "signet-account-store.h"
#include "signet-secret-store-private.h"
#include "signet-secret.h"

const SecretSchema *
signet_account_store_get_schema (void)
{
  static const SecretSchema schema = {
    "im.signet.Signet.Account", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "jid", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Keyring */

typedef struct
{
  const SignetSecret   *keyring;
  SignetSecretOperation operation;
  SignetAccountKind kind;
  GHashTable           *attributes;
  gboolean retried;
} KeyringCall;

static void
keyring_call_free (KeyringCall *call)
{
  g_clear_pointer (&call->attributes, g_hash_table_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyringCall, keyring_call_free)

/* XMPP and Cadmium accounts keep a password (or token), Kontalk ones a
 * key's passphrase. */
static gboolean
holds_password (SignetAccountKind kind)
{
  return kind == SIGNET_ACCOUNT_KIND_XMPP || kind == SIGNET_ACCOUNT_KIND_CADMIUM ||
         kind == SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN;
}

static const char *
save_message (SignetAccountKind       kind,
              SignetAccountStoreError code)
{
  switch (code)
    {
    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE:
      if (holds_password (kind))
        return _("No keyring service is running, so the password could not be saved. "
                 "Your account works; saving can be retried.");
      if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
        return _("No keyring service is running, so the new key’s passphrase could not be "
                 "saved. The sign-up can go on, but it cannot be resumed once Signet is closed.");
      return _("No keyring service is running, so the key’s passphrase could not be saved. "
               "Your account works; saving can be retried.");

    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED:
      if (holds_password (kind))
        return _("The keyring is locked, so the password could not be saved. "
                 "Your account works; unlock the keyring and try again.");
      if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
        return _("The keyring is locked, so the new key’s passphrase could not be saved. "
                 "The sign-up can go on, but it cannot be resumed once Signet is closed.");
      return _("The keyring is locked, so the key’s passphrase could not be saved. "
               "Your account works; unlock the keyring and try again.");

    case SIGNET_ACCOUNT_STORE_ERROR_FAILED:
    case SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND:
    case SIGNET_ACCOUNT_STORE_ERROR_INVALID:
    default:
      if (holds_password (kind))
        return _("The keyring refused to save the password. "
                 "Your account works; saving can be retried.");
      if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
        return _("The keyring refused to save the new key’s passphrase. "
                 "The sign-up can go on, but it cannot be resumed once Signet is closed.");
      return _("The keyring refused to save the key’s passphrase. "
               "Your account works; saving can be retried.");
    }
}

static const char *
lookup_message (SignetAccountKind       kind,
                SignetAccountStoreError code)
{
  gboolean password = holds_password (kind);

  switch (code)
    {
    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE:
      return password
        ? _("No keyring service is running, so the saved password could not be read.")
        : _("No keyring service is running, so the key’s passphrase could not be read.");

    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED:
      return password
        ? _("The keyring is locked, so the saved password could not be read. "
            "Unlock the keyring and try again.")
        : _("The keyring is locked, so the key’s passphrase could not be read. "
            "Unlock the keyring and try again.");

    case SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND:
      if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
        return _("The new key’s passphrase is not in the keyring, "
                 "so this sign-up cannot be resumed.");
      return password
        ? _("The password of this account is not in the keyring.")
        : _("The passphrase of this account’s key is not in the keyring.");

    case SIGNET_ACCOUNT_STORE_ERROR_FAILED:
    case SIGNET_ACCOUNT_STORE_ERROR_INVALID:
    default:
      return password
        ? _("The keyring could not read the saved password.")
        : _("The keyring could not read the key’s passphrase.");
    }
}

static const char *
clear_message (SignetAccountKind       kind,
               SignetAccountStoreError code)
{
  gboolean password = holds_password (kind);

  switch (code)
    {
    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE:
      return password
        ? _("No keyring service is running, so the saved password could not be removed.")
        : _("No keyring service is running, so the key’s passphrase could not be removed.");

    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED:
      return password
        ? _("The keyring is locked, so the saved password could not be removed. "
            "Unlock the keyring and try again.")
        : _("The keyring is locked, so the key’s passphrase could not be removed. "
            "Unlock the keyring and try again.");

    case SIGNET_ACCOUNT_STORE_ERROR_FAILED:
    case SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND:
    case SIGNET_ACCOUNT_STORE_ERROR_INVALID:
    default:
      return password
        ? _("The keyring could not remove the saved password.")
        : _("The keyring could not remove the key’s passphrase.");
    }
}

/* What libsecret's error means for the person.  Bus and D-Bus errors all mean
 * that no usable Secret Service answered: none on the bus, no bus at all
 * ("unix:path=/nonexistent", no $DISPLAY to autolaunch one), a sandbox that
 * blocks the name, or a service that timed out. */
static SignetAccountStoreError
classify_error (const SignetSecret *keyring,
                const GError       *error)
{
  if (keyring->is_locked_error (error))
    return SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED;

  if (error->domain == G_DBUS_ERROR)
    return SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE;

  /* G_IO_ERROR_DBUS_ERROR is an error the service itself returned. */
  if (error->domain == G_IO_ERROR && error->code != G_IO_ERROR_DBUS_ERROR)
    return SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE;

  return SIGNET_ACCOUNT_STORE_ERROR_FAILED;
}

static void
return_error_code (GTask                  *task,
                   SignetAccountStoreError code)
{
  KeyringCall *call = g_task_get_task_data (task);
  const char *message;

  switch (call->operation)
    {
    case SIGNET_SECRET_SAVE:
      message = save_message (call->kind, code);
      break;
    case SIGNET_SECRET_LOOKUP:
      message = lookup_message (call->kind, code);
      break;
    case SIGNET_SECRET_CLEAR:
    default:
      message = clear_message (call->kind, code);
      break;
    }

  g_task_return_new_error (task, SIGNET_ACCOUNT_STORE_ERROR, code, "%s", message);
}

/* Takes @error.  libsecret's messages hold no secrets and no attributes, so
 * the original goes to the debug log for whoever has to find out why. */
static void
return_keyring_error (GTask  *task,
                      GError *error)
{
  KeyringCall *call = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Keyring call failed: %s (%s %d)", error->message,
           g_quark_to_string (error->domain), error->code);
  return_error_code (task, classify_error (call->keyring, error));
  g_error_free (error);
}

static void on_looked_up (GObject *source, GAsyncResult *result, gpointer user_data);

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  int found;

  found = call->keyring->search_finish (result, &error);
  if (found < 0)
    return_keyring_error (task, error);
  else if (found == SIGNET_SECRET_FOUND_LOCKED)
    return_error_code (task, SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED);
  else if (found == SIGNET_SECRET_FOUND_UNLOCKED && call->operation == SIGNET_SECRET_LOOKUP &&
           !call->retried)
    {
      /* An unlocked item appeared between the lookup and the search: it was
       * being stored at that moment.  Look it up again, once. */
      call->retried = TRUE;
      call->keyring->lookup (signet_account_store_get_schema (), call->attributes,
                             g_task_get_cancellable (task), on_looked_up, g_object_ref (task));
    }
  else if (call->operation == SIGNET_SECRET_LOOKUP)
    return_error_code (task, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  else
    g_task_return_boolean (task, TRUE);
}

/* libsecret answers "nothing" both when there is no such item and when the
 * item is in a collection that stayed locked (gnome-keyring 42 without a
 * prompter, or the user dismissed the prompt).  A search that does not
 * unlock sees locked items too, and tells the two apart. */
static void
search_without_unlocking (GTask *task)
{
  KeyringCall *call = g_task_get_task_data (task);

  call->keyring->search (signet_account_store_get_schema (), call->attributes,
                         g_task_get_cancellable (task), on_searched, task);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringCall *call = g_task_get_task_data (task);
  GError *error = NULL;

  if (call->keyring->store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_keyring_error (task, error);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  secret = call->keyring->lookup_finish (result, &error);
  if (secret != NULL)
    g_task_return_pointer (task, secret, (GDestroyNotify) call->keyring->free_secret);
  else if (error != NULL)
    return_keyring_error (task, error);
  else
    search_without_unlocking (g_steal_pointer (&task));
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringCall *call = g_task_get_task_data (task);
  GError *error = NULL;

  if (call->keyring->clear_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    return_keyring_error (task, error);
  else
    /* Nothing removed: nothing there, or only locked items (libsecret
     * removes unlocked items only). */
    search_without_unlocking (g_steal_pointer (&task));
}

static char *
item_label (SignetAccountKind kind,
            const char       *jid)
{
  if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
    /* Translators: the label of a keyring item, as Passwords and Keys shows
     * it; %s is an address like 4bdd…db75@prime.kontalk.net */
    return g_strdup_printf (_("Signet, sign-up in progress: %s"), jid);

  /* Translators: the label of a keyring item; %s is the account's address */
  return g_strdup_printf (_("Signet: %s"), jid);
}

static void
start_call (GTask      *task,
            const char *secret)
{
  KeyringCall *call = g_task_get_task_data (task);
  const SecretSchema *schema = signet_account_store_get_schema ();
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *label = NULL;

  switch (call->operation)
    {
    case SIGNET_SECRET_SAVE:
      label = item_label (call->kind, g_hash_table_lookup (call->attributes, "jid"));
      call->keyring->store (schema, call->attributes, label, secret, cancellable, on_saved, task);
      break;
    case SIGNET_SECRET_LOOKUP:
      call->keyring->lookup (schema, call->attributes, cancellable, on_looked_up, task);
      break;
    case SIGNET_SECRET_CLEAR:
    default:
      call->keyring->clear (schema, call->attributes, cancellable, on_cleared, task);
      break;
    }
}

void
signet_secret_store_call_async (SignetSecretOperation operation,
                                gpointer              source_object,
                                SignetAccountKind     kind,
                                const char           *server,
                                const char           *jid,
                                const char           *secret,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data,
                                gpointer              source_tag)
{
  GTask *task;
  KeyringCall *call;
  GError *error = NULL;

  g_return_if_fail (signet_account_kind_to_string (kind) != NULL);
  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (jid != NULL && *jid != '\0');
  g_return_if_fail (operation != SIGNET_SECRET_SAVE || secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  call = g_new0 (KeyringCall, 1);
  call->operation = operation;
  call->kind = kind;
  call->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (call->attributes, g_strdup ("kind"), g_strdup (signet_account_kind_to_string (kind)));
  g_hash_table_insert (call->attributes, g_strdup ("server"), g_strdup (server));
  g_hash_table_insert (call->attributes, g_strdup ("jid"), g_strdup (jid));
  g_task_set_task_data (task, call, (GDestroyNotify) keyring_call_free);

  /* libsecret is loaded by the first keyring call, never at start. */
  call->keyring = signet_secret_get (&error);
  if (call->keyring == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  start_call (task, secret);
}

/* The first keyring call connects to the secret service and negotiates an
 * encrypted session; started while a login runs, that is done by the time
 * the secret is saved.  libsecret keeps the backend for the process; a
 * failure here is met again, and reported, by the call itself. */
void
signet_account_store_prepare_keyring (void)
{
  const SignetSecret *keyring = signet_secret_get (NULL);

  if (keyring != NULL)
    keyring->prepare ();
}

void
signet_account_store_save_secret_async (SignetAccountKind   kind,
                                        const char         *server,
                                        const char         *jid,
                                        const char         *secret,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  signet_secret_store_call_async (SIGNET_SECRET_SAVE, NULL, kind, server, jid, secret,
                                  cancellable, callback, user_data,
                                  signet_account_store_save_secret_async);
}

gboolean
signet_account_store_save_secret_finish (GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_account_store_save_secret_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
signet_account_store_lookup_secret_async (SignetAccountKind   kind,
                                          const char         *server,
                                          const char         *jid,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  signet_secret_store_call_async (SIGNET_SECRET_LOOKUP, NULL, kind, server, jid, NULL,
                                  cancellable, callback, user_data,
                                  signet_account_store_lookup_secret_async);
}

char *
signet_account_store_lookup_secret_finish (GAsyncResult *result,
                                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_account_store_lookup_secret_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
signet_account_store_clear_secret_async (SignetAccountKind   kind,
                                         const char         *server,
                                         const char         *jid,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  signet_secret_store_call_async (SIGNET_SECRET_CLEAR, NULL, kind, server, jid, NULL,
                                  cancellable, callback, user_data,
                                  signet_account_store_clear_secret_async);
}

gboolean
signet_account_store_clear_secret_finish (GAsyncResult *result,
                                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_account_store_clear_secret_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
signet_account_store_free_secret (char *secret)
{
  const SignetSecret *keyring;

  if (secret == NULL)
    return;

  /* A secret comes from the module, which is open then. */
  keyring = signet_secret_get (NULL);
  g_return_if_fail (keyring != NULL);
  keyring->free_secret (secret);
}
