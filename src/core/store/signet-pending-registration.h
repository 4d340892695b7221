/* signet-pending-registration.h: a Kontalk sign-up waiting for its code
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-challenge.h"

G_BEGIN_DECLS

#define SIGNET_PENDING_REGISTRATION_ERROR (signet_pending_registration_error_quark ())

typedef enum
{
  SIGNET_PENDING_REGISTRATION_ERROR_FAILED,
  /* No sign-up is waiting. */
  SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND,
  /* The saved sign-up is damaged, too large or not Signet's. */
  SIGNET_PENDING_REGISTRATION_ERROR_INVALID,
} SignetPendingRegistrationError;

GQuark signet_pending_registration_error_quark (void);

#define SIGNET_TYPE_PENDING_REGISTRATION (signet_pending_registration_get_type ())

G_DECLARE_FINAL_TYPE (SignetPendingRegistration, signet_pending_registration,
                      SIGNET, PENDING_REGISTRATION, GObject)

/* Everything needed to come back to the code page after the window was
 * closed or Signet crashed: saved once the request step succeeded.  It holds
 * the phone number (personal, never logged) but no secret: the key's
 * passphrase goes to the keyring (kind "kontalk-pending") and the key stays in
 * the private GnuPG home. */
SignetPendingRegistration *signet_pending_registration_new (const char *domain,
                                                            const char *phone);
/* The server's XMPP domain. */
const char *signet_pending_registration_get_domain (SignetPendingRegistration *self);
/* E.164, e.g. "+15555215554". */
const char *signet_pending_registration_get_phone (SignetPendingRegistration *self);
/* The account's future address, sha1hex(phone)@domain; it names the
 * passphrase in the keyring. */
char *signet_pending_registration_dup_jid (SignetPendingRegistration *self);

/* The "advanced" connection override; NULL and 0 when there is none. */
const char *signet_pending_registration_get_host (SignetPendingRegistration *self);
guint16 signet_pending_registration_get_port (SignetPendingRegistration *self);
void signet_pending_registration_set_host (SignetPendingRegistration *self,
                                           const char *host,
                                           guint16 port);
gboolean signet_pending_registration_get_direct_tls (SignetPendingRegistration *self);
void signet_pending_registration_set_direct_tls (SignetPendingRegistration *self,
                                                 gboolean direct_tls);
/* Seconds to wait for each reply when the sign-up is resumed (0: the
 * connection's default).  For this run only: never saved. */
guint signet_pending_registration_get_timeout (SignetPendingRegistration *self);
void signet_pending_registration_set_timeout (SignetPendingRegistration *self,
                                              guint timeout);
/* The certificate fingerprint the user chose to trust, if any. */
const char *signet_pending_registration_get_trusted_sha256 (SignetPendingRegistration *self);
void signet_pending_registration_set_trusted_sha256 (SignetPendingRegistration *self,
                                                     const char *sha256);
const char *signet_pending_registration_get_display_name (SignetPendingRegistration *self);
void signet_pending_registration_set_display_name (SignetPendingRegistration *self,
                                                   const char *display_name);

/* Keeps type, sender, fallback and instructions: what the file keeps. */
void signet_pending_registration_set_challenge (SignetPendingRegistration *self,
                                                SignetChallenge *challenge);
/* NULL until a challenge with a sender is set or read. */
SignetChallenge *signet_pending_registration_get_challenge (SignetPendingRegistration *self);
SignetChallengeType
signet_pending_registration_get_challenge_type (SignetPendingRegistration *self);
const char *signet_pending_registration_get_sender (SignetPendingRegistration *self);
guint signet_pending_registration_get_code_length (SignetPendingRegistration *self);
gboolean signet_pending_registration_get_can_fallback (SignetPendingRegistration *self);
const char *signet_pending_registration_get_instructions (SignetPendingRegistration *self);

/* When the code was requested; signet_pending_registration_new() sets "now". */
GDateTime *signet_pending_registration_get_requested (SignetPendingRegistration *self);
void signet_pending_registration_set_requested (SignetPendingRegistration *self,
                                                GDateTime *requested);
/* The new key's fingerprint; NULL until the key is ready. */
const char *signet_pending_registration_get_fingerprint (SignetPendingRegistration *self);
void signet_pending_registration_set_fingerprint (SignetPendingRegistration *self,
                                                  const char *fingerprint);

/* TRUE once the server took the code and certified the key (which is then
 * in the private GnuPG home): a resumed sign-up only logs in, without the
 * code, which the server would refuse a second time.  @certified_by is the
 * certifier's key id and @server_fingerprint the server's published key,
 * NULL when it published none. */
gboolean signet_pending_registration_get_code_accepted (SignetPendingRegistration *self);
const char *signet_pending_registration_get_certified_by (SignetPendingRegistration *self);
const char *signet_pending_registration_get_server_fingerprint (SignetPendingRegistration *self);
void signet_pending_registration_set_code_accepted (SignetPendingRegistration *self,
                                                    const char *certified_by,
                                                    const char *server_fingerprint);

/* The certified key as the server sent it back, and the server's own key
 * (XEP-0189; NULL when it sent none), both public.  They are saved with
 * the code accepted, before the key is imported: a run cut off before the
 * import ends (certified-by still NULL) imports them itself.  A key over
 * SIGNET_PENDING_REGISTRATION_MAX_KEY_SIZE bytes is not kept. */
#define SIGNET_PENDING_REGISTRATION_MAX_KEY_SIZE (16 * 1024)
GBytes *signet_pending_registration_get_certified_keyring (SignetPendingRegistration *self);
GBytes *signet_pending_registration_get_server_key (SignetPendingRegistration *self);
void signet_pending_registration_set_certified_keyring (SignetPendingRegistration *self,
                                                        GBytes *keyring,
                                                        GBytes *server_key);

/* $XDG_DATA_HOME/signet/pending.json: mode 0600 in a 0700 folder.  There is
 * at most one pending sign-up.  These calls block briefly on local files. */
char *signet_pending_registration_get_path (void);
/* NOT_FOUND when nothing is pending; INVALID when the file is damaged, not
 * Signet's or larger than 64 KiB (delete it with
 * signet_pending_registration_delete_file()). */
SignetPendingRegistration *signet_pending_registration_load (GError **error);
/* Writes atomically: a crash leaves the old file or the new one. */
gboolean signet_pending_registration_save (SignetPendingRegistration *self,
                                           GError **error);
/* Removes the file; succeeds if there is none.  The keyring item stays: see
 * signet_pending_registration_discard_async(). */
gboolean signet_pending_registration_delete_file (GError **error);

/* The new key's passphrase, in the keyring under the account schema with
 * kind "kontalk-pending", server = domain and jid = the future address.  The
 * _finish functions fail with SIGNET_ACCOUNT_STORE_ERROR (see
 * signet-account-store.h) or G_IO_ERROR_CANCELLED. */
void signet_pending_registration_save_passphrase_async (SignetPendingRegistration *self,
                                                        const char *passphrase,
                                                        GCancellable *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer user_data);
gboolean signet_pending_registration_save_passphrase_finish (SignetPendingRegistration *self,
                                                             GAsyncResult *result,
                                                             GError **error);
/* Free the passphrase with signet_account_store_free_secret(). */
void signet_pending_registration_lookup_passphrase_async (SignetPendingRegistration *self,
                                                          GCancellable *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer user_data);
char *signet_pending_registration_lookup_passphrase_finish (SignetPendingRegistration *self,
                                                            GAsyncResult *result,
                                                            GError **error);

/* Forgets the sign-up: removes the file, then the passphrase from the
 * keyring.  The file goes even if the keyring fails; the first error is
 * returned.  The key in the private GnuPG home is the caller's to delete. */
void signet_pending_registration_discard_async (SignetPendingRegistration *self,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
gboolean signet_pending_registration_discard_finish (SignetPendingRegistration *self,
                                                     GAsyncResult *result,
                                                     GError **error);

G_END_DECLS
