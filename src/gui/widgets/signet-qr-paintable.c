/* signet-qr-paintable.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-qr-paintable.h"

/* The natural size of one module; the picture scales it. */
#define NATURAL_MODULE_SIZE 10

struct _SignetQrPaintable
{
  GObject parent_instance;

  SignetQrCode *code;
};

static void signet_qr_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetQrPaintable, signet_qr_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, signet_qr_paintable_paintable_init))

static guint
get_modules (SignetQrPaintable *self)
{
  return signet_qr_code_get_size (self->code) + 2 * SIGNET_QR_CODE_QUIET_ZONE;
}

/* Scanners read dark on light whatever the desktop's style: the colours are
 * fixed, and each module is a whole number of pixels so that no edge blurs. */
static void
signet_qr_paintable_snapshot (GdkPaintable *paintable,
                              GdkSnapshot  *snapshot,
                              double        width,
                              double        height)
{
  SignetQrPaintable *self = SIGNET_QR_PAINTABLE (paintable);
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA black = { 0, 0, 0, 1 };
  guint size = signet_qr_code_get_size (self->code);
  guint modules = get_modules (self);
  double module = MAX (1, (int) (MIN (width, height) / modules));
  double left = (int) ((width - module * size) / 2);
  double top = (int) ((height - module * size) / 2);

  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        guint run = 0;

        while (x + run < size && signet_qr_code_is_dark (self->code, x + run, y))
          run++;
        if (run == 0)
          continue;
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (left + x * module, top + y * module,
                                                        run * module, module));
        x += run;
      }
}

static int
signet_qr_paintable_get_intrinsic_size (GdkPaintable *paintable)
{
  return (int) get_modules (SIGNET_QR_PAINTABLE (paintable)) * NATURAL_MODULE_SIZE;
}

static double
signet_qr_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  return 1.0;
}

static GdkPaintableFlags
signet_qr_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
signet_qr_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = signet_qr_paintable_snapshot;
  iface->get_intrinsic_width = signet_qr_paintable_get_intrinsic_size;
  iface->get_intrinsic_height = signet_qr_paintable_get_intrinsic_size;
  iface->get_intrinsic_aspect_ratio = signet_qr_paintable_get_intrinsic_aspect_ratio;
  iface->get_flags = signet_qr_paintable_get_flags;
}

static void
signet_qr_paintable_finalize (GObject *object)
{
  SignetQrPaintable *self = SIGNET_QR_PAINTABLE (object);

  g_clear_pointer (&self->code, signet_qr_code_unref);

  G_OBJECT_CLASS (signet_qr_paintable_parent_class)->finalize (object);
}

static void
signet_qr_paintable_class_init (SignetQrPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_qr_paintable_finalize;
}

static void
signet_qr_paintable_init (SignetQrPaintable *self)
{
}

SignetQrPaintable *
signet_qr_paintable_new (SignetQrCode *code)
{
  SignetQrPaintable *self;

  g_return_val_if_fail (code != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_QR_PAINTABLE, NULL);
  self->code = signet_qr_code_ref (code);
  return self;
}
