/* signet-resume-page.h: a sign-up left waiting for its code, to continue
 * or to forget.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_RESUME_PAGE (signet_resume_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetResumePage, signet_resume_page, SIGNET, RESUME_PAGE, AdwBin)

GtkWidget  *signet_resume_page_new                 (void);
GtkWidget  *signet_resume_page_get_continue_button (SignetResumePage *self);
/* @international: "+39 347 123 4567"; @requested: when the code was asked
 * for (any time zone), or NULL. */
void        signet_resume_page_set_pending         (SignetResumePage *self,
                                                    const char       *international,
                                                    const char       *domain,
                                                    GDateTime        *requested);
/* The earlier run got past the code: continuing only logs in. */
void        signet_resume_page_set_code_accepted   (SignetResumePage *self);
/* "at 14:05" today, "on 3 March at 14:05" before: for the sentence
 * "The code was requested …".  Exposed for the tests. */
char       *signet_resume_page_format_requested    (GDateTime        *requested,
                                                    GDateTime        *now);

G_END_DECLS
