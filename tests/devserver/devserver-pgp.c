/* devserver-pgp.c: the development server's GnuPG home and OpenPGP key
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devserver-pgp.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gpgme.h>
#include <string.h>

#include "devserver-bridge.h"
#include "devserver-kontalk.h"

/* Kontalk's server runs gpg for the certification (import, `--edit-key
 * <fpr> uid 1 sign`, export) and keeps user keys in a keyring of its own.
 * Here one GnuPG home does both, through gpgme. */

#define SERVER_KEY_ALGORITHM "rsa2048"
#define KEY_ID_LENGTH 16
#define SIG_CLASS_GENERIC 0x10
#define SIG_CLASS_PERSONA 0x11

struct _DevserverPgp
{
  char     *state_dir;
  gboolean temporary;
  char     *home;
  char     *fingerprint;
  char     *key_id;
  GBytes   *public_key;

  /* Serializes every GnuPG operation; also guards cleaned_up. */
  GMutex lock;
  gboolean cleaned_up;
};

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_ctx_t, gpgme_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_data_t, gpgme_data_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_key_t, gpgme_key_unref, NULL)

static gboolean
set_gpgme_error (GError      **error,
                 gpgme_error_t err,
                 const char   *what)
{
  g_set_error (error, DEVSERVER_ERROR, DEVSERVER_ERROR_PGP, "%s: %s", what, gpgme_strerror (err));
  return FALSE;
}

static gboolean
set_key_error (GError    **error,
               const char *reason)
{
  g_set_error_literal (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_KEY, reason);
  return FALSE;
}

static gpgme_ctx_t
new_context (DevserverPgp *self,
             GError      **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  gpgme_error_t err;

  err = gpgme_new (&ctx);
  if (err == 0)
    err = gpgme_set_protocol (ctx, GPGME_PROTOCOL_OpenPGP);
  if (err == 0)
    err = gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_OpenPGP, NULL, self->home);
  /* The server key has no passphrase; loopback keeps any pinentry away. */
  if (err == 0)
    err = gpgme_set_pinentry_mode (ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  if (err != 0)
    {
      set_gpgme_error (error, err, "Could not start GnuPG");
      return NULL;
    }

  gpgme_set_armor (ctx, 0);
  gpgme_set_offline (ctx, 1);
  return g_steal_pointer (&ctx);
}

/* Files and directories ---------------------------------------------------- */

/* Removes a directory tree without following symbolic links. */
static void
remove_tree (const char *path)
{
  GStatBuf info;
  GDir *dir;
  const char *name;

  if (g_lstat (path, &info) != 0)
    return;

  if (!S_ISDIR (info.st_mode))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_clear_pointer (&dir, g_dir_close);

  if (g_rmdir (path) != 0)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

static gboolean
make_private_dir (const char *path,
                  GError    **error)
{
  /* GnuPG warns about, and gpg-agent may refuse, a home others can read. */
  if (g_mkdir_with_parents (path, 0700) != 0 || g_chmod (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not make %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_home (DevserverPgp *self,
           const char   *state_dir,
           GError      **error)
{
  g_autofree char *conf = NULL;

  if (state_dir == NULL)
    {
      self->state_dir = g_dir_make_tmp ("signet-devserver-XXXXXX", error);
      if (self->state_dir == NULL)
        return FALSE;
      self->temporary = TRUE;
    }
  else
    {
      self->state_dir = g_canonicalize_filename (state_dir, NULL);
      if (!make_private_dir (self->state_dir, error))
        return FALSE;
    }

  self->home = g_build_filename (self->state_dir, "gnupg", NULL);
  if (!make_private_dir (self->home, error))
    return FALSE;

  /* As Kontalk runs gpg: a key made on a client whose clock is a little
   * ahead is still imported and certified. */
  conf = g_build_filename (self->home, "gpg.conf", NULL);
  return g_file_set_contents (conf, "ignore-time-conflict\n", -1, error);
}

/* The server key -------------------------------------------------------- */

static char *
find_server_key (gpgme_ctx_t ctx)
{
  g_auto(gpgme_key_t) key = NULL;

  if (gpgme_op_keylist_start (ctx, NULL, 1) != 0)
    return NULL;

  if (gpgme_op_keylist_next (ctx, &key) != 0 || key->subkeys == NULL ||
      key->subkeys->fpr == NULL)
    {
      gpgme_op_keylist_end (ctx);
      return NULL;
    }

  gpgme_op_keylist_end (ctx);
  return g_ascii_strup (key->subkeys->fpr, -1);
}

static char *
create_server_key (gpgme_ctx_t ctx,
                   const char *domain,
                   GError    **error)
{
  g_autofree char *user_id = g_strdup_printf ("signet-devserver <%s>", domain);
  gpgme_genkey_result_t result;
  gpgme_error_t err;

  err = gpgme_op_createkey (ctx, user_id, SERVER_KEY_ALGORITHM, 0, 0, NULL,
                            GPGME_CREATE_CERT | GPGME_CREATE_SIGN |
                            GPGME_CREATE_NOPASSWD | GPGME_CREATE_NOEXPIRE);
  if (err != 0)
    {
      set_gpgme_error (error, err, "Could not make the server's OpenPGP key");
      return NULL;
    }

  result = gpgme_op_genkey_result (ctx);
  if (result == NULL || result->fpr == NULL)
    {
      set_gpgme_error (error, GPG_ERR_GENERAL, "Could not make the server's OpenPGP key");
      return NULL;
    }

  return g_ascii_strup (result->fpr, -1);
}

/* Without the lock: callers hold it, or nothing else runs yet. */
static GBytes *
export_key (gpgme_ctx_t ctx,
            const char *fingerprint,
            GError    **error)
{
  g_auto(gpgme_data_t) data = NULL;
  gpgme_error_t err;
  size_t length = 0;
  char *memory;
  GBytes *bytes;

  err = gpgme_data_new (&data);
  if (err == 0)
    err = gpgme_op_export (ctx, fingerprint, 0, data);
  if (err != 0)
    {
      set_gpgme_error (error, err, "Could not export the key");
      return NULL;
    }

  memory = gpgme_data_release_and_get_mem (g_steal_pointer (&data), &length);
  if (memory == NULL || length == 0)
    {
      gpgme_free (memory);
      set_key_error (error, "The key is not in the server's keyring");
      return NULL;
    }

  bytes = g_bytes_new (memory, length);
  gpgme_free (memory);
  return bytes;
}

static gboolean
setup_server_key (DevserverPgp *self,
                  const char   *domain,
                  GError      **error)
{
  g_auto(gpgme_ctx_t) ctx = new_context (self, error);

  if (ctx == NULL)
    return FALSE;

  /* A state directory given again keeps its key, so clients that pinned
   * the server key stay happy across restarts. */
  self->fingerprint = find_server_key (ctx);
  if (self->fingerprint == NULL)
    self->fingerprint = create_server_key (ctx, domain, error);
  if (self->fingerprint == NULL)
    return FALSE;

  self->key_id = g_strdup (self->fingerprint + strlen (self->fingerprint) - KEY_ID_LENGTH);
  self->public_key = export_key (ctx, self->fingerprint, error);
  return self->public_key != NULL;
}

DevserverPgp *
devserver_pgp_new (const char *state_dir,
                   const char *domain,
                   GError    **error)
{
  g_autoptr(DevserverPgp) self = g_new0 (DevserverPgp, 1);
  gpgme_error_t err;

  g_mutex_init (&self->lock);

  /* Once, before any thread runs: gpgme needs it before anything else. */
  gpgme_check_version (NULL);
  err = gpgme_engine_check_version (GPGME_PROTOCOL_OpenPGP);
  if (err != 0)
    {
      set_gpgme_error (error, err, "GnuPG is not usable");
      return NULL;
    }

  if (!make_home (self, state_dir, error) || !setup_server_key (self, domain, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
devserver_pgp_cleanup (DevserverPgp *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *kill_argv[] = { "gpgconf", "--homedir", self->home, "--kill", "all", NULL };
  const char *sockets_argv[] = { "gpgconf", "--homedir", self->home, "--remove-socketdir", NULL };
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL;

  if (self->cleaned_up || self->home == NULL)
    return;
  self->cleaned_up = TRUE;

  /* gpg started an agent for this home; it must not outlive the server. */
  g_spawn_sync (NULL, (char **) kill_argv, NULL, flags, NULL, NULL, NULL, NULL, NULL, NULL);
  g_spawn_sync (NULL, (char **) sockets_argv, NULL, flags, NULL, NULL, NULL, NULL, NULL, NULL);

  if (self->temporary)
    remove_tree (self->state_dir);
}

void
devserver_pgp_free (DevserverPgp *self)
{
  if (self == NULL)
    return;

  devserver_pgp_cleanup (self);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->public_key, g_bytes_unref);
  g_free (self->state_dir);
  g_free (self->home);
  g_free (self->fingerprint);
  g_free (self->key_id);
  g_free (self);
}

const char *
devserver_pgp_get_fingerprint (DevserverPgp *self)
{
  return self->fingerprint;
}

GBytes *
devserver_pgp_get_public_key (DevserverPgp *self)
{
  return self->public_key;
}

/* User keys ---------------------------------------------------------------- */

static gboolean
check_usable (DevserverPgp *self,
              const char   *fingerprint,
              GError      **error)
{
  if (self->cleaned_up)
    {
      g_set_error_literal (error, DEVSERVER_ERROR, DEVSERVER_ERROR_PGP, "The server is shutting down");
      return FALSE;
    }

  /* Nobody gets to replace or certify the server's own key. */
  if (fingerprint == NULL || g_ascii_strcasecmp (fingerprint, self->fingerprint) == 0)
    return set_key_error (error, "Not a user key");

  return TRUE;
}

static gpgme_key_t
get_key (gpgme_ctx_t ctx,
         const char *fingerprint,
         gboolean    secret,
         GError    **error)
{
  gpgme_key_t key = NULL;
  gpgme_error_t err = gpgme_get_key (ctx, fingerprint, &key, secret);

  if (gpgme_err_code (err) == GPG_ERR_EOF)
    {
      set_key_error (error, "The key is not in the server's keyring");
      return NULL;
    }
  if (err != 0)
    {
      set_gpgme_error (error, err, "Could not read the key");
      return NULL;
    }

  return key;
}

/* The copy a client presents replaces the stored one instead of being
 * merged into it, so every check sees exactly what was presented (a key
 * without the certification fails even when an earlier, certified copy
 * was seen) and a certification always starts from the presented key. */
static gboolean
replace_key (gpgme_ctx_t ctx,
             GBytes     *keyring,
             const char *fingerprint,
             GError    **error)
{
  g_auto(gpgme_data_t) data = NULL;
  g_auto(gpgme_key_t) old = NULL;
  g_auto(gpgme_key_t) imported = NULL;
  gpgme_error_t err;
  gsize length;
  const char *bytes = g_bytes_get_data (keyring, &length);

  gpgme_set_keylist_mode (ctx, GPGME_KEYLIST_MODE_LOCAL);
  if (gpgme_get_key (ctx, fingerprint, &old, 0) == 0)
    {
      err = gpgme_op_delete_ext (ctx, old, GPGME_DELETE_FORCE);
      if (err != 0)
        return set_gpgme_error (error, err, "Could not replace the stored key");
    }

  err = gpgme_data_new_from_mem (&data, bytes, length, 0);
  if (err == 0)
    err = gpgme_op_import (ctx, data);
  if (err != 0)
    return set_gpgme_error (error, err, "Could not import the key");

  /* GnuPG drops what it cannot use (a key without a valid self-signature,
   * say); a key that did not make it is an invalid key. */
  imported = get_key (ctx, fingerprint, FALSE, NULL);
  if (imported == NULL)
    return set_key_error (error, "GnuPG did not accept the key");

  return TRUE;
}

static gboolean
certify_user_id (DevserverPgp *self,
                 gpgme_ctx_t   ctx,
                 const char   *fingerprint,
                 const char   *user_id,
                 GError      **error)
{
  g_auto(gpgme_key_t) key = NULL;
  g_auto(gpgme_key_t) signer = NULL;
  gpgme_error_t err;

  key = get_key (ctx, fingerprint, FALSE, error);
  if (key == NULL)
    return FALSE;

  /* gpg's "sign" refuses these, which Kontalk reports as an invalid key;
   * gpgme's forced signature would not. */
  if (key->revoked || key->expired || key->invalid)
    return set_key_error (error, "The key is revoked, expired or invalid");

  signer = get_key (ctx, self->fingerprint, TRUE, error);
  if (signer == NULL)
    return FALSE;

  gpgme_signers_clear (ctx);
  err = gpgme_signers_add (ctx, signer);
  /* Flags 0: an exportable certification of class 0x10, as gpg's "sign"
   * makes.  FORCE: a key that already carries an older certification by
   * this server (a re-registration) gets a fresh one, not an error. */
  if (err == 0)
    err = gpgme_op_keysign (ctx, key, user_id, 0, GPGME_KEYSIGN_FORCE);
  gpgme_signers_clear (ctx);
  if (err != 0)
    return set_gpgme_error (error, err, "Could not certify the key");

  return TRUE;
}

GBytes *
devserver_pgp_certify (DevserverPgp *self,
                       GBytes       *keyring,
                       const char   *fingerprint,
                       const char   *user_id,
                       GError      **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_auto(gpgme_ctx_t) ctx = NULL;

  if (!check_usable (self, fingerprint, error))
    return NULL;

  ctx = new_context (self, error);
  if (ctx == NULL || !replace_key (ctx, keyring, fingerprint, error))
    return NULL;

  if (user_id != NULL && !certify_user_id (self, ctx, fingerprint, user_id, error))
    return NULL;

  return export_key (ctx, fingerprint, error);
}

static gboolean
has_domain (const char *email,
            const char *domain)
{
  const char *at = email != NULL ? strrchr (email, '@') : NULL;

  return at != NULL && at != email && g_ascii_strcasecmp (at + 1, domain) == 0;
}

static gboolean
is_server_certification (DevserverPgp   *self,
                         gpgme_key_sig_t sig)
{
  return sig->keyid != NULL && g_ascii_strcasecmp (sig->keyid, self->key_id) == 0 &&
         (sig->sig_class == SIG_CLASS_GENERIC || sig->sig_class == SIG_CLASS_PERSONA) &&
         gpgme_err_code (sig->status) == GPG_ERR_NO_ERROR &&
         !sig->revoked && !sig->expired && !sig->invalid;
}

/* Without the lock. */
static char *
validate_key (DevserverPgp *self,
              gpgme_ctx_t   ctx,
              const char   *fingerprint,
              const char   *domain,
              gint64       *created,
              GError      **error)
{
  g_auto(gpgme_key_t) key = NULL;
  g_autofree char *email = NULL;
  gpgme_user_id_t uid;

  /* SIGS lists the certifications with their check status. */
  gpgme_set_keylist_mode (ctx, GPGME_KEYLIST_MODE_LOCAL | GPGME_KEYLIST_MODE_SIGS |
                          GPGME_KEYLIST_MODE_VALIDATE);
  key = get_key (ctx, fingerprint, FALSE, error);
  if (key == NULL)
    return NULL;

  if (key->subkeys == NULL || key->subkeys->timestamp <= 0)
    {
      set_key_error (error, "The key has no usable primary key");
      return NULL;
    }
  if (created != NULL)
    *created = key->subkeys->timestamp;

  /* Kontalk's isExpired also refuses a key made in the future. */
  if (key->revoked || key->expired || key->invalid || key->disabled ||
      key->subkeys->timestamp > g_get_real_time () / G_USEC_PER_SEC)
    {
      set_key_error (error, "The key is revoked, expired or invalid");
      return NULL;
    }

  /* The first user id of the domain is the one that counts. */
  for (uid = key->uids; uid != NULL; uid = uid->next)
    {
      email = devserver_user_id_get_email (uid->uid);
      if (has_domain (email, domain))
        break;
      g_clear_pointer (&email, g_free);
    }

  if (uid == NULL)
    {
      set_key_error (error, "The key has no user id in the server's domain");
      return NULL;
    }

  for (gpgme_key_sig_t sig = uid->signatures; sig != NULL; sig = sig->next)
    {
      if (is_server_certification (self, sig))
        return g_steal_pointer (&email);
    }

  set_key_error (error, "The user id is not certified by the server");
  return NULL;
}

char *
devserver_pgp_validate (DevserverPgp *self,
                        const char   *fingerprint,
                        const char   *domain,
                        gint64       *created,
                        GError      **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_auto(gpgme_ctx_t) ctx = NULL;

  if (!check_usable (self, fingerprint, error))
    return NULL;

  ctx = new_context (self, error);
  if (ctx == NULL)
    return NULL;

  return validate_key (self, ctx, fingerprint, domain, created, error);
}

char *
devserver_pgp_authenticate (DevserverPgp *self,
                            GBytes       *keyring,
                            const char   *fingerprint,
                            const char   *domain,
                            GError      **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_auto(gpgme_ctx_t) ctx = NULL;

  if (!check_usable (self, fingerprint, error))
    return NULL;

  ctx = new_context (self, error);
  if (ctx == NULL || !replace_key (ctx, keyring, fingerprint, error))
    return NULL;

  return validate_key (self, ctx, fingerprint, domain, NULL, error);
}

/* The primary key of the first key gpg reported importing. */
static char *
import_merged (gpgme_ctx_t ctx,
               GBytes     *keyring,
               GError    **error)
{
  g_auto(gpgme_data_t) data = NULL;
  gpgme_import_result_t result;
  gpgme_error_t err;
  gsize length;
  const char *bytes = g_bytes_get_data (keyring, &length);

  err = gpgme_data_new_from_mem (&data, bytes, length, 0);
  if (err == 0)
    err = gpgme_op_import (ctx, data);
  if (err != 0)
    {
      set_gpgme_error (error, err, "Could not import the key");
      return NULL;
    }

  result = gpgme_op_import_result (ctx);
  for (gpgme_import_status_t status = result != NULL ? result->imports : NULL; status != NULL;
       status = status->next)
    if (status->result == 0 && status->fpr != NULL)
      return g_ascii_strup (status->fpr, -1);

  set_key_error (error, "GnuPG did not accept the key");
  return NULL;
}

gboolean
devserver_pgp_check_revoked (DevserverPgp *self,
                             GBytes       *keyring,
                             const char   *fingerprint,
                             GError      **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  g_autofree char *imported = NULL;

  if (!check_usable (self, fingerprint, error))
    return FALSE;

  ctx = new_context (self, error);
  if (ctx == NULL || (imported = import_merged (ctx, keyring, error)) == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (imported, fingerprint) != 0)
    return set_key_error (error, "The revoked key is not the account's key");

  key = get_key (ctx, fingerprint, FALSE, error);
  if (key == NULL)
    return FALSE;
  if (!key->revoked)
    return set_key_error (error, "The key carries no valid revocation");

  return TRUE;
}

GBytes *
devserver_pgp_export (DevserverPgp *self,
                      const char   *fingerprint,
                      GError      **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_auto(gpgme_ctx_t) ctx = NULL;

  if (self->cleaned_up)
    {
      set_key_error (error, "The server is shutting down");
      return NULL;
    }

  ctx = new_context (self, error);
  if (ctx == NULL)
    return NULL;

  return export_key (ctx, fingerprint, error);
}
