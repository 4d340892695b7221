/* signet-web-signup-page.h: "Sign up on the website", for servers that take
 * sign-ups only on a web page (an XEP-0066 out-of-band address).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_WEB_SIGNUP_PAGE (signet_web_signup_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetWebSignupPage, signet_web_signup_page, SIGNET, WEB_SIGNUP_PAGE, AdwBin)

GtkWidget  *signet_web_signup_page_new              (void);

/* Shows the sign-up page of @domain.  @url is offered as a link only if it
 * is https; any other address (@url or @insecure_url) is shown as text to
 * copy, with a warning.  @description (the server's words for the link) and
 * @instructions may be NULL. */
void        signet_web_signup_page_set_site         (SignetWebSignupPage      *self,
                                                     const char               *domain,
                                                     const char               *url,
                                                     const char               *insecure_url,
                                                     const char               *description,
                                                     const char               *instructions);
/* The same from a fetched registration (web_url, insecure_web_url, …). */
void        signet_web_signup_page_set_registration (SignetWebSignupPage      *self,
                                                     SignetInbandRegistration *registration);

/* The https address the Open button opens, or NULL. */
const char *signet_web_signup_page_get_url          (SignetWebSignupPage      *self);
/* The address shown as text only (not https), or NULL. */
const char *signet_web_signup_page_get_insecure_url (SignetWebSignupPage      *self);
/* Opens the https address in the browser (the Open button). */
void        signet_web_signup_page_open             (SignetWebSignupPage      *self);

G_END_DECLS
