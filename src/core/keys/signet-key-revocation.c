/* signet-key-revocation.c: the old key's revocation for a key rollover
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gpgme.h>

#include "signet-gpg-agent.h"
#include "signet-gpg-home.h"
#include "signet-personal-key.h"

/* gpgme has no call that makes a revocation, and revoking the key in its
 * own home would make it useless before the server has certified the new
 * one.  So the revocation certificate is made (or found) without touching
 * the key, and merged with a copy of the public key in a scratch home. */

#define ARMOR_HEADER "-----BEGIN PGP PUBLIC KEY BLOCK-----"

static char *
revocation_path (SignetPersonalKey *self)
{
  g_autofree char *name = g_strconcat (signet_personal_key_get_fingerprint (self), ".rev", NULL);

  return g_build_filename (signet_personal_key_get_home (self), "openpgp-revocs.d", name, NULL);
}

/* GnuPG writes a revocation certificate for every key it generates, its
 * armor header behind a ':' so that nobody imports it by mistake. */
static GBytes *
read_stored_revocation (SignetPersonalKey *self)
{
  g_autofree char *path = revocation_path (self);
  g_autofree char *text = NULL;
  const char *armor;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (armor = strstr (text, ":" ARMOR_HEADER)) == NULL)
    return NULL;

  armor++;
  return g_bytes_new (armor, strlen (armor));
}

static void
wipe_answers (gpointer data)
{
  explicit_bzero (data, strlen (data));
  g_free (data);
}

static char *
find_gpg (GError **error)
{
  gpgme_engine_info_t info = NULL;

  if (!signet_gpg_ensure_engine (error))
    return NULL;

  if (gpgme_get_engine_info (&info) == 0)
    for (; info != NULL; info = info->next)
      if (info->protocol == GPGME_PROTOCOL_OpenPGP && info->file_name != NULL)
        return g_strdup (info->file_name);

  g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                       _("GnuPG is not installed or too old"));
  return NULL;
}

/* A key that came from elsewhere (a key pack, another device) has no
 * stored certificate: gpg --gen-revoke makes one.  It only prints the
 * certificate; the key in the home stays as it is.  The passphrase goes
 * first on standard input (loopback), then the answers: yes, reason 2
 * ("key is superseded"), no description, yes. */
static GBytes *
generate_revocation (SignetPersonalKey *self,
                     GError           **error)
{
  g_autofree char *gpg = find_gpg (error);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autofree char *answers = NULL;
  gsize size;

  if (gpg == NULL)
    return NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, error,
                              gpg, "--homedir", signet_personal_key_get_home (self), "--no-tty",
                              "--pinentry-mode", "loopback", "--passphrase-fd", "0", "--command-fd", "0",
                              "--armor", "--gen-revoke", signet_personal_key_get_fingerprint (self), NULL);
  if (process == NULL)
    return NULL;

  answers = g_strdup_printf ("%s\ny\n2\n\ny\n", signet_personal_key_get_passphrase (self));
  size = strlen (answers);
  input = g_bytes_new_with_free_func (answers, size, wipe_answers, answers);
  answers = NULL;
  if (!g_subprocess_communicate (process, input, NULL, &output, NULL, error))
    return NULL;

  if (!g_subprocess_get_successful (process) || output == NULL ||
      g_strstr_len (g_bytes_get_data (output, NULL), g_bytes_get_size (output), ARMOR_HEADER) == NULL)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_FAILED,
                           _("Could not make the revocation of the personal key"));
      return NULL;
    }

  return g_steal_pointer (&output);
}

/* Imports the revocation into @home, which holds the public key, and
 * checks that it revokes that key. */
static gboolean
apply_revocation (const char *home,
                  const char *fingerprint,
                  GBytes     *revocation,
                  GError    **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_data_t) data = NULL;
  g_auto(gpgme_key_t) key = NULL;
  gpgme_import_result_t result;
  gpgme_error_t err;

  if ((ctx = signet_gpg_context_new (home, NULL, error)) == NULL)
    return FALSE;

  if ((err = gpgme_data_new_from_mem (&data, g_bytes_get_data (revocation, NULL),
                                      g_bytes_get_size (revocation), 0)) != 0 ||
      (err = gpgme_op_import (ctx, data)) != 0 ||
      (result = gpgme_op_import_result (ctx)) == NULL ||
      (err = gpgme_get_key (ctx, fingerprint, &key, 0)) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_FAILED,
                            _("Could not make the revocation of the personal key"), err);
      return FALSE;
    }

  if (!key->revoked)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_FAILED,
                           _("The revocation certificate does not revoke the personal key"));
      return FALSE;
    }

  return TRUE;
}

GBytes *
signet_personal_key_export_revoked (SignetPersonalKey *self,
                                    GError           **error)
{
  g_autoptr(SignetGpgScratchHome) scratch = NULL;
  g_autoptr(GBytes) public = NULL;
  g_autoptr(GBytes) revocation = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  const char *fingerprint;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  fingerprint = signet_personal_key_get_fingerprint (self);
  revocation = read_stored_revocation (self);
  if (revocation == NULL && (revocation = generate_revocation (self, error)) == NULL)
    return NULL;

  if ((public = signet_gpg_export_key (signet_personal_key_get_home (self), fingerprint, NULL,
                                       FALSE, FALSE, error)) == NULL ||
      (scratch = signet_gpg_scratch_home_new (error)) == NULL ||
      (imported = signet_gpg_import_keys (scratch->path, public, NULL, error)) == NULL ||
      !apply_revocation (scratch->path, fingerprint, revocation, error))
    return NULL;

  return signet_gpg_export_key (scratch->path, fingerprint, NULL, FALSE, FALSE, error);
}

void
signet_personal_key_forget_revocation (SignetPersonalKey *self)
{
  g_autofree char *path = revocation_path (self);

  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (self));

  g_remove (path);
}
