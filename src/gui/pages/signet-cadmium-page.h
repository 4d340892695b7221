/* signet-cadmium-page.h: the details of a new Cadmium account: a username,
 * an email address or a phone number, and a password.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_CADMIUM_PAGE (signet_cadmium_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetCadmiumPage, signet_cadmium_page, SIGNET, CADMIUM_PAGE, AdwBin)

GtkWidget  *signet_cadmium_page_new             (void);
GtkWidget  *signet_cadmium_page_get_next_button (SignetCadmiumPage *self);
/* At least one identifier, each one well formed, and the password twice. */
gboolean    signet_cadmium_page_get_can_next    (SignetCadmiumPage *self);
/* The server's name, for the page's description. */
void        signet_cadmium_page_set_server      (SignetCadmiumPage *self,
                                                 const char        *server);
/* What was typed, trimmed; NULL when empty. */
const char *signet_cadmium_page_get_username    (SignetCadmiumPage *self);
const char *signet_cadmium_page_get_email       (SignetCadmiumPage *self);
/* The phone number in E.164 ("+39…"), or NULL. */
const char *signet_cadmium_page_get_msisdn      (SignetCadmiumPage *self);
const char *signet_cadmium_page_get_password    (SignetCadmiumPage *self);
gboolean    signet_cadmium_page_get_sign_in     (SignetCadmiumPage *self);
/* Shows a refused sign-up under the field it is about, and focuses that
 * field; FALSE when the error is about none (the window shows it). */
gboolean    signet_cadmium_page_show_error      (SignetCadmiumPage *self,
                                                 const GError      *error);
void        signet_cadmium_page_clear_errors    (SignetCadmiumPage *self);
/* Focuses the first field. */
void        signet_cadmium_page_focus           (SignetCadmiumPage *self);

G_END_DECLS
