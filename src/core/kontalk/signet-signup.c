/* signet-signup.c: a whole Kontalk phone sign-up.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "signet-bench.h"
#include "signet-signup.h"

struct _SignetSignup
{
  GObject parent_instance;

  SignetConnection          *server;
  SignetRegistration        *registration;
  char                      *display_name;
  char                      *e164;
  char                      *jid;
  SignetChallenge           *challenge;
  SignetPendingRegistration *pending;

  /* The key is made (or loaded) in the background; verify waits for it. */
  GCancellable              *key_cancellable;
  SignetPersonalKey         *key;
  GError                    *key_error;
  gboolean key_started;
  /* An existing key (imported) to have certified again: no generation. */
  gboolean key_supplied;
  GPtrArray                 *key_waiters;

  SignetVerification        *verification;
  gboolean code_accepted;
  SignetAccount             *account;
  GError                    *keyring_error;

  /* Saving what another process needs to continue. */
  gboolean resumable_settled;
  gboolean passphrase_saving;
  GError                    *resume_error;

  /* The key is ready once the code step's preparation is over too. */
  gboolean key_settled;
  gint64 key_started_at;
  gint64 key_finished_at;
  gint64 key_wait_time;
  gint64 verify_time;
};

G_DEFINE_FINAL_TYPE (SignetSignup, signet_signup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY_READY,
  PROP_RESUMABLE,
  PROP_CODE_ACCEPTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * The key
 */

static void
key_settled (SignetSignup *self)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->key_waiters);
  GSourceFunc resume;

  self->key_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->key_finished_at = g_get_monotonic_time ();
  self->key_settled = TRUE;
  signet_bench_mark ("key-ready");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_READY]);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      resume = g_object_get_data (G_OBJECT (task), "resume");
      resume (g_object_ref (task));
    }
}

static void
on_pending_passphrase_saved (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(SignetSignup) self = user_data;

  /* Without the keyring the sign-up still finishes in this process; it just
   * cannot be resumed by another one. */
  if (!signet_pending_registration_save_passphrase_finish (SIGNET_PENDING_REGISTRATION (source), result,
                                                           &self->resume_error))
    g_message ("The pending sign-up cannot be resumed later: %s", self->resume_error->message);

  self->passphrase_saving = FALSE;
  self->resumable_settled = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMABLE]);
}

static void
on_verification_prepared (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(SignetSignup) self = user_data;

  /* A failure is the code step's to report: it tries again by itself. */
  signet_verification_prepare_finish (SIGNET_VERIFICATION (source), result, NULL);
  key_settled (self);
}

static void on_certified_keyring (SignetVerification *verification,
                                  GParamSpec         *pspec,
                                  SignetSignup       *self);

static void
new_verification (SignetSignup *self)
{
  g_clear_object (&self->verification);
  self->verification = signet_verification_new (self->server, self->key);
  g_signal_connect_object (self->verification, "notify::certified-keyring", G_CALLBACK (on_certified_keyring),
                           self, 0);
}

/* The key counts as ready once what the code step needs without the
 * server (the secret-key export, the certificate) is made too, so that
 * none of it lands after the code is typed. */
static void
prepare_verification (SignetSignup *self)
{
  new_verification (self);
  signet_verification_prepare_async (self->verification, self->key_cancellable,
                                     on_verification_prepared, g_object_ref (self));
}

static void
remember_key (SignetSignup *self)
{
  g_autoptr(GError) error = NULL;

  if (self->pending == NULL)
    return;

  signet_pending_registration_set_fingerprint (self->pending, signet_personal_key_get_fingerprint (self->key));
  if (!signet_pending_registration_save (self->pending, &error))
    g_warning ("Could not save the pending sign-up: %s", error->message);

  self->passphrase_saving = TRUE;
  signet_pending_registration_save_passphrase_async (self->pending, signet_personal_key_get_passphrase (self->key),
                                                     self->key_cancellable, on_pending_passphrase_saved,
                                                     g_object_ref (self));
}

static void
on_key_generated (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SignetSignup) self = user_data;
  GError *error = NULL;

  self->key = signet_personal_key_generate_finish (result, &error);
  if (self->key == NULL)
    {
      self->key_error = error;
      /* Nothing to resume without a key. */
      self->resume_error = g_error_copy (error);
      self->resumable_settled = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMABLE]);
      key_settled (self);
      return;
    }

  remember_key (self);
  prepare_verification (self);
}

static void
start_key_generation (SignetSignup *self)
{
  g_autofree char *home = signet_personal_key_get_default_home ();

  self->key_started = TRUE;
  self->key_started_at = g_get_monotonic_time ();
  signet_personal_key_generate_async (home, self->display_name, self->e164,
                                      signet_connection_get_domain (self->server),
                                      self->key_cancellable, on_key_generated, g_object_ref (self));
}

static void
on_key_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SignetSignup) self = user_data;
  GError *error = NULL;

  self->key = signet_personal_key_load_finish (result, &error);
  if (self->key == NULL)
    {
      self->key_error = error;
      key_settled (self);
      return;
    }

  prepare_verification (self);
}

static void
on_pending_passphrase_found (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(SignetSignup) self = user_data;
  g_autofree char *home = signet_personal_key_get_default_home ();
  g_autoptr(GError) error = NULL;
  g_autofree char *passphrase = NULL;
  GCancellable *cancellable;
  const char *fingerprint;

  passphrase = signet_pending_registration_lookup_passphrase_finish (self->pending, result, &error);
  if (passphrase == NULL)
    {
      self->key_error = g_error_new (SIGNET_PERSONAL_KEY_ERROR, SIGNET_PERSONAL_KEY_ERROR_NOT_FOUND,
                                     _("The key made for this sign-up cannot be unlocked: %s"), error->message);
      key_settled (self);
      return;
    }

  fingerprint = signet_pending_registration_get_fingerprint (self->pending);
  cancellable = self->key_cancellable;
  signet_personal_key_load_async (home, fingerprint, passphrase, cancellable, on_key_loaded, g_steal_pointer (&self));
}

static void
start_key_load (SignetSignup *self)
{
  const char *fingerprint = signet_pending_registration_get_fingerprint (self->pending);

  /* The earlier process ended before its key was ready: make a new one. */
  if (fingerprint == NULL || *fingerprint == '\0')
    {
      start_key_generation (self);
      return;
    }

  self->key_started = TRUE;
  self->key_started_at = g_get_monotonic_time ();
  signet_pending_registration_lookup_passphrase_async (self->pending, self->key_cancellable,
                                                       on_pending_passphrase_found, g_object_ref (self));
}

/* Runs @resume(task) once the key is there (or has failed). */
static void
when_key_settled (SignetSignup *self,
                  GTask        *task,
                  GSourceFunc   resume)
{
  if (self->key_settled)
    {
      resume (task);
      return;
    }

  if (!self->key_started)
    start_key_generation (self);

  g_object_set_data (G_OBJECT (task), "resume", resume);
  g_object_set_data (G_OBJECT (task), "waiting-since", GINT_TO_POINTER (1));
  g_ptr_array_add (self->key_waiters, task);
}

/*
 * Request
 */

static void
save_pending (SignetSignup *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (self->pending == NULL)
    {
      self->pending = signet_pending_registration_new (signet_connection_get_domain (self->server), self->e164);
      signet_pending_registration_set_host (self->pending, signet_connection_get_host (self->server),
                                            signet_connection_get_port (self->server));
      signet_pending_registration_set_direct_tls (self->pending, signet_connection_get_direct_tls (self->server));
      signet_pending_registration_set_trusted_sha256 (self->pending,
                                                      signet_connection_get_trusted_sha256 (self->server));
      signet_pending_registration_set_display_name (self->pending, self->display_name);
    }

  signet_pending_registration_set_challenge (self->pending, self->challenge);
  signet_pending_registration_set_requested (self->pending, now);
  if (self->key != NULL)
    signet_pending_registration_set_fingerprint (self->pending, signet_personal_key_get_fingerprint (self->key));

  if (!signet_pending_registration_save (self->pending, &error))
    g_warning ("Could not save the pending sign-up: %s", error->message);
}

static void
on_requested (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetSignup *self = g_task_get_source_object (task);
  GError *error = NULL;
  SignetChallenge *challenge;

  challenge = signet_registration_request_finish (self->registration, result, &error);
  if (challenge == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_set_object (&self->challenge, challenge);
  save_pending (self);
  if (!self->key_started)
    start_key_generation (self);
  else if (self->key_supplied)
    {
      /* Saved once, like a generated key when it is ready. */
      self->key_supplied = FALSE;
      remember_key (self);
    }

  g_task_return_pointer (task, challenge, g_object_unref);
}

void
signet_signup_request_async (SignetSignup       *self,
                             SignetRequestFlags  flags,
                             int                 challenge,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_SIGNUP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_signup_request_async);
  signet_registration_request_async (self->registration, self->e164, flags, challenge, cancellable,
                                     on_requested, task);
}

SignetChallenge *
signet_signup_request_finish (SignetSignup *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Verify, log in, store
 */

static void
return_account (GTask *task)
{
  SignetSignup *self = g_task_get_source_object (task);

  self->verify_time = g_get_monotonic_time () - GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "started"));
  g_task_return_pointer (task, g_object_ref (self->account), g_object_unref);
  g_object_unref (task);
}

static void
on_pending_discarded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The account works either way; only a stale secret would stay. */
  if (!signet_pending_registration_discard_finish (SIGNET_PENDING_REGISTRATION (source), result, &error))
    g_message ("The finished sign-up's passphrase stays in the keyring: %s", error->message);

  return_account (user_data);
}

static void discard_pending (GTask *task);

static void
on_passphrase_saving_settled (SignetSignup *self,
                              GParamSpec   *pspec,
                              GTask        *task)
{
  g_signal_handlers_disconnect_by_func (self, on_passphrase_saving_settled, task);
  discard_pending (task);
}

/* The sign-up is over: its saved state and its keyring item go, and the
 * caller hears of the account only then, so that a process that exits
 * right after leaves exactly the account's secret behind.  A passphrase
 * still being saved would come back after the discard: wait for it. */
static void
discard_pending (GTask *task)
{
  SignetSignup *self = g_task_get_source_object (task);
  g_autoptr(SignetPendingRegistration) pending = NULL;

  if (self->passphrase_saving)
    {
      g_signal_connect (self, "notify::resumable", G_CALLBACK (on_passphrase_saving_settled), task);
      return;
    }

  pending = g_steal_pointer (&self->pending);
  if (pending == NULL)
    {
      return_account (task);
      return;
    }

  signet_pending_registration_discard_async (pending, NULL, on_pending_discarded, task);
}

static void
finish_verify (GTask *task)
{
  SignetSignup *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  signet_account_set_keyring_stored (self->account, self->keyring_error == NULL);
  if (!signet_account_store_save (self->account, &error))
    g_warning ("Could not save the account record: %s", error->message);

  discard_pending (task);
}

/* Each step of verify_async holds the only reference to its task. */
static void
fail_verify (GTask  *task,
             GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  SignetSignup *self = g_task_get_source_object (task);

  g_clear_error (&self->keyring_error);
  signet_account_store_save_secret_finish (result, &self->keyring_error);
  finish_verify (task);
}

static void
save_secret (SignetSignup       *self,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_KONTALK, signet_connection_get_domain (self->server),
                                          self->jid, signet_personal_key_get_passphrase (self->key),
                                          cancellable, callback, user_data);
}

static void
make_account (SignetSignup *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_clear_object (&self->account);
  self->account = signet_account_new (SIGNET_ACCOUNT_KIND_KONTALK, signet_connection_get_domain (self->server),
                                      self->jid);
  signet_account_set_phone (self->account, self->e164);
  signet_account_set_display_name (self->account, self->display_name);
  signet_account_set_fingerprint (self->account, signet_personal_key_get_fingerprint (self->key));
  signet_account_set_created (self->account, now);
  signet_account_set_connection (self->account, signet_connection_get_host (self->server),
                                 signet_connection_get_port (self->server),
                                 signet_connection_get_direct_tls (self->server),
                                 signet_connection_get_trusted_sha256 (self->server));
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignetSignup *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!signet_verification_login_finish (self->verification, result, &error))
    {
      fail_verify (task, error);
      return;
    }

  make_account (self);
  save_secret (self, g_task_get_cancellable (task), on_secret_saved, task);
}

static void
log_in (GTask *task)
{
  SignetSignup *self = g_task_get_source_object (task);

  signet_verification_login_async (self->verification, g_task_get_cancellable (task), on_logged_in, task);
}

/* The server will not take the code twice: a login cut off from here on is
 * resumed, by this process or another, without it.  Saved twice: when the
 * reply is read, with the certified key as the server sent it (public), and
 * once the key is in the private GnuPG home, with who certified it. */
static void
remember_code_accepted (SignetSignup *self)
{
  g_autoptr(GError) error = NULL;

  if (self->pending == NULL)
    return;

  signet_pending_registration_set_certified_keyring (self->pending,
                                                     signet_verification_get_certified_keyring (self->verification),
                                                     signet_verification_get_server_key (self->verification));
  signet_pending_registration_set_code_accepted (self->pending,
                                                 signet_verification_get_certifier_key_id (self->verification),
                                                 signet_verification_get_server_fingerprint (self->verification));
  if (!signet_pending_registration_save (self->pending, &error))
    g_warning ("Could not save the pending sign-up: %s", error->message);
}

/* The code reply was read: before the import or the login starts, so that
 * a run killed during either finishes later without the code. */
static void
on_certified_keyring (SignetVerification *verification,
                      GParamSpec         *pspec,
                      SignetSignup       *self)
{
  remember_code_accepted (self);
  if (self->code_accepted)
    return;

  self->code_accepted = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE_ACCEPTED]);
}

/* Takes @task: the key is certified and in the private home (or not). */
static void
after_import (GTask  *task,
              GError *error)
{
  SignetSignup *self = g_task_get_source_object (task);

  if (error != NULL)
    {
      fail_verify (task, error);
      return;
    }

  remember_code_accepted (self);
  log_in (task);
}

static void
on_code_submitted (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError *error = NULL;

  signet_verification_submit_code_finish (SIGNET_VERIFICATION (source), result, &error);
  after_import (user_data, error);
}

/* A run before was cut off between the code reply and the end of the
 * import: the key the server sent back was kept for this. */
static void
on_kept_key_imported (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError *error = NULL;

  signet_verification_import_finish (SIGNET_VERIFICATION (source), result, &error);
  after_import (user_data, error);
}

/* Takes @task: the code was accepted before, by this run or another. */
static void
continue_after_code (GTask *task)
{
  SignetSignup *self = g_task_get_source_object (task);
  GBytes *keyring = self->pending ? signet_pending_registration_get_certified_keyring (self->pending) : NULL;

  if (self->pending != NULL)
    signet_verification_restore_certification (self->verification,
                                               signet_pending_registration_get_certified_by (self->pending),
                                               signet_pending_registration_get_server_fingerprint (self->pending));

  /* A refused login does not need the code again: the key is certified. */
  if (keyring == NULL || signet_verification_get_certifier_key_id (self->verification) != NULL)
    {
      log_in (task);
      return;
    }

  signet_verification_restore_code_step (self->verification, keyring,
                                         signet_pending_registration_get_server_key (self->pending));
  signet_verification_import_async (self->verification, g_task_get_cancellable (task), on_kept_key_imported, task);
}

static gboolean
verify_with_key (gpointer data)
{
  GTask *task = data;
  SignetSignup *self = g_task_get_source_object (task);
  const char *code = g_task_get_task_data (task);

  if (g_object_get_data (G_OBJECT (task), "waiting-since") != NULL)
    self->key_wait_time = self->key_finished_at -
                          GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "started"));

  if (self->key == NULL)
    {
      fail_verify (task, g_error_copy (self->key_error));
      return G_SOURCE_REMOVE;
    }

  if (self->verification == NULL)
    new_verification (self);

  if (self->code_accepted)
    continue_after_code (task);
  else
    signet_verification_submit_code_async (self->verification, code, g_task_get_cancellable (task),
                                           on_code_submitted, task);

  return G_SOURCE_REMOVE;
}

void
signet_signup_verify_async (SignetSignup       *self,
                            const char         *code,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_SIGNUP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_signup_verify_async);
  g_task_set_task_data (task, g_strdup (code), g_free);
  g_object_set_data (G_OBJECT (task), "started", GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
  self->key_wait_time = 0;

  when_key_settled (self, task, verify_with_key);
}

SignetAccount *
signet_signup_verify_finish (SignetSignup *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_secret_saved_again (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetSignup *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!signet_account_store_save_secret_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_error (&self->keyring_error);
  signet_account_set_keyring_stored (self->account, TRUE);
  signet_account_store_save (self->account, NULL);
  g_task_return_boolean (task, TRUE);
}

void
signet_signup_store_secret_async (SignetSignup       *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_SIGNUP (self));
  g_return_if_fail (self->account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_signup_store_secret_async);
  save_secret (self, cancellable, on_secret_saved_again, task);
}

gboolean
signet_signup_store_secret_finish (SignetSignup *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Accessors
 */

SignetRegistration *
signet_signup_get_registration (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->registration;
}

const char *
signet_signup_get_e164 (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->e164;
}

const char *
signet_signup_get_display_name (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->display_name;
}

const char *
signet_signup_get_jid (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->jid;
}

SignetChallenge *
signet_signup_get_challenge (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->challenge;
}

gboolean
signet_signup_get_key_ready (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), FALSE);

  return self->key != NULL && self->key_settled;
}

gboolean
signet_signup_get_key_settled (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), FALSE);

  return self->key_settled;
}

SignetPersonalKey *
signet_signup_get_key (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->key;
}

gboolean
signet_signup_get_code_accepted (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), FALSE);

  return self->code_accepted;
}

gboolean
signet_signup_get_resumable (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), FALSE);

  return self->resumable_settled && self->resume_error == NULL;
}

const GError *
signet_signup_get_resume_error (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->resume_error;
}

SignetVerification *
signet_signup_get_verification (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->verification;
}

const GError *
signet_signup_get_keyring_error (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), NULL);

  return self->keyring_error;
}

gint64
signet_signup_get_key_generation_time (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), 0);

  return self->key_finished_at > 0 ? self->key_finished_at - self->key_started_at : 0;
}

gint64
signet_signup_get_key_wait_time (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), 0);

  return self->key_wait_time;
}

gint64
signet_signup_get_verify_time (SignetSignup *self)
{
  g_return_val_if_fail (SIGNET_IS_SIGNUP (self), 0);

  return self->verify_time;
}

/*
 * GObject
 */

static SignetSignup *
signup_new (SignetConnection *server,
            const char       *display_name,
            const char       *e164)
{
  SignetSignup *self = g_object_new (SIGNET_TYPE_SIGNUP, NULL);

  self->server = signet_connection_new_like (server);
  self->registration = signet_registration_new (server);
  self->display_name = g_strdup (display_name ? display_name : "");
  self->e164 = g_strdup (e164);
  self->jid = signet_personal_key_make_jid (e164, signet_connection_get_domain (server));

  return self;
}

SignetSignup *
signet_signup_new (SignetConnection *server,
                   const char       *display_name,
                   const char       *e164)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (server), NULL);
  g_return_val_if_fail (e164 != NULL && e164[0] == '+', NULL);

  return signup_new (server, display_name, e164);
}

void
signet_signup_use_key (SignetSignup      *self,
                       SignetPersonalKey *key)
{
  g_return_if_fail (SIGNET_IS_SIGNUP (self));
  g_return_if_fail (SIGNET_IS_PERSONAL_KEY (key));
  g_return_if_fail (!self->key_started);

  g_set_object (&self->key, key);
  self->key_supplied = TRUE;
  self->key_started = TRUE;
  self->key_started_at = g_get_monotonic_time ();
  key_settled (self);
}

SignetSignup *
signet_signup_new_from_pending (SignetPendingRegistration *pending)
{
  g_autoptr(SignetConnection) server = NULL;
  SignetSignup *self;

  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (pending), NULL);

  server = signet_connection_new (signet_pending_registration_get_domain (pending));
  if (signet_pending_registration_get_host (pending) != NULL)
    signet_connection_set_host (server, signet_pending_registration_get_host (pending),
                                signet_pending_registration_get_port (pending));
  signet_connection_set_direct_tls (server, signet_pending_registration_get_direct_tls (pending));
  signet_connection_set_trusted_sha256 (server, signet_pending_registration_get_trusted_sha256 (pending));
  if (signet_pending_registration_get_timeout (pending) > 0)
    signet_connection_set_timeout (server, signet_pending_registration_get_timeout (pending));

  self = signup_new (server, signet_pending_registration_get_display_name (pending),
                     signet_pending_registration_get_phone (pending));
  self->pending = g_object_ref (pending);
  g_set_object (&self->challenge, signet_pending_registration_get_challenge (pending));
  self->code_accepted = signet_pending_registration_get_code_accepted (pending);
  start_key_load (self);

  return self;
}

static void
signet_signup_dispose (GObject *object)
{
  SignetSignup *self = (SignetSignup *) object;

  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->registration);
  g_clear_object (&self->verification);
  g_clear_object (&self->server);
  g_clear_object (&self->challenge);
  g_clear_object (&self->pending);
  g_clear_object (&self->key);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (signet_signup_parent_class)->dispose (object);
}

static void
signet_signup_finalize (GObject *object)
{
  SignetSignup *self = (SignetSignup *) object;

  g_clear_object (&self->key_cancellable);
  g_clear_pointer (&self->key_waiters, g_ptr_array_unref);
  g_clear_error (&self->key_error);
  g_clear_error (&self->keyring_error);
  g_clear_error (&self->resume_error);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->e164, g_free);
  g_clear_pointer (&self->jid, g_free);

  G_OBJECT_CLASS (signet_signup_parent_class)->finalize (object);
}

static void
signet_signup_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SignetSignup *self = SIGNET_SIGNUP (object);

  switch (prop_id)
    {
    case PROP_KEY_READY:
      g_value_set_boolean (value, signet_signup_get_key_ready (self));
      break;
    case PROP_RESUMABLE:
      g_value_set_boolean (value, signet_signup_get_resumable (self));
      break;
    case PROP_CODE_ACCEPTED:
      g_value_set_boolean (value, self->code_accepted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_signup_class_init (SignetSignupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_signup_dispose;
  object_class->finalize = signet_signup_finalize;
  object_class->get_property = signet_signup_get_property;

  properties[PROP_KEY_READY] =
    g_param_spec_boolean ("key-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_RESUMABLE] =
    g_param_spec_boolean ("resumable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CODE_ACCEPTED] =
    g_param_spec_boolean ("code-accepted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_signup_init (SignetSignup *self)
{
  self->key_cancellable = g_cancellable_new ();
  self->key_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
