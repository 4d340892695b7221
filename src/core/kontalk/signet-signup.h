/* signet-signup.h: a whole Kontalk phone sign-up, from the request to a
 * working account whose secret is in the keyring.  The CLI and the wizard
 * both drive this object; it owns the order of the steps.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account-store.h"
#include "signet-pending-registration.h"
#include "signet-registration.h"
#include "signet-verification.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_SIGNUP (signet_signup_get_type ())

G_DECLARE_FINAL_TYPE (SignetSignup, signet_signup, SIGNET, SIGNUP, GObject)

/* @server carries the server settings; @e164 is the number to register. */
SignetSignup       *signet_signup_new                 (SignetConnection           *server,
                                                       const char                 *display_name,
                                                       const char                 *e164);
/* Continues a sign-up saved by an earlier process: the key is loaded from
 * the private GnuPG home with the passphrase from the keyring. */
SignetSignup       *signet_signup_new_from_pending    (SignetPendingRegistration  *pending);
/* Has an existing key (an imported one the server no longer accepts)
 * certified again instead of generating one; call before the request. */
void                signet_signup_use_key             (SignetSignup               *self,
                                                       SignetPersonalKey          *key);

SignetRegistration *signet_signup_get_registration    (SignetSignup               *self);
const char         *signet_signup_get_e164            (SignetSignup               *self);
const char         *signet_signup_get_display_name    (SignetSignup               *self);
const char         *signet_signup_get_jid             (SignetSignup               *self);
/* The challenge of the last request (or the saved one when resumed). */
SignetChallenge    *signet_signup_get_challenge       (SignetSignup               *self);

/* Asks the server to verify the number; on success the personal key starts
 * being generated in the background and the sign-up is saved so that it can
 * be resumed.  A second request (fallback, force) keeps the same key. */
void                signet_signup_request_async       (SignetSignup               *self,
                                                       SignetRequestFlags          flags,
                                                       int                         challenge,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
SignetChallenge    *signet_signup_request_finish      (SignetSignup               *self,
                                                       GAsyncResult               *result,
                                                       GError                    **error);

/* TRUE once the key exists (generated or loaded); see also "key-ready". */
gboolean            signet_signup_get_key_ready       (SignetSignup               *self);
SignetPersonalKey  *signet_signup_get_key             (SignetSignup               *self);
/* TRUE once the key's background work has ended, made or failed; a process
 * must not exit before, or the work's thread races the exit's cleanup. */
gboolean            signet_signup_get_key_settled     (SignetSignup               *self);

/* TRUE once another process can resume this sign-up (the key's passphrase
 * is in the keyring); see also "resumable" and the error when it cannot be. */
gboolean            signet_signup_get_resumable       (SignetSignup               *self);
const GError       *signet_signup_get_resume_error    (SignetSignup               *self);

/* Sends @code (NULL for callerid), imports the certified key and logs in
 * once.  After a refused login, calling it again only retries the login.
 * Storing the passphrase in the keyring may fail without failing the
 * sign-up: see signet_signup_get_keyring_error(). */
void                signet_signup_verify_async        (SignetSignup               *self,
                                                       const char                 *code,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
SignetAccount      *signet_signup_verify_finish       (SignetSignup               *self,
                                                       GAsyncResult               *result,
                                                       GError                    **error);
SignetVerification *signet_signup_get_verification    (SignetSignup               *self);
/* TRUE once the server took the code and certified the key: what is left
 * is the login, which can be tried again without the code; see also
 * "code-accepted". */
gboolean            signet_signup_get_code_accepted   (SignetSignup               *self);
/* Why the passphrase is not in the keyring, or NULL when it is. */
const GError       *signet_signup_get_keyring_error   (SignetSignup               *self);
/* Tries again to store the passphrase after a keyring error. */
void                signet_signup_store_secret_async  (SignetSignup               *self,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
gboolean            signet_signup_store_secret_finish (SignetSignup               *self,
                                                       GAsyncResult               *result,
                                                       GError                    **error);

/* Timings for tests/bench/register, in microseconds (0 when not reached). */
gint64              signet_signup_get_key_generation_time (SignetSignup           *self);
/* How long submitting the code had to wait for the key. */
gint64              signet_signup_get_key_wait_time   (SignetSignup               *self);
/* From submitting the code to a working account. */
gint64              signet_signup_get_verify_time     (SignetSignup               *self);

G_END_DECLS
