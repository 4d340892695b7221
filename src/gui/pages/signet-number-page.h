/* signet-number-page.h: step 2, the person's name and phone number.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_NUMBER_PAGE (signet_number_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetNumberPage, signet_number_page, SIGNET, NUMBER_PAGE, AdwBin)

GtkWidget               *signet_number_page_new                (void);
GtkWidget               *signet_number_page_get_next_button    (SignetNumberPage *self);
/* Whether the name is filled in and the number is valid (or possible and
 * confirmed with "use anyway"). */
gboolean                 signet_number_page_get_can_next       (SignetNumberPage *self);
/* The display name, trimmed; NULL when empty. */
const char              *signet_number_page_get_display_name   (SignetNumberPage *self);
/* The number as parsed, or NULL while it cannot be used. */
const SignetPhoneNumber *signet_number_page_get_number         (SignetNumberPage *self);
/* The selected country (ISO 3166-1 alpha-2), or NULL. */
const char              *signet_number_page_get_region         (SignetNumberPage *self);
void                     signet_number_page_set_region         (SignetNumberPage *self,
                                                                const char       *region);
/* Focuses the number with its text selected, to type another one. */
void                     signet_number_page_focus_number       (SignetNumberPage *self);

G_END_DECLS
