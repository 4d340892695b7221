/* signet-window.h: the wizard's window; owns the sign-up flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_WINDOW (signet_window_get_type ())

G_DECLARE_FINAL_TYPE (SignetWindow, signet_window, SIGNET, WINDOW, AdwApplicationWindow)

SignetWindow *signet_window_new           (GtkApplication *application);
/* Points the wizard at a server without touching the saved settings (the
 * command-line development hook).  @host ("host[:port]") and
 * @trusted_sha256 (the certificate to accept for @domain) may be NULL. */
void          signet_window_set_server    (SignetWindow   *self,
                                           const char     *domain,
                                           const char     *host,
                                           gboolean        direct_tls,
                                           const char     *trusted_sha256);
/* "resume", "server", "number", "challenge", "verify" or "done". */
const char   *signet_window_get_page      (SignetWindow   *self);
/* Whether a network step is under way. */
gboolean      signet_window_get_busy      (SignetWindow   *self);
/* The error shown in the window, or NULL. */
const char   *signet_window_get_error     (SignetWindow   *self);
/* The sign-up under way (from the request on), or NULL; for the tests. */
SignetSignup *signet_window_get_signup    (SignetWindow   *self);
/* The account made, once the done page shows, or NULL. */
SignetAccount *signet_window_get_account  (SignetWindow   *self);
/* The sign-up machine the window follows. */
SignetSignupFlow *signet_window_get_flow  (SignetWindow   *self);

G_END_DECLS
