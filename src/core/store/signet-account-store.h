/* signet-account-store.h: secrets in the keyring, account records on disk
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define SIGNET_ACCOUNT_STORE_ERROR (signet_account_store_error_quark ())

typedef enum
{
  SIGNET_ACCOUNT_STORE_ERROR_FAILED,
  /* No Secret Service on the bus, the bus itself is missing, or (inside
   * Flatpak) neither the Secret portal nor the service can be reached. */
  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE,
  /* The keyring is locked and was not unlocked: the user dismissed the
   * prompt, or there is no prompter to ask with. */
  SIGNET_ACCOUNT_STORE_ERROR_KEYRING_LOCKED,
  /* No such secret in the keyring, or no such account record. */
  SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND,
  /* An account record that is damaged, not Signet's, or has a bad address. */
  SIGNET_ACCOUNT_STORE_ERROR_INVALID,
} SignetAccountStoreError;

GQuark signet_account_store_error_quark (void);

typedef enum
{
  /* A Kontalk account; its secret is the OpenPGP key's passphrase. */
  SIGNET_ACCOUNT_KIND_KONTALK,
  /* An XEP-0077 account; its secret is the password. */
  SIGNET_ACCOUNT_KIND_XMPP,
  /* The key passphrase of a Kontalk registration not yet verified.  Used only
   * for keyring items (see signet-pending-registration.h), never by records. */
  SIGNET_ACCOUNT_KIND_KONTALK_PENDING,
} SignetAccountKind;

#define SIGNET_TYPE_ACCOUNT_KIND (signet_account_kind_get_type ())
GType       signet_account_kind_get_type       (void) G_GNUC_CONST;
/* "kontalk", "xmpp", "kontalk-pending": the "kind" attribute and record field. */
const char *signet_account_kind_to_string      (SignetAccountKind  kind);
gboolean    signet_account_kind_from_string    (const char        *string,
                                                SignetAccountKind *kind);

/* The libsecret schema "im.signet.Signet.Account" with the string attributes
 * "kind", "server" and "jid".  Attributes are not encrypted, so nothing
 * personal beyond the address goes there (never the phone number). */
const SecretSchema *signet_account_store_get_schema (void);

/* The secret functions go through libsecret's simple password API so that
 * inside Flatpak they use the file backend behind the Secret portal.  They may
 * show the keyring's unlock prompt and wait for it; cancelling @cancellable
 * dismisses the prompt and fails with G_IO_ERROR_CANCELLED.  Every other
 * failure is a SIGNET_ACCOUNT_STORE_ERROR with a message for people. */

/* Stores (or replaces) the secret of one account, labelled "Signet: <jid>". */
void      signet_account_store_save_secret_async    (SignetAccountKind     kind,
                                                     const char           *server,
                                                     const char           *jid,
                                                     const char           *secret,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  signet_account_store_save_secret_finish   (GAsyncResult         *result,
                                                     GError              **error);

/* Returns the secret; free it with secret_password_free(), which wipes it.
 * A secret that exists but sits in a keyring that stayed locked gives
 * KEYRING_LOCKED, not NOT_FOUND. */
void      signet_account_store_lookup_secret_async  (SignetAccountKind     kind,
                                                     const char           *server,
                                                     const char           *jid,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char     *signet_account_store_lookup_secret_finish (GAsyncResult         *result,
                                                     GError              **error);

/* Removes the secret.  Succeeds if there was none; fails with KEYRING_LOCKED
 * if it exists but could not be unlocked to be removed. */
void      signet_account_store_clear_secret_async   (SignetAccountKind     kind,
                                                     const char           *server,
                                                     const char           *jid,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean  signet_account_store_clear_secret_finish  (GAsyncResult         *result,
                                                     GError              **error);

#define SIGNET_TYPE_ACCOUNT (signet_account_get_type ())

G_DECLARE_FINAL_TYPE (SignetAccount, signet_account, SIGNET, ACCOUNT, GObject)

/* What Signet remembers about an account it registered.  Never a secret:
 * those are in the keyring only. */
SignetAccount     *signet_account_new                   (SignetAccountKind  kind,
                                                         const char        *server,
                                                         const char        *jid);
/* SIGNET_ACCOUNT_KIND_KONTALK or SIGNET_ACCOUNT_KIND_XMPP. */
SignetAccountKind  signet_account_get_kind              (SignetAccount     *self);
const char        *signet_account_get_server            (SignetAccount     *self);
const char        *signet_account_get_jid               (SignetAccount     *self);
/* E.164 ("+15555215554") for Kontalk accounts, NULL for XMPP ones.  Personal
 * data: never log it. */
const char        *signet_account_get_phone             (SignetAccount     *self);
void               signet_account_set_phone             (SignetAccount     *self,
                                                         const char        *phone);
const char        *signet_account_get_display_name      (SignetAccount     *self);
void               signet_account_set_display_name      (SignetAccount     *self,
                                                         const char        *display_name);
/* The OpenPGP key's fingerprint (Kontalk), or NULL. */
const char        *signet_account_get_fingerprint       (SignetAccount     *self);
void               signet_account_set_fingerprint       (SignetAccount     *self,
                                                         const char        *fingerprint);
/* When the account was registered; signet_account_new() sets "now". */
GDateTime         *signet_account_get_created           (SignetAccount     *self);
void               signet_account_set_created           (SignetAccount     *self,
                                                         GDateTime         *created);
/* Whether the secret made it into the keyring (it may not have: see
 * KEYRING_UNAVAILABLE), so the UI can offer to save it again. */
gboolean           signet_account_get_keyring_stored    (SignetAccount     *self);
void               signet_account_set_keyring_stored    (SignetAccount     *self,
                                                         gboolean           keyring_stored);

/* Records are $XDG_DATA_HOME/signet/accounts/<jid>.json, mode 0600 in a 0700
 * folder.  These calls do small local file I/O and block briefly. */
char              *signet_account_store_get_records_dir (void);
/* Every readable record, oldest first.  Damaged records are skipped with a
 * warning that names the file but shows nothing of its contents.  A missing
 * folder is an empty list. */
GPtrArray         *signet_account_store_list            (GError           **error);
SignetAccount     *signet_account_store_load            (const char        *jid,
                                                         GError           **error);
/* Writes atomically: a crash leaves the old record or the new one. */
gboolean           signet_account_store_save            (SignetAccount     *account,
                                                         GError           **error);
/* Fails with NOT_FOUND if there is no record for @jid. */
gboolean           signet_account_store_delete          (const char        *jid,
                                                         GError           **error);

G_END_DECLS
