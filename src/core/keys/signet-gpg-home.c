/* signet-gpg-home.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gpgme.h>

#include "signet-gpg-agent.h"
#include "signet-gpg-home.h"

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return g_unlink (path) == 0;

  if ((dir = g_dir_open (path, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }

  return g_rmdir (path) == 0;
}

void
signet_gpg_scratch_home_free (SignetGpgScratchHome *scratch)
{
  if (scratch->path != NULL)
    {
      signet_gpg_agent_stop (scratch->path, NULL);
      remove_tree (scratch->path);
    }
  g_free (scratch->path);
  g_free (scratch);
}

SignetGpgScratchHome *
signet_gpg_scratch_home_new (GError **error)
{
  g_autoptr(SignetGpgScratchHome) scratch = g_new0 (SignetGpgScratchHome, 1);

  g_autofree char *conf = NULL;

  scratch->path = g_dir_make_tmp ("signet-gnupg-XXXXXX", error);
  if (scratch->path == NULL)
    return NULL;

  /* Unlike the private home's agent, this one may cache the passphrase for
   * the few seconds the home lives: gpg --passwd then asks for the current
   * passphrase once and the new one once, not once per subkey. */
  conf = g_build_filename (scratch->path, "gpg-agent.conf", NULL);
  if (!g_file_set_contents_full (conf, "allow-loopback-pinentry\n", -1,
                                 G_FILE_SET_CONTENTS_NONE, 0600, error))
    return NULL;

  return g_steal_pointer (&scratch);
}

static GBytes *
take_data (gpgme_data_t data)
{
  size_t len = 0;
  char *mem = gpgme_data_release_and_get_mem (data, &len);
  GBytes *bytes = g_bytes_new (mem, len);

  gpgme_free (mem);
  return bytes;
}

GBytes *
signet_gpg_export_key (const char *home,
                       const char *fingerprint,
                       const char *passphrase,
                       gboolean    secret,
                       gboolean    armor,
                       GError    **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  gpgme_data_t data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gpgme_error_t err;

  if ((ctx = signet_gpg_context_new (home, passphrase, error)) == NULL)
    return NULL;

  gpgme_set_armor (ctx, armor);
  if ((err = gpgme_data_new (&data)) != 0 ||
      (err = gpgme_op_export (ctx, fingerprint, secret ? GPGME_EXPORT_MODE_SECRET : 0, data)) != 0)
    {
      g_clear_pointer (&data, gpgme_data_release);
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                            _("Could not export the personal key"), err);
      return NULL;
    }

  bytes = take_data (data);
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                           _("The personal key is not in its keyring"));
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

GPtrArray *
signet_gpg_import_keys (const char *home,
                        GBytes     *bytes,
                        const char *passphrase,
                        GError    **error)
{
  g_autoptr(GPtrArray) fingerprints = g_ptr_array_new_with_free_func (g_free);
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_data_t) data = NULL;
  gpgme_import_result_t result;
  gpgme_error_t err;

  if ((ctx = signet_gpg_context_new (home, passphrase, error)) == NULL)
    return NULL;

  if ((err = gpgme_data_new_from_mem (&data, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), 0)) != 0 ||
      (err = gpgme_op_import (ctx, data)) != 0 ||
      (result = gpgme_op_import_result (ctx)) == NULL)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                            _("Could not import the personal key"), err);
      return NULL;
    }

  for (gpgme_import_status_t status = result->imports; status != NULL; status = status->next)
    if (status->result == 0 && status->fpr != NULL)
      g_ptr_array_add (fingerprints, g_ascii_strup (status->fpr, -1));

  if (fingerprints->len == 0)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                           _("The data holds no OpenPGP key"));
      return NULL;
    }

  return g_steal_pointer (&fingerprints);
}
