/* signet-test-keyring.h: a private D-Bus session for tests that need the
 * keyring to be missing, and then to appear.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

G_END_DECLS
