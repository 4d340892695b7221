/* signet-cli-qr.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <png.h>

#include "signet-cli-qr.h"
#include "signet-core.h"

/* Pixels per module. */
#define MODULE_SIZE 8

/* White paper, black modules: 8-bit grey, one byte a pixel. */
static guint8 *
draw (SignetQrCode *code,
      guint        *side)
{
  guint width = signet_qr_code_get_size (code);
  guint modules = width + 2 * SIGNET_QR_CODE_QUIET_ZONE;
  guint8 *pixels;

  *side = modules * MODULE_SIZE;
  pixels = g_malloc (*side * *side);
  memset (pixels, 0xff, *side * *side);

  for (guint y = 0; y < width; y++)
    for (guint x = 0; x < width; x++)
      {
        if (!signet_qr_code_is_dark (code, x, y))
          continue;
        for (guint dy = 0; dy < MODULE_SIZE; dy++)
          memset (pixels + ((y + SIGNET_QR_CODE_QUIET_ZONE) * MODULE_SIZE + dy) * *side +
                  (x + SIGNET_QR_CODE_QUIET_ZONE) * MODULE_SIZE,
                  0, MODULE_SIZE);
      }

  return pixels;
}

static gboolean
write_png (FILE         *file,
           const guint8 *pixels,
           guint         side)
{
  png_image image = { 0 };

  image.version = PNG_IMAGE_VERSION;
  image.width = side;
  image.height = side;
  image.format = PNG_FORMAT_GRAY;
  return png_image_write_to_stdio (&image, file, 0, pixels, (png_int_32) side, NULL) != 0;
}

gboolean
signet_cli_write_qr_png (const char *text,
                         const char *path,
                         GError    **error)
{
  g_autoptr(SignetQrCode) code = signet_qr_code_new (text, error);
  g_autofree guint8 *pixels = NULL;
  guint side = 0;
  FILE *file;
  int fd;
  gboolean ok;

  if (code == NULL)
    return FALSE;

  pixels = draw (code, &side);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0 || (file = fdopen (fd, "wb")) == NULL)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      /* Translators: %s is a file name, then the system's reason. */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), _("Could not write %s: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  ok = write_png (file, pixels, side);
  ok = fclose (file) == 0 && ok;
  if (!ok)
    {
      g_unlink (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   _("the PNG encoder failed"));
    }
  return ok;
}
