/* signet-qr-code.h: the QR code of a device link, as a square of modules
 * that the CLI writes as a PNG and the account window draws.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The white border, in modules, that scanners need around the code. */
#define SIGNET_QR_CODE_QUIET_ZONE 4

#define SIGNET_TYPE_QR_CODE (signet_qr_code_get_type ())

typedef struct _SignetQrCode SignetQrCode;

GType         signet_qr_code_get_type   (void) G_GNUC_CONST;

/* @text as a QR code (error correction M, as Android's scanner expects). */
SignetQrCode *signet_qr_code_new        (const char   *text,
                                         GError      **error);
SignetQrCode *signet_qr_code_ref        (SignetQrCode *self);
void          signet_qr_code_unref      (SignetQrCode *self);

/* Modules per side, without the quiet zone. */
guint         signet_qr_code_get_size   (SignetQrCode *self);
/* Whether the module at @x, @y (from the top left) is dark. */
gboolean      signet_qr_code_is_dark    (SignetQrCode *self,
                                         guint         x,
                                         guint         y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetQrCode, signet_qr_code_unref)

G_END_DECLS
