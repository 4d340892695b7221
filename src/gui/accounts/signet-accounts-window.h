/* signet-accounts-window.h: the window that lists the accounts Signet
 * signed up for.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-accounts-page.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_ACCOUNTS_WINDOW (signet_accounts_window_get_type ())

G_DECLARE_FINAL_TYPE (SignetAccountsWindow, signet_accounts_window, SIGNET, ACCOUNTS_WINDOW, AdwWindow)

/* A window over @parent; Escape closes it. */
GtkWidget          *signet_accounts_window_new      (GtkWindow            *parent);
SignetAccountsPage *signet_accounts_window_get_page (SignetAccountsWindow *self);

G_END_DECLS
