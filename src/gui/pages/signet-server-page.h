/* signet-server-page.h: step 1, which server to sign up on.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_SERVER_PAGE (signet_server_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetServerPage, signet_server_page, SIGNET, SERVER_PAGE, AdwBin)

GtkWidget  *signet_server_page_new                (void);
/* Fills the fields without counting it as an edit. @host may be NULL. */
void        signet_server_page_set_server         (SignetServerPage *self,
                                                   const char       *domain,
                                                   const char       *host,
                                                   gboolean          direct_tls);
/* The button that moves on; the window makes it its default widget. */
GtkWidget  *signet_server_page_get_next_button    (SignetServerPage *self);
/* The domain as typed, trimmed. */
const char *signet_server_page_get_domain         (SignetServerPage *self);
/* The token of a pasted invitation link for this domain, or NULL. */
const char *signet_server_page_get_invite_token   (SignetServerPage *self);
/* "host" or "host:port", or NULL to resolve the domain. */
const char *signet_server_page_get_host           (SignetServerPage *self);
gboolean    signet_server_page_get_direct_tls     (SignetServerPage *self);
/* Whether what is typed can be connected to (and the terms, when shown,
 * are accepted). */
gboolean    signet_server_page_get_can_next       (SignetServerPage *self);

/* Shows the server's terms of service with an accept switch; @url may be NULL. */
void        signet_server_page_show_terms         (SignetServerPage *self,
                                                   const char       *url);
void        signet_server_page_hide_terms         (SignetServerPage *self);
gboolean    signet_server_page_get_terms_shown    (SignetServerPage *self);
gboolean    signet_server_page_get_terms_accepted (SignetServerPage *self);

/* The server's registration instructions, URLs in them as links; @only:
 * they are all it offers (no form, no website).  NULL hides them. */
void        signet_server_page_show_instructions   (SignetServerPage *self,
                                                    const char       *instructions,
                                                    gboolean          only);
gboolean    signet_server_page_get_instructions_shown (SignetServerPage *self);
void        signet_server_page_show_existing       (SignetServerPage *self,
                                                    const char       *jid);
gboolean    signet_server_page_get_existing_shown  (SignetServerPage *self);
/* TRUE once the person chose to sign up another account on the domain. */
gboolean    signet_server_page_get_sign_up_another (SignetServerPage *self);

G_END_DECLS
