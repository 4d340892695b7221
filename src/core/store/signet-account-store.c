/* signet-account-store.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "signet-account-store.h"
#include "signet-state-file.h"

/* Bumped only if the record changes incompatibly. */
#define RECORD_VERSION 1

G_DEFINE_QUARK (signet-account-store-error-quark, signet_account_store_error)

G_DEFINE_ENUM_TYPE (SignetAccountKind, signet_account_kind,
                    G_DEFINE_ENUM_VALUE (SIGNET_ACCOUNT_KIND_KONTALK, "kontalk"),
                    G_DEFINE_ENUM_VALUE (SIGNET_ACCOUNT_KIND_XMPP, "xmpp"),
                    G_DEFINE_ENUM_VALUE (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, "kontalk-pending"))

/* Attribute and record values, indexed by enum value. */
static const char * const kind_names[] = {
  [SIGNET_ACCOUNT_KIND_KONTALK] = "kontalk",
  [SIGNET_ACCOUNT_KIND_XMPP] = "xmpp",
  [SIGNET_ACCOUNT_KIND_KONTALK_PENDING] = "kontalk-pending",
};

const char *
signet_account_kind_to_string (SignetAccountKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;

  return kind_names[kind];
}

gboolean
signet_account_kind_from_string (const char        *string,
                                 SignetAccountKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i], string) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

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

typedef enum
{
  OPERATION_SAVE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

typedef struct
{
  Operation operation;
  SignetAccountKind kind;
  GHashTable        *attributes;
  gboolean retried;
} KeyringCall;

static void
keyring_call_free (KeyringCall *call)
{
  g_clear_pointer (&call->attributes, g_hash_table_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyringCall, keyring_call_free)

static const char *
save_message (SignetAccountKind kind,
              SignetAccountStoreError code)
{
  switch (code)
    {
    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE:
      if (kind == SIGNET_ACCOUNT_KIND_XMPP)
        return _("No keyring service is running, so the password could not be saved. "
                 "Your account works; saving can be retried.");
      if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
        return _("No keyring service is running, so the new key’s passphrase could not be "
                 "saved. The sign-up can go on, but it cannot be resumed once Signet is closed.");
      return _("No keyring service is running, so the key’s passphrase could not be saved. "
               "Your account works; saving can be retried.");

    case SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED:
      if (kind == SIGNET_ACCOUNT_KIND_XMPP)
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
      if (kind == SIGNET_ACCOUNT_KIND_XMPP)
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
  gboolean password = kind == SIGNET_ACCOUNT_KIND_XMPP;

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
  gboolean password = kind == SIGNET_ACCOUNT_KIND_XMPP;

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
classify_error (const GError *error)
{
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
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
    case OPERATION_SAVE:
      message = save_message (call->kind, code);
      break;
    case OPERATION_LOOKUP:
      message = lookup_message (call->kind, code);
      break;
    case OPERATION_CLEAR:
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
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Keyring call failed: %s (%s %d)", error->message,
           g_quark_to_string (error->domain), error->code);
  return_error_code (task, classify_error (error));
  g_error_free (error);
}

static GTask *
keyring_call_new (Operation           operation,
                  SignetAccountKind   kind,
                  const char         *server,
                  const char         *jid,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data,
                  gpointer            source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringCall *call = g_new0 (KeyringCall, 1);

  call->operation = operation;
  call->kind = kind;
  call->attributes = secret_attributes_build (signet_account_store_get_schema (),
                                              "kind", signet_account_kind_to_string (kind),
                                              "server", server,
                                              "jid", jid,
                                              NULL);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) keyring_call_free);

  return task;
}

static void on_looked_up (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean
any_locked (GList *items)
{
  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (SECRET_ITEM (l->data)))
      return TRUE;

  return FALSE;
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  if (any_locked (items))
    return_error_code (task, SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED);
  else if (items != NULL && call->operation == OPERATION_LOOKUP && !call->retried)
    {
      /* An unlocked item appeared between the lookup and the search: it was
       * being stored at that moment.  Look it up again, once. */
      call->retried = TRUE;
      secret_password_lookupv (signet_account_store_get_schema (), call->attributes,
                               g_task_get_cancellable (task), on_looked_up, g_object_ref (task));
    }
  else if (call->operation == OPERATION_LOOKUP)
    return_error_code (task, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND);
  else
    g_task_return_boolean (task, TRUE);

  g_list_free_full (items, g_object_unref);
}

/* libsecret answers "nothing" both when there is no such item and when the
 * item is in a collection that stayed locked (gnome-keyring 42 without a
 * prompter, or the user dismissed the prompt).  A search that does not
 * unlock sees locked items too, and tells the two apart. */
static void
search_without_unlocking (GTask *task)
{
  KeyringCall *call = g_task_get_task_data (task);

  secret_password_searchv (signet_account_store_get_schema (), call->attributes,
                           SECRET_SEARCH_NONE, g_task_get_cancellable (task),
                           on_searched, task);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_keyring_error (task, error);
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
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  KeyringCall *call;

  g_return_if_fail (signet_account_kind_to_string (kind) != NULL);
  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (jid != NULL && *jid != '\0');
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = keyring_call_new (OPERATION_SAVE, kind, server, jid, cancellable, callback,
                           user_data, signet_account_store_save_secret_async);
  call = g_task_get_task_data (task);

  if (kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
    /* Translators: the label of a keyring item, as Passwords and Keys shows
     * it; %s is an address like 4bdd…db75@prime.kontalk.net */
    label = g_strdup_printf (_("Signet, sign-up in progress: %s"), jid);
  else
    /* Translators: the label of a keyring item; %s is the account's address */
    label = g_strdup_printf (_("Signet: %s"), jid);

  secret_password_storev (signet_account_store_get_schema (), call->attributes,
                          SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                          on_saved, g_steal_pointer (&task));
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

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (secret != NULL)
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
  else if (error != NULL)
    return_keyring_error (task, error);
  else
    search_without_unlocking (g_steal_pointer (&task));
}

void
signet_account_store_lookup_secret_async (SignetAccountKind   kind,
                                          const char         *server,
                                          const char         *jid,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyringCall *call;

  g_return_if_fail (signet_account_kind_to_string (kind) != NULL);
  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (jid != NULL && *jid != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = keyring_call_new (OPERATION_LOOKUP, kind, server, jid, cancellable, callback,
                           user_data, signet_account_store_lookup_secret_async);
  call = g_task_get_task_data (task);

  secret_password_lookupv (signet_account_store_get_schema (), call->attributes,
                           cancellable, on_looked_up, g_steal_pointer (&task));
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

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_clear_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    return_keyring_error (task, error);
  else
    /* Nothing removed: nothing there, or only locked items (libsecret
     * removes unlocked items only). */
    search_without_unlocking (g_steal_pointer (&task));
}

void
signet_account_store_clear_secret_async (SignetAccountKind   kind,
                                         const char         *server,
                                         const char         *jid,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyringCall *call;

  g_return_if_fail (signet_account_kind_to_string (kind) != NULL);
  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (jid != NULL && *jid != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = keyring_call_new (OPERATION_CLEAR, kind, server, jid, cancellable, callback,
                           user_data, signet_account_store_clear_secret_async);
  call = g_task_get_task_data (task);

  secret_password_clearv (signet_account_store_get_schema (), call->attributes,
                          cancellable, on_cleared, g_steal_pointer (&task));
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

/* SignetAccount */

struct _SignetAccount
{
  GObject parent_instance;

  SignetAccountKind kind;
  char              *server;
  char              *jid;
  char              *phone;
  char              *display_name;
  char              *fingerprint;
  GDateTime         *created;
  gboolean keyring_stored;
};

G_DEFINE_FINAL_TYPE (SignetAccount, signet_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SERVER,
  PROP_JID,
  PROP_PHONE,
  PROP_DISPLAY_NAME,
  PROP_FINGERPRINT,
  PROP_CREATED,
  PROP_KEYRING_STORED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
signet_account_constructed (GObject *object)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  G_OBJECT_CLASS (signet_account_parent_class)->constructed (object);

  if (self->created == NULL)
    self->created = g_date_time_new_now_utc ();
}

static void
signet_account_finalize (GObject *object)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);

  G_OBJECT_CLASS (signet_account_parent_class)->finalize (object);
}

static void
signet_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_KEYRING_STORED:
      g_value_set_boolean (value, self->keyring_stored);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;
    case PROP_JID:
      self->jid = g_value_dup_string (value);
      break;
    case PROP_PHONE:
      signet_account_set_phone (self, g_value_get_string (value));
      break;
    case PROP_DISPLAY_NAME:
      signet_account_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_FINGERPRINT:
      signet_account_set_fingerprint (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      signet_account_set_created (self, g_value_get_boxed (value));
      break;
    case PROP_KEYRING_STORED:
      signet_account_set_keyring_stored (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_account_class_init (SignetAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags identity = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = signet_account_constructed;
  object_class->finalize = signet_account_finalize;
  object_class->get_property = signet_account_get_property;
  object_class->set_property = signet_account_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SIGNET_TYPE_ACCOUNT_KIND, SIGNET_ACCOUNT_KIND_KONTALK, identity);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, identity);
  properties[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL, identity);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_KEYRING_STORED] =
    g_param_spec_boolean ("keyring-stored", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_account_init (SignetAccount *self)
{
}

SignetAccount *
signet_account_new (SignetAccountKind kind,
                    const char       *server,
                    const char       *jid)
{
  g_return_val_if_fail (kind == SIGNET_ACCOUNT_KIND_KONTALK || kind == SIGNET_ACCOUNT_KIND_XMPP,
                        NULL);
  g_return_val_if_fail (server != NULL && *server != '\0', NULL);
  g_return_val_if_fail (jid != NULL && *jid != '\0', NULL);

  return g_object_new (SIGNET_TYPE_ACCOUNT,
                       "kind", kind,
                       "server", server,
                       "jid", jid,
                       NULL);
}

SignetAccountKind
signet_account_get_kind (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), SIGNET_ACCOUNT_KIND_KONTALK);

  return self->kind;
}

const char *
signet_account_get_server (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->server;
}

const char *
signet_account_get_jid (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->jid;
}

const char *
signet_account_get_phone (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->phone;
}

static void
set_string (SignetAccount *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
signet_account_set_phone (SignetAccount *self,
                          const char    *phone)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  set_string (self, &self->phone, phone, PROP_PHONE);
}

const char *
signet_account_get_display_name (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

void
signet_account_set_display_name (SignetAccount *self,
                                 const char    *display_name)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  set_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
signet_account_get_fingerprint (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->fingerprint;
}

void
signet_account_set_fingerprint (SignetAccount *self,
                                const char    *fingerprint)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  set_string (self, &self->fingerprint, fingerprint, PROP_FINGERPRINT);
}

GDateTime *
signet_account_get_created (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->created;
}

void
signet_account_set_created (SignetAccount *self,
                            GDateTime     *created)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  /* Construction passes NULL; constructed() then sets "now". */
  if (created == NULL || (self->created != NULL && g_date_time_equal (self->created, created)))
    return;

  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = g_date_time_ref (created);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

gboolean
signet_account_get_keyring_stored (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), FALSE);

  return self->keyring_stored;
}

void
signet_account_set_keyring_stored (SignetAccount *self,
                                   gboolean       keyring_stored)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  keyring_stored = !!keyring_stored;
  if (self->keyring_stored == keyring_stored)
    return;

  self->keyring_stored = keyring_stored;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_STORED]);
}

/* Records */

char *
signet_account_store_get_records_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "signet", "accounts", NULL);
}

/* The address becomes a file name, and a server's domain is typed by the
 * user: nothing in it may step out of the folder or hide the file. */
static gboolean
jid_is_file_name (const char *jid)
{
  gsize length = strlen (jid);

  if (length == 0 || length > 200 || jid[0] == '.' || !g_utf8_validate (jid, length, NULL))
    return FALSE;

  for (const char *p = jid; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || g_ascii_iscntrl (*p))
      return FALSE;

  return TRUE;
}

static char *
record_path (const char *jid,
             GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (!jid_is_file_name (jid))
    {
      g_set_error_literal (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID,
                           _("This account address cannot be remembered by Signet."));
      return NULL;
    }

  dir = signet_account_store_get_records_dir ();
  name = g_strconcat (jid, ".json", NULL);
  return g_build_filename (dir, name, NULL);
}

static JsonObject *
account_to_json (SignetAccount *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *created = g_date_time_format_iso8601 (self->created);

  json_object_set_int_member (object, "version", RECORD_VERSION);
  json_object_set_string_member (object, "kind", signet_account_kind_to_string (self->kind));
  json_object_set_string_member (object, "server", self->server);
  json_object_set_string_member (object, "jid", self->jid);
  json_object_set_string_member (object, "phone", self->phone);
  json_object_set_string_member (object, "display-name", self->display_name);
  json_object_set_string_member (object, "fingerprint", self->fingerprint);
  json_object_set_string_member (object, "created", created);
  json_object_set_boolean_member (object, "keyring-stored", self->keyring_stored);

  return object;
}

/* NULL if anything has the wrong type or is missing.  Only member names go
 * to the debug log: the values are personal. */
static SignetAccount *
account_from_json (JsonObject *object,
                   const char *expected_jid)
{
  g_autofree char *kind_name = NULL;
  g_autofree char *server = NULL;
  g_autofree char *jid = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GDateTime) created = NULL;
  gint64 version;
  gboolean keyring_stored;
  SignetAccountKind kind;
  const char *bad = NULL;

  if (!signet_state_file_get_int (object, "version", RECORD_VERSION, RECORD_VERSION, &version))
    bad = "version";
  else if (!signet_state_file_get_string (object, "kind", TRUE, &kind_name) ||
           !signet_account_kind_from_string (kind_name, &kind) ||
           kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING)
    bad = "kind";
  else if (!signet_state_file_get_string (object, "server", TRUE, &server))
    bad = "server";
  else if (!signet_state_file_get_string (object, "jid", TRUE, &jid) ||
           g_strcmp0 (jid, expected_jid) != 0)
    bad = "jid";
  else if (!signet_state_file_get_string (object, "phone", FALSE, &phone) ||
           (phone != NULL && !signet_state_file_is_e164 (phone)))
    bad = "phone";
  else if (!signet_state_file_get_string (object, "display-name", FALSE, &display_name))
    bad = "display-name";
  else if (!signet_state_file_get_string (object, "fingerprint", FALSE, &fingerprint))
    bad = "fingerprint";
  else if (!signet_state_file_get_datetime (object, "created", &created))
    bad = "created";
  else if (!signet_state_file_get_boolean (object, "keyring-stored", &keyring_stored))
    bad = "keyring-stored";

  if (bad != NULL)
    {
      g_debug ("Account record: bad or missing “%s”", bad);
      return NULL;
    }

  return g_object_new (SIGNET_TYPE_ACCOUNT,
                       "kind", kind,
                       "server", server,
                       "jid", jid,
                       "phone", phone,
                       "display-name", display_name,
                       "fingerprint", fingerprint,
                       "created", created,
                       "keyring-stored", keyring_stored,
                       NULL);
}

static SignetAccount *
load_record (const char *path,
             const char *jid,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  SignetAccount *account;

  object = signet_state_file_read (path, &local_error);
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error_literal (error, SIGNET_ACCOUNT_STORE_ERROR,
                           SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
                           _("Signet has no record of this account."));
      return NULL;
    }
  if (local_error != NULL && local_error->domain == G_FILE_ERROR)
    {
      g_set_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_FAILED,
                   _("The account record could not be read: %s"), local_error->message);
      return NULL;
    }
  if (local_error != NULL)
    g_debug ("Account record: %s", local_error->message);

  account = object != NULL ? account_from_json (object, jid) : NULL;
  if (account == NULL)
    g_set_error_literal (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID,
                         _("The account record is damaged and cannot be read."));

  return account;
}

SignetAccount *
signet_account_store_load (const char *jid,
                           GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = record_path (jid, error);
  if (path == NULL)
    return NULL;

  return load_record (path, jid, error);
}

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  SignetAccount *first = *(SignetAccount **) a;
  SignetAccount *second = *(SignetAccount **) b;
  int order = g_date_time_compare (first->created, second->created);

  return order != 0 ? order : g_strcmp0 (first->jid, second->jid);
}

/* A record file's address, or NULL for anything else in the folder (such as
 * the temporary file of a write that crashed). */
static char *
jid_from_file_name (const char *name)
{
  if (name[0] == '.' || !g_str_has_suffix (name, ".json"))
    return NULL;

  return g_strndup (name, strlen (name) - strlen (".json"));
}

GPtrArray *
signet_account_store_list (GError **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir_path = signet_account_store_get_records_dir ();
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_dir_open (dir_path, 0, &local_error);
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return g_steal_pointer (&accounts);
  if (dir == NULL)
    {
      g_set_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_FAILED,
                   _("The account records could not be read: %s"), local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *jid = jid_from_file_name (name);
      g_autofree char *path = NULL;
      g_autoptr(GError) record_error = NULL;
      SignetAccount *account;

      if (jid == NULL)
        continue;

      path = g_build_filename (dir_path, name, NULL);
      account = jid_is_file_name (jid) ? load_record (path, jid, &record_error) : NULL;
      if (account == NULL)
        {
          /* The file name is the address; the message never quotes the file. */
          g_warning ("Skipping the account record “%s”: %s", name,
                     record_error != NULL ? record_error->message : "bad file name");
          continue;
        }

      g_ptr_array_add (accounts, account);
    }

  g_ptr_array_sort (accounts, compare_created);
  return g_steal_pointer (&accounts);
}

gboolean
signet_account_store_save (SignetAccount *account,
                           GError       **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SIGNET_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = record_path (account->jid, error);
  if (path == NULL)
    return FALSE;

  object = account_to_json (account);
  if (!signet_state_file_write (path, object, &local_error))
    {
      g_set_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_FAILED,
                   _("The account record could not be saved: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
signet_account_store_delete (const char *jid,
                             GError    **error)
{
  g_autofree char *path = NULL;
  int saved_errno;

  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = record_path (jid, error);
  if (path == NULL)
    return FALSE;

  if (g_unlink (path) == 0)
    return TRUE;

  saved_errno = errno;
  if (saved_errno == ENOENT)
    g_set_error_literal (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
                         _("Signet has no record of this account."));
  else
    g_set_error (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_FAILED,
                 _("The account record could not be removed: %s"), g_strerror (saved_errno));

  return FALSE;
}
