/* signet-qr-code.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "signet-qr-code.h"

struct _SignetQrCode
{
  guint size;
  guint8 *modules;   /* size × size, 1 for dark */
};

G_DEFINE_BOXED_TYPE (SignetQrCode, signet_qr_code, signet_qr_code_ref, signet_qr_code_unref)

static void
qr_code_clear (SignetQrCode *self)
{
  /* The text is a secret while it is unused. */
  if (self->modules != NULL)
    explicit_bzero (self->modules, (gsize) self->size * self->size);
  g_free (self->modules);
}

SignetQrCode *
signet_qr_code_new (const char *text,
                    GError    **error)
{
  QRcode *code;
  SignetQrCode *self;

  g_return_val_if_fail (text != NULL, NULL);

  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not make the QR code."));
      return NULL;
    }

  self = g_rc_box_new0 (SignetQrCode);
  self->size = (guint) code->width;
  self->modules = g_malloc ((gsize) self->size * self->size);
  for (gsize i = 0; i < (gsize) self->size * self->size; i++)
    self->modules[i] = code->data[i] & 1;

  explicit_bzero (code->data, (gsize) code->width * code->width);
  QRcode_free (code);
  return self;
}

SignetQrCode *
signet_qr_code_ref (SignetQrCode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_rc_box_acquire (self);
}

void
signet_qr_code_unref (SignetQrCode *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) qr_code_clear);
}

guint
signet_qr_code_get_size (SignetQrCode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

gboolean
signet_qr_code_is_dark (SignetQrCode *self,
                        guint         x,
                        guint         y)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return x < self->size && y < self->size && self->modules[(gsize) y * self->size + x] != 0;
}
