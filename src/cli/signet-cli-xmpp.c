/* signet-cli-xmpp.c: sign up on any XMPP server (XEP-0077), change the
 * password, close the account.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "signet-core.h"
#include "signet-cli-commands.h"
#include "signet-cli-common.h"
#include "signet-cli-xmpp-common.h"
#include "signet-cli-validate.h"

/* How often a person may correct the form before the command gives up. */
#define MAX_ATTEMPTS 5

/* What a command keeps around: CAPTCHA pictures to delete at the end. */
typedef struct
{
  SignetCliOptions *options;
  GPtrArray        *captcha_files;
  /* The --field vars some form of the server had. */
  GHashTable       *used_fields;
  /* The last CAPTCHA picture saved, and its type. */
  char             *captcha_file;
  char             *captcha_type;
} Session;

static void
session_clear (Session *session)
{
  for (guint i = 0; session->captcha_files != NULL && i < session->captcha_files->len; i++)
    g_unlink (g_ptr_array_index (session->captcha_files, i));
  g_clear_pointer (&session->captcha_files, g_ptr_array_unref);
  g_clear_pointer (&session->used_fields, g_hash_table_unref);
  g_clear_pointer (&session->captcha_file, g_free);
  g_clear_pointer (&session->captcha_type, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

/*
 * Asking
 */

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
}

/* A line from standard input without echo on a terminal; scripts pipe it in. */
char *
signet_cli_read_secret (const SignetCliOptions *options,
                        const char             *question)
{
  return signet_cli_read_hidden_line (signet_cli_is_interactive (options), question);
}

/* A new password, typed twice by a person (once by a script). */
static char *
read_new_password (const SignetCliOptions *options,
                   const char             *question)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autofree char *first = signet_cli_read_secret (options, question);
      g_autofree char *again = NULL;

      if (first == NULL || !signet_cli_is_interactive (options))
        return g_steal_pointer (&first);

      again = signet_cli_read_secret (options, _("Type it again: "));
      if (again != NULL && g_str_equal (first, again))
        {
          wipe (again);
          return g_steal_pointer (&first);
        }

      wipe (first);
      wipe (again);
      g_printerr (_("The two passwords differ. Try again.\n"));
    }

  return NULL;
}

static char *
ask_line (const SignetCliOptions *options,
          const char             *question)
{
  return signet_cli_prompt_line (signet_cli_is_interactive (options) ? question : "");
}

/*
 * Forms
 */

static gboolean
is_shown (SignetDataFormField *field)
{
  SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);

  return type != SIGNET_DATA_FORM_FIELD_HIDDEN && type != SIGNET_DATA_FORM_FIELD_FIXED &&
         signet_data_form_field_get_var (field) != NULL;
}

static gboolean
is_empty (SignetDataFormField *field)
{
  const char *value = signet_data_form_field_get_value (field);

  return value == NULL || *value == '\0';
}

/* Fields a person still has to answer: required ones and CAPTCHAs. */
static gboolean
needs_answer (SignetDataFormField *field)
{
  return is_shown (field) && is_empty (field) &&
         (signet_data_form_field_get_required (field) || signet_data_form_field_get_n_media (field) > 0);
}

/* The var of "VAR=VALUE", or NULL (with @error set) for anything else. */
static char *
field_var (const char *field,
           GError    **error)
{
  const char *equals = strchr (field, '=');

  if (equals == NULL || equals == field)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--field expects VAR=VALUE, not “%s”."), field);
      return NULL;
    }

  return g_strndup (field, equals - field);
}

/* Sets the --field values on @form.  A field the form lacks is not an
 * error yet: a server may ask for it in the form it sends back later
 * (unused_field_error() says so if it never does). */
static gboolean
apply_fields (Session        *session,
              SignetDataForm *form,
              GError        **error)
{
  char **fields = session->options->fields;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      g_autofree char *var = field_var (fields[i], error);
      const char *value = var != NULL ? fields[i] + strlen (var) + 1 : NULL;
      SignetDataFormField *field;

      if (var == NULL)
        return FALSE;

      field = signet_data_form_get_field (form, var);
      if (field == NULL || !is_shown (field))
        continue;

      if (session->used_fields == NULL)
        session->used_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (session->used_fields, g_strdup (var));
      if (signet_data_form_field_get_field_type (field) == SIGNET_DATA_FORM_FIELD_BOOLEAN)
        signet_data_form_field_set_boolean (field, g_str_equal (value, "1") ||
                                            g_ascii_strcasecmp (value, "true") == 0);
      else
        signet_data_form_field_set_value (field, value);
    }

  /* One challenge id answers one form, the first. */
  if (!signet_cli_captcha_take_answer (session->options, form, error))
    return FALSE;
  g_clear_pointer (&session->options->captcha_id, g_free);
  return TRUE;
}

/* A --field that no form of the server had: most likely a misspelt var,
 * which is the person's mistake to fix before anything else. */
static gboolean
unused_field_error (Session *session,
                    GError **error)
{
  char **fields = session->options->fields;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      g_autofree char *var = field_var (fields[i], NULL);

      if (var == NULL || (session->used_fields != NULL && g_hash_table_contains (session->used_fields, var)))
        continue;

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is the name of a form field given with --field. */
                   _("The server did not ask for a field “%s” (--field). Run “signet-cli xmpp info” to see "
                     "the fields it asks for."), var);
      return TRUE;
    }

  return FALSE;
}

/* Reports a failure, or the --field no form had when there is one. */
static gboolean
report_unused_field (Session *session,
                     int     *status)
{
  g_autoptr(GError) error = NULL;

  if (!unused_field_error (session, &error))
    return FALSE;

  *status = signet_cli_report_error (session->options, error, NULL, NULL);
  return TRUE;
}

/* After a success: a --field nobody asked for is worth a warning. */
static void
warn_unused_field (Session *session)
{
  g_autoptr(GError) error = NULL;

  if (unused_field_error (session, &error))
    g_printerr ("%s\n", error->message);
}

/* Writes the CAPTCHA picture to a private file and returns its path. */
static char *
save_captcha (Session             *session,
              SignetDataForm      *form,
              SignetDataFormField *field)
{
  const char *mime_type = NULL;
  GBytes *image = signet_data_form_media_get_data (signet_data_form_field_get_media (field, 0), &mime_type);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (image == NULL)
    return NULL;

  path = signet_cli_captcha_save (image, mime_type, signet_data_form_get_value (form, "challenge"), &error);
  if (path == NULL)
    {
      g_printerr (_("Could not save the CAPTCHA picture: %s\n"), error->message);
      return NULL;
    }

  g_ptr_array_add (session->captcha_files, g_strdup (path));
  g_free (session->captcha_file);
  session->captcha_file = g_strdup (path);
  g_free (session->captcha_type);
  session->captcha_type = g_strdup (mime_type != NULL ? mime_type : "image/png");
  return g_steal_pointer (&path);
}

static void
show_captcha (Session             *session,
              SignetDataForm      *form,
              SignetDataFormField *field)
{
  g_autofree char *path = save_captcha (session, form, field);
  const char *fallback = signet_data_form_get_value (form, "captcha-fallback-url");

  /* On standard error in every mode: a script reads it there too. */
  if (path != NULL)
    g_printerr (_("CAPTCHA picture: %s\n"), path);
  if (fallback != NULL)
    g_printerr (_("If you cannot open it, the server also shows it at %s\n"), fallback);
}

static void
show_text (const SignetCliOptions *options,
           const char             *instructions,
           SignetDataForm         *form)
{
  const char * const *paragraphs = form != NULL ? signet_data_form_get_instructions (form) : NULL;

  if (!signet_cli_is_interactive (options))
    return;

  if (paragraphs == NULL || paragraphs[0] == NULL)
    {
      if (instructions != NULL)
        g_printerr ("%s\n", instructions);
    }

  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    g_printerr ("%s\n", paragraphs[i]);

  for (guint i = 0; form != NULL && i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);

      if (signet_data_form_field_get_field_type (field) == SIGNET_DATA_FORM_FIELD_FIXED &&
          !signet_inband_field_is_captcha (field) && signet_data_form_field_get_value (field) != NULL)
        g_printerr ("%s\n", signet_data_form_field_get_value (field));
    }
}

static char *
field_question (SignetDataFormField *field)
{
  const char *label = signet_data_form_field_get_label (field);
  const char *description = signet_data_form_field_get_description (field);
  const char *name = label != NULL ? label : signet_data_form_field_get_var (field);

  if (description != NULL)
    /* Translators: a form field's label, then its description. */
    return g_strdup_printf (_("%s (%s): "), name, description);

  /* Translators: a form field's label, asking for its value. */
  return g_strdup_printf (_("%s: "), name);
}

static char *
ask_list (const SignetCliOptions *options,
          SignetDataFormField    *field,
          const char             *question)
{
  g_autofree char *answer = NULL;
  guint64 n = 0;

  for (guint i = 0; signet_cli_is_interactive (options) && i < signet_data_form_field_get_n_options (field); i++)
    {
      const char *label = NULL;
      const char *value = signet_data_form_field_get_option (field, i, &label);

      g_printerr ("  %u) %s\n", i + 1, label != NULL ? label : value);
    }

  answer = ask_line (options, question);
  if (answer != NULL && g_ascii_string_to_unsigned (answer, 10, 1, signet_data_form_field_get_n_options (field),
                                                    &n, NULL))
    return g_strdup (signet_data_form_field_get_option (field, (guint) n - 1, NULL));

  return g_steal_pointer (&answer);
}

/* Asks for one field; FALSE if nothing came (end of input, or empty). */
static gboolean
ask_field (Session             *session,
           SignetDataForm      *form,
           SignetDataFormField *field)
{
  const SignetCliOptions *options = session->options;
  g_autofree char *question = field_question (field);
  g_autofree char *answer = NULL;

  if (signet_data_form_field_get_n_media (field) > 0)
    show_captcha (session, form, field);

  switch (signet_data_form_field_get_field_type (field))
    {
    case SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE:
      answer = g_str_equal (signet_data_form_field_get_var (field), "password")
               ? read_new_password (options, question) : signet_cli_read_secret (options, question);
      break;

    case SIGNET_DATA_FORM_FIELD_BOOLEAN:
    {
      /* Translators: %s is a question; keep the answer letters in step
       * with your translation of "y" (yes-no answer). */
      g_autofree char *yes_no = g_strdup_printf (_("%s[y/N] "), question);

      signet_data_form_field_set_boolean (field, signet_cli_prompt_yes_no (yes_no));
      return TRUE;
    }

    case SIGNET_DATA_FORM_FIELD_LIST_SINGLE:
      answer = ask_list (options, field, question);
      break;

    default:
      answer = ask_line (options, question);
      break;
    }

  if (answer == NULL || *answer == '\0')
    return FALSE;

  signet_data_form_field_set_value (field, answer);
  wipe (answer);
  return TRUE;
}

/* Asks for every required field and CAPTCHA without a value. */
static gboolean
fill_form (Session        *session,
           const char     *instructions,
           SignetDataForm *form,
           GError        **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  gboolean shown = FALSE;

  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);

      if (!needs_answer (field))
        continue;

      if (!shown)
        show_text (session->options, instructions, form);
      shown = TRUE;

      if (!ask_field (session, form, field))
        g_ptr_array_add (missing, (gpointer) signet_data_form_field_get_var (field));
    }

  if (missing->len == 0)
    return TRUE;

  g_ptr_array_add (missing, NULL);
  {
    g_autofree char *list = g_strjoinv (", ", (char **) missing->pdata);

    g_set_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD,
                 /* Translators: %s is a list of form field names. */
                 _("The server needs these fields: %s. Give them with --field VAR=VALUE or on standard input."),
                 list);
  }
  return FALSE;
}

static void
add_form_members (JsonBuilder    *builder,
                  SignetDataForm *form)
{
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; form != NULL && i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);

      if (!is_shown (field))
        continue;

      json_builder_begin_object (builder);
      signet_cli_add_string (builder, "var", signet_data_form_field_get_var (field));
      signet_cli_add_string (builder, "type",
                             signet_data_form_field_type_to_string (signet_data_form_field_get_field_type (field)));
      signet_cli_add_string (builder, "label", signet_data_form_field_get_label (field));
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, signet_data_form_field_get_required (field));
      json_builder_set_member_name (builder, "missing");
      json_builder_add_boolean_value (builder, needs_answer (field));
      json_builder_set_member_name (builder, "captcha");
      json_builder_add_boolean_value (builder, signet_data_form_field_get_n_media (field) > 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Reports a form that could not be completed, with its fields for scripts. */
static int
report_missing (const SignetCliOptions *options,
                const GError           *error,
                SignetDataForm         *form)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!options->json)
    return signet_cli_report_error (options, error, NULL, NULL);

  builder = signet_cli_begin_error ("fields-required", "modify", NULL);
  signet_cli_add_string (builder, "message", error->message);
  add_form_members (builder, form);
  signet_cli_print_answer (builder);

  return signet_cli_exit_code_for (error);
}

/*
 * xmpp register
 */

/* Submits the form through the sign-up machine: the submission, then the
 * first login. */
static gboolean
submit (SignetSignupFlow *flow,
        GError          **error)
{
  signet_signup_flow_submit_form (flow);
  signet_signup_flow_wait (flow);
  if (signet_signup_flow_get_step (flow) == SIGNET_SIGNUP_STEP_DONE)
    return TRUE;

  g_propagate_error (error, g_error_copy (signet_signup_flow_get_error (flow)));
  return FALSE;
}

static int
report_registration_error (const SignetCliOptions   *options,
                           SignetInbandRegistration *registration,
                           const GError             *error)
{
  SignetConnection *connection = signet_inband_registration_get_connection (registration);

  return signet_cli_report_error (options, error, signet_inband_registration_get_server_error (registration),
                                  signet_connection_get_peer_certificate (connection));
}

/* Probes the server and takes its form: both on one connection, which the
 * sign-up is then submitted on. */
static SignetInbandRegistration *
open_registration (SignetCliOptions *options,
                   GError          **error)
{
  g_autoptr(GError) probe_error = NULL;
  g_autoptr(SignetServerProbe) probe = signet_cli_open_probe (options, &probe_error);
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (probe == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&probe_error));
      return NULL;
    }

  /* The fetch takes what the probe found, failure included. */
  registration = signet_inband_registration_new_for_probe (probe);
  signet_inband_registration_fetch_async (registration, NULL, signet_cli_on_done, &result);
  signet_inband_registration_fetch_finish (registration, signet_cli_wait (&result), error);

  return g_steal_pointer (&registration);
}

static int
report_web_only (const SignetCliOptions   *options,
                 SignetInbandRegistration *registration)
{
  const char *url = signet_inband_registration_get_web_url (registration);
  const char *insecure = signet_inband_registration_get_insecure_web_url (registration);
  g_autoptr(GError) error = NULL;

  if (url != NULL)
    /* Translators: %s is an https address. */
    error = g_error_new (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                         _("This server accepts sign-ups only on its website: %s"), url);
  else
    /* Translators: %s is an address that is not https, shown but not offered as a link. */
    error = g_error_new (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                         _("This server accepts sign-ups only on its website, at an address that is not "
                           "secure (not https), so Signet does not offer it as a link: %s"), insecure);

  if (!options->json)
    {
      if (signet_inband_registration_get_instructions (registration) != NULL)
        g_printerr ("%s\n", signet_inband_registration_get_instructions (registration));
      return signet_cli_report_error (options, error, NULL, NULL);
    }

  {
    g_autoptr(JsonBuilder) builder = signet_cli_begin_error ("web-only", "cancel",
                                                             signet_inband_registration_get_instructions (registration));

    signet_cli_add_string (builder, "message", error->message);
    signet_cli_add_string (builder, "url", url);
    signet_cli_add_string (builder, "insecure-url", insecure);
    signet_cli_print_answer (builder);
  }

  return signet_cli_exit_code_for (error);
}

/* Whether a person can fix @error by answering again. */
static gboolean
can_correct (const SignetCliOptions *options,
             const GError           *error)
{
  return signet_cli_is_interactive (options) && error->domain == SIGNET_INBAND_ERROR &&
         (error->code == SIGNET_INBAND_ERROR_USERNAME_TAKEN ||
          error->code == SIGNET_INBAND_ERROR_USERNAME_INVALID ||
          error->code == SIGNET_INBAND_ERROR_MISSING_FIELD ||
          error->code == SIGNET_INBAND_ERROR_WEAK_PASSWORD ||
          error->code == SIGNET_INBAND_ERROR_NOT_ACCEPTABLE ||
          error->code == SIGNET_INBAND_ERROR_CAPTCHA_FAILED ||
          error->code == SIGNET_INBAND_ERROR_FORM_CHANGED);
}

static void
clear_field (SignetDataForm *form,
             const char     *var)
{
  SignetDataFormField *field = var != NULL ? signet_data_form_get_field (form, var) : NULL;

  if (field != NULL)
    signet_data_form_field_set_values (field, NULL);
}

static void
print_registered (const SignetCliOptions   *options,
                  SignetInbandRegistration *registration,
                  SignetAccount            *account)
{
  const GError *keyring_error = signet_inband_registration_get_keyring_error (registration);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();

      signet_cli_add_string (builder, "server", signet_account_get_server (account));
      signet_cli_add_string (builder, "jid", signet_account_get_jid (account));
      signet_cli_add_string (builder, "login-mechanism", signet_inband_registration_get_login_mechanism (registration));
      signet_cli_add_string (builder, "mechanism", signet_inband_registration_get_login_mechanism (registration));
      signet_cli_print_keyring_result (builder, "keyring-stored", keyring_error);
      return;
    }

  /* Translators: %s is the new account's address, such as ada@example.org. */
  g_print (_("Registered: %s\n"), signet_account_get_jid (account));
  g_print (_("Logged in once to check it (%s).\n"), signet_inband_registration_get_login_mechanism (registration));
  if (keyring_error == NULL)
    g_print (_("The password is in your keyring.\n"));
  else
    g_printerr (_("Your account works, but its password is not in your keyring: %s\n"), keyring_error->message);
}

static gboolean
captcha_unanswered (SignetDataForm *form)
{
  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);

      if (signet_data_form_field_get_n_media (field) > 0 && is_empty (field))
        return TRUE;
    }

  return FALSE;
}

/* A failed sign-up, or the --field no form had, which is likely why. */
static int
report_register_failure (Session                  *session,
                         SignetInbandRegistration *registration,
                         const GError             *error,
                         SignetDataForm           *missing_form)
{
  int status;

  if (report_unused_field (session, &status))
    return status;
  if (missing_form != NULL && captcha_unanswered (missing_form) && session->captcha_file != NULL)
    {
      /* Kept for the run that answers it. */
      for (guint i = session->captcha_files->len; i > 0; i--)
        if (g_str_equal (g_ptr_array_index (session->captcha_files, i - 1), session->captcha_file))
          g_ptr_array_remove_index (session->captcha_files, i - 1);
      return signet_cli_captcha_report_required (session->options, missing_form, session->captcha_file,
                                                 session->captcha_type);
    }
  if (missing_form != NULL)
    return report_missing (session->options, error, missing_form);

  return report_registration_error (session->options, registration, error);
}

/* Fills in and submits until the server agrees, or a script's one try fails. */
static int
register_with_form (Session          *session,
                    SignetSignupFlow *flow)
{
  SignetInbandRegistration *registration = signet_signup_flow_get_inband (flow);
  SignetCliOptions *options = session->options;
  g_autoptr(GError) error = NULL;

  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(SignetDataForm) form = g_object_ref (signet_inband_registration_get_form (registration));

      g_clear_error (&error);
      if (!apply_fields (session, form, &error))
        return signet_cli_report_error (options, error, NULL, NULL);
      if (!fill_form (session, signet_inband_registration_get_instructions (registration), form, &error))
        return report_register_failure (session, registration, error, form);

      if (submit (flow, &error))
        return SIGNET_CLI_EXIT_OK;
      /* Registered, but the first login failed. */
      if (signet_inband_registration_get_registered (registration))
        return signet_cli_report_error (options, error, NULL, NULL);

      /* A script answers a form the server sent back like the first one. */
      if (!can_correct (options, error) &&
          !(signet_inband_registration_get_form (registration) != form &&
            g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD)))
        return report_register_failure (session, registration, error, NULL);

      g_printerr ("%s\n", error->message);
      if (signet_inband_registration_get_server_error (registration) != NULL &&
          signet_stanza_error_get_text (signet_inband_registration_get_server_error (registration)) != NULL)
        g_printerr (_("The server said: “%s”\n"),
                    signet_stanza_error_get_text (signet_inband_registration_get_server_error (registration)));
      /* Ask again for what the server objected to. */
      clear_field (signet_inband_registration_get_form (registration),
                   signet_inband_registration_get_error_field (registration));
    }

  return report_register_failure (session, registration, error, NULL);
}

/* The token of --invite, a bare token or an invitation link; a link also
 * names the server when --server does not. */
static char *
invite_token (SignetCliOptions *options,
              GError          **error)
{
  g_autofree char *domain = NULL;
  char *token = NULL;

  if (options->invite == NULL || !signet_invite_uri_is_uri (options->invite))
    return g_strdup (options->invite);

  if (!signet_invite_uri_parse (options->invite, &domain, &token, error))
    return NULL;

  if (options->server == NULL)
    options->server = g_strdup (domain);
  if (g_ascii_strcasecmp (options->server, domain) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is a server's domain. */
                   _("The invitation is for %s, not for the server given with --server."), domain);
      g_free (token);
      return NULL;
    }

  return token;
}

int
signet_cli_run_xmpp_register (SignetCliOptions *options)
{
  g_auto(Session) session = { options, g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(SignetSignupFlow) flow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = invite_token (options, &error);
  int status;

  if (error != NULL)
    return signet_cli_report_error (options, error, NULL, NULL);
  signet_cli_captcha_expire ();
  if (options->server == NULL)
    {
      g_autofree char *message = g_strdup (_("This command needs --server. See --help.\n"));

      return signet_cli_report_usage (options, "--server", g_strchomp (message));
    }

  registration = open_registration (options, &error);
  if (registration == NULL)
    return signet_cli_report_error (options, error, NULL, NULL);
  if (error != NULL)
    return report_registration_error (options, registration, error);
  signet_inband_registration_set_invite_token (registration, token);

  if (signet_inband_registration_get_form_kind (registration) == SIGNET_INBAND_FORM_WEB)
    return report_web_only (options, registration);

  flow = signet_signup_flow_new_for_inband (registration);
  status = register_with_form (&session, flow);
  if (status != SIGNET_CLI_EXIT_OK)
    return status;
  warn_unused_field (&session);

  print_registered (options, registration, signet_signup_flow_get_account (flow));
  return SIGNET_CLI_EXIT_OK;
}

/*
 * xmpp passwd and xmpp unregister
 */

/* The account from --jid, its current password from the keyring or asked. */
static SignetXmppAccount *
open_account (SignetCliOptions *options,
              GError          **error)
{
  g_autoptr(SignetConnection) settings = NULL;
  g_autofree char *password = NULL;
  const char *at = options->jid != NULL ? strchr (options->jid, '@') : NULL;
  SignetXmppAccount *account;

  if (at == NULL || at == options->jid || at[1] == '\0' || strchr (options->jid, '/') != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--jid expects an account address such as alice@example.org."));
      return NULL;
    }

  if (options->server != NULL && g_ascii_strcasecmp (options->server, at + 1) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--server must be the domain of the address, or be left out; use --host to "
                     "connect elsewhere."));
      return NULL;
    }

  g_free (options->server);
  options->server = g_strdup (at + 1);
  settings = signet_cli_make_connection (options, error);
  if (settings == NULL)
    return NULL;

  password = signet_cli_xmpp_account_password (options, options->jid, error);
  if (password == NULL)
    return NULL;

  account = signet_xmpp_account_new (settings, options->jid, password);
  wipe (password);
  return account;
}

/* The account --jid names, or NULL with why not reported and its exit
 * status in *@status. */
static SignetXmppAccount *
open_named_account (SignetCliOptions *options,
                    int              *status)
{
  g_autoptr(GError) error = NULL;
  SignetXmppAccount *account;

  if (options->jid == NULL)
    {
      g_autofree char *message = g_strdup (_("This command needs --jid. See --help.\n"));

      *status = signet_cli_report_usage (options, "--jid", g_strchomp (message));
      return NULL;
    }

  account = open_account (options, &error);
  if (account == NULL)
    *status = signet_cli_report_error (options, error, NULL, NULL);
  return account;
}

static int
report_account_error (const SignetCliOptions *options,
                      SignetXmppAccount      *account,
                      const GError           *error)
{
  return signet_cli_report_error (options, error, signet_xmpp_account_get_server_error (account),
                                  signet_connection_get_peer_certificate (signet_xmpp_account_get_connection (account)));
}

/* Returns SIGNET_CLI_EXIT_OK. */
static int
print_account_done (const SignetCliOptions *options,
                    SignetXmppAccount      *account,
                    const char             *done)
{
  const GError *keyring_error = signet_xmpp_account_get_keyring_error (account);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = signet_cli_begin_result ();

      signet_cli_add_string (builder, "jid", signet_xmpp_account_get_jid (account));
      signet_cli_add_string (builder, "mechanism",
                             signet_connection_get_sasl_mechanism (signet_xmpp_account_get_connection (account)));
      signet_cli_print_keyring_result (builder, "keyring-updated", keyring_error);
      return SIGNET_CLI_EXIT_OK;
    }

  g_print ("%s\n", done);
  if (keyring_error != NULL)
    g_printerr (_("The keyring could not be updated: %s\n"), keyring_error->message);
  return SIGNET_CLI_EXIT_OK;
}

typedef gboolean (*AccountRequest) (SignetXmppAccount *account,
                                    const char        *new_password,
                                    SignetDataForm    *form,
                                    GError           **error);

static gboolean
change_password (SignetXmppAccount *account,
                 const char        *new_password,
                 SignetDataForm    *form,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_xmpp_account_change_password_async (account, new_password, form, NULL, signet_cli_on_done, &result);
  return signet_xmpp_account_change_password_finish (account, signet_cli_wait (&result), error);
}

static gboolean
unregister (SignetXmppAccount *account,
            const char        *new_password,
            SignetDataForm    *form,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_xmpp_account_unregister_async (account, form, NULL, signet_cli_on_done, &result);
  return signet_xmpp_account_unregister_finish (account, signet_cli_wait (&result), error);
}

/* Sends the plain request, then the server's form if it wants one, and
 * reports the outcome: @done on success. */
static int
run_account_request (SignetCliOptions  *options,
                     SignetXmppAccount *account,
                     AccountRequest     request,
                     const char        *new_password,
                     const char        *done)
{
  g_auto(Session) session = { options, g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (request (account, new_password, NULL, &error))
    {
      warn_unused_field (&session);
      return print_account_done (options, account, done);
    }

  if (!g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_REQUIRED))
    return report_unused_field (&session, &status) ? status : report_account_error (options, account, error);

  form = g_object_ref (signet_xmpp_account_get_form (account));
  g_clear_error (&error);
  if (!apply_fields (&session, form, &error))
    return signet_cli_report_error (options, error, NULL, NULL);
  if (report_unused_field (&session, &status))
    return status;
  if (!fill_form (&session, NULL, form, &error))
    return report_missing (options, error, form);

  if (request (account, new_password, form, &error))
    return print_account_done (options, account, done);

  return report_account_error (options, account, error);
}

int
signet_cli_run_xmpp_passwd (SignetCliOptions *options)
{
  g_autoptr(SignetXmppAccount) account = NULL;
  g_autofree char *done = g_strdup_printf (_("The password of %s is changed."), options->jid);
  int status = SIGNET_CLI_EXIT_OK;

  account = open_named_account (options, &status);
  if (account == NULL)
    return status;

  if (options->new_password == NULL)
    options->new_password = read_new_password (options, _("New password: "));
  if (options->new_password == NULL || *options->new_password == '\0')
    {
      g_autofree char *message = g_strdup (_("No new password was given.\n"));

      return signet_cli_report_usage (options, "--new-password", g_strchomp (message));
    }

  return run_account_request (options, account, change_password, options->new_password, done);
}

int
signet_cli_run_xmpp_unregister (SignetCliOptions *options)
{
  g_autoptr(SignetXmppAccount) account = NULL;
  g_autofree char *done = g_strdup_printf (_("The account %s is closed."), options->jid);
  int status = SIGNET_CLI_EXIT_OK;

  account = open_named_account (options, &status);
  if (account == NULL)
    return status;

  if (signet_cli_is_interactive (options))
    {
      g_autofree char *question = NULL;

      question = g_strdup_printf (_("This deletes the account %s on its server, with its contacts. "
                                    "It cannot be undone. Continue? [y/N] "), options->jid);
      if (!signet_cli_prompt_yes_no (question))
        return SIGNET_CLI_EXIT_CANCELLED;
    }

  return run_account_request (options, account, unregister, NULL, done);
}
