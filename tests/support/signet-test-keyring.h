/* signet-test-keyring.h: the session keyring and its secrets, and a private
 * D-Bus session for tests that need the keyring to be missing, and then to
 * appear.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-account-store.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  GSubprocess *bus;
  GSubprocess *keyring;
  /* Held so that every user of the session bus shares this connection. */
  GDBusConnection *session;
} SignetTestPrivateBus;

/* Starts a bus with no service files and points DBUS_SESSION_BUS_ADDRESS at it. */
void signet_test_private_bus_start         (SignetTestPrivateBus *pb);
/* Starts gnome-keyring on it with an unlocked "login" keyring. */
void signet_test_private_bus_start_keyring (SignetTestPrivateBus *pb);
void signet_test_private_bus_stop          (SignetTestPrivateBus *pb);

/* Whether the session has a Secret Service (build-aux/test starts one);
 * if not, skips the test and says why. */
gboolean signet_test_keyring_available      (void);

/* signet_account_store_*_secret_async() on @server, waited for. */
gboolean signet_test_keyring_save_secret    (SignetAccountKind     kind,
                                             const char           *server,
                                             const char           *jid,
                                             const char           *secret,
                                             GError              **error);
char    *signet_test_keyring_lookup_secret  (SignetAccountKind     kind,
                                             const char           *server,
                                             const char           *jid,
                                             GError              **error);
gboolean signet_test_keyring_clear_secret   (SignetAccountKind     kind,
                                             const char           *server,
                                             const char           *jid,
                                             GError              **error);
/* The secret, or NULL if there is none; fails the test on another error. */
char    *signet_test_keyring_find_secret    (SignetAccountKind     kind,
                                             const char           *server,
                                             const char           *jid);
/* The lookup finds @expected; or finds nothing (NOT_FOUND). */
void     signet_test_keyring_assert_lookup  (SignetAccountKind     kind,
                                             const char           *server,
                                             const char           *jid,
                                             const char           *expected);
void     signet_test_keyring_assert_not_found (SignetAccountKind   kind,
                                               const char         *server,
                                               const char         *jid);

/* The "kind" of every Signet item in the keyring for @jid, sorted and
 * joined by commas ("" for none): what a finished or abandoned sign-up
 * left behind. */
char    *signet_test_keyring_list_kinds     (const char           *jid);

G_END_DECLS
