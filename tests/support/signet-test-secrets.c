/* signet-test-secrets.c: the secrets audit after a flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "signet-secret-store-private.h"
#include "signet-test-secrets.h"

/* Larger files are not Signet's: its records are a few KiB. */
#define MAX_FILE_SIZE (4 * 1024 * 1024)

static const char *
find_any (const char         *text,
          gsize               length,
          const char * const *needles)
{
  for (guint i = 0; text != NULL && needles != NULL && needles[i] != NULL; i++)
    if (*needles[i] != '\0' && g_strstr_len (text, length, needles[i]) != NULL)
      return needles[i];

  return NULL;
}

static void
audit_file (const char              *path,
            const SignetTestSecrets *audit)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length > MAX_FILE_SIZE)
    return;

  if (find_any (contents, length, audit->secrets) != NULL)
    g_error ("A secret is in the file %s", path);
}

static void
audit_dir (const char              *path,
           const char              *gnupg_home,
           const SignetTestSecrets *audit)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* The one place a secret may be: GnuPG keeps the key, encrypted. */
  if (g_strcmp0 (path, gnupg_home) == 0)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        audit_dir (child, gnupg_home, audit);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        audit_file (child, audit);
    }
}

static void
audit_keyring (const SignetTestSecrets *audit)
{
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_search_sync (signet_account_store_get_schema (),
                                       SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                       NULL, &error, NULL);
  g_assert_no_error (error);

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      g_autoptr(SecretValue) value = secret_retrievable_retrieve_secret_sync (l->data, NULL, &error);
      const char *jid = g_hash_table_lookup (attributes, "jid");
      const char *kind = g_hash_table_lookup (attributes, "kind");
      const char *text = value ? secret_value_get_text (value) : NULL;

      g_assert_no_error (error);
      if (g_strcmp0 (jid, audit->account_jid) == 0 && g_strcmp0 (kind, "kontalk-pending") != 0)
        continue;
      if (text != NULL && find_any (text, strlen (text), audit->secrets) != NULL)
        g_error ("A secret is in the keyring item of kind “%s” for another address or a finished sign-up",
                 kind ? kind : "?");
    }
  g_list_free_full (items, g_object_unref);
}

void
signet_test_secrets_audit (const SignetTestSecrets *audit)
{
  g_autofree char *gnupg_home = g_build_filename (g_get_user_data_dir (), "signet", "gnupg", NULL);
  const char *dirs[] = { g_get_user_data_dir (), g_get_user_config_dir (), g_get_user_cache_dir (),
                         g_get_home_dir (), NULL };

  if (find_any (audit->out, (gsize) -1, audit->secrets) != NULL)
    g_error ("A secret is in the standard output");
  if (find_any (audit->err, (gsize) -1, audit->secrets) != NULL)
    g_error ("A secret is in the standard error (the log)");
  if (find_any (audit->err, (gsize) -1, audit->phone_numbers) != NULL)
    g_error ("A phone number is in the standard error (the log)");

  for (guint i = 0; dirs[i] != NULL; i++)
    audit_dir (dirs[i], gnupg_home, audit);

  audit_keyring (audit);
}
