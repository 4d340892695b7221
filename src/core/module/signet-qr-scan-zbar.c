/* signet-qr-scan-zbar.c: the module signet-qr-scan, zbar behind the
 * table of signet-qr-scan.h.  It uses nothing of the core.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmodule.h>
#include <zbar.h>

#include "signet-qr-scan.h"

static char *
scan (guint8 *grey,
      guint   width,
      guint   height)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *image = zbar_image_create ();
  char *text = NULL;

  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, grey, (unsigned long) width * height, zbar_image_free_data);

  if (zbar_scan_image (scanner, image) > 0)
    {
      const zbar_symbol_t *symbol = zbar_image_first_symbol (image);

      if (symbol != NULL && g_utf8_validate (zbar_symbol_get_data (symbol), -1, NULL))
        text = g_strdup (zbar_symbol_get_data (symbol));
    }

  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return text;
}

static const SignetQrScan table = {
  scan,
};

G_MODULE_EXPORT gconstpointer signet_module_get_table (guint abi);

G_MODULE_EXPORT gconstpointer
signet_module_get_table (guint abi)
{
  return abi == SIGNET_QR_SCAN_ABI ? &table : NULL;
}
