/* signet-provision-client.c: accounts through a mod_register_json servlet.
 *
 * The servlet takes a POST whose body is the Base64 of a JSON object with
 * the five fields it requires, and answers with a token; the account
 * exists only once that token is posted to its verify/ page.  It answers
 * only over HTTPS, and the request carries a password and the operator's
 * auth token, so a plain http:// address is refused before anything is
 * sent.  A certificate the system does not trust is accepted only when its
 * SHA-256 is the one the trust store holds for the host, as for XMPP.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include "signet-http.h"
#include "signet-provision-client.h"

#define DEFAULT_TIMEOUT_SECONDS 30

struct _SignetProvisionClient
{
  GObject parent_instance;

  char                  *url;
  char                  *verify_url;
  char                  *host;
  char                  *auth_token;
  SignetTrustStore      *trust_store;
  /* libsoup's module and session, made by the first request. */
  const SignetHttp      *http;
  GObject               *session;
  guint timeout;
  SignetCertificateInfo *certificate;
  char                  *server_text;
  guint status;
};

G_DEFINE_FINAL_TYPE (SignetProvisionClient, signet_provision_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_string (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
signet_provision_client_dispose (GObject *object)
{
  SignetProvisionClient *self = SIGNET_PROVISION_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->trust_store);

  G_OBJECT_CLASS (signet_provision_client_parent_class)->dispose (object);
}

static void
signet_provision_client_finalize (GObject *object)
{
  SignetProvisionClient *self = SIGNET_PROVISION_CLIENT (object);

  g_free (self->url);
  g_free (self->verify_url);
  g_free (self->host);
  g_clear_pointer (&self->auth_token, wipe_string);
  g_clear_pointer (&self->certificate, signet_certificate_info_free);
  g_free (self->server_text);

  G_OBJECT_CLASS (signet_provision_client_parent_class)->finalize (object);
}

static void
signet_provision_client_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SignetProvisionClient *self = SIGNET_PROVISION_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_provision_client_class_init (SignetProvisionClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_provision_client_dispose;
  object_class->finalize = signet_provision_client_finalize;
  object_class->get_property = signet_provision_client_get_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_provision_client_init (SignetProvisionClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
}

/* The address with a path that ends in "/": without it, Prosody answers a
 * POST with a redirect, which would turn it into a GET. */
static gboolean
parse_url (const char *url,
           GUri      **parsed,
           GError    **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri != NULL && g_ascii_strcasecmp (scheme, "http") == 0)
    {
      g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INSECURE_URL,
                   _("The servlet’s address must start with https://: over plain http:// the "
                     "password and the auth token would travel unencrypted."));
      return FALSE;
    }

  if (uri == NULL || g_ascii_strcasecmp (scheme, "https") != 0 || g_uri_get_host (uri) == NULL ||
      *g_uri_get_host (uri) == '\0' || g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_URL,
                   _("The servlet’s address is not valid: give one like "
                     "https://example.org:5281/register_account/."));
      return FALSE;
    }

  *parsed = g_steal_pointer (&uri);
  return TRUE;
}

SignetProvisionClient *
signet_provision_client_new (const char *url,
                             GError    **error)
{
  g_autoptr(SignetProvisionClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) base = NULL;
  const char *path;

  if (!parse_url (url, &uri, error))
    return NULL;

  path = g_uri_get_path (uri);
  base = g_uri_build (G_URI_FLAGS_NONE, "https", NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                      g_str_has_suffix (path, "/") ? path : "", NULL, NULL);

  self = g_object_new (SIGNET_TYPE_PROVISION_CLIENT, NULL);
  self->host = g_strdup (g_uri_get_host (uri));
  if (g_str_has_suffix (path, "/"))
    self->url = g_uri_to_string (base);
  else
    {
      g_autofree char *start = g_uri_to_string (base);

      self->url = g_strconcat (start, path, "/", NULL);
    }
  self->verify_url = g_strconcat (self->url, "verify/", NULL);

  return g_steal_pointer (&self);
}

const char *
signet_provision_client_get_url (SignetProvisionClient *self)
{
  g_return_val_if_fail (SIGNET_IS_PROVISION_CLIENT (self), NULL);

  return self->url;
}

const char *
signet_provision_client_get_verify_url (SignetProvisionClient *self)
{
  g_return_val_if_fail (SIGNET_IS_PROVISION_CLIENT (self), NULL);

  return self->verify_url;
}

const char *
signet_provision_client_get_host (SignetProvisionClient *self)
{
  g_return_val_if_fail (SIGNET_IS_PROVISION_CLIENT (self), NULL);

  return self->host;
}

void
signet_provision_client_set_auth_token (SignetProvisionClient *self,
                                        const char            *auth_token)
{
  g_return_if_fail (SIGNET_IS_PROVISION_CLIENT (self));

  g_clear_pointer (&self->auth_token, wipe_string);
  self->auth_token = g_strdup (auth_token);
}

void
signet_provision_client_set_trust_store (SignetProvisionClient *self,
                                         SignetTrustStore      *trust_store)
{
  g_return_if_fail (SIGNET_IS_PROVISION_CLIENT (self));

  g_set_object (&self->trust_store, trust_store);
}

void
signet_provision_client_set_timeout (SignetProvisionClient *self,
                                     guint                  seconds)
{
  g_return_if_fail (SIGNET_IS_PROVISION_CLIENT (self));

  self->timeout = seconds;
  if (self->session != NULL)
    self->http->session_set_timeout (self->session, seconds);
}

const SignetCertificateInfo *
signet_provision_client_get_certificate (SignetProvisionClient *self)
{
  g_return_val_if_fail (SIGNET_IS_PROVISION_CLIENT (self), NULL);

  return self->certificate;
}

const char *
signet_provision_client_get_server_text (SignetProvisionClient *self)
{
  g_return_val_if_fail (SIGNET_IS_PROVISION_CLIENT (self), NULL);

  return self->server_text;
}

guint
signet_provision_client_get_status (SignetProvisionClient *self)
{
  g_return_val_if_fail (SIGNET_IS_PROVISION_CLIENT (self), 0);

  return self->status;
}

/*
 * Certificates
 */

static const char *
certificate_problem (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("It is self-signed or signed by an unknown authority.");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("It was issued to another server.");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("It has expired.");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("It is not valid yet.");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("It has been revoked.");

  return _("It could not be verified.");
}

static char *
format_time (GDateTime *time)
{
  return time != NULL ? g_date_time_format_iso8601 (time) : NULL;
}

static SignetCertificateInfo *
describe_certificate (GTlsCertificate     *certificate,
                      const char          *sha256,
                      GTlsCertificateFlags errors)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_object_get (certificate,
                "subject-name", &subject,
                "issuer-name", &issuer,
                "not-valid-before", &not_before,
                "not-valid-after", &not_after,
                NULL);
  before = format_time (not_before);
  after = format_time (not_after);

  return signet_certificate_info_new (subject, issuer, before, after, sha256, certificate_problem (errors));
}

static gboolean
on_accept_certificate (GObject             *message,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  SignetProvisionClient *self = user_data;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *trusted = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return FALSE;

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  if (self->trust_store != NULL)
    trusted = signet_trust_store_dup_trusted (self->trust_store, self->host);
  if (trusted != NULL && g_ascii_strcasecmp (trusted, sha256) == 0)
    return TRUE;

  g_clear_pointer (&self->certificate, signet_certificate_info_free);
  self->certificate = describe_certificate (certificate, sha256, errors);
  return FALSE;
}

/*
 * Requests
 */

static void
begin_call (SignetProvisionClient *self)
{
  g_clear_pointer (&self->certificate, signet_certificate_info_free);
  g_clear_pointer (&self->server_text, g_free);
  self->status = 0;
}

static GObject *
new_post (SignetProvisionClient *self,
          const char            *url,
          const char            *content_type,
          GBytes                *body)
{
  /* Never redirected: a redirect could lead to plain HTTP, and would turn
   * the POST into a GET.  Not marked idempotent, so each request gets a
   * connection of its own: on a reused connection the server dropped,
   * libsoup would send it again, and a registration sent twice comes back
   * as "already pending". */
  GObject *message = self->http->message_new ("POST", url, content_type, body);

  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate), self, 0);

  return message;
}

/* The error for a request that got no answer.  A silence, a cut and an
 * answer that is not HTTP each get their own: the servlet was reached and
 * may have acted, which "could not reach" would hide. */
static GError *
transport_error (SignetProvisionClient *self,
                 GError                *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (self->certificate != NULL)
    mapped = g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED,
                          _("The servlet’s certificate is not trusted."));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    /* Translators: %s is the host. */
    mapped = g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_TIMEOUT,
                          _("The servlet on %s did not answer in time; it may have acted on the request."),
                          self->host);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    /* Translators: %s is the host. */
    mapped = g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_CONNECTION_CLOSED,
                          _("The servlet on %s closed the connection before it answered; it may have acted "
                            "on the request."), self->host);
  else if (self->http->is_parse_error (error))
    /* Translators: %s is the host. */
    mapped = g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_MALFORMED_REPLY,
                          _("The answer from %s is not HTTP."), self->host);
  else
    /* Translators: %s is the host, then the network library's message. */
    mapped = g_error_new (SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_NETWORK,
                          _("Could not reach the servlet on %s: %s"), self->host, error->message);
  g_error_free (error);

  return mapped;
}

typedef gboolean (*AnswerParser) (SignetProvisionClient *self,
                                  GTask                 *task,
                                  GBytes                *body);

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignetProvisionClient *self = g_task_get_source_object (task);
  GObject *message = g_object_get_data (G_OBJECT (task), "message");
  AnswerParser parse = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = self->http->send_and_read_finish (source, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, transport_error (self, error));
      return;
    }

  self->status = self->http->message_get_status (message);
  parse (self, task, body);
}

/* libsoup is opened only when a servlet is first talked to. */
static gboolean
open_session (SignetProvisionClient *self,
              GError               **error)
{
  if (self->session != NULL)
    return TRUE;

  self->http = signet_http_get (error);
  if (self->http == NULL)
    return FALSE;

  self->session = self->http->session_new (self->timeout, "Signet/" PACKAGE_VERSION " ");
  return TRUE;
}

static void
send_post (SignetProvisionClient *self,
           GTask                 *task,
           const char            *url,
           const char            *content_type,
           GBytes                *body,
           AnswerParser           parse)
{
  g_autoptr(GObject) message = NULL;
  GError *error = NULL;

  if (!open_session (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  message = new_post (self, url, content_type, body);
  g_task_set_task_data (task, parse, NULL);
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (message), g_object_unref);
  self->http->send_and_read_async (self->session, message, g_task_get_cancellable (task),
                                   on_sent, g_object_ref (task));
}

/* The JSON object the servlet wants, Base64-encoded; the plain text, which
 * holds the password and the auth token, is wiped. */
static GBytes *
encode_request (const char * const *names,
                const char * const *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *json;
  char *encoded;

  json_builder_begin_object (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, values[i]);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  encoded = g_base64_encode ((const guchar *) json, length);
  memset (json, 0, length);
  g_free (json);

  return g_bytes_new_take (encoded, strlen (encoded));
}

/* What can be refused before anything is sent. */
static gboolean
check_request (SignetProvisionClient *self,
               const char            *username,
               const char            *password,
               const char            *mail,
               const char            *ip,
               GError               **error)
{
  if (!signet_provision_username_is_valid (username))
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_USERNAME,
                 _("The username is empty or has characters XMPP does not allow in it "
                   "(spaces, quotes, &, /, :, <, >, @)."));
  else if (password == NULL || *password == '\0')
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_BAD_REQUEST,
                 _("The password is empty."));
  else if (mail == NULL || strchr (mail, '@') == NULL || !g_utf8_validate (mail, -1, NULL))
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_BAD_REQUEST,
                 _("The mail address is missing or has no “@”."));
  else if (ip == NULL || *ip == '\0' || !g_utf8_validate (ip, -1, NULL))
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_BAD_REQUEST,
                 _("The IP address of the person signing up is missing."));
  else if (self->auth_token == NULL || *self->auth_token == '\0')
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_BAD_REQUEST,
                 _("No auth token was given for the servlet."));
  else if (!g_utf8_validate (password, -1, NULL) || !g_utf8_validate (self->auth_token, -1, NULL))
    g_set_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_BAD_REQUEST,
                 _("The password and the auth token must be UTF-8 text."));
  else
    return TRUE;

  return FALSE;
}

static gboolean
parse_register_answer (SignetProvisionClient *self,
                       GTask                 *task,
                       GBytes                *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  GError *error = NULL;
  char *token;

  token = signet_provision_parse_answer (self->status, data, length, &self->server_text, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return FALSE;
    }

  g_task_return_pointer (task, token, g_free);
  return TRUE;
}

void
signet_provision_client_register_async (SignetProvisionClient *self,
                                        const char            *username,
                                        const char            *password,
                                        const char            *mail,
                                        const char            *ip,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  g_return_if_fail (SIGNET_IS_PROVISION_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_provision_client_register_async);
  begin_call (self);

  if (!check_request (self, username, password, mail, ip, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  {
    const char *names[] = { "username", "password", "ip", "mail", "auth_token", NULL };
    const char *values[] = { username, password, ip, mail, self->auth_token, NULL };

    body = encode_request (names, values);
  }
  send_post (self, task, self->url, "application/encoded", body, parse_register_answer);
}

char *
signet_provision_client_register_finish (SignetProvisionClient *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
parse_verify_answer (SignetProvisionClient *self,
                     GTask                 *task,
                     GBytes                *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  GError *error = NULL;

  if (!signet_provision_parse_verify_page (self->status, data, length, &self->server_text, &error))
    {
      g_task_return_error (task, error);
      return FALSE;
    }

  g_task_return_boolean (task, TRUE);
  return TRUE;
}

void
signet_provision_client_verify_async (SignetProvisionClient *self,
                                      const char            *token,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (SIGNET_IS_PROVISION_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_provision_client_verify_async);
  begin_call (self);

  if (token == NULL || *token == '\0' || !g_utf8_validate (token, -1, NULL))
    {
      g_task_return_new_error (task, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_TOKEN_INVALID,
                               _("The token is empty."));
      return;
    }

  {
    g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
    char *form = g_strconcat ("uuid=", escaped, NULL);

    body = g_bytes_new_take (form, strlen (form));
  }
  send_post (self, task, self->verify_url, "application/x-www-form-urlencoded", body, parse_verify_answer);
}

gboolean
signet_provision_client_verify_finish (SignetProvisionClient *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
