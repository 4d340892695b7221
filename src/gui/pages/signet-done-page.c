/* signet-done-page.c: the end, an account that works and what it is made of.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-done-page.h"
#include "signet-text.h"
#include "signet-wizard-page.h"

struct _SignetDonePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel     *title_label;
  GtkLabel     *description_label;
  GtkLabel     *phone_label;
  GtkLabel     *jid_label;
  GtkLabel     *fingerprint_label;
  GtkImage     *certification_icon;
  GtkLabel     *certification_title_label;
  GtkLabel     *server_fingerprint_caption;
  GtkLabel     *server_fingerprint_label;
  GtkLabel     *certification_detail_label;
  AdwActionRow *keyring_row;
  GtkImage     *keyring_icon;
  GtkSpinner   *keyring_spinner;
  GtkWidget    *keyring_retry_button;
  GtkWidget    *close_button;

  gboolean keyring_stored;
  gboolean storing;
};

static GtkWidget *
signet_done_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_done_page_get_close_button (SIGNET_DONE_PAGE (page));
}

static void
signet_done_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_done_page_wizard_get_next_button;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetDonePage, signet_done_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_done_page_wizard_page_init))

/*
 * Callbacks
 */

static void
on_copy_clicked (SignetDonePage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), gtk_label_get_text (self->jid_label));

  /* The button gives no other sign that anything happened. */
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Address copied")));
}

/*
 * GObject
 */

static void
signet_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_DONE_PAGE);

  G_OBJECT_CLASS (signet_done_page_parent_class)->dispose (object);
}

static void
signet_done_page_class_init (SignetDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_done_page_dispose;
  signet_wizard_page_class_add_can_next (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, phone_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, jid_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, certification_icon);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, certification_title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, server_fingerprint_caption);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, server_fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, certification_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, keyring_icon);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, keyring_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, keyring_retry_button);
  gtk_widget_class_bind_template_child (widget_class, SignetDonePage, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
}

static void
signet_done_page_init (SignetDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  signet_text_label_set_unhyphenated (self->jid_label);
  signet_text_label_set_unhyphenated (self->fingerprint_label);
  signet_text_label_set_unhyphenated (self->server_fingerprint_label);

  signet_done_page_set_keyring_error (self, NULL);
  signet_done_page_set_certification (self, FALSE, NULL, NULL);
}

/*
 * Public API
 */

GtkWidget *
signet_done_page_new (void)
{
  return g_object_new (SIGNET_TYPE_DONE_PAGE, NULL);
}

GtkWidget *
signet_done_page_get_close_button (SignetDonePage *self)
{
  g_return_val_if_fail (SIGNET_IS_DONE_PAGE (self), NULL);

  return self->close_button;
}

void
signet_done_page_set_account (SignetDonePage *self,
                              const char     *domain,
                              const char     *international,
                              const char     *jid,
                              const char     *fingerprint)
{
  g_autofree char *description = NULL;
  g_autofree char *unbreakable = NULL;
  g_autofree char *grouped = NULL;

  g_return_if_fail (SIGNET_IS_DONE_PAGE (self));
  g_return_if_fail (domain != NULL && international != NULL && jid != NULL && fingerprint != NULL);

  /* Translators: %s is the server's domain, in bold. */
  description = g_markup_printf_escaped (_("Your account on <b>%s</b> is ready: the first login worked."),
                                         domain);
  gtk_label_set_markup (self->description_label, description);
  gtk_label_set_label (self->title_label, _("You’re Signed Up"));

  unbreakable = signet_text_dup_unbreakable (international);
  gtk_label_set_label (self->phone_label, unbreakable);
  gtk_label_set_label (self->jid_label, jid);
  grouped = signet_text_dup_fingerprint (fingerprint);
  gtk_label_set_label (self->fingerprint_label, grouped);
}

static void
show_certification (SignetDonePage *self,
                    gboolean        good,
                    const char     *title,
                    const char     *detail)
{
  gtk_image_set_from_icon_name (self->certification_icon, good ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->certification_icon), good ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->certification_icon), good ? "success" : "warning");
  gtk_label_set_label (self->certification_title_label, title);
  gtk_label_set_label (self->certification_detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->certification_detail_label), detail != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->server_fingerprint_caption), detail == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->server_fingerprint_label), detail == NULL);
}

void
signet_done_page_set_certification (SignetDonePage *self,
                                    gboolean        verified,
                                    const char     *server_fingerprint,
                                    const char     *certifier_key_id)
{
  g_autofree char *grouped = NULL;
  g_autofree char *detail = NULL;

  g_return_if_fail (SIGNET_IS_DONE_PAGE (self));

  if (verified && server_fingerprint != NULL)
    {
      grouped = signet_text_dup_fingerprint (server_fingerprint);
      gtk_label_set_label (self->server_fingerprint_label, grouped);
      show_certification (self, TRUE, _("Certified by the server"), NULL);
      return;
    }

  if (certifier_key_id != NULL && *certifier_key_id != '\0')
    /* Translators: %s is an OpenPGP key id, such as "0123456789ABCDEF". */
    detail = g_strdup_printf (_("Your key was signed by the key %s, but the server did not publish "
                                "its own key to check that signature against."), certifier_key_id);
  else
    detail = g_strdup (_("The server did not publish its own key to check its signature against."));
  show_certification (self, FALSE, _("The server’s certification could not be verified"), detail);
}

/* Nothing is certified on a transfer: the server certified the key when
 * the other device signed up, and has just let it log in here. */
void
signet_done_page_set_transferred (SignetDonePage *self,
                                  const char     *domain)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SIGNET_IS_DONE_PAGE (self));
  g_return_if_fail (domain != NULL);

  gtk_label_set_label (self->title_label, _("Account Transferred"));
  /* Translators: %s is the server's domain, in bold. */
  description = g_markup_printf_escaped (_("Your account on <b>%s</b> works on this computer now: "
                                           "the first login worked."), domain);
  gtk_label_set_markup (self->description_label, description);
  show_certification (self, TRUE, _("Certified when you signed up"),
                      _("The key came from your other device, where the server certified it."));
}

void
signet_done_page_set_keyring_error (SignetDonePage *self,
                                    const GError   *error)
{
  g_return_if_fail (SIGNET_IS_DONE_PAGE (self));

  self->keyring_stored = error == NULL;

  if (error == NULL)
    {
      gtk_image_set_from_icon_name (self->keyring_icon, "channel-secure-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->keyring_icon), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->keyring_icon), "success");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->keyring_row),
                                     _("The key’s passphrase is in your keyring"));
      adw_action_row_set_subtitle (self->keyring_row,
                                   _("It unlocks your key, so you never have to type it."));
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *subtitle = NULL;

      gtk_image_set_from_icon_name (self->keyring_icon, "dialog-warning-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->keyring_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->keyring_icon), "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->keyring_row),
                                     _("The key’s passphrase is not in your keyring"));
      subtitle = g_strconcat (escaped, "\n",
                              _("Your account works, but the key cannot be used later without it."), NULL);
      adw_action_row_set_subtitle (self->keyring_row, subtitle);
    }

  gtk_widget_set_visible (self->keyring_retry_button, !self->keyring_stored);
  signet_done_page_set_storing (self, FALSE);
}

void
signet_done_page_set_storing (SignetDonePage *self,
                              gboolean        storing)
{
  g_return_if_fail (SIGNET_IS_DONE_PAGE (self));

  self->storing = storing;
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_spinner), storing);
  gtk_spinner_set_spinning (self->keyring_spinner, storing);
  gtk_widget_set_sensitive (self->keyring_retry_button, !storing);
}

gboolean
signet_done_page_get_keyring_stored (SignetDonePage *self)
{
  g_return_val_if_fail (SIGNET_IS_DONE_PAGE (self), FALSE);

  return self->keyring_stored;
}
