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
#include "signet-gpg-home.h"
#include "signet-personal-key.h"

/* The passphrase of a key is only ever changed in a scratch GnuPG home: the
 * key is copied there, re-protected, and copied out again.  So the private
 * home never holds a key under a passphrase the keyring does not know, and a
 * failure (a wrong password above all) leaves it exactly as it was. */

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
  g_autoptr(SignetGpgScratchHome) scratch = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  const char *fingerprint;
  const char *passphrase;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  g_return_val_if_fail (password != NULL && *password != '\0', NULL);

  fingerprint = signet_personal_key_get_fingerprint (self);
  passphrase = signet_personal_key_get_passphrase (self);
  if ((scratch = signet_gpg_scratch_home_new (error)) == NULL ||
      (secret = signet_gpg_export_key (signet_personal_key_get_home (self), fingerprint, passphrase,
                                       TRUE, FALSE, error)) == NULL ||
      (imported = signet_gpg_import_keys (scratch->path, secret, passphrase, error)) == NULL ||
      !change_passphrase (scratch->path, fingerprint, passphrase, password, error))
    return NULL;

  return signet_gpg_export_key (scratch->path, fingerprint, password, TRUE, armor, error);
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

  return signet_gpg_export_key (signet_personal_key_get_home (self), signet_personal_key_get_fingerprint (self),
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
copy_into_home (const char                *scratch,
                const char                *home,
                const char                *fingerprint,
                const char                *passphrase,
                SignetPersonalKeyInUseFunc in_use,
                GError                   **error)
{
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GBytes) public = NULL;
  g_autoptr(GPtrArray) secret_imported = NULL;
  g_autoptr(GPtrArray) public_imported = NULL;

  /* A copy nobody can unlock was left by an import that died half-way. */
  if (home_has_key (home, fingerprint) && in_use != NULL && !in_use (fingerprint) &&
      !signet_personal_key_delete_fingerprint (home, fingerprint, error))
    return FALSE;

  if (home_has_key (home, fingerprint))
    {
      /* Replacing it would leave its stored passphrase useless. */
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXISTS,
                           _("This key is already on this computer"));
      return FALSE;
    }

  return (secret = signet_gpg_export_key (scratch, fingerprint, passphrase, TRUE, FALSE, error)) != NULL &&
         (public = signet_gpg_export_key (scratch, fingerprint, NULL, FALSE, FALSE, error)) != NULL &&
         signet_gpg_ensure_home (home, error) &&
         (secret_imported = signet_gpg_import_keys (home, secret, passphrase, error)) != NULL &&
         (public_imported = signet_gpg_import_keys (home, public, NULL, error)) != NULL;
}

SignetPersonalKey *
signet_personal_key_import_secret (const char                *home,
                                   GBytes                    *secret_key,
                                   GBytes                    *public_keyring,
                                   const char                *password,
                                   SignetPersonalKeyInUseFunc in_use,
                                   GError                   **error)
{
  g_autoptr(SignetGpgScratchHome) scratch = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree char *fingerprint = NULL;
  char *passphrase = NULL;
  SignetPersonalKey *key = NULL;

  g_return_val_if_fail (home != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if ((scratch = signet_gpg_scratch_home_new (error)) == NULL ||
      (imported = signet_gpg_import_keys (scratch->path, secret_key, password, error)) == NULL ||
      (public_keyring != NULL &&
       (merged = signet_gpg_import_keys (scratch->path, public_keyring, NULL, error)) == NULL) ||
      (fingerprint = find_secret_key (scratch->path, imported, error)) == NULL ||
      (passphrase = signet_gpg_generate_passphrase (error)) == NULL)
    return NULL;

  if (change_passphrase (scratch->path, fingerprint, password, passphrase, error) &&
      copy_into_home (scratch->path, home, fingerprint, passphrase, in_use, error))
    key = signet_personal_key_load (home, fingerprint, passphrase, error);

  signet_gpg_secret_free (passphrase, strlen (passphrase));
  return key;
}
