/* signet-qr-scan.h: reading a QR code in a picture, from the module
 * signet-qr-scan (zbar), opened on first use (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Raised whenever the table below changes. */
#define SIGNET_QR_SCAN_ABI 1

typedef struct
{
  /* The text of the first QR code in @grey (8-bit grey, @width × @height,
   * no padding, taken), or NULL when there is none or it is not UTF-8. */
  char *(*scan) (guint8 *grey,
                 guint   width,
                 guint   height);
} SignetQrScan;

/* The table, opening the module on the first call. */
const SignetQrScan *signet_qr_scan_get (GError **error);

G_END_DECLS
