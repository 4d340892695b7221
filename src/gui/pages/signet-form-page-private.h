/* signet-form-page-private.h: what a SignetFormFieldView tells its page.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-form-page.h"

G_BEGIN_DECLS

/* While the page builds its rows, their signals mean nothing. */
gboolean signet_form_page_is_rendering    (SignetFormPage *self);
/* The person changed a field. */
void     signet_form_page_field_changed   (SignetFormPage *self);
/* The person pressed Enter in @row: the page submits or moves on. */
void     signet_form_page_entry_activated (SignetFormPage *self,
                                           GtkWidget      *row);

G_END_DECLS
