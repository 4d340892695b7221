/* signet-password-row.h: a password entry row a screen reader can use.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwPasswordEntryRow whose show/hide button has a name: libadwaita 1.2
 * leaves it nameless, so a screen reader says only "button". */
GtkWidget *signet_password_row_new (void);

G_END_DECLS
