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
#include "signet-pending-registration.h"
#include "signet-state-file.h"

/* Bumped only if the record changes incompatibly. */
#define RECORD_VERSION 1

G_DEFINE_QUARK (signet-account-store-error-quark, signet_account_store_error)

static const SignetStateFileErrors record_errors = {
  .domain = signet_account_store_error_quark,
  .failed = SIGNET_ACCOUNT_STORE_ERROR_FAILED,
  .not_found = SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
  .invalid = SIGNET_ACCOUNT_STORE_ERROR_INVALID,
  .log_name = "Account record",
  .not_found_message = N_("Signet has no record of this account."),
  .invalid_message = N_("The account record is damaged and cannot be read."),
  .read_failed = N_("The account record could not be read: %s"),
  .write_failed = N_("The account record could not be saved: %s"),
  .remove_failed = N_("The account record could not be removed: %s"),
};

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


/* Only what differs from the defaults is written. */
static void
add_connection (JsonObject    *object,
                SignetAccount *self)
{
  if (signet_account_get_host (self) != NULL)
    {
      json_object_set_string_member (object, "host", signet_account_get_host (self));
      json_object_set_int_member (object, "port", signet_account_get_port (self));
    }
  if (signet_account_get_direct_tls (self))
    json_object_set_boolean_member (object, "direct-tls", TRUE);
  if (signet_account_get_trusted_sha256 (self) != NULL)
    json_object_set_string_member (object, "trusted-sha256", signet_account_get_trusted_sha256 (self));
}

/* The members add_connection() writes, all optional. */
static gboolean
read_connection (JsonObject    *object,
                 SignetAccount *account)
{
  g_autofree char *host = NULL;
  g_autofree char *trusted_sha256 = NULL;
  gboolean direct_tls;
  gint64 port = 0;

  if (!signet_state_file_get_string (object, "host", FALSE, &host) ||
      (json_object_has_member (object, "port") &&
       !signet_state_file_get_int (object, "port", 0, G_MAXUINT16, &port)) ||
      !signet_state_file_get_boolean (object, "direct-tls", &direct_tls) ||
      !signet_state_file_get_string (object, "trusted-sha256", FALSE, &trusted_sha256))
    return FALSE;

  signet_account_set_connection (account, host, (guint16) port, direct_tls, trusted_sha256);
  return TRUE;
}

static JsonObject *
account_to_json (SignetAccount *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *created = g_date_time_format_iso8601 (signet_account_get_created (self));

  json_object_set_int_member (object, "version", RECORD_VERSION);
  json_object_set_string_member (object, "kind", signet_account_kind_to_string (signet_account_get_kind (self)));
  json_object_set_string_member (object, "server", signet_account_get_server (self));
  json_object_set_string_member (object, "jid", signet_account_get_jid (self));
  json_object_set_string_member (object, "phone", signet_account_get_phone (self));
  json_object_set_string_member (object, "display-name", signet_account_get_display_name (self));
  json_object_set_string_member (object, "fingerprint", signet_account_get_fingerprint (self));
  json_object_set_string_member (object, "created", created);
  json_object_set_boolean_member (object, "keyring-stored", signet_account_get_keyring_stored (self));
  add_connection (object, self);

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
           kind == SIGNET_ACCOUNT_KIND_KONTALK_PENDING || kind == SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN)
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

static gpointer
parse_record (JsonObject *object,
              gpointer    expected_jid)
{
  g_autoptr(SignetAccount) account = account_from_json (object, expected_jid);

  if (account != NULL && !read_connection (object, account))
    {
      g_debug ("Account record: bad connection details");
      return NULL;
    }

  return g_steal_pointer (&account);
}

static SignetAccount *
load_record (const char *path,
             const char *jid,
             GError    **error)
{
  return signet_state_file_load (path, &record_errors, parse_record, (gpointer) jid, error);
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
  int order = g_date_time_compare (signet_account_get_created (first),
                                   signet_account_get_created (second));

  return order != 0 ? order : g_strcmp0 (signet_account_get_jid (first), signet_account_get_jid (second));
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
  g_autofree char *path = NULL;

  g_return_val_if_fail (SIGNET_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = record_path (signet_account_get_jid (account), error);
  if (path == NULL)
    return FALSE;

  object = account_to_json (account);
  return signet_state_file_save (path, object, &record_errors, error);
}

gboolean
signet_account_store_delete (const char *jid,
                             GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (jid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = record_path (jid, error);
  if (path == NULL)
    return FALSE;

  return signet_state_file_remove (path, &record_errors, FALSE, error);
}

SignetAccount *
signet_account_store_find_xmpp (const char *domain,
                                GError    **error)
{
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (domain == NULL || *domain == '\0')
    return NULL;

  accounts = signet_account_store_list (error);
  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      SignetAccount *account = g_ptr_array_index (accounts, i);

      /* Domains are case-insensitive; what a person types may not match the record's case. */
      if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_XMPP &&
          g_ascii_strcasecmp (signet_account_get_server (account), domain) == 0)
        return g_object_ref (account);
    }

  return NULL;
}

/*
 * Accounts being closed
 */

static char *
closing_path (const char *jid)
{
  g_autofree char *name = NULL;

  if (jid == NULL || !jid_is_file_name (jid))
    return NULL;

  name = g_strconcat (jid, ".json", NULL);
  return g_build_filename (g_get_user_data_dir (), "signet", "closing", name, NULL);
}

gboolean
signet_account_store_mark_closing (const char *jid,
                                   GError    **error)
{
  g_autofree char *path = closing_path (jid);
  g_autoptr(JsonObject) object = json_object_new ();

  if (path == NULL)
    {
      g_set_error_literal (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_INVALID,
                           _("This account address cannot be remembered by Signet."));
      return FALSE;
    }

  json_object_set_string_member (object, "jid", jid);
  return signet_state_file_write (path, object, error);
}

gboolean
signet_account_store_get_closing (const char *jid)
{
  g_autofree char *path = closing_path (jid);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

void
signet_account_store_clear_closing (const char *jid)
{
  g_autofree char *path = closing_path (jid);

  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Could not forget that an account is being closed: %s", g_strerror (errno));
}

/* Accounts of other kinds have no fingerprint. */
static gboolean
same_fingerprint (const char *a,
                  const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

gboolean
signet_account_store_key_in_use (const char *fingerprint)
{
  g_autoptr(GPtrArray) accounts = signet_account_store_list (NULL);
  g_autoptr(SignetPendingRegistration) pending = signet_pending_registration_load (NULL);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    if (same_fingerprint (signet_account_get_fingerprint (g_ptr_array_index (accounts, i)), fingerprint))
      return TRUE;

  return pending != NULL && same_fingerprint (signet_pending_registration_get_fingerprint (pending), fingerprint);
}
