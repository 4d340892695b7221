/* signet-xmpp-done-page.c: the end of a sign-up with a server's form.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-text.h"
#include "signet-wizard-page.h"
#include "signet-xmpp-done-page.h"

struct _SignetXmppDonePage
{
  AdwBin parent_instance;

  GtkWidget *status_page;
  GtkWidget *address_label;
  GtkWidget *caption_label;
  GtkWidget *copy_button;
  GtkWidget *address_row;
  GtkWidget *hint_label;
  GtkWidget *keyring_label;
  GtkWidget *close_button;
};

static GtkWidget *
signet_xmpp_done_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_xmpp_done_page_get_close_button (SIGNET_XMPP_DONE_PAGE (page));
}

static void
signet_xmpp_done_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_xmpp_done_page_wizard_get_next_button;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetXmppDonePage, signet_xmpp_done_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_xmpp_done_page_wizard_page_init))

enum {
  SIGNAL_COPIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_copy_clicked (SignetXmppDonePage *self)
{
  const char *jid = gtk_label_get_label (GTK_LABEL (self->address_label));

  if (jid == NULL || *jid == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), jid);
  g_signal_emit (self, signals[SIGNAL_COPIED], 0);
}

/* The address as on the Kontalk done page: wrapped without hyphens. */
static GtkWidget *
address_text_new (SignetXmppDonePage *self)
{
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  /* Translators: the new chat account's address, such as
   * ada@example.org; not a postal address. */
  GtkWidget *caption = gtk_label_new (_("Address"));

  self->caption_label = caption;
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  self->address_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->address_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->address_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->address_label), PANGO_WRAP_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->address_label), TRUE);
  gtk_widget_set_focusable (self->address_label, FALSE);
  signet_text_label_set_unhyphenated (GTK_LABEL (self->address_label));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->address_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL,
                                  -1);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (text_box), caption);
  gtk_box_append (GTK_BOX (text_box), self->address_label);

  return text_box;
}

/* The address in a boxed list, with a button that copies it. */
static GtkWidget *
address_list_new (SignetXmppDonePage *self)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkListBoxRow *row;

  self->copy_button = copy_button;
  gtk_widget_set_valign (copy_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy_button, _("Copy"));
  gtk_widget_add_css_class (copy_button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the address"),
                                  -1);
  g_signal_connect_object (copy_button, "clicked", G_CALLBACK (on_copy_clicked), self, G_CONNECT_SWAPPED);

  gtk_widget_set_margin_top (row_box, 9);
  gtk_widget_set_margin_bottom (row_box, 9);
  gtk_widget_set_margin_start (row_box, 12);
  gtk_widget_set_margin_end (row_box, 6);
  gtk_box_append (GTK_BOX (row_box), address_text_new (self));
  gtk_box_append (GTK_BOX (row_box), copy_button);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row_box);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  gtk_list_box_row_set_activatable (row, FALSE);
  self->address_row = GTK_WIDGET (row);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Address"), -1);

  return list;
}

static GtkWidget *
centered_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  return label;
}

static void
signet_xmpp_done_page_class_init (SignetXmppDonePageClass *klass)
{
  signet_wizard_page_class_add_can_next (G_OBJECT_CLASS (klass));

  signals[SIGNAL_COPIED] =
    g_signal_new ("copied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
signet_xmpp_done_page_init (SignetXmppDonePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *clamp = adw_clamp_new ();

  self->keyring_label = centered_label_new (NULL);
  self->close_button = gtk_button_new_with_mnemonic (_("_Close"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->close_button), "wizard.next");
  gtk_widget_set_halign (self->close_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->close_button, "suggested-action");
  gtk_widget_add_css_class (self->close_button, "pill");

  gtk_box_append (GTK_BOX (box), address_list_new (self));
  self->hint_label = centered_label_new (_("Next, sign in with this address and your password "
                                           "in any XMPP app, such as Dino or Gajim."));
  gtk_box_append (GTK_BOX (box), self->hint_label);
  gtk_box_append (GTK_BOX (box), self->keyring_label);
  gtk_box_append (GTK_BOX (box), self->close_button);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  self->status_page = adw_status_page_new ();
  /* The same green check as the Kontalk done page's. */
  gtk_widget_add_css_class (self->status_page, "done-status");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status_page), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->status_page), _("You Are Signed Up"));
  adw_status_page_set_child (ADW_STATUS_PAGE (self->status_page), clamp);
  adw_bin_set_child (ADW_BIN (self), self->status_page);
}

GtkWidget *
signet_xmpp_done_page_new (void)
{
  return g_object_new (SIGNET_TYPE_XMPP_DONE_PAGE, NULL);
}

GtkWidget *
signet_xmpp_done_page_get_close_button (SignetXmppDonePage *self)
{
  g_return_val_if_fail (SIGNET_IS_XMPP_DONE_PAGE (self), NULL);

  return self->close_button;
}

void
signet_xmpp_done_page_set_account (SignetXmppDonePage *self,
                                   const char         *server,
                                   const char         *jid,
                                   const GError       *keyring_error)
{
  g_autofree char *description = NULL;
  g_autofree char *keyring = NULL;

  g_return_if_fail (SIGNET_IS_XMPP_DONE_PAGE (self));

  /* Translators: %s is the server's domain, in bold. */
  description = g_markup_printf_escaped (_("Your account on <b>%s</b> is ready."), server);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->status_page), description);
  gtk_label_set_label (GTK_LABEL (self->address_label), jid);

  if (keyring_error != NULL)
    /* Translators: %s says why the keyring could not be used, a whole
     * sentence with its full stop. */
    keyring = g_strdup_printf (_("The password is not in your keyring: %s Keep it somewhere safe."),
                               keyring_error->message);
  else
    keyring = g_strdup (_("The password is saved in your keyring."));
  gtk_label_set_label (GTK_LABEL (self->keyring_label), keyring);
}

/* A Cadmium account is named by its user ID, and used in a Cadmium app. */
void
signet_xmpp_done_page_set_cadmium (SignetXmppDonePage *self,
                                   gboolean            cadmium)
{
  g_return_if_fail (SIGNET_IS_XMPP_DONE_PAGE (self));

  if (!cadmium)
    return;

  /* Translators: a Cadmium account's name, such as @juliet@cadmium.org. */
  gtk_label_set_label (GTK_LABEL (self->caption_label), _("User ID"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_row), GTK_ACCESSIBLE_PROPERTY_LABEL, _("User ID"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the user ID"), -1);
  gtk_label_set_label (GTK_LABEL (self->hint_label),
                       _("Next, sign in with this user ID and your password in a Cadmium app."));
}
