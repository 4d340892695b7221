/* signet-qr-reader.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "signet-qr-reader.h"
#include "signet-qr-scan.h"

/* A photo of a screen is at most this large; a larger file is not read. */
#define MAX_FILE_SIZE (16 * 1024 * 1024)
#define MAX_SIDE      8192

G_DEFINE_QUARK (signet-qr-reader-error-quark, signet_qr_reader_error)

/* zbar reads 8-bit grey: the pixbuf's colours, averaged. */
static guchar *
to_grey (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guchar *grey = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + (gsize) y * stride + (gsize) x * channels;
        int alpha = channels == 4 ? p[3] : 255;
        int value = (p[0] + p[1] + p[2]) / 3;

        /* Transparent counts as white, as a viewer shows it. */
        grey[(gsize) y * width + x] = (value * alpha + 255 * (255 - alpha)) / 255;
      }

  return grey;
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = g_file_get_path (task_data);
  const SignetQrScan *qr;
  GError *error = NULL;
  char *text;

  info = g_file_query_info (task_data, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL && g_file_info_get_size (info) <= MAX_FILE_SIZE && path != NULL)
    pixbuf = gdk_pixbuf_new_from_file (path, NULL);
  if (pixbuf == NULL || gdk_pixbuf_get_width (pixbuf) > MAX_SIDE || gdk_pixbuf_get_height (pixbuf) > MAX_SIDE)
    {
      g_task_return_new_error (task, SIGNET_QR_READER_ERROR, SIGNET_QR_READER_ERROR_NOT_AN_IMAGE,
                               _("This file is not a picture Signet can read."));
      return;
    }

  /* zbar is opened only when a picture is first read. */
  if ((qr = signet_qr_scan_get (&error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  text = qr->scan (to_grey (pixbuf), gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  if (text == NULL)
    g_task_return_new_error (task, SIGNET_QR_READER_ERROR, SIGNET_QR_READER_ERROR_NO_CODE,
                             _("No QR code could be read in this picture."));
  else
    g_task_return_pointer (task, text, g_free);
}

void
signet_qr_reader_read_async (GFile              *file,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_qr_reader_read_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_thread);
}

char *
signet_qr_reader_read_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
