/* signet-accounts-page.c: the accounts Signet signed up for.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-account-dialog.h"
#include "signet-account-key-dialog.h"
#include "signet-accounts-page.h"
#include "signet-password-row.h"
#include "signet-core.h"
#include "signet-text.h"

struct _SignetAccountsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwToastOverlay              *toast_overlay;
  GtkStack                     *stack;
  GtkWidget                    *spinner;
  AdwStatusPage                *error_status;
  GtkWidget                    *accounts_box;

  /* Owned */
  GPtrArray                    *accounts;
  GHashTable                   *groups;        /* jid → its AdwPreferencesGroup (borrowed) */
  GHashTable                   *busy;          /* jids with a request under way */
  GCancellable                 *cancellable;

  SignetAccountsConnectionFunc connection_func;
  gpointer connection_data;
  GDestroyNotify connection_destroy;

  guint load_serial;
  gboolean loading;
  gboolean loaded_once;
};

G_DEFINE_FINAL_TYPE (SignetAccountsPage, signet_accounts_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ACCOUNTS,
  N_PROPS
};

enum {
  SIGNAL_PASSWORD_CHANGED,
  SIGNAL_ACCOUNT_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One request on one account, shared by the callbacks along its way. */
typedef struct
{
  SignetAccountsPage *self;
  SignetAccount      *account;
  SignetXmppAccount  *xmpp;
  char               *password;
  GtkWidget          *password_row;   /* in a confirmation that asks for it */
} Operation;

static void
wipe_string (char **string)
{
  if (*string != NULL)
    {
      memset (*string, 0, strlen (*string));
      g_clear_pointer (string, g_free);
    }
}

static void
operation_clear (Operation *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->account);
  g_clear_object (&op->xmpp);
  wipe_string (&op->password);
}

static Operation *
operation_new (SignetAccountsPage *self,
               SignetAccount      *account)
{
  Operation *op = g_rc_box_new0 (Operation);

  op->self = g_object_ref (self);
  op->account = g_object_ref (account);
  return op;
}

static Operation *
operation_ref (Operation *op)
{
  return g_rc_box_acquire (op);
}

static void
operation_unref (Operation *op)
{
  g_rc_box_release_full (op, (GDestroyNotify) operation_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_unref)

static void show_unregister_confirmation (Operation  *op,
                                          gboolean    ask_password,
                                          const char *note);

/*
 * Auxiliary methods
 */

static GtkWindow *
get_parent_window (SignetAccountsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static SignetAccount *
find_account (SignetAccountsPage *self,
              const char         *jid)
{
  for (guint i = 0; self->accounts != NULL && jid != NULL && i < self->accounts->len; i++)
    {
      SignetAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (signet_account_get_jid (account), jid) == 0)
        return account;
    }

  return NULL;
}

/* "+393471234567" as people write it, "+39 347 123 4567", kept whole and
 * left to right in a right-to-left sentence. */
static char *
dup_phone_text (const char *e164)
{
  g_autoptr(SignetPhoneNumber) number = signet_phone_number_parse (e164, NULL, NULL);

  return signet_text_dup_unbreakable (number != NULL ? signet_phone_number_get_international (number) : e164);
}

/* How the account is called in a sentence: its number, or its address. */
static char *
dup_account_name (SignetAccount *account)
{
  const char *phone = signet_account_get_phone (account);

  return phone != NULL ? dup_phone_text (phone) : g_strdup (signet_account_get_jid (account));
}

static void
toast (SignetAccountsPage *self,
       const char         *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static AdwMessageDialog *
message_dialog_new (SignetAccountsPage *self,
                    const char         *heading,
                    const char         *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), heading, body));

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  return dialog;
}

/* A question whose answer @response (@label) destroys something; Escape
 * and Cancel say no. */
static AdwMessageDialog *
destructive_dialog_new (SignetAccountsPage *self,
                        const char         *heading,
                        const char         *body,
                        const char         *response,
                        const char         *label)
{
  AdwMessageDialog *dialog = message_dialog_new (self, heading, body);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* An error to show, with the server's own words when it said more. */
static char *
dup_error_message (const GError      *error,
                   SignetXmppAccount *xmpp)
{
  const SignetStanzaError *server_error = xmpp != NULL ? signet_xmpp_account_get_server_error (xmpp) : NULL;
  const char *text = server_error != NULL ? signet_stanza_error_get_text (server_error) : NULL;

  if (text != NULL && *text != '\0' && strstr (error->message, text) == NULL)
    /* Translators: an error, then the server's own words, in its language. */
    return g_strdup_printf (_("%s\n\nThe server said: “%s”"), error->message, text);

  return g_strdup (error->message);
}

static void
show_failure (SignetAccountsPage *self,
              const char         *heading,
              const char         *message)
{
  AdwMessageDialog *dialog = message_dialog_new (self, heading, message);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_busy (SignetAccountsPage *self,
          const char         *jid,
          gboolean            busy)
{
  GtkWidget *group = g_hash_table_lookup (self->groups, jid);

  if (busy)
    g_hash_table_add (self->busy, g_strdup (jid));
  else
    g_hash_table_remove (self->busy, jid);

  if (group != NULL)
    {
      GtkWidget *spinner = g_object_get_data (G_OBJECT (group), "signet-spinner");
      GtkWidget *actions = g_object_get_data (G_OBJECT (group), "signet-actions");

      gtk_widget_set_visible (spinner, busy);
      gtk_spinner_set_spinning (GTK_SPINNER (spinner), busy);
      for (GtkWidget *row = actions; row != NULL; row = g_object_get_data (G_OBJECT (row), "signet-next"))
        gtk_widget_set_sensitive (row, !busy);
    }
}

static SignetConnection *
make_connection (SignetAccountsPage *self,
                 SignetAccount      *account)
{
  SignetConnection *connection;
  g_autoptr(SignetTrustStore) trust = NULL;

  if (self->connection_func != NULL)
    return self->connection_func (account, self->connection_data);

  connection = signet_connection_new (signet_account_get_server (account));

  /* The certificate the person chose to trust for this server, if any. */
  trust = signet_trust_store_new_default ();
  signet_trust_store_apply (trust, connection);

  return connection;
}

static char *
dup_fingerprint_text (const char *fingerprint)
{
  /* Left to right even when it starts with digits, in a right-to-left
   * language. */
  GString *text = g_string_new ("\u200e");
  guint n = 0;

  for (const char *p = fingerprint; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p))
        continue;
      if (n > 0 && n % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, g_ascii_toupper (*p));
      n++;
    }

  return g_string_free (text, FALSE);
}

static GtkWidget *
info_row_new (const char *title,
              const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  return row;
}

static GtkWidget *
action_row_new (const char *title,
                const char *subtitle,
                const char *action,
                const char *jid,
                gboolean    destructive)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "go-next-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", jid);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  if (destructive)
    gtk_widget_add_css_class (row, "error");
  return row;
}

static void
add_spinner (GtkWidget *group)
{
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_widget_set_visible (spinner, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waiting for the server"),
                                  -1);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), spinner);
  g_object_set_data (G_OBJECT (group), "signet-spinner", spinner);
}

static void
add_kontalk_details (GtkWidget     *group,
                     SignetAccount *account)
{
  const char *name = signet_account_get_display_name (account);
  const char *phone = signet_account_get_phone (account);
  const char *fingerprint = signet_account_get_fingerprint (account);
  g_autofree char *description = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   name != NULL && *name != '\0' ? name : _("Kontalk Account"));
  /* Translators: %s is the server's domain, such as "beta.kontalk.net". */
  description = g_strdup_printf (_("Kontalk account on %s"), signet_account_get_server (account));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  if (phone != NULL)
    {
      g_autofree char *text = dup_phone_text (phone);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row_new (_("Phone Number"), text));
    }
  if (fingerprint != NULL)
    {
      g_autofree char *text = dup_fingerprint_text (fingerprint);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row_new (_("Key Fingerprint"), text));
    }
}

static void
add_xmpp_details (GtkWidget     *group,
                  SignetAccount *account)
{
  g_autofree char *description = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), signet_account_get_jid (account));
  if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_CADMIUM)
    /* Translators: %s is the server's domain, such as "example.org". */
    description = g_strdup_printf (_("Cadmium account on %s"), signet_account_get_server (account));
  else
    /* Translators: %s is the server's domain, such as "example.org". */
    description = g_strdup_printf (_("XMPP account on %s"), signet_account_get_server (account));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             info_row_new (_("Password"),
                                           signet_account_get_keyring_stored (account)
                                           ? _("In the keyring")
                                           : _("Not in the keyring: Signet asks for it when it needs it")));
}

static void
add_created_row (GtkWidget     *group,
                 SignetAccount *account)
{
  GDateTime *created = signet_account_get_created (account);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  const char *title;

  if (created == NULL)
    return;

  local = g_date_time_to_local (created);
  /* Translators: the day an account was made, in g_date_time_format()
   * notation: "14 March 2026". */
  date = g_date_time_format (local, _("%-d %B %Y"));
  /* Translators: a row in an account's details, over the day the account
   * was made. */
  title = C_("account detail", "Signed Up");

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row_new (title, date));
}

static void
add_action_rows (GtkWidget     *group,
                 SignetAccount *account)
{
  const char *jid = signet_account_get_jid (account);
  GtkWidget *first_action;
  GtkWidget *second_action;

  if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_XMPP)
    {
      first_action = action_row_new (_("_Change Password…"), NULL, "accounts.change-password", jid, FALSE);
      second_action = action_row_new (_("_Delete Account…"), _("Delete the account and its data on the server"),
                                      "accounts.unregister", jid, TRUE);
    }
  else if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_CADMIUM)
    {
      first_action = action_row_new (_("_Remove from This Computer…"),
                                     _("Signet cannot close Cadmium accounts: the account stays on the server"),
                                     "accounts.unregister", jid, TRUE);
      second_action = NULL;
    }
  else
    {
      /* Kontalk has no way to delete an account: this only forgets it. */
      first_action = action_row_new (_("_Remove from This Computer…"),
                                     _("The account stays on the server until it goes unused for 30 days"),
                                     "accounts.unregister", jid, TRUE);
      second_action = NULL;
    }

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), first_action);
  if (second_action != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), second_action);
  g_object_set_data (G_OBJECT (group), "signet-actions", first_action);
  g_object_set_data (G_OBJECT (first_action), "signet-next", second_action);
}

/* The key going to another device: a file, or a code to scan. */
static void
add_key_rows (GtkWidget     *group,
              SignetAccount *account)
{
  const char *jid = signet_account_get_jid (account);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             action_row_new (_("Back _Up Key…"), _("Save the key to a file, protected by a password"),
                                             "accounts.back-up-key", jid, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             action_row_new (_("_Link a Device…"), _("Use this account on another device too"),
                                             "accounts.link-device", jid, FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             action_row_new (_("Re_place Key…"),
                                             _("Make a new key; the old one and its copies stop working"),
                                             "accounts.replace-key", jid, TRUE));
}

static GtkWidget *
account_group_new (SignetAccountsPage *self,
                   SignetAccount      *account)
{
  GtkWidget *group = adw_preferences_group_new ();

  add_spinner (group);

  if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_KONTALK)
    add_kontalk_details (group, account);
  else
    add_xmpp_details (group, account);

  add_created_row (group, account);
  if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_KONTALK)
    add_key_rows (group, account);
  add_action_rows (group, account);

  return group;
}

static void
show_accounts (SignetAccountsPage *self,
               GPtrArray          *accounts)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->accounts_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->accounts_box), child);
  g_hash_table_remove_all (self->groups);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_ptr_array_ref (accounts);

  for (guint i = 0; i < accounts->len; i++)
    {
      SignetAccount *account = g_ptr_array_index (accounts, i);
      GtkWidget *group = account_group_new (self, account);

      gtk_box_append (GTK_BOX (self->accounts_box), group);
      g_hash_table_insert (self->groups, g_strdup (signet_account_get_jid (account)), group);
      if (g_hash_table_contains (self->busy, signet_account_get_jid (account)))
        set_busy (self, signet_account_get_jid (account), TRUE);
    }

  gtk_stack_set_visible_child_name (self->stack, accounts->len > 0 ? "list" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACCOUNTS]);
}

static void
set_loading (SignetAccountsPage *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/*
 * Loading
 */

static void
list_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *accounts = signet_account_store_list (&error);

  if (accounts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SignetAccountsPage *self = SIGNET_ACCOUNTS_PAGE (source);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Only the newest reading counts. */
  if (GPOINTER_TO_UINT (user_data) != self->load_serial)
    return;

  if (accounts == NULL)
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    show_accounts (self, accounts);

  set_loading (self, FALSE);
}

/*
 * Change Password
 */

static void
on_password_dialog_done (SignetAccountDialog *dialog,
                         Operation           *op)
{
  SignetAccountsPage *self = op->self;
  SignetXmppAccount *xmpp = signet_account_dialog_get_account (dialog);
  const GError *keyring_error = xmpp != NULL ? signet_xmpp_account_get_keyring_error (xmpp) : NULL;
  const char *jid = signet_account_get_jid (op->account);

  g_signal_emit (self, signals[SIGNAL_PASSWORD_CHANGED], 0, jid);

  if (keyring_error != NULL)
    {
      g_autofree char *body = NULL;

      /* Translators: %s is the reason, from the keyring. */
      body = g_strdup_printf (_("The server has the new password, but the keyring could not store it: %s\n\n"
                                "Keep the new password somewhere safe: Signet will ask for it."),
                              keyring_error->message);
      show_failure (self, _("Password Changed, Not Stored"), body);
    }
  else
    toast (self, _("Password changed"));

  signet_accounts_page_reload (self);
}

static void
on_password_for_change (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  SignetAccountsPage *self = op->self;
  g_autoptr(SignetConnection) settings = NULL;
  g_autoptr(GError) error = NULL;
  SignetAccountDialog *dialog;
  char *secret;

  secret = signet_account_store_lookup_secret_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (secret == NULL)
    g_debug ("No password from the keyring: %s", error->message);

  set_busy (self, signet_account_get_jid (op->account), FALSE);

  settings = make_connection (self, op->account);
  dialog = signet_account_dialog_new_change_password (get_parent_window (self), settings,
                                                      signet_account_get_jid (op->account), secret);
  if (secret != NULL)
    signet_account_store_free_secret (secret);

  g_signal_connect_data (dialog, "done", G_CALLBACK (on_password_dialog_done),
                         operation_ref (op), (GClosureNotify) (void (*)(void))operation_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Unregister
 */

static void
account_removed (Operation  *op,
                 const char *message)
{
  SignetAccountsPage *self = op->self;

  toast (self, message);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_REMOVED], 0, signet_account_get_jid (op->account));
  signet_accounts_page_reload (self);
}

static void
on_secret_forgotten (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *jid = signet_account_get_jid (op->account);
  g_autofree char *name = dup_account_name (op->account);

  set_busy (op->self, jid, FALSE);

  if (!signet_account_store_clear_secret_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: %s is a phone number or an account's address; the second %s is the keyring's reason. */
    message = g_strdup_printf (_("Removed %s from this computer, but its secret is still in the keyring: %s"),
                               name, error->message);
  else
    /* Translators: %s is a phone number or an account's address. */
    message = g_strdup_printf (_("Removed %s from this computer"), name);

  account_removed (op, message);
}

static void
forget_secret (Operation *op)
{
  SignetAccount *account = op->account;

  signet_account_store_clear_secret_async (signet_account_get_kind (account), signet_account_get_server (account),
                                           signet_account_get_jid (account), NULL,
                                           on_secret_forgotten, operation_ref (op));
}

static void
on_token_forgotten (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!signet_account_store_clear_secret_finish (result, &error))
    g_debug ("The login token stays in the keyring: %s", error->message);
  forget_secret (op);
}

/* Removes the record and the secret: the account stays on the server. */
static void
forget_account (Operation *op)
{
  SignetAccount *account = op->account;
  g_autoptr(GError) error = NULL;

  if (!signet_account_store_delete (signet_account_get_jid (account), &error) &&
      !g_error_matches (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND))
    {
      show_failure (op->self, _("The Account Cannot Be Forgotten"), error->message);
      return;
    }

  set_busy (op->self, signet_account_get_jid (account), TRUE);
  /* A Cadmium login token goes first; the password's result is the one reported. */
  if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_CADMIUM)
    signet_account_store_clear_secret_async (SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN, signet_account_get_server (account),
                                             signet_account_get_jid (account), NULL,
                                             on_token_forgotten, operation_ref (op));
  else
    forget_secret (op);
}

static void
on_forget_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Operation        *op)
{
  if (g_strcmp0 (response, "forget") == 0)
    forget_account (op);
}

static void
add_forget_handler (AdwMessageDialog *dialog,
                    Operation        *op)
{
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_forget_response),
                         operation_ref (op), (GClosureNotify) (void (*)(void))operation_unref, 0);
}

static char *
dup_forget_body (SignetAccount *account)
{
  g_autofree char *name = dup_account_name (account);

  if (signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_CADMIUM)
    /* Translators: %s is the account's address, such as @juliet@example.org. */
    return g_strdup_printf (_("Signet will forget %s: its record of the account, and its password and login "
                              "token in the keyring.\n\n"
                              "The account stays on the server: Signet cannot close Cadmium accounts."),
                            name);

  /* Translators: %s is the account's phone number (or its address). */
  return g_strdup_printf (_("Signet will forget %s: its record of the account, and the key’s passphrase in "
                            "the keyring. Without the passphrase, the key on this computer can no longer "
                            "be used.\n\n"
                            "The account stays on the server: Kontalk has no way to delete an account. "
                            "The server deletes accounts that have not been used for 30 days."),
                          name);
}

static void
show_kontalk_unregister (Operation *op)
{
  g_autofree char *body = dup_forget_body (op->account);
  AdwMessageDialog *dialog;

  dialog = destructive_dialog_new (op->self, _("Remove the Account from This Computer?"), body,
                                   "forget", _("_Remove"));
  adw_message_dialog_set_default_response (dialog, "cancel");
  add_forget_handler (dialog, op);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_unregister_dialog_done (SignetAccountDialog *dialog,
                           Operation           *op)
{
  g_autofree char *message = NULL;

  /* Translators: %s is the account's address. */
  message = g_strdup_printf (_("The account %s was deleted"), signet_account_get_jid (op->account));
  account_removed (op, message);
}

/* The server asks for a form before it deletes the account. */
static void
show_unregister_form (Operation         *op,
                      SignetXmppAccount *xmpp)
{
  SignetAccountDialog *dialog = signet_account_dialog_new_unregister (get_parent_window (op->self), xmpp,
                                                                      signet_xmpp_account_get_form (xmpp));

  g_signal_connect_data (dialog, "done", G_CALLBACK (on_unregister_dialog_done),
                         operation_ref (op), (GClosureNotify) (void (*)(void))operation_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The account was deleted some other way: it can only be forgotten. */
static void
offer_to_forget (Operation *op)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is the account's address. */
  body = g_strdup_printf (_("The server has no account %s any more. Signet can forget it on this computer."),
                          signet_account_get_jid (op->account));
  dialog = destructive_dialog_new (op->self, _("The Account Is Already Gone"), body,
                                   "forget", _("_Forget on This Computer"));
  add_forget_handler (dialog, op);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_unregistered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  SignetAccountsPage *self = op->self;
  SignetXmppAccount *xmpp = SIGNET_XMPP_ACCOUNT (source);
  const char *jid = signet_account_get_jid (op->account);
  g_autoptr(GError) error = NULL;

  if (!signet_xmpp_account_unregister_finish (xmpp, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, jid, FALSE);

  if (error == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the account's address. */
      message = g_strdup_printf (_("The account %s was deleted"), jid);
      account_removed (op, message);
      return;
    }

  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_REQUIRED) &&
      signet_xmpp_account_get_form (xmpp) != NULL)
    {
      show_unregister_form (op, xmpp);
      return;
    }

  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
    {
      show_unregister_confirmation (op, TRUE,
                                    _("The server did not accept the password Signet has for this account. "
                                      "Type the password the account has now."));
      return;
    }

  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_REGISTERED))
    {
      offer_to_forget (op);
      return;
    }

  {
    g_autofree char *message = dup_error_message (error, xmpp);

    show_failure (self, _("The Account Was Not Deleted"), message);
  }
}

static void
on_unregister_response (AdwMessageDialog *dialog,
                        const char       *response,
                        Operation        *op)
{
  SignetAccountsPage *self = op->self;
  g_autoptr(SignetConnection) settings = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (op->password_row != NULL)
    {
      wipe_string (&op->password);
      op->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (op->password_row)));
      op->password_row = NULL;
    }

  settings = make_connection (self, op->account);
  g_clear_object (&op->xmpp);
  op->xmpp = signet_xmpp_account_new (settings, signet_account_get_jid (op->account), op->password);

  set_busy (self, signet_account_get_jid (op->account), TRUE);
  signet_xmpp_account_unregister_async (op->xmpp, NULL, self->cancellable, on_unregistered, operation_ref (op));
}

static void
on_confirm_password_changed (GtkEditable      *editable,
                             AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "delete", *gtk_editable_get_text (editable) != '\0');
}

static void
show_unregister_confirmation (Operation  *op,
                              gboolean    ask_password,
                              const char *note)
{
  const char *jid = signet_account_get_jid (op->account);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is the account's address, such as "alice@example.org". */
  body = g_strdup_printf (_("The account %s and everything stored on the server for it will be deleted. "
                            "This cannot be undone."),
                          jid);
  dialog = destructive_dialog_new (op->self, _("Delete Account?"), body, "delete", _("_Delete Account"));
  adw_message_dialog_set_default_response (dialog, "cancel");

  op->password_row = NULL;
  if (ask_password)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *row = signet_password_row_new ();

      if (note != NULL)
        {
          GtkWidget *label = gtk_label_new (note);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
          gtk_widget_add_css_class (label, "error");
          gtk_box_append (GTK_BOX (box), label);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Password of the Account"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password of the account"),
                                      -1);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      gtk_box_append (GTK_BOX (box), list);
      adw_message_dialog_set_extra_child (dialog, box);
      adw_message_dialog_set_response_enabled (dialog, "delete", FALSE);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_confirm_password_changed), dialog, 0);
      op->password_row = row;
    }

  g_signal_connect_data (dialog, "response", G_CALLBACK (on_unregister_response),
                         operation_ref (op), (GClosureNotify) (void (*)(void))operation_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_password_for_unregister (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = signet_account_store_lookup_secret_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (op->self, signet_account_get_jid (op->account), FALSE);

  if (secret != NULL)
    {
      op->password = g_strdup (secret);
      signet_account_store_free_secret (secret);
    }

  show_unregister_confirmation (op, op->password == NULL, NULL);
}

/*
 * Actions
 */

static void
change_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  signet_accounts_page_change_password (SIGNET_ACCOUNTS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
unregister_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  signet_accounts_page_unregister (SIGNET_ACCOUNTS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* The new fingerprint in the account's rows. */
static gboolean
on_replace_closed (SignetAccountsPage *self,
                   GtkWindow          *dialog)
{
  if (signet_account_key_dialog_get_new_fingerprint (SIGNET_ACCOUNT_KEY_DIALOG (dialog)) != NULL)
    signet_accounts_page_reload (self);
  return FALSE;
}

static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SignetAccountsPage *self = SIGNET_ACCOUNTS_PAGE (widget);
  SignetAccount *account = find_account (self, g_variant_get_string (parameter, NULL));
  g_autoptr(SignetConnection) settings = NULL;
  SignetAccountKeyDialog *dialog;

  if (account == NULL || signet_account_get_kind (account) != SIGNET_ACCOUNT_KIND_KONTALK ||
      g_hash_table_contains (self->busy, signet_account_get_jid (account)))
    return;

  if (g_str_equal (action_name, "accounts.back-up-key"))
    dialog = signet_account_key_dialog_new_backup (get_parent_window (self), account);
  else if (g_str_equal (action_name, "accounts.link-device"))
    {
      settings = make_connection (self, account);
      dialog = signet_account_key_dialog_new_link (get_parent_window (self), account, settings);
    }
  else
    {
      settings = make_connection (self, account);
      dialog = signet_account_key_dialog_new_replace (get_parent_window (self), account, settings);
      g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_replace_closed), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  signet_accounts_page_reload (SIGNET_ACCOUNTS_PAGE (widget));
}

/*
 * GObject
 */

static void
signet_accounts_page_map (GtkWidget *widget)
{
  SignetAccountsPage *self = SIGNET_ACCOUNTS_PAGE (widget);

  GTK_WIDGET_CLASS (signet_accounts_page_parent_class)->map (widget);

  if (!self->loaded_once && !self->loading)
    signet_accounts_page_reload (self);
}

static void
signet_accounts_page_dispose (GObject *object)
{
  SignetAccountsPage *self = (SignetAccountsPage *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->groups != NULL)
    g_hash_table_remove_all (self->groups);
  /* The overlay is both AdwBin's child and a template child: let AdwBin
   * drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_ACCOUNTS_PAGE);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  if (self->connection_destroy != NULL)
    self->connection_destroy (self->connection_data);
  self->connection_func = NULL;
  self->connection_data = NULL;
  self->connection_destroy = NULL;

  G_OBJECT_CLASS (signet_accounts_page_parent_class)->dispose (object);
}

static void
signet_accounts_page_finalize (GObject *object)
{
  SignetAccountsPage *self = (SignetAccountsPage *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);

  G_OBJECT_CLASS (signet_accounts_page_parent_class)->finalize (object);
}

static void
signet_accounts_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SignetAccountsPage *self = SIGNET_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ACCOUNTS:
      g_value_set_uint (value, signet_accounts_page_get_n_accounts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_accounts_page_class_init (SignetAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_accounts_page_dispose;
  object_class->finalize = signet_accounts_page_finalize;
  object_class->get_property = signet_accounts_page_get_property;
  widget_class->map = signet_accounts_page_map;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ACCOUNTS] =
    g_param_spec_uint ("n-accounts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetAccountsPage::password-changed:
   * @jid: the account's address
   *
   * The server took the account's new password.
   */
  signals[SIGNAL_PASSWORD_CHANGED] =
    g_signal_new ("password-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * SignetAccountsPage::account-removed:
   * @jid: the account's address
   *
   * The account was deleted on its server, or forgotten on this computer.
   */
  signals[SIGNAL_ACCOUNT_REMOVED] =
    g_signal_new ("account-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "accounts.change-password", "s", change_password_action);
  gtk_widget_class_install_action (widget_class, "accounts.unregister", "s", unregister_action);
  gtk_widget_class_install_action (widget_class, "accounts.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "accounts.back-up-key", "s", key_action);
  gtk_widget_class_install_action (widget_class, "accounts.link-device", "s", key_action);
  gtk_widget_class_install_action (widget_class, "accounts.replace-key", "s", key_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetAccountsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountsPage, accounts_box);
}

static void
signet_accounts_page_init (SignetAccountsPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/*
 * Public API
 */

GtkWidget *
signet_accounts_page_new (void)
{
  return g_object_new (SIGNET_TYPE_ACCOUNTS_PAGE, NULL);
}

void
signet_accounts_page_reload (SignetAccountsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self));

  self->loaded_once = TRUE;
  self->load_serial++;
  if (self->accounts == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, on_listed, GUINT_TO_POINTER (self->load_serial));
  g_task_set_source_tag (task, signet_accounts_page_reload);
  g_task_run_in_thread (task, list_in_thread);
}

gboolean
signet_accounts_page_get_loading (SignetAccountsPage *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self), FALSE);

  return self->loading;
}

guint
signet_accounts_page_get_n_accounts (SignetAccountsPage *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self), 0);

  return self->accounts != NULL ? self->accounts->len : 0;
}

SignetAccount *
signet_accounts_page_get_account (SignetAccountsPage *self,
                                  guint               position)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self), NULL);

  if (self->accounts == NULL || position >= self->accounts->len)
    return NULL;

  return g_ptr_array_index (self->accounts, position);
}

GtkWidget *
signet_accounts_page_get_account_group (SignetAccountsPage *self,
                                        const char         *jid)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self), NULL);

  return jid != NULL ? g_hash_table_lookup (self->groups, jid) : NULL;
}

void
signet_accounts_page_set_connection_func (SignetAccountsPage          *self,
                                          SignetAccountsConnectionFunc func,
                                          gpointer                     user_data,
                                          GDestroyNotify               destroy)
{
  g_return_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self));

  if (self->connection_destroy != NULL)
    self->connection_destroy (self->connection_data);

  self->connection_func = func;
  self->connection_data = user_data;
  self->connection_destroy = destroy;
}

void
signet_accounts_page_change_password (SignetAccountsPage *self,
                                      const char         *jid)
{
  SignetAccount *account;

  g_return_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self));

  account = find_account (self, jid);
  if (account == NULL || signet_account_get_kind (account) != SIGNET_ACCOUNT_KIND_XMPP ||
      g_hash_table_contains (self->busy, jid))
    return;

  set_busy (self, jid, TRUE);
  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_XMPP, signet_account_get_server (account), jid,
                                            self->cancellable, on_password_for_change,
                                            operation_new (self, account));
}

void
signet_accounts_page_unregister (SignetAccountsPage *self,
                                 const char         *jid)
{
  SignetAccount *account;
  g_autoptr(Operation) op = NULL;

  g_return_if_fail (SIGNET_IS_ACCOUNTS_PAGE (self));

  account = find_account (self, jid);
  if (account == NULL || g_hash_table_contains (self->busy, jid))
    return;

  op = operation_new (self, account);
  if (signet_account_get_kind (account) != SIGNET_ACCOUNT_KIND_XMPP)
    {
      show_kontalk_unregister (op);
      return;
    }

  set_busy (self, jid, TRUE);
  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_XMPP, signet_account_get_server (account), jid,
                                            self->cancellable, on_password_for_unregister,
                                            g_steal_pointer (&op));
}
