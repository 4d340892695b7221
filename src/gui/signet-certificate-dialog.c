/* signet-certificate-dialog.c: trust a server whose certificate fails verification?
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-certificate-dialog.h"
#include "signet-text.h"

struct _SignetCertificateDialog
{
  AdwMessageDialog       parent_instance;

  /* Template widgets */
  GtkLabel              *subject_label;
  GtkLabel              *issuer_label;
  GtkLabel              *validity_label;
  GtkLabel              *fingerprint_label;

  /* Owned */
  SignetCertificateInfo *certificate;
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
  return text != NULL && *text != '\0' ? text : _("Unknown");
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/signet/Signet/ui/signet-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, subject_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, validity_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCertificateDialog, fingerprint_label);
}

static void
signet_certificate_dialog_init (SignetCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
signet_certificate_dialog_new (GtkWindow                   *parent,
                               const char                  *server,
                               const SignetCertificateInfo *certificate)
{
  SignetCertificateDialog *self;
  const char *problem;
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *fingerprint = NULL;

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
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                    /* Translators: the first %s is a server's domain, the second
                                     * why its certificate failed, such as "self-signed
                                     * certificate". */
                                    _("Signet cannot confirm that this server is really %s (%s). "
                                      "Someone could be reading along. Trust it only if its "
                                      "administrator confirms this fingerprint."),
                                    server, problem);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                    _("Signet cannot confirm that this server is really %s. "
                                      "Someone could be reading along. Trust it only if its "
                                      "administrator confirms this fingerprint."),
                                    server);

  subject = signet_text_dup_distinguished_name (or_unknown (signet_certificate_info_get_subject (certificate)));
  gtk_label_set_label (self->subject_label, subject);
  issuer = signet_text_dup_distinguished_name (or_unknown (signet_certificate_info_get_issuer (certificate)));
  gtk_label_set_label (self->issuer_label, issuer);
  /* Translators: a certificate's validity period, "from … until …". */
  validity = g_strdup_printf (_("From %s\nuntil %s"),
                              or_unknown (signet_certificate_info_get_not_before (certificate)),
                              or_unknown (signet_certificate_info_get_not_after (certificate)));
  gtk_label_set_label (self->validity_label, validity);
  fingerprint = signet_certificate_format_fingerprint (or_unknown (signet_certificate_info_get_sha256 (certificate)));
  gtk_label_set_label (self->fingerprint_label, fingerprint);

  return GTK_WIDGET (self);
}

const SignetCertificateInfo *
signet_certificate_dialog_get_certificate (SignetCertificateDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->certificate;
}
