/* signet-verify-page.h: step 4, the code checked, the key certified and
 * the first login, with their progress.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* In the order they happen. */
typedef enum
{
  /* The personal key is still being made (only when the code came first). */
  SIGNET_VERIFY_STEP_KEY,
  SIGNET_VERIFY_STEP_CODE,
  SIGNET_VERIFY_STEP_CERTIFY,
  SIGNET_VERIFY_STEP_LOGIN,
  SIGNET_VERIFY_STEP_DONE,
} SignetVerifyStep;

#define SIGNET_TYPE_VERIFY_PAGE (signet_verify_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetVerifyPage, signet_verify_page, SIGNET, VERIFY_PAGE, AdwBin)

GtkWidget        *signet_verify_page_new              (void);
/* Starts over at @step.  Every step is listed; those before @step are
 * shown as done (the key made while the person waited for the code, a
 * login retried after a refusal). */
void              signet_verify_page_start            (SignetVerifyPage *self,
                                                       const char       *domain,
                                                       SignetVerifyStep  step);
/* Moves on; a step never goes back. */
void              signet_verify_page_set_step         (SignetVerifyPage *self,
                                                       SignetVerifyStep  step);
SignetVerifyStep  signet_verify_page_get_step         (SignetVerifyPage *self);
/* The current step failed and can be tried again (a refused login): the
 * page offers "Try Logging In Again" instead of Cancel. */
void              signet_verify_page_set_failed       (SignetVerifyPage *self,
                                                       gboolean          failed);
gboolean          signet_verify_page_get_failed       (SignetVerifyPage *self);
/* Cancel while working, "Try Logging In Again" after a failure. */
GtkWidget        *signet_verify_page_get_cancel_button (SignetVerifyPage *self);
GtkWidget        *signet_verify_page_get_retry_button (SignetVerifyPage *self);

G_END_DECLS
