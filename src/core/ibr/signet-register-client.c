/* signet-register-client.c: the jabber:iq:register requests (XEP-0077).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one place that builds jabber:iq:register requests, reads their
 * replies (data form or legacy fields, instructions, out-of-band URL,
 * CAPTCHA) and maps their errors, for the Kontalk request, the XEP-0077
 * sign-up and the account management alike.  Nothing here logs a field
 * value: forms carry passwords. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-register-client.h"

G_DEFINE_QUARK (signet-inband-error-quark, signet_inband_error)

/*
 * Error mapping
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

  /* Servers check the password typed into their form themselves. */
  if ((context & SIGNET_INBAND_CONTEXT_FORM) &&
      (g_str_equal (condition, "not-authorized") || g_str_equal (condition, "forbidden")))
    return g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_PASSWORD_WRONG,
                                passwd
                                ? _("The old password is wrong. Type the password the account has now.")
                                : _("The password is wrong. Type the password the account has now."));

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
inband_error (SignetInbandError code,
              const char       *message)
{
  return g_error_new_literal (SIGNET_INBAND_ERROR, code, message);
}

/* The conditions about what the person entered or who may sign up; NULL
 * for the others. */
static GError *
map_refusal (const SignetStanzaError *error,
             SignetInbandStep         step,
             SignetInbandContext      context,
             char                   **local_field)
{
  const char *condition = signet_stanza_error_get_condition (error);

  if (g_str_equal (condition, "conflict") || g_str_equal (condition, "jid-malformed"))
    *local_field = g_strdup ("username");

  if (g_str_equal (condition, "conflict"))
    return inband_error (SIGNET_INBAND_ERROR_USERNAME_TAKEN,
                         _("This username is already taken on this server. Choose another one."));
  if (g_str_equal (condition, "jid-malformed"))
    return inband_error (SIGNET_INBAND_ERROR_USERNAME_INVALID,
                         _("The server does not accept this username. "
                           "Try one without spaces, “@” or other special characters."));
  if (g_str_equal (condition, "not-acceptable"))
    return map_not_acceptable (error, step, context, local_field);
  if (g_str_equal (condition, "not-allowed") && (context & SIGNET_INBAND_CONTEXT_CAPTCHA))
    return inband_error (SIGNET_INBAND_ERROR_CAPTCHA_FAILED,
                         _("The answer to the CAPTCHA was wrong. Try again with the new picture."));
  if (g_str_equal (condition, "forbidden") && (context & SIGNET_INBAND_CONTEXT_INVITES) &&
      text_mentions_invitation (error))
    return inband_error (SIGNET_INBAND_ERROR_INVITE_ONLY,
                         _("This server accepts new accounts only with a valid invitation."));
  if (g_str_equal (condition, "forbidden"))
    return inband_error (SIGNET_INBAND_ERROR_FORBIDDEN,
                         _("The server does not accept sign-ups from your network. "
                           "Try its website, or ask its administrator."));
  if (g_str_equal (condition, "not-allowed"))
    return inband_error (SIGNET_INBAND_ERROR_NOT_ALLOWED, _("The server does not allow signing up this way."));
  if (g_str_equal (condition, "not-authorized") && (context & SIGNET_INBAND_CONTEXT_WEB))
    return inband_error (SIGNET_INBAND_ERROR_WEB_ONLY, _("This server accepts sign-ups only on its website."));
  if (g_str_equal (condition, "not-authorized"))
    return inband_error (SIGNET_INBAND_ERROR_NOT_ALLOWED, _("The server did not authorize this sign-up."));

  return NULL;
}

static GError *
map_registration_error (const SignetStanzaError *error,
                        SignetInbandStep         step,
                        SignetInbandContext      context,
                        char                   **local_field)
{
  const char *condition = signet_stanza_error_get_condition (error);
  GError *mapped = map_refusal (error, step, context, local_field);

  if (mapped != NULL)
    return mapped;
  if (g_str_equal (condition, "service-unavailable") || g_str_equal (condition, "feature-not-implemented"))
    return inband_error (SIGNET_INBAND_ERROR_NOT_OFFERED, _("This server does not offer sign-up from apps."));
  if (g_str_equal (condition, "policy-violation"))
    return inband_error (SIGNET_INBAND_ERROR_POLICY_VIOLATION,
                         _("The server refused the sign-up under its rules, "
                           "for example because the connection was not encrypted."));
  if (g_str_equal (condition, "bad-request") && (context & SIGNET_INBAND_CONTEXT_CAPTCHA))
    return inband_error (SIGNET_INBAND_ERROR_CAPTCHA_FAILED,
                         _("The server could not check the answer to the CAPTCHA. "
                           "Try again with the new picture."));
  if (g_str_equal (condition, "bad-request"))
    return inband_error (SIGNET_INBAND_ERROR_BAD_REQUEST,
                         _("The server did not understand the sign-up Signet sent. "
                           "This may be a problem in Signet; please report it."));
  if (g_str_equal (condition, "internal-server-error"))
    return inband_error (SIGNET_INBAND_ERROR_SERVER_INTERNAL,
                         _("The server had an internal problem. "
                           "Try again later or contact its administrator."));
  if (g_str_equal (condition, "registration-required"))
    return inband_error (SIGNET_INBAND_ERROR_NOT_REGISTERED, _("This account does not exist on the server."));

  /* Translators: %s is an XMPP error condition such as “gone”. */
  return g_error_new (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FAILED,
                      _("The server refused the request (%s)."), condition);
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

  /* ejabberd without mod_register closes the stream this way. */
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


/*
 * Replies
 */

struct _SignetRegisterReply
{
  SignetXmlNode     *iq;
  SignetXmlNode     *query;
  SignetStanzaError *error;
  SignetDataForm    *form;
  gboolean legacy;
  GError            *form_error;
  char              *instructions;
  char              *web_url;
  char              *insecure_web_url;
  char              *web_description;
  gboolean registered;
};

G_DEFINE_BOXED_TYPE (SignetRegisterReply, signet_register_reply,
                     signet_register_reply_ref, signet_register_reply_unref)

static void
reply_clear (gpointer data)
{
  SignetRegisterReply *self = data;

  g_clear_pointer (&self->iq, signet_xml_node_unref);
  g_clear_pointer (&self->error, signet_stanza_error_free);
  g_clear_object (&self->form);
  g_clear_error (&self->form_error);
  g_clear_pointer (&self->instructions, g_free);
  g_clear_pointer (&self->web_url, g_free);
  g_clear_pointer (&self->insecure_web_url, g_free);
  g_clear_pointer (&self->web_description, g_free);
}

static void
read_oob (SignetRegisterReply *self)
{
  SignetXmlNode *oob = signet_xml_node_get_child (self->query, "x", SIGNET_NS_OOB);
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

/* The first http(s) address in @text, without the punctuation that ends
 * the sentence around it, or NULL. */
static char *
find_url (const char *text)
{
  g_autofree char *folded = g_ascii_strdown (text, -1);
  const char *https = strstr (folded, "https://");
  const char *http = strstr (folded, "http://");
  const char *start = https != NULL && (http == NULL || https < http) ? https : http;
  gsize length;

  if (start == NULL)
    return NULL;

  start = text + (start - folded);
  length = strcspn (start, " \t\r\n<>\"'");
  while (length > 0 && strchr (".,;:!?)]", start[length - 1]) != NULL)
    length--;

  return g_strndup (start, length);
}

/* Some servers (a redirect without XEP-0066) only say where to sign up in
 * their instructions: that address is the sign-up page, as an OOB URL is. */
static void
read_instructions_url (SignetRegisterReply *self)
{
  g_autofree char *url = NULL;

  if (self->form != NULL || self->web_url != NULL || self->insecure_web_url != NULL || self->instructions == NULL)
    return;

  url = find_url (self->instructions);
  if (url == NULL)
    return;

  if (g_ascii_strncasecmp (url, "https://", strlen ("https://")) == 0 && url[8] != '\0')
    self->web_url = g_steal_pointer (&url);
  else
    self->insecure_web_url = g_steal_pointer (&url);
}

SignetRegisterReply *
signet_register_reply_new (SignetXmlNode      *iq,
                           const char * const *form_types)
{
  SignetRegisterReply *self;

  g_return_val_if_fail (iq != NULL, NULL);

  self = g_atomic_rc_box_new0 (SignetRegisterReply);
  self->iq = signet_xml_node_ref (iq);
  self->query = signet_xml_node_get_child (iq, "query", SIGNET_NS_REGISTER);
  self->error = signet_stanza_error_from_stanza (iq);
  self->form = signet_inband_read_form (iq, form_types, &self->legacy, &self->form_error);

  if (self->query == NULL)
    return self;

  self->instructions = g_strdup (signet_xml_node_get_child_text (self->query, "instructions", SIGNET_NS_REGISTER));
  self->registered = signet_xml_node_get_child (self->query, "registered", SIGNET_NS_REGISTER) != NULL;
  read_oob (self);
  read_instructions_url (self);

  return self;
}

SignetRegisterReply *
signet_register_reply_ref (SignetRegisterReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
signet_register_reply_unref (SignetRegisterReply *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, reply_clear);
}

SignetXmlNode *
signet_register_reply_get_iq (SignetRegisterReply *self)
{
  return self->iq;
}

SignetXmlNode *
signet_register_reply_get_query (SignetRegisterReply *self)
{
  return self->query;
}

const SignetStanzaError *
signet_register_reply_get_error (SignetRegisterReply *self)
{
  return self->error;
}

SignetDataForm *
signet_register_reply_get_form (SignetRegisterReply *self)
{
  return self->form;
}

gboolean
signet_register_reply_get_legacy (SignetRegisterReply *self)
{
  return self->legacy;
}

const GError *
signet_register_reply_get_form_error (SignetRegisterReply *self)
{
  return self->form_error;
}

const char *
signet_register_reply_get_instructions (SignetRegisterReply *self)
{
  return self->instructions;
}

const char *
signet_register_reply_get_web_url (SignetRegisterReply *self)
{
  return self->web_url;
}

const char *
signet_register_reply_get_insecure_web_url (SignetRegisterReply *self)
{
  return self->insecure_web_url;
}

const char *
signet_register_reply_get_web_description (SignetRegisterReply *self)
{
  return self->web_description;
}

gboolean
signet_register_reply_get_registered (SignetRegisterReply *self)
{
  return self->registered;
}

/*
 * Requests
 */

static const char * const changepassword_types[] = {
  SIGNET_NS_REGISTER_CHANGEPASSWORD, SIGNET_NS_REGISTER, NULL
};
static const char * const cancel_types[] = { SIGNET_NS_REGISTER_CANCEL, SIGNET_NS_REGISTER, NULL };

static SignetXmlNode *
new_register_iq (SignetConnection *connection,
                 const char       *type,
                 SignetXmlNode   **query)
{
  SignetXmlNode *iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);

  signet_xml_node_set_attribute (iq, "type", type);
  signet_xml_node_set_attribute (iq, "to", signet_connection_get_domain (connection));
  *query = signet_xml_node_add_child (iq, "query", SIGNET_NS_REGISTER);

  return iq;
}

static void
on_replied (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char * const *form_types = g_task_get_task_data (task);
  g_autoptr(SignetXmlNode) reply = NULL;
  GError *error = NULL;

  reply = signet_connection_send_iq_finish (SIGNET_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signet_register_reply_new (reply, form_types),
                           (GDestroyNotify) signet_register_reply_unref);
}

/* Sends @iq; the reply's form is read with @form_types (static). */
static void
send_register_iq (SignetConnection   *connection,
                  SignetXmlNode      *iq,
                  const char * const *form_types,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  GTask *task = g_task_new (connection, cancellable, callback, user_data);

  g_task_set_source_tag (task, send_register_iq);
  g_task_set_task_data (task, (gpointer) form_types, NULL);
  signet_connection_send_iq_async (connection, iq, cancellable, on_replied, task);
}

void
signet_register_client_get_async (SignetConnection   *connection,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  SignetXmlNode *query;
  g_autoptr(SignetXmlNode) iq = NULL;

  g_return_if_fail (SIGNET_IS_CONNECTION (connection));

  iq = new_register_iq (connection, "get", &query);
  send_register_iq (connection, iq, NULL, cancellable, callback, user_data);
}

static void
append_form (SignetXmlNode  *query,
             SignetDataForm *form)
{
  g_autoptr(SignetDataForm) submit = NULL;
  g_autoptr(SignetXmlNode) x = NULL;

  if (signet_data_form_get_form_type_kind (form) == SIGNET_DATA_FORM_TYPE_SUBMIT)
    submit = g_object_ref (form);
  else
    submit = signet_data_form_new_submit (form);

  x = signet_data_form_to_xml (submit);
  signet_xml_node_append (query, x);
}

static void
append_legacy_fields (SignetXmlNode  *query,
                      SignetDataForm *form)
{
  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    {
      SignetDataFormField *field = signet_data_form_get_nth_field (form, i);
      const char *value = signet_data_form_field_get_value (field);

      signet_xml_node_add_text_child (query, signet_data_form_field_get_var (field), NULL,
                                      value != NULL ? value : "");
    }
}

/* A set with @form when given; the caller adds the plain request otherwise. */
static SignetXmlNode *
new_set_iq (SignetConnection *connection,
            SignetDataForm   *form,
            SignetXmlNode   **query)
{
  SignetXmlNode *iq = new_register_iq (connection, "set", query);

  if (form != NULL)
    append_form (*query, form);

  return iq;
}

void
signet_register_client_set_async (SignetConnection   *connection,
                                  SignetDataForm     *form,
                                  gboolean            legacy,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  SignetXmlNode *query;
  g_autoptr(SignetXmlNode) iq = NULL;

  g_return_if_fail (SIGNET_IS_CONNECTION (connection));
  g_return_if_fail (SIGNET_IS_DATA_FORM (form));

  /* Never both (XEP-0077 §4): ejabberd refuses a form it did not offer. */
  iq = new_set_iq (connection, legacy ? NULL : form, &query);
  if (legacy)
    append_legacy_fields (query, form);

  send_register_iq (connection, iq, NULL, cancellable, callback, user_data);
}

void
signet_register_client_change_password_async (SignetConnection   *connection,
                                              const char         *username,
                                              const char         *password,
                                              SignetDataForm     *form,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data)
{
  SignetXmlNode *query;
  g_autoptr(SignetXmlNode) iq = NULL;

  g_return_if_fail (SIGNET_IS_CONNECTION (connection));
  g_return_if_fail (form != NULL || (username != NULL && password != NULL));

  iq = new_set_iq (connection, form, &query);
  if (form == NULL)
    {
      signet_xml_node_add_text_child (query, "username", NULL, username);
      signet_xml_node_add_text_child (query, "password", NULL, password);
    }

  send_register_iq (connection, iq, changepassword_types, cancellable, callback, user_data);
}

void
signet_register_client_cancel_async (SignetConnection   *connection,
                                     SignetDataForm     *form,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  SignetXmlNode *query;
  g_autoptr(SignetXmlNode) iq = new_set_iq (connection, form, &query);

  if (form == NULL)
    signet_xml_node_add_child (query, "remove", NULL);

  send_register_iq (connection, iq, cancel_types, cancellable, callback, user_data);
}

void
signet_register_client_preauth_async (SignetConnection   *connection,
                                      const char         *token,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(SignetXmlNode) iq = NULL;
  SignetXmlNode *preauth;

  g_return_if_fail (SIGNET_IS_CONNECTION (connection));
  g_return_if_fail (token != NULL);

  iq = signet_xml_node_new ("iq", SIGNET_NS_CLIENT);
  signet_xml_node_set_attribute (iq, "type", "set");
  signet_xml_node_set_attribute (iq, "to", signet_connection_get_domain (connection));
  preauth = signet_xml_node_add_child (iq, "preauth", SIGNET_NS_PARS);
  signet_xml_node_set_attribute (preauth, "token", token);
  send_register_iq (connection, iq, NULL, cancellable, callback, user_data);
}

SignetRegisterReply *
signet_register_client_finish (SignetConnection *connection,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == send_register_iq, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
signet_register_client_prepare_connection (SignetConnection **connection,
                                           gboolean          *used)
{
  g_return_val_if_fail (connection != NULL && SIGNET_IS_CONNECTION (*connection), FALSE);
  g_return_val_if_fail (used != NULL, FALSE);

  if (signet_connection_is_connected (*connection))
    return TRUE;

  if (*used)
    {
      SignetConnection *fresh = signet_connection_new_like (*connection);

      signet_connection_close (*connection);
      g_object_unref (*connection);
      *connection = fresh;
    }

  *used = TRUE;
  return FALSE;
}
