/* signet-export-password.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-core.h"
#include "signet-export-password.h"
#include "signet-password-row.h"

struct _SignetExportPassword
{
  GtkBox parent_instance;

  GtkWidget *password_row;
  GtkWidget *confirm_row;
  GtkWidget *feedback_label;

  gboolean ready;
};

G_DEFINE_FINAL_TYPE (SignetExportPassword, signet_export_password, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

enum {
  SIGNAL_ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
get_row_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static glong
get_length (SignetExportPassword *self)
{
  return g_utf8_strlen (get_row_text (self->password_row), -1);
}

static gboolean
passwords_match (SignetExportPassword *self)
{
  return g_strcmp0 (get_row_text (self->password_row), get_row_text (self->confirm_row)) == 0;
}

static void
set_invalid (GtkWidget *row,
             gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
show_feedback (SignetExportPassword *self,
               const char           *text,
               const char           *style)
{
  gtk_label_set_label (GTK_LABEL (self->feedback_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->feedback_label, text != NULL);
  gtk_widget_remove_css_class (self->feedback_label, "error");
  gtk_widget_remove_css_class (self->feedback_label, "warning");
  gtk_widget_remove_css_class (self->feedback_label, "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (self->feedback_label, style);
}

/* What the person reads under the fields.  A mismatch counts only once the
 * confirmation stops being a beginning of the password; @insist shows
 * every problem. */
static void
update (SignetExportPassword *self,
        gboolean              insist)
{
  const char *password = get_row_text (self->password_row);
  const char *confirm = get_row_text (self->confirm_row);
  glong length = get_length (self);
  gboolean too_short = length < SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH;
  gboolean mismatch = !passwords_match (self) &&
                      (insist || (*confirm != '\0' && (!g_str_has_prefix (password, confirm) ||
                                                       strlen (confirm) >= strlen (password))));
  gboolean ready = !too_short && passwords_match (self);

  set_invalid (self->password_row, too_short && (insist || length > 0));
  set_invalid (self->confirm_row, mismatch);

  if (too_short && (insist || length > 0))
    {
      g_autofree char *text = g_strdup_printf (ngettext ("The password needs at least %d character.",
                                                         "The password needs at least %d characters.",
                                                         SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH),
                                               SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH);

      show_feedback (self, text, "error");
    }
  else if (mismatch)
    show_feedback (self, _("The passwords do not match."), "error");
  else if (length > 0 && length < SIGNET_EXPORT_PASSWORD_GOOD_LENGTH)
    show_feedback (self, _("This password is short and easy to guess. Use 8 characters or more."), "warning");
  else
    show_feedback (self, NULL, NULL);

  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

static void
on_changed (SignetExportPassword *self)
{
  update (self, FALSE);
}

static void
on_password_activated (SignetExportPassword *self)
{
  gtk_widget_grab_focus (self->confirm_row);
}

static void
on_confirm_activated (SignetExportPassword *self)
{
  if (self->ready)
    g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0);
  else
    signet_export_password_insist (self);
}

static GtkWidget *
add_row (SignetExportPassword *self,
         GtkWidget            *list,
         const char           *title,
         const char           *name,
         GCallback             activated)
{
  GtkWidget *row = signet_password_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->feedback_label, NULL, -1);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", activated, self, G_CONNECT_SWAPPED);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
signet_export_password_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SignetExportPassword *self = SIGNET_EXPORT_PASSWORD (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_export_password_class_init (SignetExportPasswordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = signet_export_password_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetExportPassword::activate:
   *
   * Enter in the second field, with a password that can be used.
   */
  signals[SIGNAL_ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
signet_export_password_init (SignetExportPassword *self)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);

  self->feedback_label = g_object_new (GTK_TYPE_LABEL,
                                       "wrap", TRUE,
                                       "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                       "xalign", 0.0f,
                                       "visible", FALSE,
                                       "margin-start", 12,
                                       "margin-end", 12,
                                       NULL);
  gtk_widget_add_css_class (self->feedback_label, "caption");

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->password_row = add_row (self, list, _("Export Password"), _("Export password"),
                                G_CALLBACK (on_password_activated));
  self->confirm_row = add_row (self, list, _("Confirm Export Password"), _("Confirm export password"),
                               G_CALLBACK (on_confirm_activated));

  gtk_box_append (GTK_BOX (self), list);
  gtk_box_append (GTK_BOX (self), self->feedback_label);
}

GtkWidget *
signet_export_password_new (void)
{
  return g_object_new (SIGNET_TYPE_EXPORT_PASSWORD, NULL);
}

const char *
signet_export_password_get_text (SignetExportPassword *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPORT_PASSWORD (self), NULL);

  return self->ready ? get_row_text (self->password_row) : NULL;
}

gboolean
signet_export_password_get_ready (SignetExportPassword *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPORT_PASSWORD (self), FALSE);

  return self->ready;
}

gboolean
signet_export_password_get_weak (SignetExportPassword *self)
{
  g_return_val_if_fail (SIGNET_IS_EXPORT_PASSWORD (self), FALSE);

  return get_length (self) < SIGNET_EXPORT_PASSWORD_GOOD_LENGTH;
}

void
signet_export_password_insist (SignetExportPassword *self)
{
  g_return_if_fail (SIGNET_IS_EXPORT_PASSWORD (self));

  update (self, TRUE);
  if (get_length (self) < SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH)
    gtk_widget_grab_focus (self->password_row);
  else if (!passwords_match (self))
    gtk_widget_grab_focus (self->confirm_row);
}

void
signet_export_password_clear (SignetExportPassword *self)
{
  g_return_if_fail (SIGNET_IS_EXPORT_PASSWORD (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  update (self, FALSE);
}

void
signet_export_password_grab_focus (SignetExportPassword *self)
{
  g_return_if_fail (SIGNET_IS_EXPORT_PASSWORD (self));

  gtk_widget_grab_focus (self->password_row);
}
