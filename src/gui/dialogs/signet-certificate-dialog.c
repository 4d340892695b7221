/* signet-certificate-dialog.c: trust a server whose certificate fails verification?
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-certificate-dialog.h"

struct _SignetCertificateDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkScrolledWindow     *scrolled_window;
  AdwActionRow          *issued_to_row;
  AdwActionRow          *organization_row;
  AdwActionRow          *issued_by_row;
  AdwActionRow          *validity_row;
  AdwExpanderRow        *details_row;
  AdwActionRow          *subject_row;
  AdwActionRow          *issuer_row;
  GtkLabel              *fingerprint_label;

  /* Owned */
  SignetCertificateInfo *certificate;

  /* The details were opened: keep them in view while they grow. */
  gboolean show_details;
};

G_DEFINE_FINAL_TYPE (SignetCertificateDialog, signet_certificate_dialog, ADW_TYPE_MESSAGE_DIALOG)

char *
signet_certificate_format_fingerprint (const char *sha256)
{
  GString *grouped = g_string_new (NULL);
  guint i = 0;

  g_return_val_if_fail (sha256 != NULL, NULL);

  for (const char *p = sha256; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p))
        continue;

      if (i > 0 && i % 16 == 0)
        g_string_append_c (grouped, '\n');
      else if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');

      g_string_append_c (grouped, g_ascii_toupper (*p));
      i++;
    }

  return g_string_free (grouped, FALSE);
}

static const char *
or_unknown (const char *text)
{
  /* Translators: in place of a certificate detail that it does not give. */
  return text != NULL && *text != '\0' ? text : _("Unknown");
}

/* OpenSSL's reasons, in English, as a person would say them. */
static char *
dup_problem_text (const char *problems)
{
  static const struct {
    const char *openssl;
    const char *text;
  } reasons[] = {
    { "self-signed certificate", N_("the certificate is self-signed") },
    { "self signed certificate", N_("the certificate is self-signed") },
    { "self-signed certificate in certificate chain", N_("no trusted authority vouches for it") },
    { "self signed certificate in certificate chain", N_("no trusted authority vouches for it") },
    { "unable to get local issuer certificate", N_("no trusted authority vouches for it") },
    { "unable to get issuer certificate", N_("no trusted authority vouches for it") },
    { "unable to verify the first certificate", N_("no trusted authority vouches for it") },
    { "certificate has expired", N_("the certificate has expired") },
    { "certificate is not yet valid", N_("the certificate is not valid yet") },
    { "hostname mismatch", N_("the certificate is for another name") },
  };
  g_auto(GStrv) parts = g_strsplit (problems, ", ", -1);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *text = parts[i];

      for (guint j = 0; j < G_N_ELEMENTS (reasons); j++)
        if (g_ascii_strcasecmp (parts[i], reasons[j].openssl) == 0)
          {
            text = _(reasons[j].text);
            break;
          }

      /* Two of OpenSSL's reasons can say the same thing. */
      if (!g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL))
        g_ptr_array_add (texts, (gpointer) text);
    }

  g_ptr_array_add (texts, NULL);
  /* Translators: what separates two reasons a certificate was not trusted. */
  return g_strjoinv (_(", "), (char **) texts->pdata);
}

static char *
dup_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  /* Translators: a day, in g_date_time_format() notation: "14 March 2026". */
  g_autofree char *day = g_date_time_format (local, _("%-d %B %Y"));

  /* Isolated: a date in one script keeps its order in a sentence of another. */
  return g_strconcat ("\u2068", day, "\u2069", NULL);
}

/* "From 6 December 2025 until 6 December 2026", or what is wrong with it. */
static char *
dup_validity (const SignetCertificateInfo *certificate,
              gboolean                    *problem)
{
  const char *not_before_text = signet_certificate_info_get_not_before (certificate);
  const char *not_after_text = signet_certificate_info_get_not_after (certificate);
  g_autoptr(GDateTime) not_before = signet_certificate_parse_time (not_before_text);
  g_autoptr(GDateTime) not_after = signet_certificate_parse_time (not_after_text);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  *problem = FALSE;
  from = not_before != NULL ? dup_day (not_before) : g_strdup (or_unknown (not_before_text));
  until = not_after != NULL ? dup_day (not_after) : g_strdup (or_unknown (not_after_text));

  if (not_after != NULL && g_date_time_compare (now, not_after) > 0)
    {
      *problem = TRUE;
      /* Translators: %s is a day, such as "6 December 2026". */
      return g_strdup_printf (_("Expired on %s"), until);
    }

  if (not_before != NULL && g_date_time_compare (now, not_before) < 0)
    {
      *problem = TRUE;
      /* Translators: %s is a day, such as "6 December 2026". */
      return g_strdup_printf (_("Not valid before %s"), from);
    }

  /* Translators: a certificate's validity; each %s is a day, such as
   * "6 December 2026". */
  return g_strdup_printf (_("From %s until %s"), from, until);
}

/* A distinguished name one attribute a line, most specific first; each
 * line starts left to right, as it is written in any language. */
static char *
dup_name_lines (const char *name)
{
  g_auto(GStrv) parts = signet_certificate_split_name (name);
  g_autofree char *joined = NULL;

  if (parts == NULL)
    return g_strdup (or_unknown (name));

  joined = g_strjoinv ("\n\u200e", parts);
  return g_strconcat ("\u200e", joined, NULL);
}

/* Whom a name stands for: its organization, or else its common name. */
static char *
dup_name_summary (const char *name)
{
  char *summary = signet_certificate_dup_name_part (name, "O");

  if (summary == NULL)
    summary = signet_certificate_dup_name_part (name, "CN");
  if (summary == NULL)
    summary = dup_name_lines (name);

  return summary;
}

static void
show_certificate (SignetCertificateDialog     *self,
                  const SignetCertificateInfo *certificate)
{
  const char *subject = signet_certificate_info_get_subject (certificate);
  const char *issuer = signet_certificate_info_get_issuer (certificate);
  g_autofree char *common_name = signet_certificate_dup_name_part (subject, "CN");
  g_autofree char *organization = signet_certificate_dup_name_part (subject, "O");
  g_autofree char *issued_by = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *subject_lines = dup_name_lines (subject);
  g_autofree char *issuer_lines = dup_name_lines (issuer);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GString) fingerprint_lines = NULL;
  gboolean invalid;

  if (common_name != NULL)
    adw_action_row_set_subtitle (self->issued_to_row, common_name);
  else
    adw_action_row_set_subtitle (self->issued_to_row, subject_lines);

  gtk_widget_set_visible (GTK_WIDGET (self->organization_row), organization != NULL);
  if (organization != NULL)
    adw_action_row_set_subtitle (self->organization_row, organization);

  if (subject != NULL && g_strcmp0 (subject, issuer) == 0)
    issued_by = g_strdup (_("The server itself (self-signed)"));
  else if (issuer != NULL)
    issued_by = dup_name_summary (issuer);
  else
    issued_by = g_strdup (or_unknown (NULL));
  adw_action_row_set_subtitle (self->issued_by_row, issued_by);

  validity = dup_validity (certificate, &invalid);
  adw_action_row_set_subtitle (self->validity_row, validity);
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (self->validity_row), "error");

  adw_action_row_set_subtitle (self->subject_row, subject_lines);
  adw_action_row_set_subtitle (self->issuer_row, issuer_lines);

  /* Lines of digits alone would run right to left in a right-to-left
   * language: a left-to-right mark starts each line. */
  fingerprint = signet_certificate_format_fingerprint (or_unknown (signet_certificate_info_get_sha256 (certificate)));
  fingerprint_lines = g_string_new ("\u200e");
  for (const char *p = fingerprint; *p != '\0'; p++)
    {
      g_string_append_c (fingerprint_lines, *p);
      if (*p == '\n')
        g_string_append (fingerprint_lines, "\u200e");
    }
  gtk_label_set_label (self->fingerprint_label, fingerprint_lines->str);
}

/* The details open under the summary, below the fold of a small window:
 * they scroll up into view as they grow. */
static void
on_scrolled_changed (GtkAdjustment           *adjustment,
                     SignetCertificateDialog *self)
{
  graphene_point_t point;

  if (!self->show_details ||
      !gtk_widget_compute_point (GTK_WIDGET (self->details_row),
                                 gtk_scrolled_window_get_child (self->scrolled_window),
                                 &GRAPHENE_POINT_INIT (0, 0), &point))
    return;

  gtk_adjustment_set_value (adjustment, MIN (point.y, gtk_adjustment_get_upper (adjustment) -
                                             gtk_adjustment_get_page_size (adjustment)));
}

static void
on_details_expanded (SignetCertificateDialog *self)
{
  self->show_details = adw_expander_row_get_expanded (self->details_row);
}

static gboolean
toggle_details (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (widget);

  adw_expander_row_set_expanded (row, !adw_expander_row_get_expanded (row));
  return TRUE;
}

/* AdwMessageDialog starts on the first control, Technical Details: Enter
 * would open them instead of giving the answer a person expects, Cancel. */
static void
signet_certificate_dialog_map (GtkWidget *widget)
{
  GtkWidget *default_widget;

  GTK_WIDGET_CLASS (signet_certificate_dialog_parent_class)->map (widget);

  default_widget = gtk_window_get_default_widget (GTK_WINDOW (widget));
  if (default_widget != NULL)
    gtk_widget_grab_focus (default_widget);
}

static void
signet_certificate_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_CERTIFICATE_DIALOG);

  G_OBJECT_CLASS (signet_certificate_dialog_parent_class)->dispose (object);
}

static void
signet_certificate_dialog_finalize (GObject *object)
{
  SignetCertificateDialog *self = (SignetCertificateDialog *) object;

  g_clear_pointer (&self->certificate, signet_certificate_info_free);

  G_OBJECT_CLASS (signet_certificate_dialog_parent_class)->finalize (object);
}

static void
signet_certificate_dialog_class_init (SignetCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_certificate_dialog_dispose;
  object_class->finalize = signet_certificate_dialog_finalize;
  widget_class->map = signet_certificate_dialog_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/signet/Signet/ui/signet-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, issued_to_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, organization_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, issued_by_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, validity_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, details_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, fingerprint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_details_expanded);
}

static void
signet_certificate_dialog_init (SignetCertificateDialog *self)
{
  GtkEventController *controller;
  GtkShortcutTrigger *enter;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter on Technical Details opens them: without this the window's
   * default answer, Cancel, would take it and close the dialog. */
  enter = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                       gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0),
                                                                    gtk_keyval_trigger_new (GDK_KEY_ISO_Enter, 0)));
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (enter, gtk_callback_action_new (toggle_details, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->details_row), controller);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (on_scrolled_changed), self, 0);
}

GtkWidget *
signet_certificate_dialog_new (GtkWindow                   *parent,
                               const char                  *server,
                               const SignetCertificateInfo *certificate)
{
  SignetCertificateDialog *self;
  const char *problem;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (certificate != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->certificate = signet_certificate_info_copy (certificate);

  problem = signet_certificate_info_get_problem (certificate);
  if (problem != NULL && *problem != '\0')
    {
      g_autofree char *reason = dup_problem_text (problem);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                      /* Translators: the first %s is a server's domain, the second
                                       * why its certificate failed, such as "the certificate is
                                       * self-signed". */
                                      _("Signet cannot confirm that this server is really %s: %s. "
                                        "Someone could be reading along. Trust it only if its "
                                        "administrator confirms the fingerprint under Technical Details."),
                                      server, reason);
    }
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                    /* Translators: %s is a server's domain. */
                                    _("Signet cannot confirm that this server is really %s. "
                                      "Someone could be reading along. Trust it only if its "
                                      "administrator confirms the fingerprint under Technical Details."),
                                    server);

  show_certificate (self, certificate);

  return GTK_WIDGET (self);
}

const SignetCertificateInfo *
signet_certificate_dialog_get_certificate (SignetCertificateDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->certificate;
}
