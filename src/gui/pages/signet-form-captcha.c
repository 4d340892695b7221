/* signet-form-captcha.c: the picture of a CAPTCHA in a sign-up form.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-form-captcha.h"

/* A CAPTCHA is shown larger than it comes, up to this height. */
#define CAPTCHA_MAX_HEIGHT 150
/* The room a CAPTCHA has on a phone (360 px less the margins). */
#define CAPTCHA_NARROW_WIDTH 300

/*
 * A paintable that shows a small picture larger: CAPTCHAs come at about
 * 200 × 70 pixels and are hard to read at that size.
 */

#define SIGNET_TYPE_SCALED_PAINTABLE (signet_scaled_paintable_get_type ())
G_DECLARE_FINAL_TYPE (SignetScaledPaintable, signet_scaled_paintable, SIGNET, SCALED_PAINTABLE, GObject)

struct _SignetScaledPaintable
{
  GObject parent_instance;
  GdkPaintable *paintable;
  double scale;
};

static void signet_scaled_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetScaledPaintable, signet_scaled_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, signet_scaled_paintable_iface_init))

static void
signet_scaled_paintable_snapshot (GdkPaintable *paintable,
                                  GdkSnapshot  *snapshot,
                                  double        width,
                                  double        height)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (paintable);

  gdk_paintable_snapshot (self->paintable, snapshot, width, height);
}

static int
signet_scaled_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (paintable);

  return (int) (gdk_paintable_get_intrinsic_width (self->paintable) * self->scale);
}

static int
signet_scaled_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (paintable);

  return (int) (gdk_paintable_get_intrinsic_height (self->paintable) * self->scale);
}

static void
signet_scaled_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = signet_scaled_paintable_snapshot;
  iface->get_intrinsic_width = signet_scaled_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = signet_scaled_paintable_get_intrinsic_height;
}

static void
signet_scaled_paintable_finalize (GObject *object)
{
  SignetScaledPaintable *self = SIGNET_SCALED_PAINTABLE (object);

  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (signet_scaled_paintable_parent_class)->finalize (object);
}

static void
signet_scaled_paintable_class_init (SignetScaledPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = signet_scaled_paintable_finalize;
}

static void
signet_scaled_paintable_init (SignetScaledPaintable *self)
{
  self->scale = 1.0;
}

static GdkPaintable *
scaled_paintable_new (GdkPaintable *paintable,
                      double        scale)
{
  SignetScaledPaintable *self = g_object_new (SIGNET_TYPE_SCALED_PAINTABLE, NULL);

  self->paintable = g_object_ref (paintable);
  self->scale = scale;
  return GDK_PAINTABLE (self);
}

GdkPaintable *
signet_form_captcha_load (SignetDataFormField *field)
{
  for (guint i = 0; i < signet_data_form_field_get_n_media (field); i++)
    {
      SignetDataFormMedia *media = signet_data_form_field_get_media (field, i);
      const char *mime_type = NULL;
      GBytes *bytes = signet_data_form_media_get_data (media, &mime_type);
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GError) error = NULL;
      int height;

      if (bytes == NULL || (mime_type != NULL && !g_str_has_prefix (mime_type, "image/")))
        continue;

      texture = gdk_texture_new_from_bytes (bytes, &error);
      if (texture == NULL)
        {
          g_debug ("The CAPTCHA image cannot be read: %s", error->message);
          continue;
        }

      height = gdk_texture_get_height (texture);
      if (height <= 0)
        continue;

      return scaled_paintable_new (GDK_PAINTABLE (texture),
                                   MAX (1.0, MIN (2.0, (double) CAPTCHA_MAX_HEIGHT / height)));
    }

  return NULL;
}

GtkWidget *
signet_form_captcha_row_new (GdkPaintable *paintable)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *picture = gtk_picture_new_for_paintable (paintable);
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  /* A Tab stop: GTK 4.8's list box sends Tab out of the whole list at a
   * row that takes no focus, so the answer's field after it was out of
   * the keyboard's reach; and a screen reader names the picture here. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("CAPTCHA: a picture of characters to type in the field below"), -1);

  /* List boxes give rows their minimum height, and a picture that can
   * shrink has none: ask for the height it has at the width of a phone. */
  if (width > 0 && height > 0)
    gtk_widget_set_size_request (picture, -1, MIN (height, CAPTCHA_NARROW_WIDTH * height / width));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_halign (picture, GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (picture, 12);
  gtk_widget_set_margin_bottom (picture, 12);
  gtk_widget_set_margin_start (picture, 12);
  gtk_widget_set_margin_end (picture, 12);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture),
                                    _("CAPTCHA: a picture of characters to type in the field below"));
  gtk_widget_set_name (picture, "captcha-picture");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), picture);

  return row;
}
