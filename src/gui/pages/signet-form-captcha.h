/* signet-form-captcha.h: the picture of a CAPTCHA in a sign-up form
 * (XEP-0158, XEP-0221).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

/* The first image among @field's media that can be read, shown larger than
 * it comes; NULL if there is none. */
GdkPaintable *signet_form_captcha_load    (SignetDataFormField *field);
/* A row that shows @paintable, named for screen readers. */
GtkWidget    *signet_form_captcha_row_new (GdkPaintable        *paintable);

G_END_DECLS
