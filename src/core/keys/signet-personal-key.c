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
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "signet-personal-key.h"

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
};

G_DEFINE_FINAL_TYPE (SignetPersonalKey, signet_personal_key, G_TYPE_OBJECT)

G_DEFINE_QUARK (signet-personal-key-error-quark, signet_personal_key_error)

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_ctx_t, gpgme_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_data_t, gpgme_data_release, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gpgme_key_t, gpgme_key_unref, NULL)

/* Secrets ------------------------------------------------------------------ */

static void
secret_free (gpointer data,
             gsize    size)
{
  if (data == NULL)
    return;
  explicit_bzero (data, size);
  g_free (data);
}

static void
secret_string_free (char *secret)
{
  if (secret != NULL)
    secret_free (secret, strlen (secret));
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

/* A gpgme data sink that wipes everything it ever held, for secret keys:
 * gpgme's own memory buffers are freed without being cleared. */
typedef struct
{
  guint8 *data;
  gsize len;
  gsize allocated;
} SecretSink;

static ssize_t
secret_sink_write (void       *handle,
                   const void *buffer,
                   size_t      size)
{
  SecretSink *sink = handle;

  if (size > G_MAXSSIZE - sink->len)
    {
      errno = ENOMEM;
      return -1;
    }

  if (sink->len + size > sink->allocated)
    {
      gsize allocated = MAX (MAX (sink->allocated * 2, sink->len + size), 4096);
      guint8 *data = g_malloc (allocated);

      if (sink->len > 0)
        memcpy (data, sink->data, sink->len);
      secret_free (sink->data, sink->allocated);
      sink->data = data;
      sink->allocated = allocated;
    }

  memcpy (sink->data + sink->len, buffer, size);
  sink->len += size;
  return size;
}

static void
secret_sink_clear (SecretSink *sink)
{
  secret_free (sink->data, sink->allocated);
  memset (sink, 0, sizeof *sink);
}

static void
wipe_bytes_free (gpointer data)
{
  GByteArray *array = data;

  explicit_bzero (array->data, array->len);
  g_byte_array_unref (array);
}

/* GBytes that clear their memory when the last reference goes. */
static GBytes *
secret_bytes_new (const void *data,
                  gsize       len)
{
  GByteArray *array = g_byte_array_sized_new (len);

  g_byte_array_append (array, data, len);
  return g_bytes_new_with_free_func (array->data, array->len, wipe_bytes_free, array);
}

/* GnuPG plumbing ----------------------------------------------------------- */

static gpointer
init_gpgme (gpointer data)
{
  gpgme_check_version (NULL);
  return GUINT_TO_POINTER (gpgme_engine_check_version (GPGME_PROTOCOL_OpenPGP) == 0);
}

/* gpgme_check_version() must run once before anything else, and not
 * concurrently with itself. */
static gboolean
ensure_engine (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (GPOINTER_TO_UINT (g_once (&once, init_gpgme, NULL)))
    return TRUE;

  g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                       SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                       _("GnuPG is not installed or too old"));
  return FALSE;
}

static void
set_gpgme_error (GError               **error,
                 SignetPersonalKeyError code,
                 const char            *what,
                 gpgme_error_t          err)
{
  char detail[256];

  switch (gpgme_err_code (err))
    {
    case GPG_ERR_BAD_PASSPHRASE:
    case GPG_ERR_NO_PASSPHRASE:
    case GPG_ERR_CANCELED:
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                           SIGNET_PERSONAL_KEY_ERROR_BAD_PASSPHRASE,
                           _("The passphrase does not unlock the personal key"));
      return;

    default:
      break;
    }

  gpgme_strerror_r (err, detail, sizeof detail);
  g_set_error (error, SIGNET_PERSONAL_KEY_ERROR, code, "%s: %s", what, detail);
}

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

  if (!ensure_engine (error))
    return NULL;

  if ((err = gpgme_new (&ctx)) != 0 ||
      (err = gpgme_set_protocol (ctx, GPGME_PROTOCOL_OpenPGP)) != 0 ||
      (err = gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_OpenPGP, NULL, home)) != 0 ||
      (err = gpgme_set_pinentry_mode (ctx, GPGME_PINENTRY_MODE_LOOPBACK)) != 0)
    {
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
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
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                       _("Could not read the personal key"), err);
      return NULL;
    }

  return key;
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
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_GENERATION_FAILED,
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
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_FAILED,
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
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_GENERATION_FAILED,
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

  key = generate_key (data->home, data->user_id, cancellable, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
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
  g_task_run_in_thread (task, generate_thread);
}

SignetPersonalKey *
signet_personal_key_generate_finish (GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_personal_key_generate_async, NULL);

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

  key = signet_personal_key_load (data->home, data->fingerprint, data->passphrase, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_object_unref);
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
  g_task_run_in_thread (task, load_thread);
}

SignetPersonalKey *
signet_personal_key_load_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        signet_personal_key_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Using the key ------------------------------------------------------------ */

gboolean
signet_personal_key_check_passphrase (SignetPersonalKey *self,
                                      GError           **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  g_auto(gpgme_data_t) plain = NULL;
  g_auto(gpgme_data_t) signature = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), FALSE);

  if ((ctx = context_new (self->home, self->passphrase, error)) == NULL ||
      (key = find_key (ctx, self->fingerprint, TRUE, error)) == NULL)
    return FALSE;

  /* Signing needs the secret key, hence the passphrase; gpg picks the
   * signing subkey, which shares the primary key's passphrase. */
  if ((err = gpgme_signers_add (ctx, key)) != 0 ||
      (err = gpgme_data_new_from_mem (&plain, "signet", 6, 0)) != 0 ||
      (err = gpgme_data_new (&signature)) != 0 ||
      (err = gpgme_op_sign (ctx, plain, signature, GPGME_SIG_MODE_DETACH)) != 0)
    {
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_FAILED,
                       _("Could not use the personal key"), err);
      return FALSE;
    }

  return TRUE;
}

GBytes *
signet_personal_key_export_public (SignetPersonalKey *self,
                                   GError           **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_data_t) data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  if ((ctx = context_new (self->home, NULL, error)) == NULL)
    return NULL;

  gpgme_set_armor (ctx, 0);
  if ((err = gpgme_data_new (&data)) != 0 ||
      (err = gpgme_op_export (ctx, self->fingerprint, 0, data)) != 0)
    {
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
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

/* gpgme 1.18 cannot hand a passphrase to gpgsm (it never sets gpgsm's
 * pinentry mode and has no passphrase callback for CMS), so the secret key
 * is fetched from gpg-agent itself, the way gpgsm does it: EXPORT_KEY over
 * the agent's Assuan socket, the passphrase answering the agent's loopback
 * PASSPHRASE inquiry, the result wrapped with a per-session AES key. */

static char *
run_gpgconf (const char *home,
             const char *command,
             const char *argument,
             GError    **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  const char *gpgconf = gpgme_get_dirinfo ("gpgconf-name");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              error,
                              gpgconf != NULL ? gpgconf : "gpgconf",
                              "--homedir", home, command, argument, NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error) ||
      !g_subprocess_wait_check (process, NULL, error))
    return NULL;

  return g_steal_pointer (&output);
}

static char *
agent_socket_path (const char *home,
                   GError    **error)
{
  g_autofree char *output = NULL;
  g_autofree char *launched = NULL;
  g_autofree char *path = NULL;

  /* Other commands start the agent on demand; a bare socket does not. */
  if ((output = run_gpgconf (home, "--list-dirs", "agent-socket", error)) == NULL ||
      (launched = run_gpgconf (home, "--launch", "gpg-agent", error)) == NULL)
    return NULL;

  /* gpgconf percent-escapes its output. */
  path = g_uri_unescape_string (g_strstrip (output), NULL);
  if (path == NULL || *path == '\0')
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR,
                           SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                           _("Could not start the GnuPG agent"));
      return NULL;
    }

  return g_steal_pointer (&path);
}

typedef struct
{
  const char *passphrase;
  guint asked;
} Inquiry;

static gpgme_error_t
agent_data_cb (void       *opaque,
               const void *data,
               size_t      len)
{
  return secret_sink_write (opaque, data, len) < 0 ? gpgme_error_from_syserror () : 0;
}

/* The agent asks again after a wrong passphrase: refuse the second time. */
static gpgme_error_t
agent_inquire_cb (void         *opaque,
                  const char   *name,
                  const char   *args,
                  gpgme_data_t *r_data)
{
  Inquiry *inquiry = opaque;

  if (g_strcmp0 (name, "PASSPHRASE") != 0)
    return 0;
  if (inquiry->passphrase == NULL || inquiry->asked++ > 0)
    return gpgme_error (GPG_ERR_BAD_PASSPHRASE);

  /* copy=0: gpgme reads our buffer, so no second copy of the secret. */
  return gpgme_data_new_from_mem (r_data, inquiry->passphrase, strlen (inquiry->passphrase), 0);
}

static gboolean
agent_transact (gpgme_ctx_t ctx,
                const char *command,
                SecretSink *sink,
                Inquiry    *inquiry,
                GError    **error)
{
  gpgme_error_t op_err = 0;
  gpgme_error_t err;

  err = gpgme_op_assuan_transact_ext (ctx, command,
                                      sink != NULL ? agent_data_cb : NULL, sink,
                                      inquiry != NULL ? agent_inquire_cb : NULL, inquiry,
                                      NULL, NULL, &op_err);
  if (err == 0)
    err = op_err;
  if (err != 0)
    {
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                       _("Could not export the personal key for TLS"), err);
      return FALSE;
    }

  return TRUE;
}

/* RFC 3394 AES key unwrap with the session key from KEYWRAP_KEY. */
static gboolean
unwrap_key (const SecretSink *kek,
            const SecretSink *wrapped,
            SecretSink       *plain)
{
  const char *cipher_name;
  EVP_CIPHER *cipher = NULL;
  EVP_CIPHER_CTX *cipher_ctx = NULL;
  int len = 0;
  int final_len = 0;
  gboolean ok = FALSE;

  switch (kek->len)
    {
    case 16: cipher_name = "AES-128-WRAP"; break;
    case 24: cipher_name = "AES-192-WRAP"; break;
    case 32: cipher_name = "AES-256-WRAP"; break;
    default: return FALSE;
    }

  if (wrapped->len < 16 || wrapped->len > G_MAXINT)
    return FALSE;

  plain->allocated = wrapped->len;
  plain->data = g_malloc0 (plain->allocated);

  if ((cipher = EVP_CIPHER_fetch (NULL, cipher_name, NULL)) != NULL &&
      (cipher_ctx = EVP_CIPHER_CTX_new ()) != NULL &&
      EVP_DecryptInit_ex2 (cipher_ctx, cipher, kek->data, NULL, NULL) == 1 &&
      EVP_DecryptUpdate (cipher_ctx, plain->data, &len, wrapped->data, wrapped->len) == 1 &&
      EVP_DecryptFinal_ex (cipher_ctx, plain->data + len, &final_len) == 1)
    {
      plain->len = len + final_len;
      ok = TRUE;
    }

  EVP_CIPHER_CTX_free (cipher_ctx);
  EVP_CIPHER_free (cipher);
  return ok;
}

/* Canonical S-expressions: "(" then tokens "<length>:<bytes>" then ")". */
static gboolean
sexp_token (const guint8  *buf,
            gsize          size,
            gsize         *pos,
            const guint8 **token,
            gsize         *token_len)
{
  gsize len = 0;

  while (*pos < size && g_ascii_isdigit (buf[*pos]))
    {
      len = len * 10 + (buf[*pos] - '0');
      (*pos)++;
      if (len > size)
        return FALSE;
    }

  if (*pos >= size || buf[*pos] != ':' || len == 0 || len > size - *pos - 1)
    return FALSE;

  *token = buf + *pos + 1;
  *token_len = len;
  *pos += len + 1;
  return TRUE;
}

static gboolean
sexp_expect (const guint8 *buf,
             gsize         size,
             gsize        *pos,
             char          c)
{
  if (*pos >= size || buf[*pos] != c)
    return FALSE;
  (*pos)++;
  return TRUE;
}

static gboolean
sexp_expect_token (const guint8 *buf,
                   gsize         size,
                   gsize        *pos,
                   const char   *expected)
{
  const guint8 *token;
  gsize token_len;

  return sexp_token (buf, size, pos, &token, &token_len) &&
         token_len == strlen (expected) && memcmp (token, expected, token_len) == 0;
}

typedef struct
{
  BIGNUM *n, *e, *d, *p, *q;
} RsaNumbers;

static void
rsa_numbers_clear (RsaNumbers *numbers)
{
  BN_free (numbers->n);
  BN_free (numbers->e);
  BN_clear_free (numbers->d);
  BN_clear_free (numbers->p);
  BN_clear_free (numbers->q);
  memset (numbers, 0, sizeof *numbers);
}

/* (11:private-key(3:rsa(1:n…)(1:e…)(1:d…)(1:p…)(1:q…)(1:u…))…) */
static gboolean
parse_rsa_sexp (const guint8 *buf,
                gsize         size,
                RsaNumbers   *numbers)
{
  gsize pos = 0;

  if (!sexp_expect (buf, size, &pos, '(') ||
      !sexp_expect_token (buf, size, &pos, "private-key") ||
      !sexp_expect (buf, size, &pos, '(') ||
      !sexp_expect_token (buf, size, &pos, "rsa"))
    return FALSE;

  while (sexp_expect (buf, size, &pos, '('))
    {
      const guint8 *name, *value;
      gsize name_len, value_len;
      BIGNUM **slot = NULL;

      if (!sexp_token (buf, size, &pos, &name, &name_len) ||
          !sexp_token (buf, size, &pos, &value, &value_len) ||
          !sexp_expect (buf, size, &pos, ')'))
        return FALSE;

      if (name_len == 1)
        switch (name[0])
          {
          case 'n': slot = &numbers->n; break;
          case 'e': slot = &numbers->e; break;
          case 'd': slot = &numbers->d; break;
          case 'p': slot = &numbers->p; break;
          case 'q': slot = &numbers->q; break;
          default: break;
          }

      if (slot != NULL && *slot == NULL)
        {
          *slot = name[0] == 'n' || name[0] == 'e' ? BN_new () : BN_secure_new ();
          if (*slot == NULL || BN_bin2bn (value, value_len, *slot) == NULL)
            return FALSE;
        }
    }

  return numbers->n && numbers->e && numbers->d && numbers->p && numbers->q;
}

/* libgcrypt keeps u = p⁻¹ mod q; OpenSSL wants the CRT values the other way
 * round, so all three are computed here. */
static EVP_PKEY *
rsa_key_from_numbers (const RsaNumbers *numbers)
{
  BN_CTX *bn_ctx = BN_CTX_secure_new ();
  BIGNUM *p1 = BN_secure_new ();
  BIGNUM *q1 = BN_secure_new ();
  BIGNUM *dp = BN_secure_new ();
  BIGNUM *dq = BN_secure_new ();
  BIGNUM *qinv = BN_secure_new ();
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new ();
  OSSL_PARAM *params = NULL;
  EVP_PKEY_CTX *pkey_ctx = NULL;
  EVP_PKEY *pkey = NULL;

  if (bn_ctx && p1 && q1 && dp && dq && qinv && bld &&
      BN_sub (p1, numbers->p, BN_value_one ()) &&
      BN_sub (q1, numbers->q, BN_value_one ()) &&
      BN_mod (dp, numbers->d, p1, bn_ctx) &&
      BN_mod (dq, numbers->d, q1, bn_ctx) &&
      BN_mod_inverse (qinv, numbers->q, numbers->p, bn_ctx) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_N, numbers->n) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_E, numbers->e) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_D, numbers->d) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_FACTOR1, numbers->p) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_FACTOR2, numbers->q) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) &&
      OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv) &&
      (params = OSSL_PARAM_BLD_to_param (bld)) != NULL &&
      (pkey_ctx = EVP_PKEY_CTX_new_from_name (NULL, "RSA", NULL)) != NULL &&
      EVP_PKEY_fromdata_init (pkey_ctx) == 1)
    {
      if (EVP_PKEY_fromdata (pkey_ctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1)
        pkey = NULL;
    }

  EVP_PKEY_CTX_free (pkey_ctx);
  OSSL_PARAM_free (params); /* clears the part that held secret numbers */
  OSSL_PARAM_BLD_free (bld);
  BN_clear_free (qinv);
  BN_clear_free (dq);
  BN_clear_free (dp);
  BN_clear_free (q1);
  BN_clear_free (p1);
  BN_CTX_free (bn_ctx);
  return pkey;
}

static GBytes *
private_key_to_pem (EVP_PKEY *pkey)
{
  BIO *bio = BIO_new (BIO_s_secmem ());
  char *pem = NULL;
  long pem_len = 0;
  GBytes *bytes = NULL;

  /* PKCS#8 "PRIVATE KEY", unencrypted: what libstrophe's OpenSSL reads. */
  if (bio != NULL &&
      PEM_write_bio_PrivateKey (bio, pkey, NULL, NULL, 0, NULL, NULL) == 1 &&
      (pem_len = BIO_get_mem_data (bio, &pem)) > 0)
    bytes = secret_bytes_new (pem, pem_len);

  BIO_free (bio);
  return bytes;
}

static GBytes *
convert_agent_key (const SecretSink *kek,
                   const SecretSink *wrapped,
                   GError          **error)
{
  SecretSink plain = { NULL, 0, 0 };
  RsaNumbers numbers = { NULL, };
  EVP_PKEY *pkey = NULL;
  GBytes *pem = NULL;

  if (unwrap_key (kek, wrapped, &plain) &&
      parse_rsa_sexp (plain.data, plain.len, &numbers) &&
      (pkey = rsa_key_from_numbers (&numbers)) != NULL)
    pem = private_key_to_pem (pkey);

  EVP_PKEY_free (pkey);
  rsa_numbers_clear (&numbers);
  secret_sink_clear (&plain);

  if (pem == NULL)
    g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                         _("GnuPG exported the personal key in an unknown form"));
  return pem;
}

static GBytes *
export_tls_key_from_agent (SignetPersonalKey *self,
                           GError           **error)
{
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *command = NULL;
  SecretSink kek = { NULL, 0, 0 };
  SecretSink wrapped = { NULL, 0, 0 };
  Inquiry inquiry = { self->passphrase, 0 };
  GBytes *pem = NULL;
  gpgme_error_t err;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  if (self->keygrip == NULL)
    {
      g_set_error_literal (error, SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_EXPORT_FAILED,
                           _("GnuPG is too old to export the personal key for TLS"));
      return NULL;
    }

  if (!ensure_engine (error) ||
      (socket_path = agent_socket_path (self->home, error)) == NULL)
    return NULL;

  if ((err = gpgme_new (&ctx)) != 0 ||
      (err = gpgme_set_protocol (ctx, GPGME_PROTOCOL_ASSUAN)) != 0 ||
      (err = gpgme_ctx_set_engine_info (ctx, GPGME_PROTOCOL_ASSUAN, socket_path, NULL)) != 0)
    {
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_ENGINE_UNAVAILABLE,
                       _("Could not start the GnuPG agent"), err);
      return NULL;
    }

  /* All on one connection: the wrapping key belongs to the session. */
  command = g_strconcat ("EXPORT_KEY ", self->keygrip, NULL);
  if (agent_transact (ctx, "OPTION pinentry-mode=loopback", NULL, NULL, error) &&
      agent_transact (ctx, "KEYWRAP_KEY --export", &kek, NULL, error) &&
      agent_transact (ctx, command, &wrapped, &inquiry, error))
    pem = convert_agent_key (&kek, &wrapped, error);

  secret_sink_clear (&wrapped);
  secret_sink_clear (&kek);
  return pem;
}

GBytes *
signet_personal_key_export_tls_key (SignetPersonalKey *self,
                                    GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), NULL);

  locker = g_mutex_locker_new (&self->tls_key_lock);
  if (self->tls_key == NULL)
    self->tls_key = export_tls_key_from_agent (self, error);

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
  set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
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
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
                       _("The server sent an unreadable key"), err);
      return NULL;
    }

  if ((fingerprints = list_fingerprints (ctx, data, error)) == NULL)
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
      set_gpgme_error (error, SIGNET_PERSONAL_KEY_ERROR_IMPORT_FAILED,
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
  g_auto(gpgme_ctx_t) ctx = NULL;
  g_auto(gpgme_key_t) key = NULL;
  g_autofree char *server_fingerprint = NULL;
  g_autofree char *imported = NULL;
  const char *server_key_id = NULL;
  gpgme_key_sig_t sig;

  g_return_val_if_fail (SIGNET_IS_PERSONAL_KEY (self), FALSE);
  g_return_val_if_fail (keyring != NULL, FALSE);

  if ((ctx = context_new (self->home, NULL, error)) == NULL)
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
  if ((key = find_key (ctx, self->fingerprint, FALSE, error)) == NULL)
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

  if (signet_personal_key_import_signed (source_object, data->keyring, data->server_key,
                                         &certifier, &error))
    g_task_return_pointer (task, certifier, g_free);
  else
    g_task_return_error (task, error);
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
signet_personal_key_stop_agent (const char *home,
                                GError    **error)
{
  g_autoptr(GSubprocess) process = NULL;
  const char *gpgconf;

  g_return_val_if_fail (home != NULL, FALSE);

  if (!ensure_engine (error))
    return FALSE;

  gpgconf = gpgme_get_dirinfo ("gpgconf-name");
  if (gpgconf == NULL)
    gpgconf = "gpgconf";

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              error,
                              gpgconf, "--homedir", home, "--kill", "gpg-agent", NULL);

  return process != NULL && g_subprocess_wait_check (process, NULL, error);
}
