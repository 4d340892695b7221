/* signet-key-transfer.c: the personal key leaving and entering the private
 * GnuPG home under another passphrase (key packs, device linking).
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
#include <gpgme.h>

#include "signet-gpg-agent.h"
#include "signet-personal-key.h"

/* The passphrase of a key is only ever changed in a scratch GnuPG home: the
 * key is copied there, re-protected, and copied out again.  So the private
 * home never holds a key under a passphrase the keyring does not know, and a
 * failure (a wrong password above all) leaves it exactly as it was. */

typedef struct
{
  char *path;
} ScratchHome;

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

static void
scratch_home_free (ScratchHome *scratch)
{
  if (scratch->path != NULL)
    {
      signet_gpg_agent_stop (scratch->path, NULL);
      remove_tree (scratch->path);
    }
  g_free (scratch->path);
  g_free (scratch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScratchHome, scratch_home_free)

static ScratchHome *
scratch_home_new (GError **error)
{
  g_autoptr(ScratchHome) scratch = g_new0 (ScratchHome, 1);

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

static GBytes *
export_key (const char *home,
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

/* Imports @bytes into @home; returns the fingerprints gpg reported. */
static GPtrArray *
import_keys (const char *home,
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

/* gpg --passwd asks for the current passphrase, then the new one; the
 * scratch agent's cache and nonces answer for the subkeys. */
typedef struct
{
  const char *old_passphrase;
  const char *new_passphrase;
  guint calls;
} PasswdAnswers;

static gpgme_error_t
passwd_cb (void       *hook,
           const char *uid_hint,
           const char *passphrase_info,
           int         prev_was_bad,
           int         fd)
{
  PasswdAnswers *answers = hook;
  const char *answer;

  /* A third prompt means the current passphrase was wrong (loopback never
   * sets @prev_was_bad): stop rather than let the agent ask again. */
  if (prev_was_bad || answers->calls >= 2)
    return gpgme_error (GPG_ERR_BAD_PASSPHRASE);

  answer = answers->calls++ == 0 ? answers->old_passphrase : answers->new_passphrase;
  if (gpgme_io_writen (fd, answer, strlen (answer)) != 0 || gpgme_io_writen (fd, "\n", 1) != 0)
    return gpgme_error_from_syserror ();

  return 0;
}

static gboolean
change_passphrase (const char *home,
                   const char *fingerprint,
                   const char *old_passphrase,
                   const char *new_passphrase,
                   GError    **error)
{
  PasswdAnswers answers = { old_passphrase, new_passphrase, 0 };
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  gpgme_error_t err;

  if ((ctx = signet_gpg_context_new (home, NULL, error)) == NULL)
    return FALSE;

  gpgme_set_passphrase_cb (ctx, passwd_cb, &answers);
  if ((err = gpgme_get_key (ctx, fingerprint, &key, 1)) != 0 ||
      (err = gpgme_op_passwd (ctx, key, 0)) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_BAD_PASSPHRASE,
                            _("Could not unlock the personal key"), err);
      return FALSE;
    }

  return TRUE;
}

/* Export ------------------------------------------------------------------- */

static GBytes *
export_secret (SignetPersonalKey *self,
               const char        *password,
               gboolean           armor,
               GError           **error)
{
  g_autoptr(ScratchHome) scratch = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  const char *fingerprint;
  const char *passphrase;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  g_return_val_if_fail (password != NULL && *password != '\0', NULL);

  fingerprint = signet_personal_key_get_fingerprint (self);
  passphrase = signet_personal_key_get_passphrase (self);
  if ((scratch = scratch_home_new (error)) == NULL ||
      (secret = export_key (signet_personal_key_get_home (self), fingerprint, passphrase,
                            TRUE, FALSE, error)) == NULL ||
      (imported = import_keys (scratch->path, secret, passphrase, error)) == NULL ||
      !change_passphrase (scratch->path, fingerprint, passphrase, password, error))
    return NULL;

  return export_key (scratch->path, fingerprint, password, TRUE, armor, error);
}

GBytes *
signet_personal_key_export_secret (SignetPersonalKey *self,
                                   const char        *password,
                                   GError           **error)
{
  return export_secret (self, password, TRUE, error);
}

GBytes *
signet_personal_key_export_secret_binary (SignetPersonalKey *self,
                                          const char        *password,
                                          GError           **error)
{
  return export_secret (self, password, FALSE, error);
}

GBytes *
signet_personal_key_export_public_armored (SignetPersonalKey *self,
                                           GError           **error)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  return export_key (signet_personal_key_get_home (self), signet_personal_key_get_fingerprint (self),
                     NULL, FALSE, TRUE, error);
}

/* Import ------------------------------------------------------------------- */

/* The one key with a secret part among what was imported. */
static char *
find_secret_key (const char *home,
                 GPtrArray  *fingerprints,
                 GError    **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_autofree char *found = NULL;

  if ((ctx = signet_gpg_context_new (home, NULL, error)) == NULL)
    return NULL;

  for (guint i = 0; i < fingerprints->len; i++)
    {
      g_auto(gpgme_key_t) key = NULL;
      const char *fingerprint = g_ptr_array_index (fingerprints, i);

      if (gpgme_get_key (ctx, fingerprint, &key, 1) != 0 || key == NULL ||
          key->subkeys == NULL || g_ascii_strcasecmp (key->subkeys->fpr, fingerprint) != 0)
        continue;

      if (found != NULL && !g_str_equal (found, fingerprint))
        {
          g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_WRONG_KEY,
                               _("The data holds more than one secret key"));
          return NULL;
        }
      g_free (found);
      found = g_strdup (fingerprint);
    }

  if (found == NULL)
    g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                         _("The data holds no secret key"));
  return g_steal_pointer (&found);
}

static gboolean
home_has_key (const char *home,
              const char *fingerprint)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;

  if (!g_file_test (home, G_FILE_TEST_IS_DIR) || (ctx = signet_gpg_context_new (home, NULL, NULL)) == NULL)
    return FALSE;

  return gpgme_get_key (ctx, fingerprint, &key, 0) == 0 && key != NULL;
}

/* Copies the key @fingerprint, re-protected by @passphrase in @scratch, with
 * its public keyring into @home. */
static gboolean
copy_into_home (const char *scratch,
                const char *home,
                const char *fingerprint,
                const char *passphrase,
                GError    **error)
{
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GBytes) public = NULL;
  g_autoptr(GPtrArray) secret_imported = NULL;
  g_autoptr(GPtrArray) public_imported = NULL;

  if (home_has_key (home, fingerprint))
    {
      /* Replacing it would leave its stored passphrase useless. */
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXISTS,
                           _("This key is already on this computer"));
      return FALSE;
    }

  return (secret = export_key (scratch, fingerprint, passphrase, TRUE, FALSE, error)) != NULL &&
         (public = export_key (scratch, fingerprint, NULL, FALSE, FALSE, error)) != NULL &&
         signet_gpg_ensure_home (home, error) &&
         (secret_imported = import_keys (home, secret, passphrase, error)) != NULL &&
         (public_imported = import_keys (home, public, NULL, error)) != NULL;
}

SignetPersonalKey *
signet_personal_key_import_secret (const char *home,
                                   GBytes     *secret_key,
                                   GBytes     *public_keyring,
                                   const char *password,
                                   GError    **error)
{
  g_autoptr(ScratchHome) scratch = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree char *fingerprint = NULL;
  char *passphrase = NULL;
  SignetPersonalKey *key = NULL;

  g_return_val_if_fail (home != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if ((scratch = scratch_home_new (error)) == NULL ||
      (imported = import_keys (scratch->path, secret_key, password, error)) == NULL ||
      (public_keyring != NULL &&
       (merged = import_keys (scratch->path, public_keyring, NULL, error)) == NULL) ||
      (fingerprint = find_secret_key (scratch->path, imported, error)) == NULL ||
      (passphrase = signet_gpg_generate_passphrase (error)) == NULL)
    return NULL;

  if (change_passphrase (scratch->path, fingerprint, password, passphrase, error) &&
      copy_into_home (scratch->path, home, fingerprint, passphrase, error))
    key = signet_personal_key_load (home, fingerprint, passphrase, error);

  signet_gpg_secret_free (passphrase, strlen (passphrase));
  return key;
}
