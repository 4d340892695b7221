/* signet-window-pages.c: the window's pages: made when first needed, which
 * one shows each step of the sign-up machine, and what each lets the
 * person do next.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-window-private.h"
#include "signet-wizard-page.h"

/*
 * The pages after the first are made when first needed.
 */

static void
on_can_next_changed (SignetWindow *self)
{
  signet_window_update_actions (self);
}

static void
on_challenge_submit (SignetWindow *self,
                     const char   *code)
{
  if (signet_signup_flow_get_operation (self->flow) == SIGNET_SIGNUP_OPERATION_NONE)
    signet_signup_flow_verify (self->flow, code);
}

static void
on_challenge_fallback (SignetWindow *self)
{
  signet_signup_flow_fallback (self->flow);
}

static void
on_challenge_change_number (SignetWindow *self)
{
  self->focus_number = TRUE;
  signet_signup_flow_change_number (self->flow);
}

/* A page whose Next follows its own can-next, added to the stack. */
static void
add_page_with_next (SignetWindow *self,
                    GtkWidget    *page,
                    const char   *name,
                    const char   *title)
{
  g_signal_connect_object (page, "notify::can-next", G_CALLBACK (on_can_next_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_stack_add_titled (self->stack, page, name, title);
}

/* The number page is the second page of a phone sign-up only: made at
 * start, its template, its icon and its country row cost the first frame
 * of every run. */
SignetNumberPage *
signet_window_get_number_page (SignetWindow *self)
{
  if (self->number_page == NULL)
    {
      self->number_page = SIGNET_NUMBER_PAGE (signet_number_page_new ());
      add_page_with_next (self, GTK_WIDGET (self->number_page), "number", _("Phone Number"));
    }

  return self->number_page;
}

SignetChallengePage *
signet_window_get_challenge_page (SignetWindow *self)
{
  if (self->challenge_page == NULL)
    {
      self->challenge_page = SIGNET_CHALLENGE_PAGE (signet_challenge_page_new ());
      g_signal_connect_object (self->challenge_page, "submit", G_CALLBACK (on_challenge_submit),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->challenge_page, "fallback", G_CALLBACK (on_challenge_fallback),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->challenge_page, "change-number", G_CALLBACK (on_challenge_change_number),
                               self, G_CONNECT_SWAPPED);
      add_page_with_next (self, GTK_WIDGET (self->challenge_page), "challenge", _("Verification"));
      signet_window_update_key_state (self);
    }

  return self->challenge_page;
}

SignetVerifyPage *
signet_window_get_verify_page (SignetWindow *self)
{
  if (self->verify_page == NULL)
    {
      self->verify_page = SIGNET_VERIFY_PAGE (signet_verify_page_new ());
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->verify_page), "verify", _("Verifying"));
    }

  return self->verify_page;
}

SignetDonePage *
signet_window_get_done_page (SignetWindow *self)
{
  if (self->done_page == NULL)
    {
      self->done_page = SIGNET_DONE_PAGE (signet_done_page_new ());
      /* Translators: the title of the last page, once the account is made. */
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->done_page), "done", C_("page title", "Signed Up"));
    }

  return self->done_page;
}

SignetResumePage *
signet_window_get_resume_page (SignetWindow *self)
{
  if (self->resume_page == NULL)
    {
      self->resume_page = SIGNET_RESUME_PAGE (signet_resume_page_new ());
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->resume_page), "resume", _("Continue Signing Up"));
    }

  return self->resume_page;
}

static void
on_form_submit (SignetWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static GtkWidget *
form_next_bar_new (SignetWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->form_next_button = gtk_button_new_with_mnemonic (_("_Sign Up"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->form_next_button), "wizard.next");
  gtk_widget_set_halign (self->form_next_button, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->form_next_button, TRUE);
  gtk_widget_add_css_class (self->form_next_button, "suggested-action");
  gtk_widget_add_css_class (self->form_next_button, "pill");
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 18);
  gtk_box_append (GTK_BOX (bar), self->form_next_button);

  return bar;
}

SignetFormPage *
signet_window_get_form_page (SignetWindow *self)
{
  if (self->form_page == NULL)
    {
      self->form_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      self->form_page = SIGNET_FORM_PAGE (signet_form_page_new ());
      gtk_widget_set_vexpand (GTK_WIDGET (self->form_page), TRUE);
      g_signal_connect_object (self->form_page, "notify::valid", G_CALLBACK (on_can_next_changed),
                               self, G_CONNECT_SWAPPED);
      /* Enter in the last field of a complete form. */
      g_signal_connect_object (self->form_page, "submit", G_CALLBACK (on_form_submit),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->form_box), GTK_WIDGET (self->form_page));
      gtk_box_append (GTK_BOX (self->form_box), form_next_bar_new (self));
      gtk_stack_add_titled (self->stack, self->form_box, "form", _("Sign-Up Form"));
    }

  return self->form_page;
}

SignetWebSignupPage *
signet_window_get_web_page (SignetWindow *self)
{
  if (self->web_page == NULL)
    {
      self->web_page = SIGNET_WEB_SIGNUP_PAGE (signet_web_signup_page_new ());
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->web_page), "web", _("Sign Up on the Website"));
    }

  return self->web_page;
}

static void
on_address_copied (SignetWindow *self)
{
  signet_window_toast (self, _("Address copied"));
}

SignetXmppDonePage *
signet_window_get_xmpp_done_page (SignetWindow *self)
{
  if (self->xmpp_done_page == NULL)
    {
      self->xmpp_done_page = SIGNET_XMPP_DONE_PAGE (signet_xmpp_done_page_new ());
      g_signal_connect_object (self->xmpp_done_page, "copied", G_CALLBACK (on_address_copied), self,
                               G_CONNECT_SWAPPED);
      /* Translators: the title of the last page, once the account is made. */
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->xmpp_done_page), "xmpp-done",
                            C_("page title", "Signed Up"));
    }

  return self->xmpp_done_page;
}

SignetCadmiumPage *
signet_window_get_cadmium_page (SignetWindow *self)
{
  if (self->cadmium_page == NULL)
    {
      self->cadmium_page = SIGNET_CADMIUM_PAGE (signet_cadmium_page_new ());
      add_page_with_next (self, GTK_WIDGET (self->cadmium_page), "cadmium", _("Your Cadmium Account"));
    }

  return self->cadmium_page;
}

/*
 * Page and action state
 */

static gboolean
is_page (GtkWidget *page,
         gpointer   which)
{
  return which != NULL && page == GTK_WIDGET (which);
}

static gboolean
login_failed (SignetWindow *self)
{
  return signet_signup_flow_get_step (self->flow) == SIGNET_SIGNUP_STEP_VERIFY &&
         signet_signup_flow_get_operation (self->flow) == SIGNET_SIGNUP_OPERATION_NONE;
}

/* What the sign-up machine, rather than the page, says about going on:
 * the verify page only after a refused login, the resume page only while a
 * sign-up waits. */
static gboolean
machine_allows_next (SignetWindow *self,
                     GtkWidget    *page)
{
  if (is_page (page, self->verify_page))
    return login_failed (self);
  if (is_page (page, self->resume_page))
    return signet_signup_flow_get_pending (self->flow) != NULL;

  return TRUE;
}

/* The form page sits in a box with the window's own Sign Up button, which
 * needs a registration to send the form to: it is not a wizard page. */
static GtkWidget *
get_next_button (SignetWindow *self,
                 GtkWidget    *page)
{
  if (is_page (page, self->form_box))
    return self->form_next_button;
  if (!SIGNET_IS_WIZARD_PAGE (page) || !machine_allows_next (self, page))
    return NULL;

  return signet_wizard_page_get_next_button (SIGNET_WIZARD_PAGE (page));
}

gboolean
signet_window_page_can_next (SignetWindow *self,
                             GtkWidget    *page)
{
  if (is_page (page, self->form_box))
    return signet_signup_flow_get_inband (self->flow) != NULL && signet_form_page_get_valid (self->form_page);
  if (!SIGNET_IS_WIZARD_PAGE (page))
    return FALSE;

  return machine_allows_next (self, page) && signet_wizard_page_get_can_next (SIGNET_WIZARD_PAGE (page));
}

/* Where Back leads from @page, or NULL. */
const char *
signet_window_page_back (SignetWindow *self,
                         GtkWidget    *page)
{
  if (is_page (page, self->number_page) || is_page (page, self->form_box) || is_page (page, self->web_page) ||
      is_page (page, self->cadmium_page))
    return "server";
  if (is_page (page, self->challenge_page) || signet_window_is_transfer_page (self, page))
    return "number";
  /* After a failed login: back to the code (which logs in again). */
  if (is_page (page, self->verify_page) && login_failed (self))
    return "challenge";

  return NULL;
}

void
signet_window_update_actions (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  gboolean busy = signet_signup_flow_get_operation (self->flow) != SIGNET_SIGNUP_OPERATION_NONE;
  gboolean has_back = signet_window_page_back (self, page) != NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "wizard.next", !busy && signet_window_page_can_next (self, page));
  gtk_widget_action_set_enabled (widget, "wizard.back", !busy && has_back);
  gtk_widget_action_set_enabled (widget, "wizard.cancel", busy);
  gtk_widget_action_set_enabled (widget, "wizard.retry", !busy && self->error_can_retry);
  gtk_widget_action_set_enabled (widget, "wizard.start-over", !busy && is_page (page, self->resume_page));
  gtk_widget_action_set_enabled (widget, "wizard.store-secret",
                                 !busy && is_page (page, self->done_page) &&
                                 !signet_done_page_get_keyring_stored (self->done_page));
  signet_window_update_transfer_actions (self, page, busy);
  gtk_widget_set_visible (self->back_button, has_back);
}

void
signet_window_update_default_widget (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_window_set_default_widget (GTK_WINDOW (self), get_next_button (self, page));
  signet_window_update_actions (self);
}

void
signet_window_go_to_page (SignetWindow *self,
                          const char   *name)
{
  signet_window_dismiss_error (self);
  if (g_strcmp0 (name, "number") == 0)
    signet_window_get_number_page (self);
  if (g_strcmp0 (name, gtk_stack_get_visible_child_name (self->stack)) != 0)
    signet_window_dismiss_toast (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* A new page starts at its first field, so that typing and Enter go to the
 * page rather than to the header bar. */
void
signet_window_focus_page (SignetWindow *self,
                          GtkWidget    *page)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (page == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->stack)))
    return;
  if (focus != NULL && gtk_widget_is_ancestor (focus, page))
    return;

  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* GTK 4.8 keeps the stack's other pages, and a closed revealer's child, in
 * the accessibility tree as visible: a screen reader would read them. */
void
signet_window_hide_inactive_pages (SignetWindow *self,
                                   GtkWidget    *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, child != page, -1);
}

/* The challenge page shows the key being made, and why it failed when it
 * did and nothing can be resumed. */
void
signet_window_update_key_state (SignetWindow *self)
{
  SignetSignup *signup = signet_signup_flow_get_signup (self->flow);
  const GError *error = signup ? signet_signup_get_resume_error (signup) : NULL;
  gboolean ready = signup != NULL && signet_signup_get_key_ready (signup);

  if (self->challenge_page == NULL)
    return;

  signet_challenge_page_set_key_ready (self->challenge_page, ready);
  signet_challenge_page_set_key_error (self->challenge_page,
                                       signup != NULL && !ready && error != NULL ? error->message : NULL);
}
