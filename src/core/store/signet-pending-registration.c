/* signet-pending-registration.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-account-store.h"
#include "signet-certificate-info.h"
#include "signet-core-enums.h"
#include "signet-pending-registration.h"
#include "signet-personal-key.h"
#include "signet-property.h"
#include "signet-secret-store-private.h"
#include "signet-state-file.h"

/* Bumped only if the file changes incompatibly. */
#define FILE_VERSION 1

/* Longer than any code a Kontalk server sends (6 digits, or the '?' of a
 * missed-call mask), short enough to refuse nonsense. */
#define MAX_CODE_LENGTH 32

/* An XMPP domainpart is at most 1023 bytes (RFC 7622). */
#define MAX_DOMAIN_LENGTH 1023

/* A Kontalk key with the server's certification is a few KiB; two of them
 * in Base64 stay well inside the file's 64 KiB. */
#define MAX_KEY_SIZE SIGNET_PENDING_REGISTRATION_MAX_KEY_SIZE

G_DEFINE_QUARK (signet-pending-registration-error-quark, signet_pending_registration_error)

static const SignetStateFileErrors file_errors = {
  .domain = signet_pending_registration_error_quark,
  .failed = SIGNET_PENDING_REGISTRATION_ERROR_FAILED,
  .not_found = SIGNET_PENDING_REGISTRATION_ERROR_NOT_FOUND,
  .invalid = SIGNET_PENDING_REGISTRATION_ERROR_INVALID,
  .log_name = "Pending registration",
  .not_found_message = N_("No sign-up is waiting for its code."),
  .invalid_message = N_("The unfinished sign-up is damaged and cannot be resumed. "
                        "Start again with your phone number."),
  .read_failed = N_("The unfinished sign-up could not be read: %s"),
  .write_failed = N_("The unfinished sign-up could not be saved: %s"),
  .remove_failed = N_("The unfinished sign-up could not be removed: %s"),
};

struct _SignetPendingRegistration
{
  GObject parent_instance;

  char                *domain;
  char                *phone;
  char                *host;
  guint16 port;
  gboolean direct_tls;
  char                *trusted_sha256;
  char                *display_name;
  SignetChallenge     *challenge;
  GDateTime           *requested;
  char                *fingerprint;
  gboolean code_accepted;
  char                *certified_by;
  char                *server_fingerprint;
  GBytes              *certified_keyring;
  GBytes              *server_key;
  guint timeout;
};

G_DEFINE_FINAL_TYPE (SignetPendingRegistration, signet_pending_registration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_PHONE,
  PROP_JID,
  PROP_HOST,
  PROP_PORT,
  PROP_DIRECT_TLS,
  PROP_TRUSTED_SHA256,
  PROP_DISPLAY_NAME,
  PROP_CHALLENGE_TYPE,
  PROP_SENDER,
  PROP_CODE_LENGTH,
  PROP_CAN_FALLBACK,
  PROP_INSTRUCTIONS,
  PROP_REQUESTED,
  PROP_FINGERPRINT,
  PROP_CODE_ACCEPTED,
  PROP_CERTIFIED_BY,
  PROP_SERVER_FINGERPRINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
signet_pending_registration_constructed (GObject *object)
{
  SignetPendingRegistration *self = SIGNET_PENDING_REGISTRATION (object);

  G_OBJECT_CLASS (signet_pending_registration_parent_class)->constructed (object);

  if (self->requested == NULL)
    self->requested = g_date_time_new_now_utc ();
}

static void
signet_pending_registration_finalize (GObject *object)
{
  SignetPendingRegistration *self = SIGNET_PENDING_REGISTRATION (object);

  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->trusted_sha256, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_object (&self->challenge);
  g_clear_pointer (&self->requested, g_date_time_unref);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->certified_by, g_free);
  g_clear_pointer (&self->server_fingerprint, g_free);
  g_clear_pointer (&self->certified_keyring, g_bytes_unref);
  g_clear_pointer (&self->server_key, g_bytes_unref);

  G_OBJECT_CLASS (signet_pending_registration_parent_class)->finalize (object);
}

/* How far the code step got (see get_code_accepted()). */
static gboolean
get_progress_property (SignetPendingRegistration *self,
                       guint                      prop_id,
                       GValue                    *value)
{
  switch (prop_id)
    {
    case PROP_CODE_ACCEPTED:
      g_value_set_boolean (value, self->code_accepted);
      return TRUE;
    case PROP_CERTIFIED_BY:
      g_value_set_string (value, self->certified_by);
      return TRUE;
    case PROP_SERVER_FINGERPRINT:
      g_value_set_string (value, self->server_fingerprint);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
signet_pending_registration_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  SignetPendingRegistration *self = SIGNET_PENDING_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_JID:
      g_value_take_string (value, signet_pending_registration_dup_jid (self));
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_DIRECT_TLS:
      g_value_set_boolean (value, self->direct_tls);
      break;
    case PROP_TRUSTED_SHA256:
      g_value_set_string (value, self->trusted_sha256);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_CHALLENGE_TYPE:
      g_value_set_enum (value, signet_pending_registration_get_challenge_type (self));
      break;
    case PROP_SENDER:
      g_value_set_string (value, signet_pending_registration_get_sender (self));
      break;
    case PROP_CODE_LENGTH:
      g_value_set_uint (value, signet_pending_registration_get_code_length (self));
      break;
    case PROP_CAN_FALLBACK:
      g_value_set_boolean (value, signet_pending_registration_get_can_fallback (self));
      break;
    case PROP_INSTRUCTIONS:
      g_value_set_string (value, signet_pending_registration_get_instructions (self));
      break;
    case PROP_REQUESTED:
      g_value_set_boxed (value, self->requested);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    default:
      if (!get_progress_property (self, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_pending_registration_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  SignetPendingRegistration *self = SIGNET_PENDING_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      self->domain = g_value_dup_string (value);
      break;
    case PROP_PHONE:
      self->phone = g_value_dup_string (value);
      break;
    case PROP_HOST:
      signet_pending_registration_set_host (self, g_value_get_string (value), self->port);
      break;
    case PROP_PORT:
      signet_pending_registration_set_host (self, self->host, g_value_get_uint (value));
      break;
    case PROP_DIRECT_TLS:
      signet_pending_registration_set_direct_tls (self, g_value_get_boolean (value));
      break;
    case PROP_TRUSTED_SHA256:
      signet_pending_registration_set_trusted_sha256 (self, g_value_get_string (value));
      break;
    case PROP_DISPLAY_NAME:
      signet_pending_registration_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_REQUESTED:
      signet_pending_registration_set_requested (self, g_value_get_boxed (value));
      break;
    case PROP_FINGERPRINT:
      signet_pending_registration_set_fingerprint (self, g_value_get_string (value));
      break;
    case PROP_CODE_ACCEPTED:
      signet_property_set_boolean (object, &self->code_accepted, g_value_get_boolean (value), pspec);
      break;
    case PROP_CERTIFIED_BY:
      signet_property_set_string (object, &self->certified_by, g_value_get_string (value), pspec);
      break;
    case PROP_SERVER_FINGERPRINT:
      signet_property_set_string (object, &self->server_fingerprint, g_value_get_string (value), pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_pending_registration_class_init (SignetPendingRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = signet_pending_registration_constructed;
  object_class->finalize = signet_pending_registration_finalize;
  object_class->get_property = signet_pending_registration_get_property;
  object_class->set_property = signet_pending_registration_set_property;

  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL, construct);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, construct);
  properties[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL, readable);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_DIRECT_TLS] = g_param_spec_boolean ("direct-tls", NULL, NULL, FALSE, flags);
  properties[PROP_TRUSTED_SHA256] =
    g_param_spec_string ("trusted-sha256", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  /* The challenge changes only as a whole: set_challenge(). */
  properties[PROP_CHALLENGE_TYPE] =
    g_param_spec_enum ("challenge-type", NULL, NULL,
                       SIGNET_TYPE_CHALLENGE_TYPE, SIGNET_CHALLENGE_PIN, readable);
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, NULL, NULL, readable);
  properties[PROP_CODE_LENGTH] =
    g_param_spec_uint ("code-length", NULL, NULL, 0, MAX_CODE_LENGTH, 0, readable);
  properties[PROP_CAN_FALLBACK] =
    g_param_spec_boolean ("can-fallback", NULL, NULL, FALSE, readable);
  properties[PROP_INSTRUCTIONS] = g_param_spec_string ("instructions", NULL, NULL, NULL, readable);
  properties[PROP_REQUESTED] =
    g_param_spec_boxed ("requested", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);
  /* The server took the code and certified the key: only the login is left. */
  properties[PROP_CODE_ACCEPTED] = g_param_spec_boolean ("code-accepted", NULL, NULL, FALSE, flags);
  properties[PROP_CERTIFIED_BY] = g_param_spec_string ("certified-by", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_FINGERPRINT] = g_param_spec_string ("server-fingerprint", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_pending_registration_init (SignetPendingRegistration *self)
{
}

SignetPendingRegistration *
signet_pending_registration_new (const char *domain,
                                 const char *phone)
{
  g_return_val_if_fail (domain != NULL && *domain != '\0', NULL);
  g_return_val_if_fail (signet_state_file_is_e164 (phone), NULL);

  return g_object_new (SIGNET_TYPE_PENDING_REGISTRATION,
                       "domain", domain,
                       "phone", phone,
                       NULL);
}

static void
set_string (SignetPendingRegistration *self,
            char                     **field,
            const char                *value,
            guint                      prop_id)
{
  signet_property_set_string (G_OBJECT (self), field, value, properties[prop_id]);
}

const char *
signet_pending_registration_get_domain (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->domain;
}

const char *
signet_pending_registration_get_phone (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->phone;
}

char *
signet_pending_registration_dup_jid (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  /* The same address the key's user id carries. */
  return signet_personal_key_make_jid (self->phone, self->domain);
}

const char *
signet_pending_registration_get_host (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->host;
}

guint16
signet_pending_registration_get_port (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), 0);

  return self->port;
}

void
signet_pending_registration_set_host (SignetPendingRegistration *self,
                                      const char                *host,
                                      guint16                    port)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  g_object_freeze_notify (G_OBJECT (self));

  set_string (self, &self->host, host, PROP_HOST);
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
signet_pending_registration_get_direct_tls (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), FALSE);

  return self->direct_tls;
}

void
signet_pending_registration_set_direct_tls (SignetPendingRegistration *self,
                                            gboolean                   direct_tls)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  signet_property_set_boolean (G_OBJECT (self), &self->direct_tls, direct_tls,
                               properties[PROP_DIRECT_TLS]);
}

guint
signet_pending_registration_get_timeout (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), 0);

  return self->timeout;
}

void
signet_pending_registration_set_timeout (SignetPendingRegistration *self,
                                         guint                      timeout)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  self->timeout = timeout;
}

const char *
signet_pending_registration_get_trusted_sha256 (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->trusted_sha256;
}

void
signet_pending_registration_set_trusted_sha256 (SignetPendingRegistration *self,
                                                const char                *sha256)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  /* Stored in the form SignetConnection compares, so that what is saved
   * always loads again. */
  normalized = signet_certificate_normalize_trusted_sha256 (sha256);
  set_string (self, &self->trusted_sha256, normalized, PROP_TRUSTED_SHA256);
}

const char *
signet_pending_registration_get_display_name (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->display_name;
}

void
signet_pending_registration_set_display_name (SignetPendingRegistration *self,
                                              const char                *display_name)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  set_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

/* Only what the file keeps, so that a resumed sign-up sees the same
 * challenge whether or not the file was read in between.  Without a sender
 * there is nothing to answer, hence no challenge. */
static SignetChallenge *
new_challenge (SignetChallengeType type,
               const char         *sender,
               gboolean            can_fallback,
               const char         *instructions)
{
  if (sender == NULL)
    return NULL;

  return signet_challenge_new (type, sender, can_fallback, instructions);
}

void
signet_pending_registration_set_challenge (SignetPendingRegistration *self,
                                           SignetChallenge           *challenge)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));
  g_return_if_fail (SIGNET_IS_CHALLENGE (challenge));

  g_clear_object (&self->challenge);
  self->challenge = new_challenge (signet_challenge_get_challenge_type (challenge),
                                   signet_challenge_get_sender (challenge),
                                   signet_challenge_get_can_fallback (challenge),
                                   signet_challenge_get_instructions (challenge));

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHALLENGE_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE_LENGTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_FALLBACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTRUCTIONS]);
  g_object_thaw_notify (G_OBJECT (self));
}

SignetChallenge *
signet_pending_registration_get_challenge (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->challenge;
}

/* The getters below answer for a pending sign-up without a challenge too. */

SignetChallengeType
signet_pending_registration_get_challenge_type (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), SIGNET_CHALLENGE_PIN);

  return self->challenge != NULL ? signet_challenge_get_challenge_type (self->challenge) : SIGNET_CHALLENGE_PIN;
}

const char *
signet_pending_registration_get_sender (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->challenge != NULL ? signet_challenge_get_sender (self->challenge) : NULL;
}

guint
signet_pending_registration_get_code_length (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), 0);

  if (self->challenge == NULL)
    return 0;

  return MIN (signet_challenge_get_code_length (self->challenge), MAX_CODE_LENGTH);
}

gboolean
signet_pending_registration_get_can_fallback (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), FALSE);

  return self->challenge != NULL && signet_challenge_get_can_fallback (self->challenge);
}

const char *
signet_pending_registration_get_instructions (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->challenge != NULL ? signet_challenge_get_instructions (self->challenge) : NULL;
}

GDateTime *
signet_pending_registration_get_requested (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->requested;
}

void
signet_pending_registration_set_requested (SignetPendingRegistration *self,
                                           GDateTime                 *requested)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  /* Construction passes NULL; constructed() then sets "now". */
  signet_property_set_date_time (G_OBJECT (self), &self->requested, requested,
                                 properties[PROP_REQUESTED]);
}

const char *
signet_pending_registration_get_fingerprint (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->fingerprint;
}

void
signet_pending_registration_set_fingerprint (SignetPendingRegistration *self,
                                             const char                *fingerprint)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  set_string (self, &self->fingerprint, fingerprint, PROP_FINGERPRINT);
}

gboolean
signet_pending_registration_get_code_accepted (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), FALSE);

  return self->code_accepted;
}

const char *
signet_pending_registration_get_certified_by (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->certified_by;
}

const char *
signet_pending_registration_get_server_fingerprint (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->server_fingerprint;
}

void
signet_pending_registration_set_code_accepted (SignetPendingRegistration *self,
                                               const char                *certified_by,
                                               const char                *server_fingerprint)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  g_object_freeze_notify (G_OBJECT (self));
  signet_property_set_boolean (G_OBJECT (self), &self->code_accepted, TRUE, properties[PROP_CODE_ACCEPTED]);
  set_string (self, &self->certified_by, certified_by, PROP_CERTIFIED_BY);
  set_string (self, &self->server_fingerprint, server_fingerprint, PROP_SERVER_FINGERPRINT);
  g_object_thaw_notify (G_OBJECT (self));
}

GBytes *
signet_pending_registration_get_certified_keyring (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->certified_keyring;
}

GBytes *
signet_pending_registration_get_server_key (SignetPendingRegistration *self)
{
  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), NULL);

  return self->server_key;
}

static void
set_key (GBytes **field,
         GBytes  *key)
{
  g_clear_pointer (field, g_bytes_unref);
  if (key != NULL && g_bytes_get_size (key) > 0 && g_bytes_get_size (key) <= MAX_KEY_SIZE)
    *field = g_bytes_ref (key);
}

void
signet_pending_registration_set_certified_keyring (SignetPendingRegistration *self,
                                                   GBytes                    *keyring,
                                                   GBytes                    *server_key)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  set_key (&self->certified_keyring, keyring);
  set_key (&self->server_key, server_key);
}

/* The file */

char *
signet_pending_registration_get_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "signet", "pending.json", NULL);
}

/* The challenge's members, as earlier versions wrote them: they read
 * "code-length" too. */
static void
challenge_to_json (SignetPendingRegistration *self,
                   JsonObject                *object)
{
  SignetChallengeType type = signet_pending_registration_get_challenge_type (self);

  json_object_set_string_member (object, "challenge-type", signet_challenge_type_to_string (type));
  json_object_set_string_member (object, "sender", signet_pending_registration_get_sender (self));
  json_object_set_int_member (object, "code-length", signet_pending_registration_get_code_length (self));
  json_object_set_boolean_member (object, "can-fallback", signet_pending_registration_get_can_fallback (self));
  json_object_set_string_member (object, "instructions", signet_pending_registration_get_instructions (self));
}

/* Public keys only: nothing secret goes into the file. */
static void
key_to_json (JsonObject *object,
             const char *name,
             GBytes     *key)
{
  g_autofree char *text = NULL;
  gsize size;
  gconstpointer data;

  if (key == NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }

  data = g_bytes_get_data (key, &size);
  text = g_base64_encode (data, size);
  json_object_set_string_member (object, name, text);
}

static JsonObject *
to_json (SignetPendingRegistration *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *requested = g_date_time_format_iso8601 (self->requested);

  json_object_set_int_member (object, "version", FILE_VERSION);
  json_object_set_string_member (object, "domain", self->domain);
  json_object_set_string_member (object, "host", self->host);
  json_object_set_int_member (object, "port", self->port);
  json_object_set_boolean_member (object, "direct-tls", self->direct_tls);
  json_object_set_string_member (object, "trusted-sha256", self->trusted_sha256);
  json_object_set_string_member (object, "phone", self->phone);
  json_object_set_string_member (object, "display-name", self->display_name);
  challenge_to_json (self, object);
  json_object_set_string_member (object, "requested", requested);
  json_object_set_string_member (object, "fingerprint", self->fingerprint);
  json_object_set_boolean_member (object, "code-accepted", self->code_accepted);
  json_object_set_string_member (object, "certified-by", self->certified_by);
  json_object_set_string_member (object, "server-fingerprint", self->server_fingerprint);
  key_to_json (object, "certified-keyring", self->certified_keyring);
  key_to_json (object, "server-key", self->server_key);

  return object;
}

/* The domain ends up in a JID, a keyring attribute and a DNS query. */
static gboolean
is_domain (const char *domain)
{
  gsize length = strlen (domain);

  if (length == 0 || length > MAX_DOMAIN_LENGTH || !g_utf8_validate (domain, length, NULL))
    return FALSE;

  for (const char *p = domain; *p != '\0'; p++)
    if (*p == '@' || *p == '/' || g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;

  return TRUE;
}

static gboolean
is_hex (const char *text,
        gsize       max_length)
{
  gsize length = 0;

  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p++, length++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return length <= max_length;
}

static gboolean
is_sha256 (const char *text)
{
  g_autofree char *normalized = signet_certificate_normalize_sha256 (text);

  return normalized != NULL;
}

typedef struct
{
  char                *domain;
  char                *host;
  gint64 port;
  gboolean direct_tls;
  char                *trusted_sha256;
  char                *phone;
  char                *display_name;
  char                *challenge_name;
  SignetChallengeType challenge_type;
  char                *sender;
  gint64 code_length;
  gboolean can_fallback;
  char                *instructions;
  GDateTime           *requested;
  char                *fingerprint;
  gboolean code_accepted;
  char                *certified_by;
  char                *server_fingerprint;
  GBytes              *certified_keyring;
  GBytes              *server_key;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_free (fields->domain);
  g_free (fields->host);
  g_free (fields->trusted_sha256);
  g_free (fields->phone);
  g_free (fields->display_name);
  g_free (fields->challenge_name);
  g_free (fields->sender);
  g_free (fields->instructions);
  g_clear_pointer (&fields->requested, g_date_time_unref);
  g_free (fields->fingerprint);
  g_free (fields->certified_by);
  g_free (fields->server_fingerprint);
  g_clear_pointer (&fields->certified_keyring, g_bytes_unref);
  g_clear_pointer (&fields->server_key, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

/* An optional public key in strict Base64, at most MAX_KEY_SIZE bytes. */
static gboolean
read_key (JsonObject *object,
          const char *name,
          GBytes    **key)
{
  g_autofree char *text = NULL;
  g_autofree guchar *data = NULL;
  gsize length = 0;

  if (!signet_state_file_get_string (object, name, FALSE, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;

  length = strlen (text);
  if (length == 0 || length % 4 != 0 || length > (MAX_KEY_SIZE + 2) / 3 * 4 ||
      strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != length)
    return FALSE;

  data = g_base64_decode (text, &length);
  if (length == 0 || length > MAX_KEY_SIZE)
    return FALSE;

  *key = g_bytes_new_take (g_steal_pointer (&data), length);
  return TRUE;
}

/* How far the code step got.  Files written before it was kept have none
 * of these members, and so resume at the code. */
static const char *
read_progress (JsonObject *object,
               Fields     *f)
{
  if (!signet_state_file_get_boolean (object, "code-accepted", &f->code_accepted) ||
      (f->code_accepted && f->fingerprint == NULL))
    return "code-accepted";
  if (!signet_state_file_get_string (object, "certified-by", FALSE, &f->certified_by) ||
      !is_hex (f->certified_by, 16))
    return "certified-by";
  if (!signet_state_file_get_string (object, "server-fingerprint", FALSE, &f->server_fingerprint) ||
      !is_hex (f->server_fingerprint, 64))
    return "server-fingerprint";
  if (!read_key (object, "certified-keyring", &f->certified_keyring))
    return "certified-keyring";
  if (!read_key (object, "server-key", &f->server_key))
    return "server-key";

  return NULL;
}

/* Returns the name of the first bad member, or NULL.  Names only: the
 * values are personal. */
static const char *
read_fields (JsonObject *object,
             Fields     *f)
{
  gint64 version;

  if (!signet_state_file_get_int (object, "version", FILE_VERSION, FILE_VERSION, &version))
    return "version";
  if (!signet_state_file_get_string (object, "domain", TRUE, &f->domain) || !is_domain (f->domain))
    return "domain";
  if (!signet_state_file_get_string (object, "host", FALSE, &f->host))
    return "host";
  if (!signet_state_file_get_int (object, "port", 0, G_MAXUINT16, &f->port))
    return "port";
  if (!signet_state_file_get_boolean (object, "direct-tls", &f->direct_tls))
    return "direct-tls";
  if (!signet_state_file_get_string (object, "trusted-sha256", FALSE, &f->trusted_sha256) ||
      (f->trusted_sha256 != NULL && !is_sha256 (f->trusted_sha256)))
    return "trusted-sha256";
  if (!signet_state_file_get_string (object, "phone", TRUE, &f->phone) ||
      !signet_state_file_is_e164 (f->phone))
    return "phone";
  if (!signet_state_file_get_string (object, "display-name", FALSE, &f->display_name))
    return "display-name";
  if (!signet_state_file_get_string (object, "challenge-type", TRUE, &f->challenge_name) ||
      !signet_challenge_type_from_string (f->challenge_name, &f->challenge_type))
    return "challenge-type";
  if (!signet_state_file_get_string (object, "sender", FALSE, &f->sender))
    return "sender";
  if (!signet_state_file_get_int (object, "code-length", 0, MAX_CODE_LENGTH, &f->code_length))
    return "code-length";
  if (!signet_state_file_get_boolean (object, "can-fallback", &f->can_fallback))
    return "can-fallback";
  if (!signet_state_file_get_string (object, "instructions", FALSE, &f->instructions))
    return "instructions";
  if (!signet_state_file_get_datetime (object, "requested", &f->requested))
    return "requested";
  if (!signet_state_file_get_string (object, "fingerprint", FALSE, &f->fingerprint) ||
      !is_hex (f->fingerprint, 64))
    return "fingerprint";

  return read_progress (object, f);
}

static gpointer
from_json (JsonObject *object,
           gpointer    user_data)
{
  g_auto(Fields) f = { 0 };
  const char *bad = read_fields (object, &f);
  SignetPendingRegistration *self;

  if (bad != NULL)
    {
      g_debug ("Pending registration: bad or missing “%s”", bad);
      return NULL;
    }

  self = g_object_new (SIGNET_TYPE_PENDING_REGISTRATION,
                       "domain", f.domain,
                       "phone", f.phone,
                       "host", f.host,
                       "port", (guint) f.port,
                       "direct-tls", f.direct_tls,
                       "trusted-sha256", f.trusted_sha256,
                       "display-name", f.display_name,
                       "requested", f.requested,
                       "fingerprint", f.fingerprint,
                       "code-accepted", f.code_accepted,
                       "certified-by", f.certified_by,
                       "server-fingerprint", f.server_fingerprint,
                       NULL);
  /* "code-length" is checked but not kept: the sender says it again. */
  self->challenge = new_challenge (f.challenge_type, f.sender, f.can_fallback, f.instructions);
  signet_pending_registration_set_certified_keyring (self, f.certified_keyring, f.server_key);

  return self;
}

SignetPendingRegistration *
signet_pending_registration_load (GError **error)
{
  g_autofree char *path = signet_pending_registration_get_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return signet_state_file_load (path, &file_errors, from_json, NULL, error);
}

gboolean
signet_pending_registration_save (SignetPendingRegistration *self,
                                  GError                   **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SIGNET_IS_PENDING_REGISTRATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = signet_pending_registration_get_path ();
  object = to_json (self);
  return signet_state_file_save (path, object, &file_errors, error);
}

gboolean
signet_pending_registration_delete_file (GError **error)
{
  g_autofree char *path = signet_pending_registration_get_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return signet_state_file_remove (path, &file_errors, TRUE, error);
}

/* The passphrase */

static void
passphrase_call (SignetPendingRegistration *self,
                 SignetSecretOperation      operation,
                 const char                *passphrase,
                 GCancellable              *cancellable,
                 GAsyncReadyCallback        callback,
                 gpointer                   user_data,
                 gpointer                   source_tag)
{
  g_autofree char *jid = signet_pending_registration_dup_jid (self);

  signet_secret_store_call_async (operation, self, SIGNET_ACCOUNT_KIND_KONTALK_PENDING,
                                  self->domain, jid, passphrase, cancellable,
                                  callback, user_data, source_tag);
}

void
signet_pending_registration_save_passphrase_async (SignetPendingRegistration *self,
                                                   const char                *passphrase,
                                                   GCancellable              *cancellable,
                                                   GAsyncReadyCallback        callback,
                                                   gpointer                   user_data)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));
  g_return_if_fail (passphrase != NULL);

  passphrase_call (self, SIGNET_SECRET_SAVE, passphrase, cancellable, callback, user_data,
                   signet_pending_registration_save_passphrase_async);
}

gboolean
signet_pending_registration_save_passphrase_finish (SignetPendingRegistration *self,
                                                    GAsyncResult              *result,
                                                    GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
signet_pending_registration_lookup_passphrase_async (SignetPendingRegistration *self,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data)
{
  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  passphrase_call (self, SIGNET_SECRET_LOOKUP, NULL, cancellable, callback, user_data,
                   signet_pending_registration_lookup_passphrase_async);
}

char *
signet_pending_registration_lookup_passphrase_finish (SignetPendingRegistration *self,
                                                      GAsyncResult              *result,
                                                      GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_passphrase_cleared (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *file_error = g_task_get_task_data (task);
  GError *error = NULL;

  signet_account_store_clear_secret_finish (result, &error);

  if (file_error != NULL)
    {
      g_clear_error (&error);
      g_task_return_error (task, g_error_copy (file_error));
    }
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
signet_pending_registration_discard_async (SignetPendingRegistration *self,
                                           GCancellable              *cancellable,
                                           GAsyncReadyCallback        callback,
                                           gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *jid = NULL;
  GError *file_error = NULL;

  g_return_if_fail (SIGNET_IS_PENDING_REGISTRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_pending_registration_discard_async);

  /* The file first: without it nothing offers to resume, whatever the
   * keyring does. */
  if (!signet_pending_registration_delete_file (&file_error))
    g_task_set_task_data (task, file_error, (GDestroyNotify) g_error_free);

  jid = signet_pending_registration_dup_jid (self);
  signet_account_store_clear_secret_async (SIGNET_ACCOUNT_KIND_KONTALK_PENDING, self->domain, jid,
                                           cancellable,
                                           on_passphrase_cleared, g_steal_pointer (&task));
}

gboolean
signet_pending_registration_discard_finish (SignetPendingRegistration *self,
                                            GAsyncResult              *result,
                                            GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
