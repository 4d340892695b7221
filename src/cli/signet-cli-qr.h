/* signet-cli-qr.h: the QR code of a device link, as a PNG file
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @text as a QR code to @path (PNG, mode 0600: the code is a
 * secret while it is unused). */
gboolean signet_cli_write_qr_png (const char *text,
                                  const char *path,
                                  GError    **error);

G_END_DECLS
