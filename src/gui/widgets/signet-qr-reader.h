/* signet-qr-reader.h: the text of the QR code in a picture (zbar), for the
 * device link another device shows or saves as an image.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SIGNET_QR_READER_ERROR (signet_qr_reader_error_quark ())

typedef enum
{
  /* Not a picture, or one too large to be a QR code's. */
  SIGNET_QR_READER_ERROR_NOT_AN_IMAGE,
  /* A picture without a readable QR code. */
  SIGNET_QR_READER_ERROR_NO_CODE,
} SignetQrReaderError;

GQuark signet_qr_reader_error_quark (void);

/* Reads @file in a thread; the result is the code's text. */
void  signet_qr_reader_read_async  (GFile              *file,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
char *signet_qr_reader_read_finish (GAsyncResult       *result,
                                    GError            **error);

G_END_DECLS
