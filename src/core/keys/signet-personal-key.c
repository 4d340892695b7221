/* signet-personal-key.c
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
#include <openssl/rand.h>

#include "signet-gpg-agent.h"
#include "signet-openpgp-packet.h"
#include "signet-personal-key.h"
#include "signet-task.h"
#include "signet-tsan-private.h"

/* The passphrase always comes from us through loopback pinentry (so the
 * agent never shows a pinentry asking the person for a passphrase they do
 * not know) and is never cached: a wrong one fails every time, and the
 * unlocked key does not linger in the agent. */
#define AGENT_CONF \
  "# Written by Signet; the passphrase is supplied through loopback pinentry.\n" \
  "allow-loopback-pinentry\n" \
  "default-cache-ttl 0\n" \
  "max-cache-ttl 0\n"

#define PASSPHRASE_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

struct _SignetPersonalKey
{
  GObject parent_instance;

  char   *home;
  char   *fingerprint;
  char   *keygrip;
  char   *user_id;
  char   *jid;
  char   *passphrase;
  gint64 creation_time;

  /* The TLS key is exported once (a round trip to the agent) and reused for
   * both bridge certificates; the bytes are wiped with the object. */
  GMutex tls_key_lock;
  GBytes *tls_key;

  /* One gpgme context for the key's whole life: each new context costs a
   * "gpg --version" (a fork of this whole, threaded process).  gpgme
   * contexts must not be used by two threads at once, hence the lock. */
  GMutex ctx_lock;
  gpgme_ctx_t ctx;
};

G_DEFINE_FINAL_TYPE (SignetPersonalKey, signet_personal_key, G_TYPE_OBJECT)

G_DEFINE_QUARK (signet-personal-key-error-quark, signet_personal_key_error)


/* Secrets ------------------------------------------------------------------ */

static void
secret_string_free (char *secret)
{
  if (secret != NULL)
    signet_gpg_secret_free (secret, strlen (secret));
}

/* Rejection sampling keeps every character equally likely. */
static char *
generate_passphrase (GError **error)
{
  const gsize alphabet_len = sizeof PASSPHRASE_ALPHABET - 1;
  const guint limit = 256 - (256 % alphabet_len);
  char *passphrase = g_malloc0 (SIGNET_PERSONAL_KEY_PASSPHRASE_LENGTH + 1);
  guint8 random[64];
  gsize len = 0;

  while (len < SIGNET_PERSONAL_KEY_PASSPHRASE_LENGTH)
    {
      if (RAND_bytes (random, sizeof random) != 1)
        {
          explicit_bzero (random, sizeof random);
          secret_string_free (passphrase);
          g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                               SIGNET_PERSONAL_KEY_ERROR_GENERATION_FAILED,
                               _("The system could not provide random numbers"));
          return NULL;
        }

      for (gsize i = 0; i < sizeof random && len < SIGNET_PERSONAL_KEY_PASSPHRASE_LENGTH; i++)
        if (random[i] < limit)
          passphrase[len++] = PASSPHRASE_ALPHABET[random[i] % alphabet_len];
    }

  explicit_bzero (random, sizeof random);
  return passphrase;
}

/* GnuPG plumbing ----------------------------------------------------------- */

/* Only ever answers with our passphrase, and gives up instead of letting the
 * agent ask again after a wrong one. */
static gpgme_error_t
passphrase_cb (void       *hook,
               const char *uid_hint,
               const char *passphrase_info,
               int         prev_was_bad,
               int         fd)
{
  const char *passphrase = hook;

  if (passphrase == NULL)
    return gpgme_error (GPG_ERR_NO_PASSPHRASE);
  if (prev_was_bad)
    return gpgme_error (GPG_ERR_BAD_PASSPHRASE);

  if (gpgme_io_writen (fd, passphrase, strlen (passphrase)) != 0 ||
      gpgme_io_writen (fd, "\n", 1) != 0)
    return gpgme_error_from_syserror ();

  return 0;
}

static gboolean
ensure_home (const char *home,
             GError    **error)
{
  g_autofree char *conf_path = g_build_filename (home, "gpg-agent.conf", NULL);
  g_autofree char *conf = NULL;
  int saved_errno;

  if (g_mkdir_with_parents (home, 0700) != 0 || g_chmod (home, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_HOME,
                   _("Could not create the folder for the personal key: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (g_file_get_contents (conf_path, &conf, NULL, NULL) && g_str_equal (conf, AGENT_CONF))
    return TRUE;

  if (!g_file_set_contents_full (conf_path, AGENT_CONF, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, "%s", _("Could not set up the folder for the personal key: "));
      return FALSE;
    }

  return TRUE;
}

/* Each call gets its own context: gpgme contexts must not be shared between
 * threads.  The home goes through the engine info, never $GNUPGHOME, so the
 * rest of the process (and the person's ~/.gnupg) is untouched. */
static gpgme_ctx_t
context_new (const char *home,
             const char *passphrase,
             GError    **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  gpgme_error_t err;

  if (!signet_gpg_ensure_engine (error))
    return NULL;

  if ((err = gpgme_new (&ctx)) != 0 ||
      (err = gpgme_set_protocol (ctx, GPGME_PROTOCOL_OpenPGP)) != 0 ||
      (err = gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_OpenPGP, NULL, home)) != 0 ||
      (err = gpgme_set_pinentry_mode (ctx, GPGME_PINENTRY_MODE_LOOPBACK)) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                            _("Could not start GnuPG"), err);
      return NULL;
    }

  /* Never a key server. */
  gpgme_set_offline (ctx, 1);
  gpgme_set_passphrase_cb (ctx, passphrase_cb, (gpointer) passphrase);

  return g_steal_pointer (&ctx);
}

static GBytes *
data_to_bytes (gpgme_data_t *data)
{
  size_t len = 0;
  char *mem = gpgme_data_release_and_get_mem (g_steal_pointer (data), &len);
  GBytes *bytes = g_bytes_new (mem, len);

  gpgme_free (mem);
  return bytes;
}

/* User ids ----------------------------------------------------------------- */

char *
signet_personal_key_get_default_home (void)
{
  return g_build_filename (g_get_user_data_dir (), "signet", "gnupg", NULL);
}

char *
signet_personal_key_make_jid (const char *e164,
                              const char *domain)
{
  g_autofree char *localpart = NULL;

  g_return_val_if_fail (e164 != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  localpart = g_compute_checksum_for_string (G_CHECKSUM_SHA1, e164, -1);
  return g_strconcat (localpart, "@", domain, NULL);
}

char *
signet_personal_key_make_user_id (const char *name,
                                  const char *e164,
                                  const char *domain)
{
  g_autofree char *jid = NULL;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  jid = signet_personal_key_make_jid (e164, domain);
  if (jid == NULL)
    return NULL;

  /* A '<' or '>' in the name would make servers read the wrong address. */
  clean = g_utf8_make_valid (name, -1);
  for (char *p = clean; *p != '\0'; p++)
    if (*p == '<' || *p == '>' || g_ascii_iscntrl (*p))
      *p = ' ';
  g_strstrip (clean);

  if (*clean == '\0')
    return g_strconcat ("<", jid, ">", NULL);
  return g_strconcat (clean, " <", jid, ">", NULL);
}

static gboolean
is_valid_e164 (const char *e164)
{
  gsize len;

  if (e164 == NULL || e164[0] != '+')
    return FALSE;

  len = strlen (e164 + 1);
  if (len < 2 || len > 15)
    return FALSE;

  for (const char *p = e164 + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
is_valid_fingerprint (const char *fingerprint)
{
  if (fingerprint == NULL || strlen (fingerprint) != 40)
    return FALSE;

  for (const char *p = fingerprint; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

/* Object ------------------------------------------------------------------- */

static void
signet_personal_key_finalize (GObject *object)
{
  SignetPersonalKey *self = (SignetPersonalKey *) object;

  g_clear_pointer (&self->passphrase, secret_string_free);
  g_clear_pointer (&self->home, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->keygrip, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->tls_key, g_bytes_unref);
  g_mutex_clear (&self->tls_key_lock);
  g_clear_pointer (&self->ctx, gpgme_release);
  g_mutex_clear (&self->ctx_lock);

  G_OBJECT_CLASS (signet_personal_key_parent_class)->finalize (object);
}

static void
signet_personal_key_class_init (SignetPersonalKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_personal_key_finalize;
}

static void
signet_personal_key_init (SignetPersonalKey *self)
{
  g_mutex_init (&self->tls_key_lock);
  g_mutex_init (&self->ctx_lock);
}

static SignetPersonalKey *
personal_key_new (const char *home,
                  const char *passphrase)
{
  SignetPersonalKey *self = g_object_new (SIGNET_TYPE_PERSONAL_KEY, NULL);

  self->home = g_strdup (home);
  self->passphrase = g_strdup (passphrase);
  return self;
}

static gboolean
personal_key_fill (SignetPersonalKey *self,
                   gpgme_key_t        key,
                   GError           **error)
{
  gpgme_subkey_t primary = key->subkeys;

  if (primary == NULL || primary->fpr == NULL || key->uids == NULL)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                           _("The personal key is incomplete"));
      return FALSE;
    }

  g_free (self->fingerprint);
  self->fingerprint = g_ascii_strup (primary->fpr, -1);
  g_free (self->keygrip);
  self->keygrip = g_strdup (primary->keygrip);
  self->creation_time = primary->timestamp;
  g_free (self->user_id);
  self->user_id = g_strdup (key->uids->uid);
  g_free (self->jid);
  self->jid = g_strdup (key->uids->email);

  return TRUE;
}

static gpgme_key_t
find_key (gpgme_ctx_t ctx,
          const char *fingerprint,
          gboolean    secret,
          GError    **error)
{
  gpgme_key_t key = NULL;
  gpgme_error_t err = gpgme_get_key (ctx, fingerprint, &key, secret);

  if (gpgme_err_code (err) == GPG_ERR_EOF || (err == 0 && key == NULL))
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                           _("The personal key is not in its keyring"));
      return NULL;
    }
  if (err != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                            _("Could not read the personal key"), err);
      return NULL;
    }

  return key;
}

/* The key's own context, made on first use; hold ctx_lock while using it.
 * Callers set the modes they need (armor, key list mode) every time. */
static gpgme_ctx_t
key_context (SignetPersonalKey *self,
             GError           **error)
{
  if (self->ctx == NULL)
    self->ctx = context_new (self->home, NULL, error);
  if (self->ctx != NULL)
    gpgme_set_passphrase_cb (self->ctx, passphrase_cb, self->passphrase);

  return self->ctx;
}

const char *
signet_personal_key_get_home (SignetPersonalKey *self)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  return self->home;
}

const char *
signet_personal_key_get_fingerprint (SignetPersonalKey *self)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  return self->fingerprint;
}

const char *
signet_personal_key_get_user_id (SignetPersonalKey *self)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  return self->user_id;
}

const char *
signet_personal_key_get_jid (SignetPersonalKey *self)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  return self->jid;
}

gint64
signet_personal_key_get_creation_time (SignetPersonalKey *self)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), 0);
  return self->creation_time;
}

const char *
signet_personal_key_get_passphrase (SignetPersonalKey *self)
{
  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);
  return self->passphrase;
}

/* Generation --------------------------------------------------------------- */

typedef struct
{
  char *home;
  char *user_id;
} GenerateData;

static void
generate_data_free (GenerateData *data)
{
  g_free (data->home);
  g_free (data->user_id);
  g_free (data);
}

static gboolean
add_subkey (gpgme_ctx_t  ctx,
            gpgme_key_t  key,
            const char  *algorithm,
            unsigned int usage,
            GError     **error)
{
  gpgme_error_t err = gpgme_op_createsubkey (ctx, key, algorithm, 0, 0,
                                             usage | GPGME_CREATE_NOEXPIRE);

  if (err != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_GENERATION_FAILED,
                            _("Could not create the personal key"), err);
      return FALSE;
    }

  return TRUE;
}

static gboolean
delete_key (gpgme_ctx_t ctx,
            const char *fingerprint,
            GError    **error)
{
  g_auto(gpgme_key_t) key = find_key (ctx, fingerprint, FALSE, error);
  gpgme_error_t err;

  if (key == NULL)
    return FALSE;

  err = gpgme_op_delete_ext (ctx, key, GPGME_DELETE_ALLOW_SECRET | GPGME_DELETE_FORCE);
  if (err != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_FAILED,
                            _("Could not delete the personal key"), err);
      return FALSE;
    }

  return TRUE;
}

/* The subkey algorithms must be spelled "nistp256/ecdsa" and "nistp256/ecdh":
 * GnuPG 2.2 refuses a plain "nistp256" signing key ("Wrong key usage"). */
static gboolean
create_subkeys (gpgme_ctx_t   ctx,
                const char   *fingerprint,
                GCancellable *cancellable,
                GError      **error)
{
  g_auto(gpgme_key_t) key = find_key (ctx, fingerprint, TRUE, error);

  return key != NULL &&
         !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         add_subkey (ctx, key, "nistp256/ecdsa", GPGME_CREATE_SIGN, error) &&
         !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         add_subkey (ctx, key, "nistp256/ecdh", GPGME_CREATE_ENCR, error);
}

static SignetPersonalKey *
generate_key (const char   *home,
              const char   *user_id,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(SignetPersonalKey) self = NULL;
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  g_autofree char *fingerprint = NULL;
  char *passphrase;
  gpgme_genkey_result_t result;
  gpgme_error_t err;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !ensure_home (home, error))
    return NULL;

  if ((passphrase = generate_passphrase (error)) == NULL)
    return NULL;
  self = personal_key_new (home, NULL);
  self->passphrase = passphrase;

  if ((ctx = context_new (home, self->passphrase, error)) == NULL)
    return NULL;

  /* FORCE: an abandoned registration may have left a key with this user id. */
  err = gpgme_op_createkey (ctx, user_id, "rsa2048", 0, 0, NULL,
                            GPGME_CREATE_CERT | GPGME_CREATE_AUTH |
                            GPGME_CREATE_NOEXPIRE | GPGME_CREATE_FORCE);
  if (err != 0 || (result = gpgme_op_genkey_result (ctx)) == NULL || result->fpr == NULL)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_GENERATION_FAILED,
                            _("Could not create the personal key"),
                            err != 0 ? err : gpgme_error (GPG_ERR_GENERAL));
      return NULL;
    }
  fingerprint = g_strdup (result->fpr);

  /* A half-made key is useless: remove it rather than leave it behind. */
  if (!create_subkeys (ctx, fingerprint, cancellable, error) ||
      (key = find_key (ctx, fingerprint, TRUE, error)) == NULL ||
      !personal_key_fill (self, key, error))
    {
      delete_key (ctx, fingerprint, NULL);
      return NULL;
    }

  self->ctx = g_steal_pointer (&ctx);
  return g_steal_pointer (&self);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GenerateData *data = task_data;
  GError *error = NULL;
  SignetPersonalKey *key;

  signet_tsan_acquire (task);
  key = generate_key (data->home, data->user_id, cancellable, &error);
  signet_task_return_from_thread (task, key, g_object_unref, error);
}

void
signet_personal_key_generate_async (const char         *home,
                                    const char         *name,
                                    const char         *e164,
                                    const char         *domain,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  GenerateData *data;

  g_return_if_fail (home != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_personal_key_generate_async);

  if (!is_valid_e164 (e164) || domain == NULL || *domain == '\0' ||
      strpbrk (domain, "<>@ ") != NULL)
    {
      g_task_return_new_error (task, SIGNET_PERSONAL_KEY_ERROR,
                               SIGNET_PERSONAL_KEY_ERROR_INVALID_USER_ID,
                               _("The phone number or server cannot make a personal key"));
      return;
    }

  data = g_new0 (GenerateData, 1);
  data->home = g_strdup (home);
  data->user_id = signet_personal_key_make_user_id (name, e164, domain);
  g_task_set_task_data (task, data, (GDestroyNotify) generate_data_free);
  signet_tsan_release (task);
  g_task_run_in_thread (task, generate_thread);
}

SignetPersonalKey *
signet_personal_key_generate_finish (GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_personal_key_generate_async, NULL);

  signet_tsan_acquire (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Loading ------------------------------------------------------------------ */

SignetPersonalKey *
signet_personal_key_load (const char *home,
                          const char *fingerprint,
                          const char *passphrase,
                          GError    **error)
{
  g_autoptr(SignetPersonalKey) self = NULL;
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;

  g_return_val_if_fail (home != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!is_valid_fingerprint (fingerprint))
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                           _("The personal key is not in its keyring"));
      return NULL;
    }

  /* Never create a home here: a missing one means the key is gone. */
  if (!g_file_test (home, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                           _("The personal key is not in its keyring"));
      return NULL;
    }

  if (!ensure_home (home, error) ||
      (ctx = context_new (home, NULL, error)) == NULL ||
      (key = find_key (ctx, fingerprint, TRUE, error)) == NULL)
    return NULL;

  self = personal_key_new (home, passphrase);
  if (!personal_key_fill (self, key, error))
    return NULL;

  self->ctx = g_steal_pointer (&ctx);
  return g_steal_pointer (&self);
}

typedef struct
{
  char *home;
  char *fingerprint;
  char *passphrase;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->home);
  g_free (data->fingerprint);
  secret_string_free (data->passphrase);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  SignetPersonalKey *key;

  signet_tsan_acquire (task);
  key = signet_personal_key_load (data->home, data->fingerprint, data->passphrase, &error);
  signet_task_return_from_thread (task, key, g_object_unref, error);
}

void
signet_personal_key_load_async (const char         *home,
                                const char         *fingerprint,
                                const char         *passphrase,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (home != NULL);
  g_return_if_fail (passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_personal_key_load_async);

  data = g_new0 (LoadData, 1);
  data->home = g_strdup (home);
  data->fingerprint = g_strdup (fingerprint);
  data->passphrase = g_strdup (passphrase);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  signet_tsan_release (task);
  g_task_run_in_thread (task, load_thread);
}

SignetPersonalKey *
signet_personal_key_load_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_personal_key_load_async, NULL);

  signet_tsan_acquire (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Using the key ------------------------------------------------------------ */

gboolean
signet_personal_key_check_passphrase (SignetPersonalKey *self,
                                      GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(gpgme_key_t) key = NULL;
  g_auto(gpgme_data_t) plain = NULL;
  g_auto(gpgme_data_t) signature = NULL;
  gpgme_ctx_t ctx;
  gpgme_error_t err;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), FALSE);

  locker = g_mutex_locker_new (&self->ctx_lock);
  if ((ctx = key_context (self, error)) == NULL)
    return FALSE;
  gpgme_set_keylist_mode (ctx, GPGME_KEYLIST_MODE_LOCAL);
  gpgme_signers_clear (ctx);
  if ((key = find_key (ctx, self->fingerprint, TRUE, error)) == NULL)
    return FALSE;

  /* Signing needs the secret key, hence the passphrase; gpg picks the
   * signing subkey, which shares the primary key's passphrase. */
  if ((err = gpgme_signers_add (ctx, key)) != 0 ||
      (err = gpgme_data_new_from_mem (&plain, "signet", 6, 0)) != 0 ||
      (err = gpgme_data_new (&signature)) != 0 ||
      (err = gpgme_op_sign (ctx, plain, signature, GPGME_SIG_MODE_DETACH)) != 0)
    {
      gpgme_signers_clear (ctx);
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_FAILED,
                            _("Could not use the personal key"), err);
      return FALSE;
    }

  gpgme_signers_clear (ctx);
  return TRUE;
}

GBytes *
signet_personal_key_export_public (SignetPersonalKey *self,
                                   GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(gpgme_data_t) data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gpgme_ctx_t ctx;
  gpgme_error_t err;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  locker = g_mutex_locker_new (&self->ctx_lock);
  if ((ctx = key_context (self, error)) == NULL)
    return NULL;

  gpgme_set_armor (ctx, 0);
  if ((err = gpgme_data_new (&data)) != 0 ||
      (err = gpgme_op_export (ctx, self->fingerprint, 0, data)) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                            _("Could not export the personal key"), err);
      return NULL;
    }

  bytes = data_to_bytes (&data);
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                           _("The personal key is not in its keyring"));
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

/* The TLS key -------------------------------------------------------------- */

GBytes *
signet_personal_key_export_tls_key (SignetPersonalKey *self,
                                    GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  locker = g_mutex_locker_new (&self->tls_key_lock);
  if (self->tls_key == NULL)
    self->tls_key = signet_gpg_agent_export_tls_key (self->home, self->keygrip,
                                                     self->passphrase, error);

  return self->tls_key ? g_bytes_ref (self->tls_key) : NULL;
}

/* Importing the certified key ---------------------------------------------- */

/* Lists the fingerprints in @data without importing anything. */
static GPtrArray *
list_fingerprints (gpgme_ctx_t  ctx,
                   gpgme_data_t data,
                   GError     **error)
{
  g_autoptr(GPtrArray) fingerprints = g_ptr_array_new_with_free_func (g_free);
  gpgme_key_t key = NULL;
  gpgme_error_t err;

  if ((err = gpgme_op_keylist_from_data_start (ctx, data, 0)) != 0)
    goto failed;

  while ((err = gpgme_op_keylist_next (ctx, &key)) == 0)
    {
      if (key->subkeys != NULL && key->subkeys->fpr != NULL)
        g_ptr_array_add (fingerprints, g_ascii_strup (key->subkeys->fpr, -1));
      g_clear_pointer (&key, gpgme_key_unref);
    }
  gpgme_op_keylist_end (ctx);

  if (gpgme_err_code (err) != GPG_ERR_EOF)
    goto failed;

  if (fingerprints->len == 0)
    {
      err = gpgme_error (GPG_ERR_NO_PUBKEY);
      goto failed;
    }

  if (gpgme_data_seek (data, 0, SEEK_SET) < 0)
    {
      err = gpgme_error_from_syserror ();
      goto failed;
    }

  return g_steal_pointer (&fingerprints);

failed:
  signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                        _("The server sent an unreadable key"), err);
  return NULL;
}

/* Imports @bytes after checking it holds exactly one key, and returns that
 * key's fingerprint (or checks it equals @expected). */
static char *
import_one_key (gpgme_ctx_t ctx,
                GBytes     *bytes,
                const char *expected,
                GError    **error)
{
  g_auto(gpgme_data_t) data = NULL;
  g_autoptr(GPtrArray) fingerprints = NULL;
  gpgme_import_result_t result;
  gpgme_error_t err;

  if ((err = gpgme_data_new_from_mem (&data, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), 0)) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                            _("The server sent an unreadable key"), err);
      return NULL;
    }

  /* Read in-process when possible: a gpg dry run is one more fork. */
  fingerprints = signet_openpgp_primary_fingerprints (bytes);
  if (fingerprints != NULL && fingerprints->len == 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                            _("The server sent an unreadable key"), gpgme_error (GPG_ERR_NO_PUBKEY));
      return NULL;
    }
  if (fingerprints == NULL && (fingerprints = list_fingerprints (ctx, data, error)) == NULL)
    return NULL;

  if (fingerprints->len != 1 ||
      (expected != NULL && g_ascii_strcasecmp (g_ptr_array_index (fingerprints, 0), expected) != 0))
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_WRONG_KEY,
                           expected != NULL
                           ? _("The server sent back a different key")
                           : _("The server key is not a single OpenPGP key"));
      return NULL;
    }

  if ((err = gpgme_op_import (ctx, data)) != 0 ||
      (result = gpgme_op_import_result (ctx)) == NULL ||
      result->imports == NULL || (err = result->imports->result) != 0)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                            _("Could not import the certified key"),
                            err != 0 ? err : gpgme_error (GPG_ERR_NO_DATA));
      return NULL;
    }

  return g_strdup (g_ptr_array_index (fingerprints, 0));
}

static gpgme_user_id_t
find_user_id (gpgme_key_t key,
              const char *user_id)
{
  for (gpgme_user_id_t uid = key->uids; uid != NULL; uid = uid->next)
    if (g_strcmp0 (uid->uid, user_id) == 0)
      return uid;

  return key->uids;
}

/* A certification by another key: classes 0x10–0x13, not revoked, and not
 * known to be bad.  With @certifier, it must be by that key and verify. */
static gpgme_key_sig_t
find_certification (gpgme_user_id_t uid,
                    const char     *own_key_id,
                    const char     *certifier)
{
  for (gpgme_key_sig_t sig = uid->signatures; sig != NULL; sig = sig->next)
    {
      if (sig->sig_class < 0x10 || sig->sig_class > 0x13 ||
          sig->revoked || sig->expired || sig->invalid || sig->keyid == NULL ||
          g_ascii_strcasecmp (sig->keyid, own_key_id) == 0)
        continue;

      if (certifier == NULL && gpgme_err_code (sig->status) != GPG_ERR_BAD_SIGNATURE)
        return sig;
      if (certifier != NULL && g_ascii_strcasecmp (sig->keyid, certifier) == 0 &&
          sig->status == 0)
        return sig;
    }

  return NULL;
}

gboolean
signet_personal_key_import_signed (SignetPersonalKey *self,
                                   GBytes            *keyring,
                                   GBytes            *server_key,
                                   char             **certifier_key_id,
                                   GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(gpgme_key_t) key = NULL;
  g_autofree char *server_fingerprint = NULL;
  g_autofree char *imported = NULL;
  const char *server_key_id = NULL;
  gpgme_key_sig_t sig;
  gpgme_ctx_t ctx;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), FALSE);
  g_return_val_if_fail (keyring != NULL, FALSE);

  locker = g_mutex_locker_new (&self->ctx_lock);
  if ((ctx = key_context (self, error)) == NULL)
    return FALSE;

  /* The server key first, so that its certification can be verified. */
  if (server_key != NULL)
    {
      if ((server_fingerprint = import_one_key (ctx, server_key, NULL, error)) == NULL)
        return FALSE;
      server_key_id = server_fingerprint + strlen (server_fingerprint) - 16;
    }

  if ((imported = import_one_key (ctx, keyring, self->fingerprint, error)) == NULL)
    return FALSE;

  /* --check-sigs: each signature comes with its verification status. */
  gpgme_set_keylist_mode (ctx, GPGME_KEYLIST_MODE_LOCAL | GPGME_KEYLIST_MODE_SIGS);
  key = find_key (ctx, self->fingerprint, FALSE, error);
  gpgme_set_keylist_mode (ctx, GPGME_KEYLIST_MODE_LOCAL);
  if (key == NULL)
    return FALSE;

  sig = find_certification (find_user_id (key, self->user_id),
                            key->subkeys->keyid, server_key_id);
  if (sig == NULL)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_CERTIFIED,
                           server_key != NULL
                           ? _("The server did not certify the personal key with its own key")
                           : _("The server did not certify the personal key"));
      return FALSE;
    }

  if (certifier_key_id != NULL)
    *certifier_key_id = g_ascii_strup (sig->keyid, -1);
  return TRUE;
}

typedef struct
{
  GBytes *keyring;
  GBytes *server_key;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_pointer (&data->keyring, g_bytes_unref);
  g_clear_pointer (&data->server_key, g_bytes_unref);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  char *certifier = NULL;

  signet_tsan_acquire (task);
  if (signet_personal_key_import_signed (source_object, data->keyring, data->server_key,
                                         &certifier, &error))
    {
      signet_tsan_release (task);
      g_task_return_pointer (task, certifier, g_free);
    }
  else
    {
      signet_tsan_release (task);
      g_task_return_error (task, error);
    }
}

void
signet_personal_key_import_signed_async (SignetPersonalKey  *self,
                                         GBytes             *keyring,
                                         GBytes             *server_key,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (self));
  g_return_if_fail (keyring != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_personal_key_import_signed_async);

  data = g_new0 (ImportData, 1);
  data->keyring = g_bytes_ref (keyring);
  data->server_key = server_key != NULL ? g_bytes_ref (server_key) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  signet_tsan_release (task);
  g_task_run_in_thread (task, import_thread);
}

char *
signet_personal_key_import_signed_finish (SignetPersonalKey *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_personal_key_import_signed_async, NULL);

  signet_tsan_acquire (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Housekeeping ------------------------------------------------------------- */

gboolean
signet_personal_key_delete (SignetPersonalKey *self,
                            GError           **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), FALSE);

  if ((ctx = context_new (self->home, NULL, error)) == NULL)
    return FALSE;

  return delete_key (ctx, self->fingerprint, error);
}

gboolean
signet_personal_key_delete_fingerprint (const char *home,
                                        const char *fingerprint,
                                        GError    **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;

  g_return_val_if_fail (home != NULL && fingerprint != NULL, FALSE);

  if ((ctx = context_new (home, NULL, error)) == NULL)
    return FALSE;

  return delete_key (ctx, fingerprint, error);
}

GStrv
signet_personal_key_list_for_jid (const char *home,
                                  const char *jid,
                                  GError    **error)
{
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_autofree char *pattern = NULL;
  g_auto(gpgme_ctx_t) ctx = NULL;
  gpgme_key_t key = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (home != NULL && jid != NULL, NULL);

  if (!g_file_test (home, G_FILE_TEST_IS_DIR))
    return g_strv_builder_end (found);
  if ((ctx = context_new (home, NULL, error)) == NULL)
    return NULL;

  pattern = g_strdup_printf ("<%s>", jid);
  err = gpgme_op_keylist_start (ctx, pattern, 1);
  while (err == 0 && (err = gpgme_op_keylist_next (ctx, &key)) == 0)
    {
      if (key->subkeys != NULL && key->subkeys->fpr != NULL && key->uids != NULL &&
          g_strcmp0 (key->uids->email, jid) == 0)
        {
          g_autofree char *fingerprint = g_ascii_strup (key->subkeys->fpr, -1);

          g_strv_builder_add (found, fingerprint);
        }
      gpgme_key_unref (key);
    }
  gpgme_op_keylist_end (ctx);
  if (gpgme_err_code (err) != GPG_ERR_EOF)
    {
      signet_gpg_set_error (error, SIGNET_PERSONAL_KEY_ERROR_FAILED, _("Could not read the personal key"), err);
      return NULL;
    }

  return g_strv_builder_end (found);
}

gboolean
signet_personal_key_stop_agent (const char *home,
                                GError    **error)
{
  g_return_val_if_fail (home != NULL, FALSE);

  return signet_gpg_agent_stop (home, error);
}

/* For the other files of the keys area (signet-gpg-agent.h) ---------------- */

gpgme_ctx_t
signet_gpg_context_new (const char *home,
                        const char *passphrase,
                        GError    **error)
{
  return context_new (home, passphrase, error);
}

gboolean
signet_gpg_ensure_home (const char *home,
                        GError    **error)
{
  return ensure_home (home, error);
}

char *
signet_gpg_generate_passphrase (GError **error)
{
  return generate_passphrase (error);
}
