/* signet-web-signup-page.c: "Sign up on the website".
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-link-text.h"
#include "signet-web-signup-page.h"
#include "signet-wizard-page.h"

struct _SignetWebSignupPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel  *description_label;
  GtkLabel  *instructions_label;
  GtkWidget *secure_box;
  GtkWidget *open_button;
  GtkLabel  *url_label;
  GtkWidget *insecure_box;
  GtkLabel  *insecure_url_label;
  GtkWidget *copy_button;
  GtkWidget *no_address_label;

  /* Owned */
  char      *url;
  char      *insecure_url;
};

static gboolean
signet_web_signup_page_wizard_get_can_next (SignetWizardPage *page)
{
  return FALSE;
}

static void
signet_web_signup_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_can_next = signet_web_signup_page_wizard_get_can_next;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetWebSignupPage, signet_web_signup_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_web_signup_page_wizard_page_init))

/*
 * Callbacks
 */

static gboolean
on_activate_link (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  return signet_link_text_open (GTK_WIDGET (label), uri);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  signet_web_signup_page_open (SIGNET_WEB_SIGNUP_PAGE (widget));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWebSignupPage *self = SIGNET_WEB_SIGNUP_PAGE (widget);

  if (self->insecure_url != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->insecure_url);
}

/*
 * GObject
 */

static void
signet_web_signup_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_WEB_SIGNUP_PAGE);

  G_OBJECT_CLASS (signet_web_signup_page_parent_class)->dispose (object);
}

static void
signet_web_signup_page_finalize (GObject *object)
{
  SignetWebSignupPage *self = (SignetWebSignupPage *) object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->insecure_url, g_free);

  G_OBJECT_CLASS (signet_web_signup_page_parent_class)->finalize (object);
}

static void
signet_web_signup_page_class_init (SignetWebSignupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_web_signup_page_dispose;
  object_class->finalize = signet_web_signup_page_finalize;
  signet_wizard_page_class_add_can_next (object_class);

  gtk_widget_class_install_action (widget_class, "web-signup.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "web-signup.copy", NULL, copy_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-web-signup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, secure_box);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, url_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, insecure_box);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, insecure_url_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWebSignupPage, no_address_label);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_link);
}

static void
signet_web_signup_page_init (SignetWebSignupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-signup.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-signup.copy", FALSE);
}

/*
 * Public API
 */

GtkWidget *
signet_web_signup_page_new (void)
{
  return g_object_new (SIGNET_TYPE_WEB_SIGNUP_PAGE, NULL);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

void
signet_web_signup_page_set_site (SignetWebSignupPage *self,
                                 const char          *domain,
                                 const char          *url,
                                 const char          *insecure_url,
                                 const char          *description,
                                 const char          *instructions)
{
  g_autofree char *text = NULL;
  g_autofree char *stripped_url = url != NULL ? g_strstrip (g_strdup (url)) : NULL;
  g_autoptr(GString) said = g_string_new (NULL);

  g_return_if_fail (SIGNET_IS_WEB_SIGNUP_PAGE (self));
  g_return_if_fail (domain != NULL);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->insecure_url, g_free);

  /* Only https is a link; anything else is text, whichever it came as. */
  if (signet_link_text_is_https (stripped_url))
    self->url = g_steal_pointer (&stripped_url);
  else if (stripped_url != NULL && *stripped_url != '\0')
    self->insecure_url = g_steal_pointer (&stripped_url);
  else if (insecure_url != NULL && !is_blank (insecure_url))
    self->insecure_url = g_strstrip (g_strdup (insecure_url));

  /* Translators: %s is the server's domain, such as "example.org", in bold. */
  text = g_markup_printf_escaped (_("<b>%s</b> takes new accounts on its website only, not in apps."), domain);
  gtk_label_set_markup (self->description_label, text);

  if (!is_blank (instructions))
    g_string_append (said, instructions);
  if (!is_blank (description) && (instructions == NULL || strstr (instructions, description) == NULL))
    {
      if (said->len > 0)
        g_string_append (said, "\n");
      g_string_append (said, description);
    }
  if (said->len > 0)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *markup = NULL;

      g_strstrip (said->str);
      /* Translators: %s is the server's own explanation, in its language. */
      quoted = g_strdup_printf (_("The server says: “%s”"), said->str);
      markup = signet_link_text_dup_markup (quoted);
      gtk_label_set_markup (self->instructions_label, markup);
    }
  else
    gtk_label_set_label (self->instructions_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), said->len > 0);

  gtk_label_set_label (self->url_label, self->url != NULL ? self->url : "");
  gtk_label_set_label (self->insecure_url_label, self->insecure_url != NULL ? self->insecure_url : "");
  gtk_widget_set_visible (self->secure_box, self->url != NULL);
  gtk_widget_set_visible (self->insecure_box, self->insecure_url != NULL);
  gtk_widget_set_visible (self->no_address_label, self->url == NULL && self->insecure_url == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-signup.open", self->url != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-signup.copy", self->insecure_url != NULL);
}

void
signet_web_signup_page_set_registration (SignetWebSignupPage      *self,
                                         SignetInbandRegistration *registration)
{
  SignetConnection *connection;

  g_return_if_fail (SIGNET_IS_WEB_SIGNUP_PAGE (self));
  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (registration));

  connection = signet_inband_registration_get_connection (registration);
  signet_web_signup_page_set_site (self,
                                   signet_connection_get_domain (connection),
                                   signet_inband_registration_get_web_url (registration),
                                   signet_inband_registration_get_insecure_web_url (registration),
                                   signet_inband_registration_get_web_description (registration),
                                   signet_inband_registration_get_instructions (registration));
}

const char *
signet_web_signup_page_get_url (SignetWebSignupPage *self)
{
  g_return_val_if_fail (SIGNET_IS_WEB_SIGNUP_PAGE (self), NULL);

  return self->url;
}

const char *
signet_web_signup_page_get_insecure_url (SignetWebSignupPage *self)
{
  g_return_val_if_fail (SIGNET_IS_WEB_SIGNUP_PAGE (self), NULL);

  return self->insecure_url;
}

void
signet_web_signup_page_open (SignetWebSignupPage *self)
{
  g_return_if_fail (SIGNET_IS_WEB_SIGNUP_PAGE (self));

  if (self->url != NULL)
    signet_link_text_open (GTK_WIDGET (self), self->url);
}
