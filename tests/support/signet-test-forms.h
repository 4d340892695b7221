/* signet-test-forms.h: registration forms as real servers send them.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The <iq/> of ejabberd 23.01's registration form with a CAPTCHA, with
 * @image_base64 (a PNG) as its bits of binary. */
char *signet_test_forms_ejabberd_captcha_iq (const char *image_base64);

G_END_DECLS
