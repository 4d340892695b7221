/* signet-qr-paintable.h: a QR code as a GdkPaintable: black modules on
 * white with the quiet zone, whole pixels per module at any size.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_QR_PAINTABLE (signet_qr_paintable_get_type ())

G_DECLARE_FINAL_TYPE (SignetQrPaintable, signet_qr_paintable, SIGNET, QR_PAINTABLE, GObject)

SignetQrPaintable *signet_qr_paintable_new (SignetQrCode *code);

G_END_DECLS
