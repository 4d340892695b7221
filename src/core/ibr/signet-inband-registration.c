/* signet-inband-registration.c: sign-up on any XMPP server (XEP-0077).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One sign-up: fetch the form on a TLS stream, let a person fill it in,
 * submit it, then prove the account with a first login and keep its
 * password in the keyring.
 *
 * The stream stays up (whitespace keepalive) while the form is filled in,
 * because a CAPTCHA is bound to it.  When it drops anyway the form is
 * fetched again before submitting, with what was typed carried over.
 *
 * Nothing here logs a field value: forms carry passwords, and ejabberd even
 * echoes them back inside its error replies. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-inband-registration.h"

#define NS_INVITE     "urn:xmpp:invite"
#define NS_IBR_TOKEN  "urn:xmpp:ibr-token:0"

/* Whitespace keepalive while a person fills in the form. */
#define KEEPALIVE_SECONDS 45

struct _SignetInbandRegistration
{
  GObject parent_instance;

  SignetConnection     *connection;
  /* A connection carries one stream; after it ends a fresh one is made. */
  gboolean connection_used;

  /* The fetched form. */
  SignetInbandFormKind form_kind;
  SignetDataForm       *form;
  char                 *instructions;
  char                 *web_url;
  char                 *web_description;
  char                 *insecure_web_url;
  gboolean feature_advertised;
  gboolean invites_advertised;
  gboolean already_registered;

  /* After a successful submit. */
  gboolean registered;
  char                 *jid;
  char                 *password;

  /* After complete. */
  char                 *login_mechanism;
  GError               *keyring_error;

  SignetStanzaError    *server_error;
  char                 *error_field;
};

G_DEFINE_FINAL_TYPE (SignetInbandRegistration, signet_inband_registration, G_TYPE_OBJECT)

G_DEFINE_QUARK (signet-inband-error-quark, signet_inband_error)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_FORM,
  PROP_REGISTERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STREAM_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Error mapping (packaging-and-servers.md §C.3, xep0077-clients.md §7)
 */

static gboolean
text_has (const char *folded,
          const char *word)
{
  return folded != NULL && strstr (folded, word) != NULL;
}

/* Prosody says "Password: Required value missing": the word before the
 * colon is the field's label (or var). */
static char *
missing_field_hint (const char *text)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;

  if (colon == NULL || colon == text)
    return NULL;

  return g_strstrip (g_strndup (text, colon - text));
}

static gboolean
text_mentions_invitation (const SignetStanzaError *error)
{
  const char *text = signet_stanza_error_get_text (error);
  g_autofree char *folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;

  return text_has (folded, "invit");
}

static GError *
map_not_acceptable (const SignetStanzaError *error,
                    SignetInbandStep         step,
                    SignetInbandContext      context,
                    char                   **field)
{
  const char *text = signet_stanza_error_get_text (error);
  g_autofree char *folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;

  /* Servers overload not-acceptable; only their (English) text tells the
   * causes apart, so every branch falls back to something true anyway. */
  if (text_has (folded, "invit"))
    return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVITE_ONLY,
                                _("This server accepts new accounts only with an invitation."));

  if (text_has (folded, "password") &&
      (text_has (folded, "weak") || text_has (folded, "longer") || text_has (folded, "short") ||
       text_has (folded, "strong") || text_has (folded, "simple")))
    {
      *field = g_strdup ("password");
      return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEAK_PASSWORD,
                                  _("The server considers this password too weak. "
                                    "Choose a longer one that is harder to guess."));
    }

  if (text_has (folded, "missing") || text_has (folded, "required"))
    {
      *field = missing_field_hint (text);
      return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD,
                                  _("Some required information is missing. Fill in every required field."));
    }

  if ((text_has (folded, "username") || text_has (folded, "user name")) &&
      (text_has (folded, "invalid") || text_has (folded, "malformed") || text_has (folded, "not allowed")))
    {
      *field = g_strdup ("username");
      return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_USERNAME_INVALID,
                                  _("The server does not accept this username. "
                                    "Try one without spaces, “@” or other special characters."));
    }

  if (text_has (folded, "password"))
    {
      *field = g_strdup ("password");
      return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_ACCEPTABLE,
                                  _("The server does not accept this password. Choose another one."));
    }

  /* Prosody's invite-only refusal, should its text ever change. */
  if ((context & SIGNET_INBAND_CONTEXT_INVITES) && step == SIGNET_INBAND_STEP_SUBMIT)
    return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVITE_ONLY,
                                _("This server accepts new accounts only with an invitation."));

  return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_ACCEPTABLE,
                              _("The server did not accept what you entered. "
                                "Check that every field is filled in correctly."));
}

static gboolean
is_throttle (const SignetStanzaError *error)
{
  return signet_stanza_error_is (error, "resource-constraint", "wait") ||
         signet_stanza_error_is (error, "policy-violation", "wait") ||
         signet_stanza_error_is (error, "not-allowed", "wait") ||
         signet_stanza_error_is (error, "service-unavailable", "wait") ||
         signet_stanza_error_is (error, "not-acceptable", "wait");
}

static GError *
map_account_error (const SignetStanzaError *error,
                   SignetInbandStep         step,
                   SignetInbandContext      context,
                   char                   **field)
{
  const char *condition = signet_stanza_error_get_condition (error);
  gboolean passwd = step == SIGNET_INBAND_STEP_CHANGE_PASSWORD;

  if (g_str_equal (condition, "not-acceptable") && passwd)
    return map_not_acceptable (error, step, context, field);

  if (g_str_equal (condition, "registration-required") ||
      g_str_equal (condition, "unexpected-request") ||
      g_str_equal (condition, "item-not-found"))
    return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_REGISTERED,
                                _("This account does not exist on the server."));

  if (g_str_equal (condition, "not-authorized") || g_str_equal (condition, "not-allowed") ||
      g_str_equal (condition, "forbidden") || g_str_equal (condition, "service-unavailable") ||
      g_str_equal (condition, "feature-not-implemented"))
    return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_ALLOWED,
                                passwd
                                ? _("The server does not allow changing the password from an app. "
                                    "Use its website or ask its administrator.")
                                : _("The server does not allow closing the account from an app. "
                                    "Use its website or ask its administrator."));

  if (g_str_equal (condition, "bad-request"))
    return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_BAD_REQUEST,
                                passwd
                                ? _("The server did not understand the request to change the password.")
                                : _("The server did not understand the request to close the account."));

  return NULL;
}

static GError *
map_registration_error (const SignetStanzaError *error,
                        SignetInbandStep         step,
                        SignetInbandContext      context,
                        char                   **local_field)
{
  const char *condition = signet_stanza_error_get_condition (error);
  GError *mapped;

  if (g_str_equal (condition, "conflict"))
    {
      *local_field = g_strdup ("username");
      mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_USERNAME_TAKEN,
                                    _("This username is already taken on this server. Choose another one."));
    }
  else if (g_str_equal (condition, "jid-malformed"))
    {
      *local_field = g_strdup ("username");
      mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_USERNAME_INVALID,
                                    _("The server does not accept this username. "
                                      "Try one without spaces, “@” or other special characters."));
    }
  else if (g_str_equal (condition, "not-acceptable"))
    mapped = map_not_acceptable (error, step, context, local_field);
  else if (g_str_equal (condition, "not-allowed") && (context & SIGNET_INBAND_CONTEXT_CAPTCHA))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_CAPTCHA_FAILED,
                                  _("The answer to the CAPTCHA was wrong. Try again with the new picture."));
  else if (g_str_equal (condition, "forbidden") && (context & SIGNET_INBAND_CONTEXT_INVITES) &&
           text_mentions_invitation (error))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVITE_ONLY,
                                  _("This server accepts new accounts only with a valid invitation."));
  else if (g_str_equal (condition, "forbidden"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORBIDDEN,
                                  _("The server does not accept sign-ups from your network. "
                                    "Try its website, or ask its administrator."));
  else if (g_str_equal (condition, "not-allowed"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_ALLOWED,
                                  _("The server does not allow signing up this way."));
  else if (g_str_equal (condition, "not-authorized") && (context & SIGNET_INBAND_CONTEXT_WEB))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                                  _("This server accepts sign-ups only on its website."));
  else if (g_str_equal (condition, "not-authorized"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_ALLOWED,
                                  _("The server did not authorize this sign-up."));
  else if (g_str_equal (condition, "service-unavailable") ||
           g_str_equal (condition, "feature-not-implemented"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_OFFERED,
                                  _("This server does not offer sign-up from apps."));
  else if (g_str_equal (condition, "policy-violation"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_POLICY_VIOLATION,
                                  _("The server refused the sign-up under its rules, "
                                    "for example because the connection was not encrypted."));
  else if (g_str_equal (condition, "bad-request") && (context & SIGNET_INBAND_CONTEXT_CAPTCHA))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_CAPTCHA_FAILED,
                                  _("The server could not check the answer to the CAPTCHA. "
                                    "Try again with the new picture."));
  else if (g_str_equal (condition, "bad-request"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_BAD_REQUEST,
                                  _("The server did not understand the sign-up Signet sent. "
                                    "This may be a problem in Signet; please report it."));
  else if (g_str_equal (condition, "internal-server-error"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_SERVER_INTERNAL,
                                  _("The server had an internal problem. "
                                    "Try again later or contact its administrator."));
  else if (g_str_equal (condition, "registration-required"))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_REGISTERED,
                                  _("This account does not exist on the server."));
  else
    /* Translators: %s is an XMPP error condition such as “gone”. */
    mapped = g_error_new (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                          _("The server refused the request (%s)."), condition);

  return mapped;
}

GError *
signet_inband_error_from_stanza_error (const SignetStanzaError *error,
                                       SignetInbandStep         step,
                                       SignetInbandContext      context,
                                       char                   **field)
{
  g_autofree char *local_field = NULL;
  GError *mapped = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (is_throttle (error) && (step == SIGNET_INBAND_STEP_FETCH || step == SIGNET_INBAND_STEP_SUBMIT))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_THROTTLED,
                                  _("The server received too many sign-ups from your network recently. "
                                    "Wait a while, then try again."));
  else if (is_throttle (error))
    mapped = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_THROTTLED,
                                  _("The server received too many requests. Wait a while, then try again."));
  else if (step == SIGNET_INBAND_STEP_CHANGE_PASSWORD || step == SIGNET_INBAND_STEP_UNREGISTER)
    mapped = map_account_error (error, step, context, &local_field);

  if (mapped == NULL)
    mapped = map_registration_error (error, step, context, &local_field);

  if (field != NULL)
    *field = g_steal_pointer (&local_field);

  return mapped;
}

GError *
signet_inband_error_from_connection_error (const GError *error,
                                           const char   *domain)
{
  g_return_val_if_fail (error != NULL, NULL);

  /* ejabberd without mod_register closes the stream this way (§C.3). */
  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED))
    return g_error_new (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_OFFERED,
                        /* Translators: %s is a server name. */
                        _("%s does not offer sign-up from apps: it closed the connection when asked."),
                        domain);

  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION))
    return g_error_new (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_POLICY_VIOLATION,
                        /* Translators: %s is a server name. */
                        _("%s ended the sign-up under its rules, for example after too many attempts "
                          "from your network. Wait a while, then try again."),
                        domain);

  return g_error_copy (error);
}

/*
 * Reading forms
 */

/* XEP-0077 §14.2 registration fields; anything else is shown by its name. */
static const char *
legacy_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "username", N_("Username") },
    { "nick", N_("Nickname") },
    { "password", N_("Password") },
    { "name", N_("Full name") },
    { "first", N_("First name") },
    { "last", N_("Last name") },
    { "email", N_("Email address") },
    { "address", N_("Street address") },
    { "city", N_("City") },
    { "state", N_("State or region") },
    { "zip", N_("Postal code") },
    { "phone", N_("Phone number") },
    { "url", N_("Web page") },
    { "date", N_("Date") },
    { "misc", N_("Other information") },
    { "text", N_("Text") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, name))
      return _(labels[i].label);

  return name;
}

static SignetDataForm *
form_from_legacy (SignetXmlNode *query)
{
  g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_FORM);
  guint n_fields = 0;

  for (guint i = 0; i < signet_xml_node_get_n_children (query); i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (query, i);
      const char *name = signet_xml_node_get_name (child);
      SignetDataFormFieldType type = SIGNET_DATA_FORM_FIELD_TEXT_SINGLE;
      SignetDataFormField *field;

      if (!signet_xml_node_is (child, NULL, SIGNET_NS_REGISTER) ||
          g_str_equal (name, "instructions") || g_str_equal (name, "registered") ||
          g_str_equal (name, "remove"))
        continue;

      if (g_str_equal (name, "password"))
        type = SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE;
      /* An old session token that only has to be echoed back. */
      else if (g_str_equal (name, "key"))
        type = SIGNET_DATA_FORM_FIELD_HIDDEN;

      field = signet_data_form_add_field (form, type, name, legacy_label (name));
      /* XEP-0077 §3.1: every field the server lists must be supplied. */
      signet_data_form_field_set_required (field, type != SIGNET_DATA_FORM_FIELD_HIDDEN);
      if (signet_xml_node_get_text (child) != NULL && *signet_xml_node_get_text (child) != '\0')
        signet_data_form_field_set_value (field, signet_xml_node_get_text (child));
      n_fields++;
    }

  return n_fields > 0 ? g_steal_pointer (&form) : NULL;
}

static gboolean
form_type_accepted (SignetDataForm     *form,
                    const char * const *form_types)
{
  static const char * const registration_types[] = { SIGNET_NS_REGISTER, SIGNET_NS_CAPTCHA, NULL };
  const char *form_type = signet_data_form_get_form_type (form);

  /* Lenient: a server that leaves FORM_TYPE out still means its form. */
  if (form_type == NULL)
    return TRUE;

  return g_strv_contains (form_types != NULL ? form_types : registration_types, form_type);
}

SignetDataForm *
signet_inband_read_form (SignetXmlNode      *iq,
                         const char * const *form_types,
                         gboolean           *legacy,
                         GError            **error)
{
  SignetXmlNode *query = signet_xml_node_get_child (iq, "query", SIGNET_NS_REGISTER);
  g_autoptr(GError) form_error = NULL;

  if (legacy != NULL)
    *legacy = FALSE;

  if (query == NULL)
    return NULL;

  /* XEP-0077 §4: the data form wins over the legacy fields. */
  for (guint i = 0; i < signet_xml_node_get_n_children (query); i++)
    {
      SignetXmlNode *x = signet_xml_node_get_nth_child (query, i);
      g_autoptr(SignetDataForm) form = NULL;

      if (!signet_xml_node_is (x, "x", SIGNET_NS_DATA_FORMS))
        continue;

      /* The CAPTCHA's Bits of Binary sit beside the form (ejabberd) or
       * elsewhere in the iq: search all of it. */
      form = signet_data_form_parse (x, iq, form_error == NULL ? &form_error : NULL);
      /* Error replies may echo the submitted form: only a form to fill in counts. */
      if (form != NULL && signet_data_form_get_form_type_kind (form) == SIGNET_DATA_FORM_TYPE_FORM &&
          form_type_accepted (form, form_types))
        return g_steal_pointer (&form);
    }

  {
    SignetDataForm *form = form_from_legacy (query);

    if (form != NULL)
      {
        if (legacy != NULL)
          *legacy = TRUE;
        return form;
      }
  }

  if (form_error != NULL)
    {
      g_set_error (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVALID_RESPONSE,
                   _("The server sent a form Signet cannot read: %s"), form_error->message);
      return NULL;
    }

  return NULL;
}

gboolean
signet_inband_field_is_captcha (SignetDataFormField *field)
{
  const char *var = signet_data_form_field_get_var (field);

  /* XEP-0158 answer fields carry the challenge as media; ejabberd's
   * fallback fields go with them. */
  return signet_data_form_field_get_n_media (field) > 0 ||
         (var != NULL && (g_str_equal (var, "ocr") || g_str_has_prefix (var, "captcha")));
}

static gboolean
field_is_typed (SignetDataFormField *field)
{
  SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);

  return type != SIGNET_DATA_FORM_FIELD_HIDDEN && type != SIGNET_DATA_FORM_FIELD_FIXED &&
         signet_data_form_field_get_var (field) != NULL && !signet_inband_field_is_captcha (field);
}

void
signet_inband_form_keep_values (SignetDataForm *form,
                                SignetDataForm *old)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM (form));

  if (old == NULL || old == form)
    return;

  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);
      SignetDataFormField *typed;

      if (!field_is_typed (field) || signet_data_form_field_get_values (field)[0] != NULL)
        continue;

      typed = signet_data_form_get_field (old, signet_data_form_field_get_var (field));
      if (typed != NULL && field_is_typed (typed))
        signet_data_form_field_set_values (field, signet_data_form_field_get_values (typed));
    }
}

/* The var of the first required field a person left empty, or NULL. */
static const char *
empty_required_field (SignetDataForm *form)
{
  for (guint i = 0; form != NULL && i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);
      const char *value = signet_data_form_field_get_value (field);
      SignetDataFormFieldType type = signet_data_form_field_get_field_type (field);

      if (signet_data_form_field_get_required (field) && signet_data_form_field_get_var (field) != NULL &&
          type != SIGNET_DATA_FORM_FIELD_HIDDEN && type != SIGNET_DATA_FORM_FIELD_FIXED &&
          (value == NULL || *value == '\0'))
        return signet_data_form_field_get_var (field);
    }

  return NULL;
}

/* Whether a person has to look at @form before it can go: a CAPTCHA, or a
 * required field with nothing in it. */
static gboolean
form_needs_person (SignetDataForm *form)
{
  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    if (signet_data_form_field_get_n_media (signet_data_form_get_nth_field (form, i)) > 0)
      return TRUE;

  return empty_required_field (form) != NULL;
}

/*
 * Connecting
 */

static void
clear_error_state (SignetInbandRegistration *self)
{
  g_clear_pointer (&self->server_error, signet_stanza_error_free);
  g_clear_pointer (&self->error_field, g_free);
}

static SignetInbandContext
current_context (SignetInbandRegistration *self)
{
  SignetInbandContext context = SIGNET_INBAND_CONTEXT_NONE;

  if (signet_inband_registration_get_has_captcha (self))
    context |= SIGNET_INBAND_CONTEXT_CAPTCHA;
  if (self->invites_advertised)
    context |= SIGNET_INBAND_CONTEXT_INVITES;
  if (self->web_url != NULL || self->insecure_web_url != NULL)
    context |= SIGNET_INBAND_CONTEXT_WEB;

  return context;
}

/* Resolves an error's field hint ("Password", from a server's text) to the
 * var of a field in the form. */
static char *
resolve_field (SignetInbandRegistration *self,
               const char               *hint)
{
  if (hint == NULL || self->form == NULL)
    return g_strdup (hint);

  for (guint i = 0; i < signet_data_form_get_n_fields (self->form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      const char *var = signet_data_form_field_get_var (field);
      const char *label = signet_data_form_field_get_label (field);

      if (var != NULL && (g_ascii_strcasecmp (var, hint) == 0 ||
                          (label != NULL && g_utf8_collate (label, hint) == 0)))
        return g_strdup (var);
    }

  return g_strdup (hint);
}

/* Maps a stanza error in @reply and remembers it; NULL if @reply is no error. */
static GError *
take_stanza_error (SignetInbandRegistration *self,
                   SignetXmlNode            *reply,
                   SignetInbandStep          step)
{
  g_autofree char *hint = NULL;
  GError *error;

  clear_error_state (self);
  self->server_error = signet_stanza_error_from_stanza (reply);
  if (self->server_error == NULL)
    return NULL;

  error = signet_inband_error_from_stanza_error (self->server_error, step, current_context (self), &hint);
  self->error_field = resolve_field (self, hint);

  /* not-acceptable means "information missing" in XEP-0077, whatever the
   * text says (ejabberd blames the characters of an empty password). */
  if (step == SIGNET_INBAND_STEP_SUBMIT &&
      signet_stanza_error_is (self->server_error, "not-acceptable", NULL) &&
      !g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVITE_ONLY))
    {
      const char *empty = empty_required_field (self->form);

      if (empty != NULL)
        {
          g_clear_error (&error);
          error = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_MISSING_FIELD,
                                       _("Some required information is missing. Fill in every required field."));
          g_free (self->error_field);
          self->error_field = g_strdup (empty);
        }
    }

  return error;
}

static GError *
take_connection_error (SignetInbandRegistration *self,
                       GError                   *error)
{
  GError *mapped = signet_inband_error_from_connection_error (error, signet_connection_get_domain (self->connection));

  clear_error_state (self);
  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED))
    self->server_error = signet_stanza_error_new ("not-authorized", "cancel", NULL);
  else if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION))
    self->server_error = signet_stanza_error_new ("policy-violation", "cancel", NULL);
  g_error_free (error);

  return mapped;
}

static gboolean
features_have (SignetXmlNode *features,
               const char    *name,
               const char    *xmlns)
{
  return features != NULL && signet_xml_node_get_child (features, name, xmlns) != NULL;
}

static void
read_features (SignetInbandRegistration *self)
{
  SignetXmlNode *features = signet_connection_get_features (self->connection);

  self->feature_advertised = features_have (features, "register", SIGNET_NS_REGISTER_FEATURE);
  self->invites_advertised = features_have (features, "register", NS_INVITE) ||
                             features_have (features, NULL, NS_INVITE) ||
                             features_have (features, NULL, NS_IBR_TOKEN);
}

static void
on_stream_closed (SignetConnection         *connection,
                  const GError             *error,
                  SignetInbandRegistration *self)
{
  /* Only the stream a form is being filled in on matters; a submitted
   * sign-up closes its stream on purpose (and without this signal). */
  if (connection == self->connection && !self->registered)
    g_signal_emit (self, signals[SIGNAL_STREAM_LOST], 0, error);
}

static void
watch_connection (SignetInbandRegistration *self)
{
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (on_stream_closed), self, 0);
}

typedef void (*ConnectedFunc) (GTask *task);

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  ConnectedFunc next = g_object_get_data (G_OBJECT (task), "connected-func");
  GError *error = NULL;

  if (!signet_connection_connect_finish (SIGNET_CONNECTION (source), result, &error))
    {
      g_task_return_error (task, take_connection_error (self, error));
      return;
    }

  read_features (self);
  next (g_steal_pointer (&task));
}

/* Runs @next with @task once the registration stream is up. */
static void
connect_then (SignetInbandRegistration *self,
              GTask                    *task,
              ConnectedFunc             next)
{
  if (signet_connection_is_connected (self->connection))
    {
      next (task);
      return;
    }

  if (self->connection_used)
    {
      g_autoptr(SignetConnection) fresh = signet_connection_new_like (self->connection);

      signet_connection_close (self->connection);
      g_set_object (&self->connection, fresh);
      watch_connection (self);
    }

  self->connection_used = TRUE;
  signet_connection_set_login (self->connection, NULL, NULL);
  signet_connection_set_keepalive (self->connection, KEEPALIVE_SECONDS);
  g_object_set_data (G_OBJECT (task), "connected-func", next);
  signet_connection_connect_async (self->connection, g_task_get_cancellable (task), on_connected, task);
}

static SignetXmlNode *
new_register_iq (SignetInbandRegistration *self,
                 const char               *type)
{
  SignetXmlNode *iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);

  signet_xml_node_set_attribute (iq, "type", type);
  signet_xml_node_set_attribute (iq, "to", signet_connection_get_domain (self->connection));
  signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);

  return iq;
}

/*
 * Fetching the form
 */

static void
clear_form (SignetInbandRegistration *self)
{
  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->web_url, g_free);
  g_clear_pointer (&self->web_description, g_free);
  g_clear_pointer (&self->insecure_web_url, g_free);
  self->already_registered = FALSE;
  self->form_kind = SIGNET_INBAND_FORM_DATA;
}

static void
set_form (SignetInbandRegistration *self,
          SignetDataForm           *form)
{
  /* The new form gets what the person typed into the old one. */
  if (form != NULL)
    signet_inband_form_keep_values (form, self->form);

  if (g_set_object (&self->form, form))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
}

static void
read_oob (SignetInbandRegistration *self,
          SignetXmlNode            *query)
{
  SignetXmlNode *oob = signet_xml_node_get_child (query, "x", SIGNET_NS_OOB);
  const char *url = oob != NULL ? signet_xml_node_get_child_text (oob, "url", SIGNET_NS_OOB) : NULL;
  g_autofree char *stripped = NULL;

  if (url == NULL)
    return;

  stripped = g_strstrip (g_strdup (url));
  if (*stripped == '\0')
    return;

  /* Only https is offered as a link: an http sign-up page sends the new
   * password in the clear, and other schemes could launch anything. */
  if (g_ascii_strncasecmp (stripped, "https://", strlen ("https://")) == 0 && stripped[8] != '\0')
    self->web_url = g_steal_pointer (&stripped);
  else
    self->insecure_web_url = g_steal_pointer (&stripped);

  self->web_description = g_strdup (signet_xml_node_get_child_text (oob, "desc", SIGNET_NS_OOB));
}

static gboolean
read_reply (SignetInbandRegistration *self,
            SignetXmlNode            *reply,
            GError                  **error)
{
  SignetXmlNode *query = signet_xml_node_get_child (reply, "query", SIGNET_NS_REGISTER);
  g_autoptr(SignetDataForm) form = NULL;
  gboolean legacy = FALSE;

  if (query == NULL)
    {
      g_set_error_literal (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVALID_RESPONSE,
                           _("The server answered without a sign-up form."));
      return FALSE;
    }

  form = signet_inband_read_form (reply, NULL, &legacy, error);
  if (form == NULL && error != NULL && *error != NULL)
    return FALSE;

  clear_form (self);
  self->instructions = g_strdup (signet_xml_node_get_child_text (query, "instructions", SIGNET_NS_REGISTER));
  self->already_registered = signet_xml_node_get_child (query, "registered", SIGNET_NS_REGISTER) != NULL;
  read_oob (self, query);

  if (form != NULL)
    self->form_kind = legacy ? SIGNET_INBAND_FORM_LEGACY : SIGNET_INBAND_FORM_DATA;
  else if (self->web_url != NULL || self->insecure_web_url != NULL)
    self->form_kind = SIGNET_INBAND_FORM_WEB;
  else
    {
      g_set_error_literal (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_INVALID_RESPONSE,
                           _("The server sent neither a sign-up form nor a web page to sign up on."));
      return FALSE;
    }

  set_form (self, form);
  return TRUE;
}

static void
on_form_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  GError *error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, take_connection_error (self, error));
      return;
    }

  error = take_stanza_error (self, reply, SIGNET_INBAND_STEP_FETCH);
  if (error == NULL)
    read_reply (self, reply, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fetch_now (GTask *task)
{
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetXmlNode) iq = new_register_iq (self, "get");

  /* Asked even without the stream feature: some servers do not advertise
   * it, and the others answer service-unavailable (Prosody) or end the
   * stream (ejabberd), which tells the person more than silence. */
  signet_connection_send_iq_async (self->connection, iq, g_task_get_cancellable (task), on_form_fetched, task);
}

void
signet_inband_registration_fetch_async (SignetInbandRegistration *self,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_inband_registration_fetch_async);

  connect_then (self, g_steal_pointer (&task), fetch_now);
}

gboolean
signet_inband_registration_fetch_finish (SignetInbandRegistration *self,
                                         GAsyncResult             *result,
                                         GError                  **error)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Submitting
 */

static void
add_legacy_fields (SignetInbandRegistration *self,
                   SignetXmlNode            *query)
{
  for (guint i = 0; i < signet_data_form_get_n_fields (self->form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (self->form, i);
      const char *value = signet_data_form_field_get_value (field);

      signet_xml_node_add_text_child (query, signet_data_form_field_get_var (field), NULL,
                                      value != NULL ? value : "");
    }
}

static SignetXmlNode *
build_submission (SignetInbandRegistration *self)
{
  SignetXmlNode *iq = new_register_iq (self, "set");
  SignetXmlNode *query = signet_xml_node_get_child (iq, "query", SIGNET_NS_REGISTER);

  /* Never both (XEP-0077 §4): ejabberd refuses a form it did not offer. */
  if (self->form_kind == SIGNET_INBAND_FORM_LEGACY)
    add_legacy_fields (self, query);
  else
    {
      g_autoptr(SignetDataForm) submit = signet_data_form_new_submit (self->form);
      g_autoptr(SignetXmlNode) x = signet_data_form_to_xml (submit);

      signet_xml_node_append (query, x);
    }

  return iq;
}

static void
wipe_password (SignetInbandRegistration *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
on_captcha_refetched (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (source);
  GError *captcha_error = g_object_steal_data (G_OBJECT (task), "captcha-error");
  SignetStanzaError *server_error = g_object_steal_data (G_OBJECT (task), "server-error");
  g_autoptr(GError) error = NULL;

  /* The wrong answer is what the person needs to hear, whether or not a
   * new CAPTCHA came. */
  if (!signet_inband_registration_fetch_finish (self, result, &error))
    g_debug ("Could not fetch a new CAPTCHA: %s", error->message);

  clear_error_state (self);
  self->server_error = server_error;
  self->error_field = g_strdup (g_object_get_data (G_OBJECT (task), "captcha-field"));
  g_task_return_error (task, captcha_error);
}

static const char *
captcha_field_var (SignetDataForm *form)
{
  for (guint i = 0; form != NULL && i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);

      if (signet_data_form_field_get_n_media (field) > 0)
        return signet_data_form_field_get_var (field);
    }

  return NULL;
}

/* XEP-0077 §3.1: a modify error may bring the form to fill in again.
 * Legacy fields in an error are only the server echoing the request. */
static void
take_returned_form (SignetInbandRegistration *self,
                    SignetXmlNode            *reply)
{
  SignetXmlNode *error = signet_xml_node_get_child (reply, "error", NULL);
  g_autoptr(SignetDataForm) returned = NULL;
  gboolean legacy = FALSE;

  if (error == NULL || g_strcmp0 (signet_xml_node_get_attribute (error, "type"), "modify") != 0)
    return;

  returned = signet_inband_read_form (reply, NULL, &legacy, NULL);
  if (returned != NULL && !legacy)
    set_form (self, returned);
}

static void
handle_submit_error (SignetInbandRegistration *self,
                     GTask                    *task,
                     GError                   *error)
{
  /* A CAPTCHA is spent once answered: get a new picture right away. */
  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_CAPTCHA_FAILED))
    {
      g_object_set_data_full (G_OBJECT (task), "captcha-field",
                              g_strdup (captcha_field_var (self->form)), g_free);
      g_object_set_data_full (G_OBJECT (task), "captcha-error", error, (GDestroyNotify) g_error_free);
      g_object_set_data_full (G_OBJECT (task), "server-error", signet_stanza_error_copy (self->server_error),
                              (GDestroyNotify) signet_stanza_error_free);
      signet_inband_registration_fetch_async (self, g_task_get_cancellable (task), on_captcha_refetched, task);
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  GError *error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      wipe_password (self);
      g_task_return_error (task, take_connection_error (self, error));
      g_object_unref (task);
      return;
    }

  /* The form a server sends back decides what is missing, so take it first. */
  take_returned_form (self, reply);
  error = take_stanza_error (self, reply, SIGNET_INBAND_STEP_SUBMIT);
  if (error != NULL)
    {
      wipe_password (self);
      handle_submit_error (self, task, error);
      return;
    }

  self->registered = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTERED]);
  /* The unauthenticated stream has done its job. */
  signet_connection_close (self->connection);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
submit_now (GTask *task)
{
  SignetInbandRegistration *self = g_task_get_source_object (task);
  const char *username = signet_data_form_get_value (self->form, "username");
  const char *password = signet_data_form_get_value (self->form, "password");
  g_autoptr(SignetXmlNode) iq = build_submission (self);

  g_free (self->jid);
  self->jid = username != NULL ? g_strdup_printf ("%s@%s", username, signet_connection_get_domain (self->connection))
                               : NULL;
  wipe_password (self);
  self->password = g_strdup (password);

  signet_connection_send_iq_async (self->connection, iq, g_task_get_cancellable (task), on_submitted, task);
}

static void
on_refetched_for_submit (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (source);
  GError *error = NULL;

  if (!signet_inband_registration_fetch_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (self->form == NULL)
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                               _("This server accepts sign-ups only on its website."));
      g_object_unref (task);
      return;
    }

  if (form_needs_person (self->form))
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_CHANGED,
                               _("The connection to the server was lost and it sent a new form. "
                                 "Check it, then submit again."));
      g_object_unref (task);
      return;
    }

  submit_now (task);
}

void
signet_inband_registration_submit_async (SignetInbandRegistration *self,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  GTask *task;

  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_inband_registration_submit_async);

  if (self->form == NULL)
    {
      if (self->form_kind == SIGNET_INBAND_FORM_WEB)
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_WEB_ONLY,
                                 _("This server accepts sign-ups only on its website."));
      else
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                                 _("There is no sign-up form to submit yet."));
      g_object_unref (task);
      return;
    }

  if (self->registered)
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                               _("This sign-up is complete already."));
      g_object_unref (task);
      return;
    }

  if (signet_connection_is_connected (self->connection))
    {
      submit_now (task);
      return;
    }

  /* The stream dropped since the form came: what it offered (a CAPTCHA
   * above all) belonged to that stream, so ask again before sending. */
  signet_inband_registration_fetch_async (self, cancellable, on_refetched_for_submit, task);
}

gboolean
signet_inband_registration_submit_finish (SignetInbandRegistration *self,
                                          GAsyncResult             *result,
                                          GError                  **error)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Completing: first login, keyring, account record
 */

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_error (&self->keyring_error);
  signet_account_store_save_secret_finish (result, &self->keyring_error);

  account = signet_account_new (SIGNET_ACCOUNT_KIND_XMPP, signet_connection_get_domain (self->connection),
                                self->jid);
  signet_account_set_keyring_stored (account, self->keyring_error == NULL);
  if (!signet_account_store_save (account, &error))
    g_warning ("Could not save the account record: %s", error->message);

  wipe_password (self);
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

static char *
bare_jid (const char *jid)
{
  const char *slash = jid != NULL ? strchr (jid, '/') : NULL;

  return slash != NULL ? g_strndup (jid, slash - jid) : g_strdup (jid);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetInbandRegistration *self = g_task_get_source_object (task);
  SignetConnection *login = SIGNET_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *bound = NULL;

  if (!signet_connection_connect_finish (login, result, &error))
    {
      if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_LOGIN_REFUSED,
                                 /* Translators: %s is an XMPP address. */
                                 _("The account %s was created, but the server refused to log in to it."),
                                 self->jid);
      else
        g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_LOGIN_REFUSED,
                                 /* Translators: the first %s is an XMPP address, the second why. */
                                 _("The account %s was created, but logging in to it failed: %s"),
                                 self->jid, error->message);
      return;
    }

  /* The server's own spelling of the address (it may lowercase it). */
  bound = bare_jid (signet_connection_get_bound_jid (login));
  if (bound != NULL && *bound != '\0')
    {
      g_free (self->jid);
      self->jid = g_steal_pointer (&bound);
    }
  g_free (self->login_mechanism);
  self->login_mechanism = g_strdup (signet_connection_get_sasl_mechanism (login));
  signet_connection_close (login);

  signet_account_store_save_secret_async (SIGNET_ACCOUNT_KIND_XMPP, signet_connection_get_domain (self->connection),
                                          self->jid, self->password, g_task_get_cancellable (task),
                                          on_secret_saved, g_object_ref (task));
}

void
signet_inband_registration_complete_async (SignetInbandRegistration *self,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SignetConnection) login = NULL;

  g_return_if_fail (SIGNET_IS_INBAND_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_inband_registration_complete_async);

  if (!self->registered || self->jid == NULL || self->password == NULL)
    {
      g_task_return_new_error (task, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                               _("There is no new account to log in to: the form had no username or "
                                 "password, or the sign-up did not succeed."));
      return;
    }

  login = signet_connection_new_like (self->connection);
  signet_connection_set_keepalive (login, 0);
  signet_connection_set_login (login, self->jid, self->password);
  /* The task keeps the login connection alive until it is done. */
  g_task_set_task_data (task, g_object_ref (login), g_object_unref);
  signet_connection_connect_async (login, cancellable, on_logged_in, g_steal_pointer (&task));
}

SignetAccount *
signet_inband_registration_complete_finish (SignetInbandRegistration *self,
                                            GAsyncResult             *result,
                                            GError                  **error)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Accessors
 */

SignetConnection *
signet_inband_registration_get_connection (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->connection;
}

SignetInbandFormKind
signet_inband_registration_get_form_kind (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), SIGNET_INBAND_FORM_DATA);

  return self->form_kind;
}

SignetDataForm *
signet_inband_registration_get_form (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->form_kind == SIGNET_INBAND_FORM_WEB ? NULL : self->form;
}

const char *
signet_inband_registration_get_instructions (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->instructions;
}

const char *
signet_inband_registration_get_web_url (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->web_url;
}

const char *
signet_inband_registration_get_web_description (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->web_description;
}

const char *
signet_inband_registration_get_insecure_web_url (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->insecure_web_url;
}

gboolean
signet_inband_registration_get_feature_advertised (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->feature_advertised;
}

gboolean
signet_inband_registration_get_invites_advertised (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->invites_advertised;
}

gboolean
signet_inband_registration_get_already_registered (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->already_registered;
}

gboolean
signet_inband_registration_get_has_captcha (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->form != NULL && captcha_field_var (self->form) != NULL;
}

gboolean
signet_inband_registration_get_registered (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), FALSE);

  return self->registered;
}

const char *
signet_inband_registration_get_jid (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->registered ? self->jid : NULL;
}

const char *
signet_inband_registration_get_login_mechanism (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->login_mechanism;
}

const GError *
signet_inband_registration_get_keyring_error (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->keyring_error;
}

const SignetStanzaError *
signet_inband_registration_get_server_error (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->server_error;
}

const char *
signet_inband_registration_get_error_field (SignetInbandRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_INBAND_REGISTRATION (self), NULL);

  return self->error_field;
}

/*
 * GObject
 */

SignetInbandRegistration *
signet_inband_registration_new (SignetConnection *connection)
{
  g_return_val_if_fail (SIGNET_IS_CONNECTION (connection), NULL);

  return g_object_new (SIGNET_TYPE_INBAND_REGISTRATION, "connection", connection, NULL);
}

static void
signet_inband_registration_dispose (GObject *object)
{
  SignetInbandRegistration *self = (SignetInbandRegistration *) object;

  if (self->connection != NULL)
    signet_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (signet_inband_registration_parent_class)->dispose (object);
}

static void
signet_inband_registration_finalize (GObject *object)
{
  SignetInbandRegistration *self = (SignetInbandRegistration *) object;

  clear_form (self);
  clear_error_state (self);
  wipe_password (self);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->login_mechanism, g_free);
  g_clear_error (&self->keyring_error);

  G_OBJECT_CLASS (signet_inband_registration_parent_class)->finalize (object);
}

static void
signet_inband_registration_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_FORM:
      g_value_set_object (value, signet_inband_registration_get_form (self));
      break;

    case PROP_REGISTERED:
      g_value_set_boolean (value, self->registered);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_inband_registration_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SignetInbandRegistration *self = SIGNET_INBAND_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      watch_connection (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_inband_registration_class_init (SignetInbandRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_inband_registration_dispose;
  object_class->finalize = signet_inband_registration_finalize;
  object_class->get_property = signet_inband_registration_get_property;
  object_class->set_property = signet_inband_registration_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SIGNET_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Changes when a form is fetched again or the server returns one with
   * an error: the UI renders it anew. */
  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL,
                         SIGNET_TYPE_DATA_FORM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetInbandRegistration::stream-lost:
   * @self: a #SignetInbandRegistration
   * @error: why the stream ended
   *
   * Emitted when the stream the form came on ends before the sign-up was
   * submitted (servers may drop idle unauthenticated streams).  The form
   * stays as typed; submitting fetches it again first.  A UI showing a
   * CAPTCHA fetches at once instead, for the new picture.
   */
  signals[SIGNAL_STREAM_LOST] =
    g_signal_new ("stream-lost",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE,
                  1,
                  G_TYPE_ERROR);
}

static void
signet_inband_registration_init (SignetInbandRegistration *self)
{
  self->form_kind = SIGNET_INBAND_FORM_DATA;
}
