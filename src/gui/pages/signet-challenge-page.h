/* signet-challenge-page.h: step 3, proving the number is the person's.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_CHALLENGE_PAGE (signet_challenge_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetChallengePage, signet_challenge_page, SIGNET, CHALLENGE_PAGE, AdwBin)

GtkWidget       *signet_challenge_page_new             (void);
GtkWidget       *signet_challenge_page_get_next_button (SignetChallengePage *self);
/* Shows @challenge for the number @international ("+39 347 123 4567").
 * A new challenge clears the code; the same one keeps it. */
void             signet_challenge_page_set_challenge   (SignetChallengePage *self,
                                                        SignetChallenge     *challenge,
                                                        const char          *international);
SignetChallenge *signet_challenge_page_get_challenge   (SignetChallengePage *self);
/* The digits typed so far (never NULL). */
const char      *signet_challenge_page_get_code        (SignetChallengePage *self);
/* Whether the code is complete (always for callerid, which has none). */
gboolean         signet_challenge_page_get_can_next    (SignetChallengePage *self);
/* Emits ::submit when the page can go on. */
void             signet_challenge_page_submit          (SignetChallengePage *self);
/* Puts the focus where the person types. */
void             signet_challenge_page_focus           (SignetChallengePage *self);
/* After a refused code: marks the code, selects it to be typed over and
 * lets the same digits be submitted again by typing them. */
void             signet_challenge_page_select_code     (SignetChallengePage *self);
/* Whether the personal key is ready ("key-ready"); until then the page shows
 * that it is being prepared.  The code can be submitted either way. */
gboolean         signet_challenge_page_get_key_ready   (SignetChallengePage *self);
void             signet_challenge_page_set_key_ready   (SignetChallengePage *self,
                                                        gboolean             key_ready);
/* The key could not be made: says so with @message (NULL clears it). */
void             signet_challenge_page_set_key_error   (SignetChallengePage *self,
                                                        const char          *message);

G_END_DECLS
