/* signet-window-private.h: what the window's files share (internal).
 * signet-window.c follows the sign-up machine (SignetSignupFlow) and owns
 * the window; -steps.c shows each step on its page; -pages.c makes the pages
 * and says what Next and Back do on each;
 * -messages.c the busy bar, errors and toasts; -actions.c what the person
 * does (the wizard.* actions and the dialogs' answers).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-cadmium-page.h"
#include "signet-challenge-page.h"
#include "signet-done-page.h"
#include "signet-form-page.h"
#include "signet-number-page.h"
#include "signet-resume-page.h"
#include "signet-server-page.h"
#include "signet-transfer-page.h"
#include "signet-verify-page.h"
#include "signet-web-signup-page.h"
#include "signet-window.h"
#include "signet-xmpp-done-page.h"

G_BEGIN_DECLS

struct _SignetWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  GtkRevealer          *busy_revealer;
  GtkWidget            *busy_status_box;
  GtkSpinner           *busy_spinner;
  GtkLabel             *busy_label;
  GtkWidget            *cancel_button;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_title_label;
  GtkLabel             *error_detail_label;
  GtkWidget            *retry_button;
  GtkStack             *stack;
  SignetServerPage     *server_page;
  SignetNumberPage     *number_page;
  /* Made when first needed, so that the first frame does not wait. */
  SignetChallengePage  *challenge_page;
  SignetVerifyPage     *verify_page;
  SignetDonePage       *done_page;
  SignetResumePage     *resume_page;
  GtkWidget            *form_box;
  SignetFormPage       *form_page;
  GtkWidget            *form_next_button;
  SignetWebSignupPage  *web_page;
  SignetXmppDonePage   *xmpp_done_page;
  SignetCadmiumPage    *cadmium_page;
  /* Bringing an existing account (signet-window-transfer.c). */
  SignetTransferPage   *import_page;
  SignetTransferPage   *link_page;
  /* The Cadmium client whose rate-limit countdown the busy bar shows. */
  GObject              *cadmium_client;
  /* The accounts window, while it is open. */
  GtkWidget            *accounts_window;

  /* The sign-up machine the window follows. */
  SignetSignupFlow     *flow;
  /* The operation last seen, to tell how a step was reached. */
  SignetSignupOperation last_operation;
  SignetSignupStep      last_step;
  /* The number page opens on the number, not the name ("change number"). */
  gboolean              focus_number;
  GSettings            *settings;

  /* What the first frame does not wait for. */
  guint                 warm_up_id;

  /* Which certificates are trusted for which server (pinned in GSettings). */
  SignetTrustStore     *trust;
  /* The command-line development hook: leave the saved server settings alone. */
  gboolean              keep_settings;

  char                 *error_title;
  gboolean              error_can_retry;
  /* The last toast, dismissed when the page changes. */
  AdwToast             *toast;
  /* Where the focus was before a network step, to put it back. */
  GtkWidget            *focus_before_busy;
};

/* signet-window-steps.c */
void                 signet_window_show_step          (SignetWindow    *self,
                                                       SignetSignupStep step);
void                 signet_window_show_verify_stage  (SignetWindow *self);

/* signet-window-pages.c */
SignetNumberPage    *signet_window_get_number_page    (SignetWindow *self);
SignetChallengePage *signet_window_get_challenge_page (SignetWindow *self);
SignetVerifyPage    *signet_window_get_verify_page    (SignetWindow *self);
SignetDonePage      *signet_window_get_done_page      (SignetWindow *self);
SignetFormPage      *signet_window_get_form_page      (SignetWindow *self);
SignetResumePage    *signet_window_get_resume_page    (SignetWindow *self);
SignetWebSignupPage *signet_window_get_web_page       (SignetWindow *self);
SignetXmppDonePage  *signet_window_get_xmpp_done_page (SignetWindow *self);
SignetCadmiumPage   *signet_window_get_cadmium_page   (SignetWindow *self);
gboolean             signet_window_page_can_next      (SignetWindow *self,
                                                       GtkWidget    *page);
const char          *signet_window_page_back          (SignetWindow *self,
                                                       GtkWidget    *page);
void                 signet_window_update_actions     (SignetWindow *self);
void                 signet_window_update_default_widget (SignetWindow *self);
void                 signet_window_go_to_page         (SignetWindow *self,
                                                       const char   *name);
void                 signet_window_focus_page         (SignetWindow *self,
                                                       GtkWidget    *page);
void                 signet_window_hide_inactive_pages (SignetWindow *self,
                                                        GtkWidget    *page);
void                 signet_window_update_key_state   (SignetWindow *self);

/* signet-window-messages.c */
void                 signet_window_show_operation     (SignetWindow *self,
                                                       SignetSignupOperation operation);
void                 signet_window_show_message       (SignetWindow *self,
                                                       const char   *title,
                                                       const char   *detail,
                                                       gboolean      can_retry);
void                 signet_window_show_error         (SignetWindow            *self,
                                                       const GError            *error,
                                                       const SignetStanzaError *server_error,
                                                       gboolean                 can_retry);
void                 signet_window_show_flow_error    (SignetWindow *self);
void                 signet_window_dismiss_error      (SignetWindow *self);
void                 signet_window_toast              (SignetWindow *self,
                                                       const char   *title);
void                 signet_window_dismiss_toast      (SignetWindow *self);

/* signet-window-actions.c */
void                 signet_window_class_add_actions  (GtkWidgetClass *widget_class);
void                 signet_window_ask_to_trust       (SignetWindow *self);
void                 signet_window_show_conflict      (SignetWindow *self);
void                 signet_window_apply_server       (SignetWindow *self);

/* Bringing an existing Kontalk account (signet-window-transfer.c) */
SignetTransferPage  *signet_window_get_import_page    (SignetWindow *self);
SignetTransferPage  *signet_window_get_link_page      (SignetWindow *self);
gboolean             signet_window_is_transfer_page   (SignetWindow *self,
                                                       GtkWidget    *page);
void                 signet_window_show_transfer      (SignetWindow    *self,
                                                       SignetSignupStep step);
gboolean             signet_window_transfer_next      (SignetWindow *self,
                                                       GtkWidget    *page);
void                 signet_window_update_transfer_actions (SignetWindow *self,
                                                            GtkWidget    *page,
                                                            gboolean      busy);
void                 signet_window_class_add_transfer_actions (GtkWidgetClass *widget_class);

G_END_DECLS
