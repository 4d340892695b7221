/* signet-window.c: the wizard's window; owns the sign-up flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-accessible.h"
#include "signet-accounts-window.h"
#include "signet-certificate-dialog.h"
#include "signet-challenge-page.h"
#include "signet-confirm-number-dialog.h"
#include "signet-conflict-dialog.h"
#include "signet-done-page.h"
#include "signet-form-page.h"
#include "signet-core.h"
#include "signet-number-page.h"
#include "signet-resume-page.h"
#include "signet-server-page.h"
#include "signet-text.h"
#include "signet-verify-page.h"
#include "signet-web-signup-page.h"
#include "signet-window.h"

#define SETTINGS_SCHEMA "im.signet.Signet"

/* How often the verify page looks at how far the sign-up got. */
#define VERIFY_POLL_MS 100
/* How long a closed window lets a key being made finish, so that the
 * sign-up can be continued later without making another. */
#define LINGER_SECONDS 120

typedef enum
{
  BUSY_NONE,
  BUSY_CONNECTING,
  BUSY_REQUESTING,
  BUSY_VERIFYING,
  BUSY_STORING,
  BUSY_DISCARDING,
  /* Sign-up with a server's form (XEP-0077): submitting, then the first login. */
  BUSY_SUBMITTING,
  BUSY_COMPLETING,
} BusyStep;

/* What the error bar's Retry does. */
typedef enum
{
  RETRY_NONE,
  RETRY_CONNECT,
  RETRY_REQUEST,
  RETRY_VERIFY,
} RetryKind;

struct _SignetWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay           *toast_overlay;
  AdwWindowTitle            *window_title;
  GtkWidget                 *back_button;
  GtkRevealer               *busy_revealer;
  GtkWidget                 *busy_status_box;
  GtkSpinner                *busy_spinner;
  GtkLabel                  *busy_label;
  GtkWidget                 *cancel_button;
  GtkRevealer               *error_revealer;
  GtkLabel                  *error_title_label;
  GtkLabel                  *error_detail_label;
  GtkWidget                 *retry_button;
  GtkStack                  *stack;
  SignetServerPage          *server_page;
  SignetNumberPage          *number_page;
  /* Made when first needed, so that the first frame does not wait. */
  SignetChallengePage       *challenge_page;
  SignetVerifyPage          *verify_page;
  SignetDonePage            *done_page;
  SignetResumePage          *resume_page;
  /* Sign-up on any XMPP server: the server's form, its website, the end. */
  GtkWidget                 *form_box;
  SignetFormPage            *form_page;
  GtkWidget                 *form_next_button;
  SignetWebSignupPage       *web_page;
  GtkWidget                 *xmpp_done_page;
  GtkWidget                 *xmpp_done_keyring_label;
  GtkWidget                 *xmpp_done_address_label;
  GtkWidget                 *xmpp_done_close_button;
  /* The accounts window, while it is open. */
  GtkWidget                 *accounts_window;

  /* Cancels the network step under way; a new one replaces it after Cancel. */
  GCancellable              *cancellable;
  /* Cancelled only when the window goes (loading the pending sign-up). */
  GCancellable              *lifetime;
  GSettings                 *settings;

  /* The flow: the registration whose form was fetched for the server
   * page's settings, and the number to register. */
  SignetRegistration        *registration;
  gboolean form_fetched;
  char                      *display_name;
  char                      *e164;
  char                      *international;
  SignetRequestFlags request_flags;
  /* The same server's sign-up form, when it does not sign up by phone. */
  SignetInbandRegistration  *inband;

  /* The sign-up: one per number and name, so that "Try Another Way" and
   * "Register Anyway" keep the key being made. */
  SignetSignup              *signup;
  GBinding                  *key_ready_binding;
  /* It continues a sign-up whose key exists already (it is loaded, not made). */
  gboolean signup_loads_key;
  SignetAccount             *account;
  /* The code was accepted but the login was not: Next logs in again. */
  gboolean login_failed;
  guint verify_poll_id;

  /* A sign-up left by an earlier run, shown on the resume page. */
  SignetPendingRegistration *pending;

  /* What the later pages need is loaded once the first frame is out. */
  gulong first_paint_handler;
  guint warm_up_id;

  /* The command-line development hook: trust this certificate for this
   * domain, and leave the saved server settings alone. */
  char                      *override_domain;
  char                      *override_sha256;
  gboolean keep_settings;

  BusyStep busy;
  char                      *error_title;
  RetryKind retry;
  /* The last toast, dismissed when the page changes. */
  AdwToast                  *toast;
  /* Where the focus was before a network step, to put it back. */
  GtkWidget                 *focus_before_busy;
};

G_DEFINE_FINAL_TYPE (SignetWindow, signet_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void connect_server (SignetWindow *self);
static void start_inband (SignetWindow *self);
static void request_verification (SignetWindow      *self,
                                  SignetRequestFlags flags);
static void start_verify (SignetWindow *self,
                          const char   *code);

/*
 * The pages after the first two are made when first needed.
 */

static void on_can_next_changed (SignetWindow *self);
static void on_challenge_submit (SignetWindow *self,
                                 const char   *code);
static void on_challenge_fallback (SignetWindow *self);
static void on_challenge_change_number (SignetWindow *self);
static void bind_key_ready (SignetWindow *self);

static SignetChallengePage *
get_challenge (SignetWindow *self)
{
  if (self->challenge_page == NULL)
    {
      self->challenge_page = SIGNET_CHALLENGE_PAGE (signet_challenge_page_new ());
      g_signal_connect_object (self->challenge_page, "notify::can-next", G_CALLBACK (on_can_next_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->challenge_page, "submit", G_CALLBACK (on_challenge_submit),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->challenge_page, "fallback", G_CALLBACK (on_challenge_fallback),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->challenge_page, "change-number", G_CALLBACK (on_challenge_change_number),
                               self, G_CONNECT_SWAPPED);
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->challenge_page), "challenge", _("Verification"));
      bind_key_ready (self);
    }

  return self->challenge_page;
}

static SignetVerifyPage *
get_verify (SignetWindow *self)
{
  if (self->verify_page == NULL)
    {
      self->verify_page = SIGNET_VERIFY_PAGE (signet_verify_page_new ());
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->verify_page), "verify", _("Verifying"));
    }

  return self->verify_page;
}

static SignetDonePage *
get_done (SignetWindow *self)
{
  if (self->done_page == NULL)
    {
      self->done_page = SIGNET_DONE_PAGE (signet_done_page_new ());
      /* Translators: the title of the last page, once the account is made. */
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->done_page), "done", C_("page title", "Signed Up"));
    }

  return self->done_page;
}

static SignetResumePage *
get_resume (SignetWindow *self)
{
  if (self->resume_page == NULL)
    {
      self->resume_page = SIGNET_RESUME_PAGE (signet_resume_page_new ());
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->resume_page), "resume", _("Continue Signing Up"));
    }

  return self->resume_page;
}

static void on_form_valid_changed (SignetWindow *self);

static void
on_form_submit (SignetWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static SignetFormPage *
get_form (SignetWindow *self)
{
  if (self->form_page == NULL)
    {
      GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      self->form_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      self->form_page = SIGNET_FORM_PAGE (signet_form_page_new ());
      gtk_widget_set_vexpand (GTK_WIDGET (self->form_page), TRUE);
      g_signal_connect_object (self->form_page, "notify::valid", G_CALLBACK (on_form_valid_changed),
                               self, G_CONNECT_SWAPPED);
      /* Enter in the last field of a complete form. */
      g_signal_connect_object (self->form_page, "submit", G_CALLBACK (on_form_submit),
                               self, G_CONNECT_SWAPPED);

      self->form_next_button = gtk_button_new_with_mnemonic (_("_Sign Up"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->form_next_button), "wizard.next");
      gtk_widget_set_halign (self->form_next_button, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (self->form_next_button, TRUE);
      gtk_widget_add_css_class (self->form_next_button, "suggested-action");
      gtk_widget_add_css_class (self->form_next_button, "pill");
      gtk_widget_set_margin_top (bar, 12);
      gtk_widget_set_margin_bottom (bar, 18);
      gtk_box_append (GTK_BOX (bar), self->form_next_button);

      gtk_box_append (GTK_BOX (self->form_box), GTK_WIDGET (self->form_page));
      gtk_box_append (GTK_BOX (self->form_box), bar);
      gtk_stack_add_titled (self->stack, self->form_box, "form", _("Sign-Up Form"));
    }

  return self->form_page;
}

static SignetWebSignupPage *
get_web (SignetWindow *self)
{
  if (self->web_page == NULL)
    {
      self->web_page = SIGNET_WEB_SIGNUP_PAGE (signet_web_signup_page_new ());
      gtk_stack_add_titled (self->stack, GTK_WIDGET (self->web_page), "web", _("Sign Up on the Website"));
    }

  return self->web_page;
}

static void on_xmpp_done_copy_clicked (SignetWindow *self);

/* The end of a sign-up with a form: the address, what to do with it and
 * where the password is. */
static GtkWidget *
get_xmpp_done (SignetWindow *self)
{
  if (self->xmpp_done_page == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
      GtkWidget *clamp = adw_clamp_new ();
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *row_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      /* Translators: the new chat account's address, such as
       * ada@example.org; not a postal address. */
      GtkWidget *caption = gtk_label_new (_("Address"));
      GtkWidget *copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      GtkWidget *next_step;

      /* The address as on the Kontalk done page: wrapped without hyphens,
       * with a button that copies it. */
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      self->xmpp_done_address_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->xmpp_done_address_label), 0);
      gtk_label_set_wrap (GTK_LABEL (self->xmpp_done_address_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (self->xmpp_done_address_label), PANGO_WRAP_CHAR);
      gtk_label_set_selectable (GTK_LABEL (self->xmpp_done_address_label), TRUE);
      gtk_widget_set_focusable (self->xmpp_done_address_label, FALSE);
      signet_text_label_set_unhyphenated (GTK_LABEL (self->xmpp_done_address_label));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->xmpp_done_address_label),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL,
                                      -1);
      gtk_widget_set_hexpand (text_box, TRUE);
      gtk_box_append (GTK_BOX (text_box), caption);
      gtk_box_append (GTK_BOX (text_box), self->xmpp_done_address_label);

      gtk_widget_set_valign (copy_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (copy_button, _("Copy"));
      gtk_widget_add_css_class (copy_button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the address"),
                                      -1);
      g_signal_connect_object (copy_button, "clicked", G_CALLBACK (on_xmpp_done_copy_clicked), self,
                               G_CONNECT_SWAPPED);

      gtk_widget_set_margin_top (row_box, 9);
      gtk_widget_set_margin_bottom (row_box, 9);
      gtk_widget_set_margin_start (row_box, 12);
      gtk_widget_set_margin_end (row_box, 6);
      gtk_box_append (GTK_BOX (row_box), text_box);
      gtk_box_append (GTK_BOX (row_box), copy_button);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_append (GTK_LIST_BOX (list), row_box);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Address"), -1);

      next_step = gtk_label_new (_("Next, sign in with this address and your password in any XMPP app, "
                                   "such as Dino or Gajim."));
      gtk_label_set_wrap (GTK_LABEL (next_step), TRUE);
      gtk_label_set_justify (GTK_LABEL (next_step), GTK_JUSTIFY_CENTER);

      self->xmpp_done_keyring_label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (self->xmpp_done_keyring_label), TRUE);
      gtk_label_set_justify (GTK_LABEL (self->xmpp_done_keyring_label), GTK_JUSTIFY_CENTER);

      self->xmpp_done_close_button = gtk_button_new_with_mnemonic (_("_Close"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->xmpp_done_close_button), "wizard.next");
      gtk_widget_set_halign (self->xmpp_done_close_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->xmpp_done_close_button, "suggested-action");
      gtk_widget_add_css_class (self->xmpp_done_close_button, "pill");

      gtk_box_append (GTK_BOX (box), list);
      gtk_box_append (GTK_BOX (box), next_step);
      gtk_box_append (GTK_BOX (box), self->xmpp_done_keyring_label);
      gtk_box_append (GTK_BOX (box), self->xmpp_done_close_button);
      adw_clamp_set_child (ADW_CLAMP (clamp), box);

      self->xmpp_done_page = adw_status_page_new ();
      /* The same green check as the Kontalk done page's. */
      gtk_widget_add_css_class (self->xmpp_done_page, "done-status");
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->xmpp_done_page), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (self->xmpp_done_page), _("You Are Signed Up"));
      adw_status_page_set_child (ADW_STATUS_PAGE (self->xmpp_done_page), clamp);
      /* Translators: the title of the last page, once the account is made. */
      gtk_stack_add_titled (self->stack, self->xmpp_done_page, "xmpp-done", C_("page title", "Signed Up"));
    }

  return self->xmpp_done_page;
}

/*
 * Page and action state
 */

static gboolean
is_page (SignetWindow *self,
         GtkWidget    *page,
         gpointer      which)
{
  return page == GTK_WIDGET (which);
}

static GtkWidget *
get_next_button (SignetWindow *self,
                 GtkWidget    *page)
{
  if (is_page (self, page, self->server_page))
    return signet_server_page_get_next_button (self->server_page);
  if (is_page (self, page, self->number_page))
    return signet_number_page_get_next_button (self->number_page);
  if (is_page (self, page, self->challenge_page))
    return signet_challenge_page_get_next_button (get_challenge (self));
  if (is_page (self, page, self->verify_page))
    return self->login_failed ? signet_verify_page_get_retry_button (get_verify (self)) : NULL;
  if (is_page (self, page, self->done_page))
    return signet_done_page_get_close_button (get_done (self));
  if (is_page (self, page, self->resume_page))
    return signet_resume_page_get_continue_button (get_resume (self));
  if (self->form_box != NULL && page == self->form_box)
    return self->form_next_button;
  if (self->xmpp_done_page != NULL && page == self->xmpp_done_page)
    return self->xmpp_done_close_button;

  return NULL;
}

static gboolean
page_can_next (SignetWindow *self,
               GtkWidget    *page)
{
  if (is_page (self, page, self->server_page))
    return signet_server_page_get_can_next (self->server_page);
  if (is_page (self, page, self->number_page))
    return signet_number_page_get_can_next (self->number_page);
  if (is_page (self, page, self->challenge_page))
    return signet_challenge_page_get_can_next (get_challenge (self));
  if (is_page (self, page, self->verify_page))
    return self->login_failed;
  if (is_page (self, page, self->done_page))
    return TRUE;
  if (is_page (self, page, self->resume_page))
    return self->pending != NULL;
  if (self->form_box != NULL && page == self->form_box)
    return self->inband != NULL && signet_form_page_get_valid (self->form_page);
  if (self->xmpp_done_page != NULL && page == self->xmpp_done_page)
    return TRUE;

  return FALSE;
}

/* Where Back leads from @page, or NULL. */
static const char *
page_back (SignetWindow *self,
           GtkWidget    *page)
{
  if (is_page (self, page, self->number_page))
    return "server";
  if ((self->form_box != NULL && page == self->form_box) || is_page (self, page, self->web_page))
    return "server";
  if (is_page (self, page, self->challenge_page))
    return "number";
  /* After a failed login: back to the code (which logs in again). */
  if (is_page (self, page, self->verify_page) && self->login_failed)
    return "challenge";

  return NULL;
}

static void
update_actions (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  gboolean busy = self->busy != BUSY_NONE;
  gboolean has_back = page_back (self, page) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !busy && page_can_next (self, page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", !busy && has_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.retry", !busy && self->retry != RETRY_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.start-over",
                                 !busy && is_page (self, page, self->resume_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.store-secret",
                                 !busy && is_page (self, page, self->done_page) &&
                                 !signet_done_page_get_keyring_stored (self->done_page));
  gtk_widget_set_visible (self->back_button, has_back);
}

static void
update_default_widget (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_window_set_default_widget (GTK_WINDOW (self), get_next_button (self, page));
  update_actions (self);
}

/* The busy bar under the header, with its Cancel, serves the steps that
 * keep the page as it is; the verify and done pages show their own. */
static gboolean
busy_uses_bar (BusyStep busy)
{
  return busy == BUSY_CONNECTING || busy == BUSY_REQUESTING || busy == BUSY_DISCARDING ||
         busy == BUSY_SUBMITTING || busy == BUSY_COMPLETING;
}

static void
set_busy (SignetWindow *self,
          BusyStep      busy,
          const char   *status)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean bar = busy_uses_bar (busy);

  if (bar)
    gtk_label_set_label (self->busy_label, status);

  self->busy = busy;
  gtk_revealer_set_reveal_child (self->busy_revealer, bar);
  gtk_spinner_set_spinning (self->busy_spinner, bar);
  update_actions (self);

  /* The pages wait while the network works, and the focus waits on the
   * status (a focused entry must not turn insensitive under the cursor).
   * Not on Cancel: a full code submits itself, and the Enter the person
   * presses right after it would cancel what they asked for.  Escape
   * cancels, and Tab reaches the button. */
  if (bar)
    {
      if (focus != NULL && focus != self->cancel_button && focus != self->busy_status_box)
        g_set_weak_pointer (&self->focus_before_busy, focus);
      gtk_widget_grab_focus (self->busy_status_box);
      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
    }
  else if (!gtk_widget_get_sensitive (GTK_WIDGET (self->stack)))
    {
      GtkWidget *page = gtk_stack_get_visible_child (self->stack);

      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
      if (self->focus_before_busy != NULL &&
          gtk_widget_is_ancestor (self->focus_before_busy, page) &&
          gtk_widget_is_sensitive (self->focus_before_busy) &&
          gtk_widget_is_visible (self->focus_before_busy))
        gtk_widget_grab_focus (self->focus_before_busy);
      else if (focus == self->cancel_button || focus == self->busy_status_box)
        gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
      g_clear_weak_pointer (&self->focus_before_busy);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
dismiss_error (SignetWindow *self)
{
  self->retry = RETRY_NONE;
  gtk_widget_set_visible (self->retry_button, FALSE);

  if (self->error_title == NULL)
    {
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->error_title, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
show_message_with_retry (SignetWindow *self,
                         const char   *title,
                         const char   *detail,
                         RetryKind     retry)
{
  g_free (self->error_title);
  self->error_title = g_strdup (title);
  gtk_label_set_label (self->error_title_label, title);
  gtk_label_set_label (self->error_detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail_label), detail != NULL && *detail != '\0');
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);

  self->retry = retry;
  gtk_widget_set_visible (self->retry_button, retry != RETRY_NONE);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
show_message (SignetWindow *self,
              const char   *title,
              const char   *detail)
{
  show_message_with_retry (self, title, detail, RETRY_NONE);
}

static void
dismiss_toast (SignetWindow *self)
{
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_clear_weak_pointer (&self->toast);
  g_clear_weak_pointer (&self->focus_before_busy);
}

static void
go_to_page (SignetWindow *self,
            const char   *name)
{
  dismiss_error (self);
  if (g_strcmp0 (name, gtk_stack_get_visible_child_name (self->stack)) != 0)
    dismiss_toast (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* libadwaita 1.2 leaves the toast's close button nameless.  Only the
 * overlay's toasts are walked, not the pages under them. */
static void
name_toast_buttons (SignetWindow *self)
{
  GtkWidget *content = adw_toast_overlay_get_child (self->toast_overlay);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content)
      signet_accessible_name_buttons (child, _("Dismiss the message"));
}

static void
toast (SignetWindow *self,
       const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  dismiss_toast (self);
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  name_toast_buttons (self);
}

/*
 * Errors: a short title of what happened, the specific message below it,
 * and the server's own words when it sent any.
 */

static const char *
connection_error_title (SignetConnectionError code)
{
  switch (code)
    {
    case SIGNET_CONNECTION_ERROR_UNREACHABLE:
      return _("Cannot Reach the Server");
    case SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE:
      return _("No Encrypted Connection");
    case SIGNET_CONNECTION_ERROR_TLS_FAILED:
      return _("Encryption Failed");
    case SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED:
      return _("Server Not Trusted");
    case SIGNET_CONNECTION_ERROR_TIMEOUT:
      return _("The Server Did Not Answer in Time");
    case SIGNET_CONNECTION_ERROR_CLOSED:
    case SIGNET_CONNECTION_ERROR_NOT_CONNECTED:
      return _("Connection Lost");
    case SIGNET_CONNECTION_ERROR_MALFORMED:
      return _("Unreadable Reply From the Server");
    case SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED:
    case SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION:
    case SIGNET_CONNECTION_ERROR_STREAM_HOST_UNKNOWN:
    case SIGNET_CONNECTION_ERROR_STREAM_CONFLICT:
    case SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN:
    case SIGNET_CONNECTION_ERROR_STREAM_OTHER:
      return _("The Server Ended the Connection");
    case SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED:
      return _("Login Refused");
    case SIGNET_CONNECTION_ERROR_FAILED:
    default:
      return _("Connection Failed");
    }
}

static const char *
registration_error_title (SignetRegistrationError code)
{
  switch (code)
    {
    case SIGNET_REGISTRATION_ERROR_NOT_OFFERED:
      return _("No Sign-Up on This Server");
    case SIGNET_REGISTRATION_ERROR_THROTTLED:
      return _("Too Many Attempts");
    case SIGNET_REGISTRATION_ERROR_BAD_NUMBER:
      return _("Number Refused");
    case SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED:
      return _("Terms of Service Not Accepted");
    case SIGNET_REGISTRATION_ERROR_CANNOT_SEND:
      return _("The Server Could Not Reach the Number");
    case SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE:
      return _("Unexpected Reply From the Server");
    case SIGNET_REGISTRATION_ERROR_CODE_REFUSED:
      return _("Code Not Accepted");
    case SIGNET_REGISTRATION_ERROR_KEY_REFUSED:
      return _("Personal Key Refused");
    case SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL:
      return _("Problem on the Server");
    case SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW:
      return _("Not a Phone Number Sign-Up");
    case SIGNET_REGISTRATION_ERROR_CONFLICT:
    case SIGNET_REGISTRATION_ERROR_FAILED:
    default:
      return _("Sign-Up Refused");
    }
}

/* Whether trying the same again may work: the network, not a refusal. */
static gboolean
is_network_error (const GError *error)
{
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return TRUE;

  if (error->domain != SIGNET_CONNECTION_ERROR)
    return FALSE;

  switch (error->code)
    {
    case SIGNET_CONNECTION_ERROR_FAILED:
    case SIGNET_CONNECTION_ERROR_UNREACHABLE:
    case SIGNET_CONNECTION_ERROR_TIMEOUT:
    case SIGNET_CONNECTION_ERROR_CLOSED:
    case SIGNET_CONNECTION_ERROR_NOT_CONNECTED:
    case SIGNET_CONNECTION_ERROR_MALFORMED:
    case SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN:
    case SIGNET_CONNECTION_ERROR_STREAM_OTHER:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
show_error (SignetWindow            *self,
            const GError            *error,
            const SignetStanzaError *server_error,
            RetryKind                retry)
{
  const char *title;
  g_autofree char *message = NULL;
  g_autoptr(GString) detail = NULL;

  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED))
    /* Translators: %s says that the server does not take sign-ups, a whole
     * sentence with its full stop. */
    message = g_strdup_printf (_("%s Choose another server."), error->message);
  detail = g_string_new (message != NULL ? message : error->message);

  if (error->domain == SIGNET_CONNECTION_ERROR)
    title = connection_error_title (error->code);
  else if (error->domain == SIGNET_REGISTRATION_ERROR)
    title = registration_error_title (error->code);
  else if (error->domain == SIGNET_PERSONAL_KEY_ERROR)
    title = _("Your Encryption Key Could Not Be Made");
  else
    title = _("Sign-Up Failed");

  if (server_error != NULL && signet_stanza_error_get_text (server_error) != NULL &&
      strstr (error->message, signet_stanza_error_get_text (server_error)) == NULL)
    {
      g_string_append_c (detail, '\n');
      /* Translators: %s is the server's own explanation, in its language. */
      g_string_append_printf (detail, _("The server said: “%s”"), signet_stanza_error_get_text (server_error));
    }

  show_message_with_retry (self, title, detail->str, is_network_error (error) ? retry : RETRY_NONE);
}

/*
 * Certificates pinned per server (GSettings "pinned-certificates")
 */

static char *
dup_pinned_sha256 (SignetWindow *self,
                   const char   *domain)
{
  g_autoptr(GVariant) pinned = g_settings_get_value (self->settings, "pinned-certificates");
  g_autofree char *key = g_ascii_strdown (domain, -1);
  const char *sha256 = NULL;

  if (g_variant_lookup (pinned, key, "&s", &sha256))
    return g_strdup (sha256);

  return NULL;
}

static void
pin_certificate (SignetWindow *self,
                 const char   *domain,
                 const char   *sha256)
{
  g_autoptr(GVariant) pinned = g_settings_get_value (self->settings, "pinned-certificates");
  g_autofree char *key = g_ascii_strdown (domain, -1);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  const char *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, pinned);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &value))
    if (!g_str_equal (name, key))
      g_variant_builder_add (&builder, "{ss}", name, value);
  g_variant_builder_add (&builder, "{ss}", key, sha256);

  g_settings_set_value (self->settings, "pinned-certificates", g_variant_builder_end (&builder));
}

static char *
dup_trusted_sha256 (SignetWindow *self,
                    const char   *domain)
{
  if (self->override_sha256 != NULL && g_ascii_strcasecmp (domain, self->override_domain) == 0)
    return g_strdup (self->override_sha256);

  return dup_pinned_sha256 (self, domain);
}

/*
 * The sign-up object and its key
 */

static void
update_key_error (SignetWindow *self)
{
  const GError *error = self->signup ? signet_signup_get_resume_error (self->signup) : NULL;

  if (self->challenge_page == NULL)
    return;

  /* The key failed when there is none and nothing can be resumed. */
  if (self->signup != NULL && !signet_signup_get_key_ready (self->signup) && error != NULL)
    signet_challenge_page_set_key_error (self->challenge_page, error->message);
  else
    signet_challenge_page_set_key_error (self->challenge_page, NULL);
}

static void
on_lingering_settled (SignetSignup *signup,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  GApplication *application = g_object_get_data (G_OBJECT (signup), "signet-linger-application");
  guint timeout = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (signup), "signet-linger-timeout"));

  g_signal_handlers_disconnect_by_func (signup, on_lingering_settled, user_data);
  if (timeout != 0)
    g_source_remove (timeout);
  g_object_set_data (G_OBJECT (signup), "signet-linger-timeout", NULL);

  if (application != NULL)
    g_application_release (application);
  g_object_set_data (G_OBJECT (signup), "signet-linger-application", NULL);
  g_object_unref (signup);
}

static gboolean
on_linger_timeout (gpointer data)
{
  SignetSignup *signup = data;

  /* The source goes by itself. */
  g_object_set_data (G_OBJECT (signup), "signet-linger-timeout", NULL);
  on_lingering_settled (signup, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* A window closed while the key is being made lets it finish (and be
 * saved for later) rather than throw it away. */
static void
let_signup_settle (SignetWindow *self)
{
  g_autoptr(SignetSignup) signup = g_steal_pointer (&self->signup);
  GApplication *application;
  guint timeout;

  if (signup == NULL || self->account != NULL || self->signup_loads_key ||
      signet_signup_get_challenge (signup) == NULL || signet_signup_get_key_ready (signup) ||
      signet_signup_get_resume_error (signup) != NULL)
    return;

  /* The window has left its application already: hold the default one. */
  application = g_application_get_default ();
  if (application != NULL)
    {
      g_application_hold (application);
      g_object_set_data_full (G_OBJECT (signup), "signet-linger-application", g_object_ref (application),
                              g_object_unref);
    }

  timeout = g_timeout_add_seconds (LINGER_SECONDS, on_linger_timeout, signup);
  g_object_set_data (G_OBJECT (signup), "signet-linger-timeout", GUINT_TO_POINTER (timeout));
  g_signal_connect (signup, "notify::resumable", G_CALLBACK (on_lingering_settled), NULL);
  g_steal_pointer (&signup);
}

/* The challenge page shows the key being made: "key-ready". */
static void
bind_key_ready (SignetWindow *self)
{
  if (self->challenge_page == NULL)
    return;

  if (self->signup != NULL)
    g_set_weak_pointer (&self->key_ready_binding,
                        g_object_bind_property (self->signup, "key-ready", self->challenge_page, "key-ready",
                                                G_BINDING_SYNC_CREATE));
  else
    signet_challenge_page_set_key_ready (self->challenge_page, FALSE);

  update_key_error (self);
}

static void
set_signup (SignetWindow *self,
            SignetSignup *signup)
{
  if (self->signup == signup)
    return;

  if (self->key_ready_binding != NULL)
    g_binding_unbind (self->key_ready_binding);
  g_clear_weak_pointer (&self->key_ready_binding);
  if (self->signup != NULL)
    g_signal_handlers_disconnect_by_data (self->signup, self);

  g_set_object (&self->signup, signup);
  self->signup_loads_key = FALSE;
  self->login_failed = FALSE;
  g_clear_object (&self->account);

  if (signup != NULL)
    {
      g_signal_connect_object (signup, "notify::key-ready", G_CALLBACK (update_key_error), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (signup, "notify::resumable", G_CALLBACK (update_key_error), self,
                               G_CONNECT_SWAPPED);
    }

  bind_key_ready (self);
}

static char *
dup_international (const char *e164)
{
  g_autoptr(SignetPhoneNumber) number = signet_phone_number_parse (e164, NULL, NULL);

  return g_strdup (number ? signet_phone_number_get_international (number) : e164);
}

/*
 * Step 1: connecting and fetching the registration form
 */

static void
save_server_settings (SignetWindow *self)
{
  const char *host = signet_server_page_get_host (self->server_page);

  if (self->keep_settings)
    return;

  g_settings_set_string (self->settings, "server", signet_server_page_get_domain (self->server_page));
  g_settings_set_string (self->settings, "server-host", host ? host : "");
  g_settings_set_boolean (self->settings, "direct-tls", signet_server_page_get_direct_tls (self->server_page));
}

static void
drop_registration (SignetWindow *self)
{
  g_clear_object (&self->registration);
  g_clear_object (&self->inband);
  self->form_fetched = FALSE;
  /* A sign-up belongs to the server it was started on. */
  set_signup (self, NULL);
}

/* Goes on with the form fetched: which way this server signs up. */
static void
continue_with_form (SignetWindow *self)
{
  const char *domain = signet_server_page_get_domain (self->server_page);

  switch (signet_registration_get_flow (self->registration))
    {
    case SIGNET_REGISTRATION_FLOW_PHONE:
      save_server_settings (self);
      if (signet_registration_get_requires_terms (self->registration) &&
          !signet_server_page_get_terms_accepted (self->server_page))
        {
          /* The terms appear on the page, with the focus on "I accept". */
          if (!signet_server_page_get_terms_shown (self->server_page))
            signet_server_page_show_terms (self->server_page,
                                           signet_registration_get_terms_url (self->registration));
          update_actions (self);
          return;
        }
      adw_window_title_set_subtitle (self->window_title, domain);
      go_to_page (self, "number");
      break;

    case SIGNET_REGISTRATION_FLOW_FORM:
    case SIGNET_REGISTRATION_FLOW_WEB:
    default:
      /* Any other XMPP server: its own form (XEP-0077), or its website. */
      start_inband (self);
      break;
    }
}

static void
on_certificate_response (SignetWindow            *self,
                         const char              *response,
                         SignetCertificateDialog *dialog)
{
  const SignetCertificateInfo *certificate = signet_certificate_dialog_get_certificate (dialog);
  const char *domain = signet_server_page_get_domain (self->server_page);

  if (g_strcmp0 (response, SIGNET_CERTIFICATE_RESPONSE_TRUST) == 0)
    {
      pin_certificate (self, domain, signet_certificate_info_get_sha256 (certificate));
      connect_server (self);
      return;
    }

  /* Translators: %s is a server's domain. */
  {
    g_autofree char *detail = g_strdup_printf (_("Signet did not connect to %s because you did not trust its "
                                                 "certificate."), domain);
    show_message (self, _("Server Not Trusted"), detail);
  }
}

static void
ask_to_trust (SignetWindow                *self,
              const SignetCertificateInfo *certificate)
{
  const char *domain = signet_server_page_get_domain (self->server_page);
  g_autofree char *pinned = dup_pinned_sha256 (self, domain);
  GtkWidget *dialog = signet_certificate_dialog_new (GTK_WINDOW (self), domain, certificate);

  if (pinned != NULL)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("Server Certificate Changed"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_certificate_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_form_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetRegistration *registration = SIGNET_REGISTRATION (source);
  g_autoptr(GError) error = NULL;
  gboolean fetched;

  fetched = signet_registration_fetch_form_finish (registration, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || registration != self->registration)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (!fetched)
    {
      const SignetCertificateInfo *certificate =
        signet_connection_get_peer_certificate (signet_registration_get_connection (registration));

      if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
          certificate != NULL)
        ask_to_trust (self, certificate);
      else
        show_error (self, error, signet_registration_get_server_error (registration), RETRY_CONNECT);

      drop_registration (self);
      return;
    }

  self->form_fetched = TRUE;
  continue_with_form (self);
}

/* A connection with the server page's settings (host, TLS, trust). */
static SignetConnection *
new_server_connection (SignetWindow *self,
                       GError      **error)
{
  const char *domain = signet_server_page_get_domain (self->server_page);
  const char *host = signet_server_page_get_host (self->server_page);
  g_autoptr(SignetConnection) connection = signet_connection_new (domain);
  g_autofree char *sha256 = NULL;

  if (host != NULL && !signet_connection_set_host_and_port (connection, host, error))
    return NULL;
  signet_connection_set_direct_tls (connection, signet_server_page_get_direct_tls (self->server_page));
  sha256 = dup_trusted_sha256 (self, domain);
  if (sha256 != NULL)
    signet_connection_set_trusted_sha256 (connection, sha256);

  return g_steal_pointer (&connection);
}

static void
connect_server (SignetWindow *self)
{
  const char *domain = signet_server_page_get_domain (self->server_page);
  g_autoptr(SignetConnection) connection = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;

  dismiss_error (self);
  drop_registration (self);

  connection = new_server_connection (self, &error);
  if (connection == NULL)
    {
      show_error (self, error, NULL, RETRY_NONE);
      return;
    }

  self->registration = signet_registration_new (connection);

  /* Translators: %s is a server's domain. */
  status = g_strdup_printf (_("Connecting to %s…"), domain);
  set_busy (self, BUSY_CONNECTING, status);
  signet_registration_fetch_form_async (self->registration, self->cancellable,
                                        on_form_fetched, g_object_ref (self));
}

/*
 * Sign-up on any other XMPP server: its form (XEP-0077) or its website
 */

static void
on_inband_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetInbandRegistration *inband = SIGNET_INBAND_REGISTRATION (source);
  g_autoptr(GError) error = NULL;
  const char *domain;

  if (!signet_inband_registration_fetch_finish (inband, result, &error) &&
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || inband != self->inband))
    return;
  if (inband != self->inband)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (error != NULL)
    {
      show_error (self, error, signet_inband_registration_get_server_error (inband), RETRY_CONNECT);
      g_clear_object (&self->inband);
      return;
    }

  save_server_settings (self);
  domain = signet_server_page_get_domain (self->server_page);
  adw_window_title_set_subtitle (self->window_title, domain);

  if (signet_inband_registration_get_form_kind (inband) == SIGNET_INBAND_FORM_WEB)
    {
      signet_web_signup_page_set_registration (get_web (self), inband);
      go_to_page (self, "web");
      return;
    }

  signet_form_page_set_form (get_form (self), signet_inband_registration_get_form (inband));
  signet_form_page_set_instructions (get_form (self), signet_inband_registration_get_instructions (inband));
  /* A new form starts at its first field; what is missing is said only
   * once the person tries to go on. */
  go_to_page (self, "form");
}

static void
start_inband (SignetWindow *self)
{
  const char *domain = signet_server_page_get_domain (self->server_page);
  g_autoptr(SignetConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  dismiss_error (self);
  g_clear_object (&self->inband);

  connection = new_server_connection (self, &error);
  if (connection == NULL)
    {
      show_error (self, error, NULL, RETRY_NONE);
      return;
    }

  self->inband = signet_inband_registration_new (connection);

  /* Translators: %s is a server's domain. */
  status = g_strdup_printf (_("Getting the sign-up form of %s…"), domain);
  set_busy (self, BUSY_CONNECTING, status);
  signet_inband_registration_fetch_async (self->inband, self->cancellable, on_inband_fetched,
                                          g_object_ref (self));
}

static void
on_xmpp_done_copy_clicked (SignetWindow *self)
{
  if (self->account == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), signet_account_get_jid (self->account));
  toast (self, _("Address copied"));
}

static void
show_xmpp_done (SignetWindow  *self,
                SignetAccount *account)
{
  const GError *keyring_error = signet_inband_registration_get_keyring_error (self->inband);
  g_autofree char *description = NULL;
  g_autofree char *keyring = NULL;

  g_set_object (&self->account, account);

  get_xmpp_done (self);
  /* Translators: %s is the server's domain, in bold. */
  description = g_markup_printf_escaped (_("Your account on <b>%s</b> is ready."),
                                         signet_account_get_server (account));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->xmpp_done_page), description);
  gtk_label_set_label (GTK_LABEL (self->xmpp_done_address_label), signet_account_get_jid (account));

  if (keyring_error != NULL)
    /* Translators: %s says why the keyring could not be used, a whole
     * sentence with its full stop. */
    keyring = g_strdup_printf (_("The password is not in your keyring: %s Keep it somewhere safe."),
                               keyring_error->message);
  else
    keyring = g_strdup (_("The password is saved in your keyring."));
  gtk_label_set_label (GTK_LABEL (self->xmpp_done_keyring_label), keyring);

  go_to_page (self, "xmpp-done");
  gtk_widget_grab_focus (self->xmpp_done_close_button);
}

/* Shows a failed submission on the form: under its field when the server
 * said which, at the top otherwise. */
static void
show_form_error (SignetWindow *self,
                 const GError *error)
{
  SignetDataForm *form = signet_inband_registration_get_form (self->inband);
  const char *field = signet_inband_registration_get_error_field (self->inband);

  if (error->domain != SIGNET_INBAND_ERROR)
    {
      show_error (self, error, signet_inband_registration_get_server_error (self->inband), RETRY_NONE);
      return;
    }

  /* A new form (a modify error, a new CAPTCHA) keeps what was typed. */
  if (form != NULL && form != signet_form_page_get_form (get_form (self)))
    signet_form_page_set_form (get_form (self), form);

  if (field == NULL || !signet_form_page_show_field_error (get_form (self), field, error->message))
    {
      if (field == NULL)
        signet_form_page_show_error (get_form (self), error->message);
      signet_form_page_focus (get_form (self));
    }
}

static void
on_inband_completed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetInbandRegistration *inband = SIGNET_INBAND_REGISTRATION (source);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = signet_inband_registration_complete_finish (inband, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || inband != self->inband)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (account == NULL)
    {
      if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_LOGIN_REFUSED))
        show_message (self, _("Login Refused"), error->message);
      else
        show_error (self, error, signet_inband_registration_get_server_error (inband), RETRY_NONE);
      return;
    }

  show_xmpp_done (self, account);
}

static void
complete_inband (SignetWindow *self)
{
  g_autofree char *status = NULL;

  /* Translators: %s is the new account's address. */
  status = g_strdup_printf (_("Logging in as %s…"), signet_inband_registration_get_jid (self->inband));
  set_busy (self, BUSY_COMPLETING, status);
  signet_inband_registration_complete_async (self->inband, self->cancellable, on_inband_completed,
                                             g_object_ref (self));
}

static void
on_inband_submitted (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetInbandRegistration *inband = SIGNET_INBAND_REGISTRATION (source);
  g_autoptr(GError) error = NULL;
  gboolean submitted;

  submitted = signet_inband_registration_submit_finish (inband, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || inband != self->inband)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (!submitted)
    {
      show_form_error (self, error);
      return;
    }

  complete_inband (self);
}

static void
submit_form (SignetWindow *self)
{
  g_autofree char *status = NULL;

  if (self->inband == NULL)
    {
      go_to_page (self, "server");
      return;
    }

  /* Accepted already (the login failed): only the login is left. */
  if (signet_inband_registration_get_registered (self->inband))
    {
      complete_inband (self);
      return;
    }

  dismiss_error (self);
  signet_form_page_clear_errors (get_form (self));
  /* Translators: %s is a server's domain. */
  status = g_strdup_printf (_("Signing up on %s…"), signet_server_page_get_domain (self->server_page));
  set_busy (self, BUSY_SUBMITTING, status);
  signet_inband_registration_submit_async (self->inband, self->cancellable, on_inband_submitted,
                                           g_object_ref (self));
}

/*
 * Steps 2 and 3: the number, the request, the challenge
 */

static void
on_conflict_response (SignetWindow *self,
                      const char   *response)
{
  if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_FORCE) == 0)
    request_verification (self, (self->request_flags & ~SIGNET_REQUEST_FLAGS_FALLBACK) |
                          SIGNET_REQUEST_FLAGS_FORCE);
  else if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_OTHER) == 0)
    {
      go_to_page (self, "number");
      signet_number_page_focus_number (self->number_page);
    }
}

static void
show_conflict (SignetWindow *self)
{
  GtkWidget *dialog = signet_conflict_dialog_new (GTK_WINDOW (self), self->international,
                                                  signet_server_page_get_domain (self->server_page));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_challenge (SignetWindow    *self,
                SignetChallenge *challenge)
{
  signet_challenge_page_set_challenge (get_challenge (self), challenge, self->international);
  update_key_error (self);
  go_to_page (self, "challenge");
  signet_challenge_page_focus (get_challenge (self));
}

static void
on_verification_requested (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetSignup *signup = SIGNET_SIGNUP (source);
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(GError) error = NULL;

  challenge = signet_signup_request_finish (signup, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || signup != self->signup)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (challenge == NULL)
    {
      SignetRegistration *registration = signet_signup_get_registration (signup);

      if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CONFLICT))
        {
          show_conflict (self);
          return;
        }

      if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED) &&
          self->registration != NULL)
        {
          go_to_page (self, "server");
          signet_server_page_show_terms (self->server_page,
                                         signet_registration_get_terms_url (self->registration));
        }

      show_error (self, error, signet_registration_get_server_error (registration), RETRY_REQUEST);
      return;
    }

  /* The personal key is being made from now on (signet_signup_request_async). */
  show_challenge (self, challenge);

  if (self->request_flags & SIGNET_REQUEST_FLAGS_FALLBACK)
    toast (self, _("Trying another way"));
}

static void
request_verification (SignetWindow      *self,
                      SignetRequestFlags flags)
{
  g_autofree char *status = NULL;
  g_autofree char *number = NULL;
  const char *domain;

  if (self->e164 == NULL || (self->signup == NULL && self->registration == NULL))
    {
      go_to_page (self, "server");
      return;
    }

  /* The same number and name keep their sign-up, and so their key. */
  if (self->signup == NULL)
    {
      g_autoptr(SignetSignup) signup = signet_signup_new (signet_registration_get_connection (self->registration),
                                                          self->display_name, self->e164);

      set_signup (self, signup);
    }

  dismiss_error (self);
  self->request_flags = flags & ~SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;
  if (signet_server_page_get_terms_accepted (self->server_page))
    flags |= SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;

  domain = signet_connection_get_domain (signet_registration_get_connection (signet_signup_get_registration (self->signup)));
  number = signet_text_dup_unbreakable (self->international);
  /* Translators: the first %s is a server's domain, the second a phone number. */
  status = g_strdup_printf (_("Asking %s to verify %s…"), domain, number);
  set_busy (self, BUSY_REQUESTING, status);
  signet_signup_request_async (self->signup, flags, -1, self->cancellable,
                               on_verification_requested, g_object_ref (self));
}

static void
on_confirm_number_response (SignetWindow *self,
                            const char   *response)
{
  if (g_strcmp0 (response, SIGNET_CONFIRM_NUMBER_RESPONSE_SEND) == 0)
    request_verification (self, SIGNET_REQUEST_FLAGS_NONE);
  else
    signet_number_page_focus_number (self->number_page);
}

static void
confirm_number (SignetWindow *self)
{
  const SignetPhoneNumber *number = signet_number_page_get_number (self->number_page);
  const char *name = signet_number_page_get_display_name (self->number_page);
  GtkWidget *dialog;

  if (number == NULL)
    return;

  /* Another number or name is another key, so another sign-up. */
  if (self->signup != NULL &&
      (g_strcmp0 (signet_signup_get_e164 (self->signup), signet_phone_number_get_e164 (number)) != 0 ||
       g_strcmp0 (signet_signup_get_display_name (self->signup), name) != 0))
    set_signup (self, NULL);

  g_free (self->display_name);
  self->display_name = g_strdup (name);
  g_free (self->e164);
  self->e164 = g_strdup (signet_phone_number_get_e164 (number));
  g_free (self->international);
  self->international = g_strdup (signet_phone_number_get_international (number));

  dialog = signet_confirm_number_dialog_new (GTK_WINDOW (self), self->international);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_number_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Steps 4 and 5: the code, the key certified, the first login
 */

static void
stop_verify_poll (SignetWindow *self)
{
  g_clear_handle_id (&self->verify_poll_id, g_source_remove);
}

/* Whether the server took the code (and certified the key): what is left
 * is the login, which can be tried again without the code. */
static gboolean
code_accepted (SignetWindow *self)
{
  SignetVerification *verification = self->signup ? signet_signup_get_verification (self->signup) : NULL;

  return verification != NULL && signet_verification_get_certifier_key_id (verification) != NULL;
}

static SignetVerifyStep
current_verify_step (SignetWindow *self)
{
  if (!signet_signup_get_key_ready (self->signup))
    return SIGNET_VERIFY_STEP_KEY;
  if (!code_accepted (self))
    return SIGNET_VERIFY_STEP_CODE;
  return SIGNET_VERIFY_STEP_LOGIN;
}

/* SignetSignup says nothing between its steps; what it has done so far
 * is cheap to look at. */
static gboolean
on_verify_poll (gpointer data)
{
  SignetWindow *self = data;

  signet_verify_page_set_step (get_verify (self), current_verify_step (self));
  return G_SOURCE_CONTINUE;
}

static void
show_done (SignetWindow  *self,
           SignetAccount *account)
{
  SignetVerification *verification = signet_signup_get_verification (self->signup);
  g_autofree char *international = dup_international (signet_account_get_phone (account));

  g_set_object (&self->account, account);
  self->login_failed = FALSE;

  signet_done_page_set_account (get_done (self), signet_account_get_server (account), international,
                                signet_account_get_jid (account), signet_account_get_fingerprint (account));
  signet_done_page_set_certification (get_done (self),
                                      signet_verification_get_certification_verified (verification),
                                      signet_verification_get_server_fingerprint (verification),
                                      signet_verification_get_certifier_key_id (verification));
  signet_done_page_set_keyring_error (get_done (self), signet_signup_get_keyring_error (self->signup));

  signet_verify_page_set_step (get_verify (self), SIGNET_VERIFY_STEP_DONE);
  go_to_page (self, "done");
  gtk_widget_grab_focus (signet_done_page_get_close_button (get_done (self)));
}

/* The code was taken but logging in did not work: the verify page offers
 * to log in again. */
static void
show_login_failed (SignetWindow *self,
                   const GError *error)
{
  SignetVerification *verification = signet_signup_get_verification (self->signup);

  self->login_failed = TRUE;
  signet_verify_page_set_step (get_verify (self), SIGNET_VERIFY_STEP_LOGIN);
  signet_verify_page_set_failed (get_verify (self), TRUE);
  update_default_widget (self);

  if (error != NULL)
    {
      if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED))
        show_message (self, _("Login Refused"), error->message);
      else
        show_error (self, error, signet_verification_get_server_error (verification), RETRY_NONE);
    }

  gtk_widget_grab_focus (signet_verify_page_get_retry_button (get_verify (self)));
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetSignup *signup = SIGNET_SIGNUP (source);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  SignetVerification *verification;
  const SignetStanzaError *server_error;

  account = signet_signup_verify_finish (signup, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || signup != self->signup)
    return;

  stop_verify_poll (self);
  set_busy (self, BUSY_NONE, NULL);

  if (account != NULL)
    {
      show_done (self, account);
      return;
    }

  if (code_accepted (self))
    {
      show_login_failed (self, error);
      return;
    }

  /* Everything else goes back to the code, as it was typed. */
  verification = signet_signup_get_verification (signup);
  server_error = verification ? signet_verification_get_server_error (verification) : NULL;
  go_to_page (self, "challenge");

  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED))
    {
      g_autofree char *detail = NULL;
      SignetChallenge *challenge = signet_challenge_page_get_challenge (get_challenge (self));

      /* Translators (the three messages): %s is why the server refused the
       * code, a whole sentence with its full stop. */
      if (challenge != NULL && signet_challenge_get_challenge_type (challenge) == SIGNET_CHALLENGE_CALLER_ID)
        detail = g_strdup_printf (_("%s The server did not see your call yet. Call again, then press “I Called”."),
                                  error->message);
      else if (challenge != NULL && signet_challenge_get_can_fallback (challenge))
        detail = g_strdup_printf (_("%s Type it again, or choose “Try Another Way” to get a new one."),
                                  error->message);
      else
        detail = g_strdup_printf (_("%s Check it and type it again."), error->message);

      show_message (self, _("Wrong or Expired Code"), detail);
      signet_challenge_page_select_code (get_challenge (self));
      return;
    }

  show_error (self, error, server_error, RETRY_VERIFY);
  signet_challenge_page_focus (get_challenge (self));
}

static void
start_verify (SignetWindow *self,
              const char   *code)
{
  signet_verify_page_start (get_verify (self),
                            signet_connection_get_domain (signet_registration_get_connection (signet_signup_get_registration (self->signup))),
                            current_verify_step (self));
  self->login_failed = FALSE;
  go_to_page (self, "verify");
  set_busy (self, BUSY_VERIFYING, NULL);
  update_default_widget (self);
  /* The progress, not Cancel: the code may have submitted itself, and the
   * Enter pressed right after it must not cancel (Escape does). */
  gtk_widget_child_focus (GTK_WIDGET (get_verify (self)), GTK_DIR_TAB_FORWARD);

  stop_verify_poll (self);
  self->verify_poll_id = g_timeout_add (VERIFY_POLL_MS, on_verify_poll, self);
  signet_signup_verify_async (self->signup, code, self->cancellable, on_verified, g_object_ref (self));
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetSignup *signup = SIGNET_SIGNUP (source);
  g_autoptr(GError) error = NULL;
  gboolean stored;

  stored = signet_signup_store_secret_finish (signup, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || signup != self->signup)
    return;

  set_busy (self, BUSY_NONE, NULL);
  signet_done_page_set_keyring_error (get_done (self), stored ? NULL : error);
  update_actions (self);
  if (stored)
    {
      toast (self, _("Passphrase saved in the keyring"));
      gtk_widget_grab_focus (signet_done_page_get_close_button (get_done (self)));
    }
}

/*
 * The resume page: a sign-up left by an earlier run
 */

static void
free_weak_ref (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
on_pending_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SignetWindow) self = g_weak_ref_get (g_task_get_task_data (G_TASK (result)));
  g_autoptr(SignetPendingRegistration) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *international = NULL;
  const char *domain;

  pending = g_task_propagate_pointer (G_TASK (result), &error);
  /* A window closed meanwhile does not wait for this. */
  if (self == NULL)
    return;

  if (pending == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND))
        g_message ("The earlier sign-up cannot be continued: %s", error->message);
      return;
    }

  /* Too late: the person started something new meanwhile. */
  if (self->busy != BUSY_NONE || self->registration != NULL || self->signup != NULL ||
      g_strcmp0 (signet_window_get_page (self), "server") != 0)
    return;

  g_set_object (&self->pending, pending);
  domain = signet_pending_registration_get_domain (pending);
  international = dup_international (signet_pending_registration_get_phone (pending));
  signet_resume_page_set_pending (get_resume (self), international, domain,
                                  signet_pending_registration_get_requested (pending));

  /* It replaces the first page, so it does not slide in. */
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  go_to_page (self, "resume");
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  adw_window_title_set_subtitle (self->window_title, domain);
  gtk_widget_grab_focus (signet_resume_page_get_continue_button (get_resume (self)));
}

static void
load_pending_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GError *error = NULL;
  SignetPendingRegistration *pending = signet_pending_registration_load (&error);

  if (pending == NULL)
    {
      /* A damaged file would be offered again on every start. */
      if (g_error_matches (error, SIGNET_PENDING_REGISTRATION_ERROR, SIGNET_PENDING_REGISTRATION_ERROR_INVALID))
        signet_pending_registration_delete_file (NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, pending, g_object_unref);
}

static void
load_pending (SignetWindow *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->lifetime, on_pending_loaded, NULL);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_task_set_task_data (task, ref, (GDestroyNotify) free_weak_ref);
  g_task_set_source_tag (task, load_pending);
  g_task_run_in_thread (task, load_pending_in_thread);
}

static void
continue_pending (SignetWindow *self)
{
  g_autoptr(SignetSignup) signup = NULL;
  SignetPendingRegistration *pending = self->pending;
  SignetChallenge *challenge;
  const char *host;
  const char *domain;

  if (pending == NULL)
    return;

  signup = signet_signup_new_from_pending (pending);
  challenge = signet_signup_get_challenge (signup);
  if (challenge == NULL)
    {
      show_message (self, _("This Sign-Up Cannot Be Continued"),
                    _("Signet did not save what the server asked for. Start over to sign up again."));
      return;
    }

  set_signup (self, signup);
  self->signup_loads_key = signet_pending_registration_get_fingerprint (pending) != NULL;

  g_free (self->display_name);
  self->display_name = g_strdup (signet_pending_registration_get_display_name (pending));
  g_free (self->e164);
  self->e164 = g_strdup (signet_pending_registration_get_phone (pending));
  g_free (self->international);
  self->international = dup_international (self->e164);

  /* Changing the number later goes through the same server. */
  domain = signet_pending_registration_get_domain (pending);
  host = signet_pending_registration_get_host (pending);
  {
    g_autofree char *host_and_port = NULL;

    if (host != NULL && signet_pending_registration_get_port (pending) != 0)
      host_and_port = g_strdup_printf (strchr (host, ':') ? "[%s]:%u" : "%s:%u", host,
                                       signet_pending_registration_get_port (pending));
    else
      host_and_port = g_strdup (host);
    signet_server_page_set_server (self->server_page, domain, host_and_port,
                                   signet_pending_registration_get_direct_tls (pending));
  }
  if (signet_pending_registration_get_trusted_sha256 (pending) != NULL)
    {
      g_free (self->override_domain);
      self->override_domain = g_strdup (domain);
      g_free (self->override_sha256);
      self->override_sha256 = g_strdup (signet_pending_registration_get_trusted_sha256 (pending));
    }

  g_clear_object (&self->pending);
  adw_window_title_set_subtitle (self->window_title, domain);
  show_challenge (self, challenge);
}

static void
on_pending_discarded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  signet_pending_registration_discard_finish (SIGNET_PENDING_REGISTRATION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      SIGNET_PENDING_REGISTRATION (source) != self->pending)
    return;

  set_busy (self, BUSY_NONE, NULL);
  g_clear_object (&self->pending);

  go_to_page (self, "server");
  gtk_widget_child_focus (GTK_WIDGET (self->server_page), GTK_DIR_TAB_FORWARD);

  /* The sign-up is forgotten either way; the keyring may keep a secret. */
  if (error != NULL)
    g_message ("The earlier sign-up's passphrase stays in the keyring: %s", error->message);
}

/*
 * Startup: the first frame first, then what the next pages need.
 */

static gboolean
warm_up (gpointer data)
{
  SignetWindow *self = data;

  self->warm_up_id = 0;
  /* The country list and libphonenumber's metadata. */
  signet_number_page_get_region (self->number_page);

  return G_SOURCE_REMOVE;
}

static void
on_first_paint (GdkFrameClock *clock,
                SignetWindow  *self)
{
  g_clear_signal_handler (&self->first_paint_handler, clock);
  if (self->warm_up_id == 0)
    self->warm_up_id = g_idle_add_full (G_PRIORITY_LOW, warm_up, self, NULL);
}

static void
on_realize (SignetWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL && self->first_paint_handler == 0 && self->warm_up_id == 0)
    self->first_paint_handler = g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_paint),
                                                         self, 0);
}

/*
 * Callbacks
 */

/* GTK 4.8 keeps the stack's other pages, and a closed revealer's child, in
 * the accessibility tree as visible: a screen reader would read them. */
static void
hide_inactive_pages (SignetWindow *self,
                     GtkWidget    *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, child != page, -1);
}

static void
on_revealer_child_revealed (GtkRevealer *revealer)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (revealer), GTK_ACCESSIBLE_STATE_HIDDEN,
                               !gtk_revealer_get_child_revealed (revealer) &&
                               !gtk_revealer_get_reveal_child (revealer),
                               -1);
}

/* A new page starts at its first field, so that typing and Enter go to the
 * page rather than to the header bar. */
static void
focus_page (SignetWindow *self,
            GtkWidget    *page)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (page == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->stack)))
    return;
  if (focus != NULL && gtk_widget_is_ancestor (focus, page))
    return;

  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
on_visible_page_changed (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (page == GTK_WIDGET (self->server_page))
    adw_window_title_set_subtitle (self->window_title, NULL);

  hide_inactive_pages (self, page);
  focus_page (self, page);

  update_default_widget (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_can_next_changed (SignetWindow *self)
{
  update_actions (self);
}

static void
on_form_valid_changed (SignetWindow *self)
{
  update_actions (self);
}

static void
on_server_changed (SignetWindow *self)
{
  /* What the previous server said does not apply to this one. */
  drop_registration (self);
  dismiss_error (self);
}

static void
on_challenge_submit (SignetWindow *self,
                     const char   *code)
{
  if (self->busy != BUSY_NONE)
    return;

  if (self->signup == NULL)
    {
      go_to_page (self, "server");
      return;
    }

  start_verify (self, code);
}

static void
on_challenge_fallback (SignetWindow *self)
{
  request_verification (self, self->request_flags | SIGNET_REQUEST_FLAGS_FALLBACK);
}

static void
on_challenge_change_number (SignetWindow *self)
{
  go_to_page (self, "number");
  signet_number_page_focus_number (self->number_page);
}

/*
 * Actions
 */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (self->busy != BUSY_NONE || !page_can_next (self, page))
    return;

  if (page == GTK_WIDGET (self->server_page))
    {
      if (self->registration != NULL && self->form_fetched)
        continue_with_form (self);
      else
        connect_server (self);
    }
  else if (page == GTK_WIDGET (self->number_page))
    confirm_number (self);
  else if (page == GTK_WIDGET (self->challenge_page))
    signet_challenge_page_submit (get_challenge (self));
  else if (page == GTK_WIDGET (self->verify_page))
    /* Logs in again: the code was taken already. */
    start_verify (self, NULL);
  else if (page == GTK_WIDGET (self->done_page))
    gtk_window_close (GTK_WINDOW (self));
  else if (page == GTK_WIDGET (self->resume_page))
    continue_pending (self);
  else if (self->form_box != NULL && page == self->form_box)
    submit_form (self);
  else if (self->xmpp_done_page != NULL && page == self->xmpp_done_page)
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  const char *back = page_back (self, page);

  if (self->busy != BUSY_NONE || back == NULL)
    return;

  go_to_page (self, back);
  if (g_str_equal (back, "challenge"))
    signet_challenge_page_focus (get_challenge (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  BusyStep step = self->busy;

  if (step == BUSY_NONE)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* A half-made connection is of no further use. */
  if (step == BUSY_CONNECTING)
    drop_registration (self);
  /* The form stays, with what was typed; the next submission fetches it
   * again if the stream went. */

  set_busy (self, BUSY_NONE, NULL);

  switch (step)
    {
    case BUSY_REQUESTING:
      /* Translators: a toast, which a narrow window cuts after about 30 characters. */
      toast (self, _("Cancelled; ignore any late code"));
      break;

    case BUSY_VERIFYING:
      stop_verify_poll (self);
      if (code_accepted (self))
        show_login_failed (self, NULL);
      else
        {
          go_to_page (self, "challenge");
          signet_challenge_page_focus (get_challenge (self));
        }
      /* Translators: a short notice: the network request was stopped. */
      toast (self, _("Cancelled"));
      break;

    case BUSY_STORING:
      signet_done_page_set_storing (get_done (self), FALSE);
      update_actions (self);
      break;

    case BUSY_CONNECTING:
    case BUSY_DISCARDING:
    case BUSY_SUBMITTING:
    case BUSY_COMPLETING:
    case BUSY_NONE:
    default:
      toast (self, _("Cancelled"));
      break;
    }
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (self->busy != BUSY_NONE)
    cancel_action (widget, NULL, NULL);
  else
    back_action (widget, NULL, NULL);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dismiss_error (SIGNET_WINDOW (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  RetryKind retry = self->retry;

  if (self->busy != BUSY_NONE)
    return;

  dismiss_error (self);
  switch (retry)
    {
    case RETRY_CONNECT:
      connect_server (self);
      break;
    case RETRY_REQUEST:
      request_verification (self, self->request_flags);
      break;
    case RETRY_VERIFY:
      signet_challenge_page_submit (get_challenge (self));
      break;
    case RETRY_NONE:
    default:
      break;
    }
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (self->busy != BUSY_NONE || self->pending == NULL)
    return;

  set_busy (self, BUSY_DISCARDING, _("Forgetting the earlier sign-up…"));
  signet_pending_registration_discard_async (self->pending, self->cancellable, on_pending_discarded,
                                             g_object_ref (self));
}

static void
store_secret_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (self->busy != BUSY_NONE || self->signup == NULL || self->account == NULL)
    return;

  signet_done_page_set_storing (get_done (self), TRUE);
  set_busy (self, BUSY_STORING, NULL);
  signet_signup_store_secret_async (self->signup, self->cancellable, on_secret_stored, g_object_ref (self));
}

/*
 * The accounts window: the accounts Signet signed up for
 */

/* The server page's settings (host, TLS) for its own domain; the trusted
 * certificate for any. */
static SignetConnection *
accounts_connection (SignetAccount *account,
                     gpointer       user_data)
{
  g_autoptr(SignetWindow) self = g_weak_ref_get (user_data);
  const char *domain = signet_account_get_server (account);
  g_autoptr(SignetConnection) connection = signet_connection_new (domain);
  g_autofree char *sha256 = NULL;

  if (self == NULL)
    return g_steal_pointer (&connection);

  if (g_ascii_strcasecmp (domain, signet_server_page_get_domain (self->server_page)) == 0)
    {
      const char *host = signet_server_page_get_host (self->server_page);
      g_autoptr(GError) error = NULL;

      if (host != NULL && !signet_connection_set_host_and_port (connection, host, &error))
        g_message ("Cannot use the server address %s: %s", host, error->message);
      signet_connection_set_direct_tls (connection, signet_server_page_get_direct_tls (self->server_page));
    }

  sha256 = dup_trusted_sha256 (self, domain);
  if (sha256 != NULL)
    signet_connection_set_trusted_sha256 (connection, sha256);

  return g_steal_pointer (&connection);
}

static void
accounts_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *window;
  GWeakRef *ref;

  if (self->accounts_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->accounts_window));
      return;
    }

  window = signet_accounts_window_new (GTK_WINDOW (self));
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  signet_accounts_page_set_connection_func (signet_accounts_window_get_page (SIGNET_ACCOUNTS_WINDOW (window)),
                                            accounts_connection, ref, (GDestroyNotify) free_weak_ref);

  g_set_weak_pointer (&self->accounts_window, window);
  gtk_window_present (GTK_WINDOW (window));
}

/*
 * GtkWindow
 */

static gboolean
signet_window_close_request (GtkWindow *window)
{
  SignetWindow *self = SIGNET_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Nothing goes on in the background once the window is gone. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lifetime);

  return GTK_WINDOW_CLASS (signet_window_parent_class)->close_request (window);
}

/*
 * GObject
 */

static void
signet_window_dispose (GObject *object)
{
  SignetWindow *self = (SignetWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->lifetime != NULL)
    g_cancellable_cancel (self->lifetime);
  stop_verify_poll (self);
  g_clear_handle_id (&self->warm_up_id, g_source_remove);

  if (self->key_ready_binding != NULL)
    g_binding_unbind (self->key_ready_binding);
  g_clear_weak_pointer (&self->key_ready_binding);
  if (self->signup != NULL)
    g_signal_handlers_disconnect_by_data (self->signup, self);
  let_signup_settle (self);

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_WINDOW);
  /* The stack owned the pages made later. */
  self->challenge_page = NULL;
  self->verify_page = NULL;
  self->done_page = NULL;
  self->resume_page = NULL;
  self->form_box = NULL;
  self->form_page = NULL;
  self->form_next_button = NULL;
  self->web_page = NULL;
  self->xmpp_done_page = NULL;
  self->xmpp_done_keyring_label = NULL;
  self->xmpp_done_address_label = NULL;
  self->xmpp_done_close_button = NULL;
  if (self->accounts_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->accounts_window));
  g_clear_weak_pointer (&self->accounts_window);

  g_clear_object (&self->inband);
  g_clear_object (&self->registration);
  g_clear_object (&self->signup);
  g_clear_object (&self->account);
  g_clear_object (&self->pending);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->toast);
  g_clear_weak_pointer (&self->focus_before_busy);

  G_OBJECT_CLASS (signet_window_parent_class)->dispose (object);
}

static void
signet_window_finalize (GObject *object)
{
  SignetWindow *self = (SignetWindow *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->lifetime);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->e164, g_free);
  g_clear_pointer (&self->international, g_free);
  g_clear_pointer (&self->override_domain, g_free);
  g_clear_pointer (&self->override_sha256, g_free);
  g_clear_pointer (&self->error_title, g_free);

  G_OBJECT_CLASS (signet_window_parent_class)->finalize (object);
}

static void
signet_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SignetWindow *self = SIGNET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, signet_window_get_page (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, signet_window_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_window_class_init (SignetWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = signet_window_dispose;
  object_class->finalize = signet_window_finalize;
  object_class->get_property = signet_window_get_property;
  window_class->close_request = signet_window_close_request;

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SIGNET_TYPE_SERVER_PAGE);
  g_type_ensure (SIGNET_TYPE_NUMBER_PAGE);
  g_type_ensure (SIGNET_TYPE_CHALLENGE_PAGE);
  g_type_ensure (SIGNET_TYPE_VERIFY_PAGE);
  g_type_ensure (SIGNET_TYPE_DONE_PAGE);
  g_type_ensure (SIGNET_TYPE_RESUME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_revealer);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_status_box);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, server_page);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, number_page);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_can_next_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "wizard.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "wizard.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "wizard.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "wizard.store-secret", NULL, store_secret_action);
  gtk_widget_class_install_action (widget_class, "wizard.accounts", NULL, accounts_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
signet_window_init (SignetWindow *self)
{
  g_autofree char *host = NULL;
  g_autofree char *domain = NULL;

  self->cancellable = g_cancellable_new ();
  self->lifetime = g_cancellable_new ();
  self->settings = g_settings_new (SETTINGS_SCHEMA);

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  domain = g_settings_get_string (self->settings, "server");
  host = g_settings_get_string (self->settings, "server-host");
  signet_server_page_set_server (self->server_page, domain, host,
                                 g_settings_get_boolean (self->settings, "direct-tls"));

  g_signal_connect (self->busy_revealer, "notify::child-revealed",
                    G_CALLBACK (on_revealer_child_revealed), NULL);
  g_signal_connect (self->busy_revealer, "notify::reveal-child",
                    G_CALLBACK (on_revealer_child_revealed), NULL);
  g_signal_connect (self->error_revealer, "notify::child-revealed",
                    G_CALLBACK (on_revealer_child_revealed), NULL);
  g_signal_connect (self->error_revealer, "notify::reveal-child",
                    G_CALLBACK (on_revealer_child_revealed), NULL);
  on_revealer_child_revealed (self->busy_revealer);
  on_revealer_child_revealed (self->error_revealer);

  on_visible_page_changed (self);
  set_busy (self, BUSY_NONE, NULL);

  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
  /* Focus moves only between mapped widgets: the first page gets it here. */
  g_signal_connect_after (self, "map", G_CALLBACK (on_visible_page_changed), NULL);

  /* A sign-up waiting for its code is offered first. */
  load_pending (self);
}

/*
 * Public API
 */

SignetWindow *
signet_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SIGNET_TYPE_WINDOW, "application", application, NULL);
}

void
signet_window_set_server (SignetWindow *self,
                          const char   *domain,
                          const char   *host,
                          gboolean      direct_tls,
                          const char   *trusted_sha256)
{
  g_return_if_fail (SIGNET_IS_WINDOW (self));
  g_return_if_fail (domain != NULL);

  g_free (self->override_domain);
  self->override_domain = g_strdup (domain);
  g_free (self->override_sha256);
  self->override_sha256 = trusted_sha256 ? signet_certificate_normalize_sha256 (trusted_sha256) : NULL;
  self->keep_settings = TRUE;

  signet_server_page_set_server (self->server_page, domain, host, direct_tls);
  drop_registration (self);
  /* The resume page stays: the sign-up it offers has its own server. */
  if (g_strcmp0 (signet_window_get_page (self), "resume") != 0)
    go_to_page (self, "server");
}

const char *
signet_window_get_page (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
signet_window_get_busy (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), FALSE);

  return self->busy != BUSY_NONE;
}

const char *
signet_window_get_error (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return self->error_title;
}

SignetSignup *
signet_window_get_signup (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return self->signup;
}

SignetAccount *
signet_window_get_account (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return self->account;
}
