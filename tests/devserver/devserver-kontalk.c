/* devserver-kontalk.c: Kontalk's registration logic and the state shared by
 * every connection of the development server
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "devserver-kontalk.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "devserver-bridge.h"
#include "devserver-pgp.h"

/* This file follows the behaviour of Kontalk's server plugin (KontalkIqRegister
 * and its registration package in kontalk/tigase-extension) as described in
 * the project's reference notes: the same fields, the same order of checks,
 * and the same error conditions, types, codes and texts, because Signet's
 * wizard is written against exactly those. */

#define E164_MIN_DIGITS 8
#define E164_MAX_DIGITS 15
/* Kontalk's prefix throttling looks at the first 6 digits after '+'. */
#define THROTTLE_PREFIX_LENGTH 6
#define PIN_LENGTH 6
/* --garbage-key: about the size of a real signed keyring. */
#define GARBAGE_KEY_LENGTH 1200
/* Base64 lines of the signed key, as MIME writes them: clients must read
 * the key whatever the line breaks. */
#define BASE64_LINE_LENGTH 76

#define TEXT_NOT_ALLOWED     "Registration is not allowed for this domain."
#define TEXT_TERMS           "Service terms were not accepted."
#define TEXT_BAD_NUMBER      "Bad phone number."
#define TEXT_CONFLICT        "Another user is registered with the same id."
#define TEXT_THROTTLED       "Too many attempts."
#define TEXT_UNABLE          "Unable to verify number."
#define TEXT_MALFORMED       "Please provide either a phone number or a public key and a verification code."
#define TEXT_INVALID_PUBKEY  "Invalid public key."
#define TEXT_INVALID_CODE    "Invalid verification code."
#define TEXT_PGP_ERROR       "Internal PGP error. Please contact administrator."
#define TEXT_NOT_AUTHORIZED  "Not authorized"
#define TEXT_PUBKEY_MISSING  "Public key not found."
#define TEXT_PUBKEY_FAILED   "Unable to process public key."
#define TEXT_INVALID_TOKEN   "Invalid private key token."
#define TEXT_BAD_TYPE        "Message type is incorrect"
#define TEXT_INVALID_REVOKED "Invalid revocation key."

typedef struct
{
  DevserverChallenge type;
  /* The "from" field: a sender ID, a masked caller or a number to dial. */
  const char         *sender;
  const char         *instructions;
  gboolean fails;
} Provider;

typedef struct
{
  guint attempts;
  gint64 last_access;
} ThrottleEntry;

typedef struct
{
  char *jid;
  char *private_key;  /* Base64, as uploaded */
} LinkedKey;

static void
linked_key_free (LinkedKey *key)
{
  g_free (key->jid);
  if (key->private_key != NULL)
    explicit_bzero (key->private_key, strlen (key->private_key));
  g_free (key->private_key);
  g_free (key);
}

struct _DevserverKontalk
{
  char       *domain;
  gboolean registration_enabled;
  char       *terms_url;
  char       *brand_image;
  char       *brand_link;
  char       *codes_file;
  gint64 throttle_window_usec;
  guint throttle_attempts;
  gint64 code_expiry_usec;
  gint64 callerid_delay_usec;
  gboolean no_certify;
  gboolean garbage_key;
  gboolean refuse_login;
  /* Bare JIDs whose key rollovers meet a fault (the drop only once). */
  GHashTable *refuse_revocation;
  GHashTable *drop_rekey;
  GHashTable *garble_rekey;

  /* The server key and the keyring of user keys, with a lock of its own. */
  DevserverPgp *pgp;

  /* Default first, then the fallback, then the extra ones: the order in
   * which a "challenge" field is matched, as Kontalk's provider list. */
  GPtrArray  *providers;
  Provider   *default_provider;
  Provider   *fallback_provider;

  /* Everything below is shared by the client threads. */
  GMutex lock;
  /* Bare JID → fingerprint of the account's key (NULL for the accounts
   * --registered makes): Kontalk's user table with its "fingerprint". */
  GHashTable *registered;
  /* Fingerprints (upper case) of keys the server stopped taking (SIGUSR1):
   * refused at login until a verification certifies them again. */
  GHashTable *forgotten;
  /* Fingerprints (upper case) of keys revoked by a key rollover: as their
   * revocation stays in Kontalk's keyring, they never log in again. */
  GHashTable *revoked;
  /* Token → LinkedKey: private keys uploaded for device linking, as
   * Kontalk's domain temp data "kontalk/privatekey/<token>". */
  GHashTable *private_keys;
  /* Bare JID → DevserverVerification: the latest request, as Kontalk's
   * in-memory "requests" map. */
  GHashTable *pending;
  /* Bare JID → creation time of a stored PIN, as the rows of Kontalk's
   * "validations" table: only PIN providers store them, and a second PIN
   * request while one exists is throttled. */
  GHashTable *stored_pins;
  /* Identifier → ThrottleEntry, one table per Kontalk security provider. */
  GHashTable *throttle_ip;
  GHashTable *throttle_phone;
  GHashTable *throttle_prefix;
};

G_DEFINE_QUARK (devserver-error-quark, devserver_error)

/* stdout carries the READY line and the CODE, UNSUBSCRIBED and LOGIN lines
 * of every thread. */
static GMutex output_lock;

static const char * const challenge_names[] = {
  [DEVSERVER_CHALLENGE_NONE] = "none",
  [DEVSERVER_CHALLENGE_PIN] = "pin",
  [DEVSERVER_CHALLENGE_MISSEDCALL] = "missedcall",
  [DEVSERVER_CHALLENGE_CALLERID] = "callerid",
};

const char *
devserver_challenge_to_string (DevserverChallenge challenge)
{
  g_return_val_if_fail (challenge <= DEVSERVER_CHALLENGE_CALLERID, NULL);

  return challenge_names[challenge];
}

gboolean
devserver_challenge_from_string (const char         *text,
                                 gboolean            allow_none,
                                 DevserverChallenge *challenge)
{
  for (guint i = 0; i < G_N_ELEMENTS (challenge_names); i++)
    {
      if (g_strcmp0 (text, challenge_names[i]) != 0)
        continue;
      if (i == DEVSERVER_CHALLENGE_NONE && !allow_none)
        return FALSE;

      *challenge = (DevserverChallenge) i;
      return TRUE;
    }

  return FALSE;
}

void
devserver_verification_free (DevserverVerification *self)
{
  if (self == NULL)
    return;

  g_free (self->jid);
  g_free (self->e164);
  g_free (self->code);
  g_free (self);
}

static DevserverVerification *
verification_copy (const DevserverVerification *self)
{
  DevserverVerification *copy = g_new0 (DevserverVerification, 1);

  copy->jid = g_strdup (self->jid);
  copy->e164 = g_strdup (self->e164);
  copy->code = g_strdup (self->code);
  copy->challenge = self->challenge;
  copy->created = self->created;
  return copy;
}

/* Phone numbers ------------------------------------------------------------ */

/* Kontalk parses with libphonenumber and no default region, so only
 * numbers with a leading '+' get through; this keeps to a plausible E.164
 * shape (the usual separators are tolerated, as libphonenumber does) and
 * returns the E.164 form, or NULL. */
static char *
parse_e164 (const char *input)
{
  g_autoptr(GString) e164 = g_string_new ("+");
  const char *p;

  if (input == NULL)
    return NULL;

  while (g_ascii_isspace (*input))
    input++;
  if (*input != '+')
    return NULL;

  for (p = input + 1; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (e164, *p);
      else if (strchr (" -.()/", *p) == NULL)
        return NULL;
    }

  if (e164->len - 1 < E164_MIN_DIGITS || e164->len - 1 > E164_MAX_DIGITS ||
      e164->str[1] == '0')
    return NULL;

  return g_string_free (g_steal_pointer (&e164), FALSE);
}

/* Kontalk's user id: the SHA-1 of the E.164 number, lowercase hex. */
static char *
jid_for_e164 (DevserverKontalk *self,
              const char       *e164)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, e164, -1);

  return g_strdup_printf ("%s@%s", hash, self->domain);
}

/* Providers ---------------------------------------------------------------- */

static Provider *
provider_new (DevserverChallenge type,
              guint              failing_challenges)
{
  Provider *provider = g_new0 (Provider, 1);

  provider->type = type;
  provider->fails = (failing_challenges & (1u << type)) != 0;

  switch (type)
    {
    case DEVSERVER_CHALLENGE_PIN:
      provider->sender = "12345";
      provider->instructions = "A SMS containing a verification code will be sent to the phone number you provided.";
      break;

    case DEVSERVER_CHALLENGE_MISSEDCALL:
      /* The client asks for as many digits as there are '?'. */
      provider->sender = "+39-0612345????";
      provider->instructions = "A missed call will be placed to the phone number you provided.";
      break;

    case DEVSERVER_CHALLENGE_CALLERID:
      provider->sender = "+39-0698765432";
      provider->instructions = "Call this number from the phone you are registering. "
                               "Nobody will answer: wait until the call ends by itself.";
      break;

    case DEVSERVER_CHALLENGE_NONE:
    default:
      g_assert_not_reached ();
    }

  return provider;
}

static Provider *
find_provider (DevserverKontalk  *self,
               DevserverChallenge type)
{
  for (guint i = 0; i < self->providers->len; i++)
    {
      Provider *provider = g_ptr_array_index (self->providers, i);

      if (provider->type == type)
        return provider;
    }

  return NULL;
}

/* The digits the person has to send back, or NULL when there are none. */
static char *
make_code (Provider *provider)
{
  GString *code;
  guint length = 0;

  switch (provider->type)
    {
    case DEVSERVER_CHALLENGE_PIN:
      length = PIN_LENGTH;
      break;

    case DEVSERVER_CHALLENGE_MISSEDCALL:
      for (const char *p = provider->sender; *p != '\0'; p++)
        length += *p == '?';
      break;

    case DEVSERVER_CHALLENGE_CALLERID:
    case DEVSERVER_CHALLENGE_NONE:
    default:
      return NULL;
    }

  code = g_string_sized_new (length);
  for (guint i = 0; i < length; i++)
    g_string_append_c (code, (char) ('0' + g_random_int_range (0, 10)));

  return g_string_free (code, FALSE);
}

static void
append_to_codes_file (const char *path,
                      const char *line)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  gsize length = strlen (line);

  if (fd < 0 || write (fd, line, length) != (gssize) length)
    g_warning ("Could not append to the codes file: %s", g_strerror (errno));

  if (fd >= 0)
    close (fd);
}

/* One machine-readable line on stdout, whole even when threads race. */
static void
print_line (const char *line,
            const char *codes_file)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&output_lock);

  fputs (line, stdout);
  fflush (stdout);
  if (codes_file != NULL)
    append_to_codes_file (codes_file, line);
}

/* "Sends" the code: the CODE line on stdout is how tests and the demo
 * receive their SMS.  Numbers and codes go nowhere else. */
static void
deliver_code (DevserverKontalk            *self,
              const DevserverVerification *verification)
{
  g_autofree char *line = NULL;

  line = g_strdup_printf ("CODE %s %s\n", verification->e164,
                          verification->code != NULL ? verification->code : "callerid");
  print_line (line, self->codes_file);
}

/* Stanzas ------------------------------------------------------------------ */

SignetXmlNode *
devserver_stanza_new_reply (SignetXmlNode *request,
                            const char    *from,
                            const char    *type)
{
  SignetXmlNode *reply = signet_xml_node_new (signet_xml_node_get_name (request),
                                              SIGNET_NS_CLIENT);
  const char *id = signet_xml_node_get_attribute (request, "id");

  signet_xml_node_set_attribute (reply, "type", type);
  if (id != NULL)
    signet_xml_node_set_attribute (reply, "id", id);
  if (from != NULL)
    signet_xml_node_set_attribute (reply, "from", from);

  return reply;
}

SignetXmlNode *
devserver_stanza_new_error (SignetXmlNode *request,
                            const char    *from,
                            const char    *condition,
                            const char    *type,
                            guint          code,
                            const char    *text,
                            gboolean       echo)
{
  SignetXmlNode *reply = devserver_stanza_new_reply (request, from, "error");
  SignetXmlNode *error;
  SignetXmlNode *text_node;
  g_autofree char *code_text = g_strdup_printf ("%u", code);

  if (echo)
    {
      for (guint i = 0; i < signet_xml_node_get_n_children (request); i++)
        {
          g_autoptr(SignetXmlNode) child =
            signet_xml_node_copy (signet_xml_node_get_nth_child (request, i));

          signet_xml_node_append (reply, child);
        }
    }

  error = signet_xml_node_add_child (reply, "error", SIGNET_NS_CLIENT);
  signet_xml_node_set_attribute (error, "code", code_text);
  signet_xml_node_set_attribute (error, "type", type);
  signet_xml_node_add_child (error, condition, SIGNET_NS_STANZAS);
  text_node = signet_xml_node_add_text_child (error, "text", SIGNET_NS_STANZAS, text);
  signet_xml_node_set_attribute (text_node, "xml:lang", "en");

  return reply;
}

static SignetXmlNode *
error_reply (DevserverKontalk *self,
             SignetXmlNode    *iq,
             const char       *condition,
             const char       *type,
             guint             code,
             const char       *text,
             gboolean          echo)
{
  return devserver_stanza_new_error (iq, self->domain, condition, type, code, text, echo);
}

/* Data forms, read and written directly: the server must not depend on the
 * client-side form code it is there to test. */

static SignetXmlNode *
form_find_field (SignetXmlNode *form,
                 const char    *var)
{
  for (guint i = 0; i < signet_xml_node_get_n_children (form); i++)
    {
      SignetXmlNode *field = signet_xml_node_get_nth_child (form, i);

      if (signet_xml_node_is (field, "field", SIGNET_NS_DATA_FORMS) &&
          g_strcmp0 (signet_xml_node_get_attribute (field, "var"), var) == 0)
        return field;
    }

  return NULL;
}

static const char *
form_get_value (SignetXmlNode *form,
                const char    *var)
{
  SignetXmlNode *field = form_find_field (form, var);

  if (field == NULL)
    return NULL;

  return signet_xml_node_get_child_text (field, "value", SIGNET_NS_DATA_FORMS);
}

/* XEP-0004 booleans; a missing field is false, as in Kontalk. */
static gboolean
form_get_boolean (SignetXmlNode *form,
                  const char    *var)
{
  g_autofree char *value = g_strdup (form_get_value (form, var));

  if (value == NULL)
    return FALSE;

  g_strstrip (value);
  return g_ascii_strcasecmp (value, "true") == 0 || g_strcmp0 (value, "1") == 0;
}

static SignetXmlNode *
form_add_field (SignetXmlNode *form,
                const char    *var,
                const char    *type,
                const char    *label,
                const char    *value)
{
  SignetXmlNode *field = signet_xml_node_add_child (form, "field", SIGNET_NS_DATA_FORMS);

  signet_xml_node_set_attribute (field, "var", var);
  signet_xml_node_set_attribute (field, "type", type);
  if (label != NULL)
    signet_xml_node_set_attribute (field, "label", label);
  if (value != NULL)
    signet_xml_node_add_text_child (field, "value", SIGNET_NS_DATA_FORMS, value);

  return field;
}

static SignetXmlNode *
result_with_form (DevserverKontalk *self,
                  SignetXmlNode    *iq,
                  const char       *instructions,
                  const char       *form_type,
                  SignetXmlNode   **form_out)
{
  SignetXmlNode *reply = devserver_stanza_new_reply (iq, self->domain, "result");
  SignetXmlNode *query = signet_xml_node_add_child (reply, "query", SIGNET_NS_REGISTER);
  SignetXmlNode *form;

  if (instructions != NULL)
    signet_xml_node_add_text_child (query, "instructions", SIGNET_NS_REGISTER, instructions);

  form = signet_xml_node_add_child (query, "x", SIGNET_NS_DATA_FORMS);
  signet_xml_node_set_attribute (form, "type", "form");
  form_add_field (form, "FORM_TYPE", "hidden", NULL, form_type);

  *form_out = form;
  return reply;
}

/* Step 0: the instructions form ------------------------------------------- */

static void
add_challenge_options (SignetXmlNode *field)
{
  static const struct { const char *label; DevserverChallenge challenge; } options[] = {
    { "Verification code", DEVSERVER_CHALLENGE_PIN },
    { "Missed call", DEVSERVER_CHALLENGE_MISSEDCALL },
    { "Caller ID", DEVSERVER_CHALLENGE_CALLERID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      SignetXmlNode *option = signet_xml_node_add_child (field, "option", SIGNET_NS_DATA_FORMS);

      signet_xml_node_set_attribute (option, "label", options[i].label);
      signet_xml_node_add_text_child (option, "value", SIGNET_NS_DATA_FORMS,
                                      devserver_challenge_to_string (options[i].challenge));
    }
}

static SignetXmlNode *
instructions_form (DevserverKontalk *self,
                   SignetXmlNode    *iq)
{
  SignetXmlNode *form;
  SignetXmlNode *reply = result_with_form (self, iq, NULL, SIGNET_NS_REGISTER, &form);
  SignetXmlNode *phone;

  phone = form_add_field (form, "phone", "text-single", "Phone number", NULL);
  signet_xml_node_add_child (phone, "required", SIGNET_NS_DATA_FORMS);
  /* text-single, not boolean: Kontalk's quirk, kept on purpose. */
  form_add_field (form, "force", "text-single", "Force registration", NULL);
  form_add_field (form, "fallback", "boolean", "Fallback", NULL);
  add_challenge_options (form_add_field (form, "challenge", "list-single",
                                         "Challenge type", NULL));

  if (self->terms_url != NULL)
    {
      form_add_field (form, "accept-terms", "boolean", "Accept terms of service?", NULL);
      form_add_field (form, "terms", "hidden", NULL, self->terms_url);
    }

  return reply;
}

/* Device linking ------------------------------------------------------------ */

/* 40 decimal digits, as Kontalk's tokens, but from the system's CSPRNG. */
static char *
new_token (void)
{
  char *token = g_malloc0 (41);
  guint n = 0;

  while (n < 40)
    {
      guint8 bytes[64];

      if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
        g_error ("getrandom failed: %s", g_strerror (errno));
      /* 250 = 25 × 10: bytes above it would favour low digits. */
      for (gsize i = 0; i < sizeof bytes && n < 40; i++)
        if (bytes[i] < 250)
          token[n++] = '0' + bytes[i] % 10;
    }

  return token;
}

/* KontalkIqRegister: an authenticated user stores the secret key, encrypted
 * with an export password, and gets the one-time token to fetch it with. */
static SignetXmlNode *
upload_private_key (DevserverKontalk    *self,
                    const DevserverPeer *peer,
                    SignetXmlNode       *iq,
                    SignetXmlNode       *form)
{
  const char *private_key = form_get_value (form, "privatekey");
  g_autofree char *token = NULL;
  SignetXmlNode *reply;
  SignetXmlNode *result_form;
  LinkedKey *key;

  if (peer->jid == NULL)
    return error_reply (self, iq, "not-authorized", "auth", 401, TEXT_NOT_AUTHORIZED, TRUE);
  if (private_key == NULL || *private_key == '\0')
    return error_reply (self, iq, "bad-request", "modify", 400, TEXT_MALFORMED, TRUE);

  token = new_token ();
  key = g_new0 (LinkedKey, 1);
  key->jid = g_strdup (peer->jid);
  key->private_key = g_strdup (private_key);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->private_keys, g_strdup (token), key);
  g_mutex_unlock (&self->lock);

  reply = result_with_form (self, iq, NULL, DEVSERVER_NS_REGISTER_PRIVATEKEY, &result_form);
  form_add_field (result_form, "token", "text-single", NULL, token);
  return reply;
}

/* The token works once: the key is deleted as it is handed out, with the
 * server's (signed) copy of the account's public key. */
static SignetXmlNode *
retrieve_private_key (DevserverKontalk *self,
                      SignetXmlNode    *iq,
                      const char       *token)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *stolen_token = NULL;
  LinkedKey *key = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *public_base64 = NULL;
  const char *fingerprint;
  SignetXmlNode *reply, *query, *account, *private_key;

  if (!g_hash_table_steal_extended (self->private_keys, token, (gpointer *) &stolen_token, (gpointer *) &key))
    return error_reply (self, iq, "not-authorized", "auth", 401, TEXT_INVALID_TOKEN, FALSE);

  fingerprint = g_hash_table_lookup (self->registered, key->jid);
  public_key = fingerprint != NULL ? devserver_pgp_export (self->pgp, fingerprint, &error) : NULL;
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (public_key == NULL)
    {
      linked_key_free (key);
      return error_reply (self, iq, "internal-server-error", "wait", 500, TEXT_PUBKEY_FAILED, TRUE);
    }

  public_base64 = g_base64_encode (g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key));
  reply = devserver_stanza_new_reply (iq, self->domain, "result");
  query = signet_xml_node_add_child (reply, "query", SIGNET_NS_REGISTER);
  account = signet_xml_node_add_child (query, "account", DEVSERVER_NS_REGISTER_ACCOUNT);
  private_key = signet_xml_node_add_child (account, "privatekey", DEVSERVER_NS_REGISTER_ACCOUNT);
  signet_xml_node_add_text_child (private_key, "private", DEVSERVER_NS_REGISTER_ACCOUNT, key->private_key);
  signet_xml_node_add_text_child (private_key, "public", DEVSERVER_NS_REGISTER_ACCOUNT, public_base64);
  linked_key_free (key);
  return reply;
}

static SignetXmlNode *
handle_get (DevserverKontalk *self,
            SignetXmlNode    *iq,
            SignetXmlNode    *query)
{
  SignetXmlNode *account = signet_xml_node_get_child (query, "account",
                                                      DEVSERVER_NS_REGISTER_ACCOUNT);

  /* Device linking fetches a stored private key by token. */
  if (account != NULL)
    {
      SignetXmlNode *private_key = signet_xml_node_get_child (account, "privatekey", NULL);
      const char *token = private_key != NULL ?
                          signet_xml_node_get_child_text (private_key, "token", NULL) : NULL;

      if (token != NULL && *token != '\0')
        return retrieve_private_key (self, iq, token);
    }

  return instructions_form (self, iq);
}

/* Step 1: requesting a verification ---------------------------------------- */

/* One of Kontalk's throttling security providers: a number of attempts per
 * identifier, forgotten after a quiet window that every access (even a
 * refused one) extends, as Guava's expireAfterAccess does. */
static gboolean
throttle_hit (DevserverKontalk *self,
              GHashTable       *table,
              const char       *identifier,
              gint64            now)
{
  ThrottleEntry *entry = g_hash_table_lookup (table, identifier);

  if (entry != NULL && now - entry->last_access > self->throttle_window_usec)
    {
      g_hash_table_remove (table, identifier);
      entry = NULL;
    }

  if (entry == NULL)
    {
      entry = g_new0 (ThrottleEntry, 1);
      entry->attempts = 1;
      entry->last_access = now;
      g_hash_table_insert (table, g_strdup (identifier), entry);
      return FALSE;
    }

  entry->last_access = now;
  if (entry->attempts >= self->throttle_attempts)
    return TRUE;

  entry->attempts++;
  return FALSE;
}

/* Kontalk runs its security providers in order and stops at the first that
 * refuses, so a refused attempt is not counted by the later ones. */
static gboolean
security_pass (DevserverKontalk *self,
               const char       *address,
               const char       *e164)
{
  g_autofree char *prefix = g_strndup (e164 + 1, THROTTLE_PREFIX_LENGTH);
  gint64 now = g_get_monotonic_time ();

  if (self->throttle_attempts == 0)
    return TRUE;

  return !(address != NULL && throttle_hit (self, self->throttle_ip, address, now)) &&
         !throttle_hit (self, self->throttle_phone, e164, now) &&
         !throttle_hit (self, self->throttle_prefix, prefix, now);
}

static gboolean
expired (DevserverKontalk *self,
         gint64            created)
{
  return self->code_expiry_usec > 0 &&
         g_get_monotonic_time () - created > self->code_expiry_usec;
}

static gboolean
has_stored_pin (DevserverKontalk *self,
                const char       *jid)
{
  gint64 *created = g_hash_table_lookup (self->stored_pins, jid);

  if (created != NULL && expired (self, *created))
    {
      g_hash_table_remove (self->stored_pins, jid);
      created = NULL;
    }

  return created != NULL;
}

static SignetXmlNode *
verification_started (DevserverKontalk *self,
                      SignetXmlNode    *iq,
                      Provider         *provider)
{
  SignetXmlNode *form;
  SignetXmlNode *reply = result_with_form (self, iq, provider->instructions,
                                           SIGNET_NS_REGISTER, &form);

  form_add_field (form, "from", "text-single", "Sender ID", provider->sender);
  form_add_field (form, "challenge", "text-single", "Challenge type",
                  devserver_challenge_to_string (provider->type));

  /* Offer "try another way" only when not already falling back. */
  if (self->fallback_provider != NULL && provider != self->fallback_provider)
    form_add_field (form, "can-fallback", "boolean",
                    "Whether client can fallback to another method or not", "true");

  /* As in Kontalk, the brand fields exist only with a (vector) image. */
  if (self->brand_image != NULL)
    {
      form_add_field (form, "brand-image-vector", "text-single", "Brand logo (vector)", self->brand_image);
      form_add_field (form, "brand-image-small", "text-single", "Brand logo (small)", self->brand_image);
      form_add_field (form, "brand-image-medium", "text-single", "Brand logo (medium)", self->brand_image);
      form_add_field (form, "brand-image-large", "text-single", "Brand logo (large)", self->brand_image);
      form_add_field (form, "brand-image-hd", "text-single", "Brand logo (HD)", self->brand_image);
      if (self->brand_link != NULL)
        form_add_field (form, "brand-link", "text-single", "Brand link", self->brand_link);
    }

  return reply;
}

/* Called with the lock held. */
static SignetXmlNode *
start_verification (DevserverKontalk *self,
                    SignetXmlNode    *iq,
                    const char       *jid,
                    const char       *e164,
                    Provider         *provider)
{
  DevserverVerification *verification;

  /* Kontalk's PIN providers store the code keyed by user, and a second
   * insert for the same user fails as "already registered", which the
   * plugin reports as throttling. */
  if (provider->type == DEVSERVER_CHALLENGE_PIN && has_stored_pin (self, jid))
    {
      g_debug ("Verification request throttled: a PIN is pending");
      return error_reply (self, iq, "service-unavailable", "wait", 503, TEXT_THROTTLED, TRUE);
    }

  if (provider->fails)
    {
      g_debug ("Provider %s failed", devserver_challenge_to_string (provider->type));
      if (self->fallback_provider != NULL && provider != self->fallback_provider)
        return start_verification (self, iq, jid, e164, self->fallback_provider);

      return error_reply (self, iq, "not-acceptable", "modify", 406, TEXT_UNABLE, TRUE);
    }

  verification = g_new0 (DevserverVerification, 1);
  verification->jid = g_strdup (jid);
  verification->e164 = g_strdup (e164);
  verification->code = make_code (provider);
  verification->challenge = provider->type;
  verification->created = g_get_monotonic_time ();
  g_hash_table_replace (self->pending, g_strdup (jid), verification);

  if (provider->type == DEVSERVER_CHALLENGE_PIN)
    g_hash_table_replace (self->stored_pins, g_strdup (jid),
                          g_memdup2 (&verification->created, sizeof (gint64)));

  deliver_code (self, verification);
  g_debug ("Verification started with provider %s",
           devserver_challenge_to_string (provider->type));

  return verification_started (self, iq, provider);
}

static Provider *
select_provider (DevserverKontalk *self,
                 SignetXmlNode    *form)
{
  const char *challenge_text = form_get_value (form, "challenge");
  DevserverChallenge challenge;
  Provider *provider = NULL;

  /* A requested challenge wins; an unknown one is ignored. */
  if (devserver_challenge_from_string (challenge_text, FALSE, &challenge))
    provider = find_provider (self, challenge);

  if (provider == NULL)
    provider = form_get_boolean (form, "fallback") && self->fallback_provider != NULL ?
               self->fallback_provider : self->default_provider;

  return provider;
}

static SignetXmlNode *
handle_phone (DevserverKontalk    *self,
              const DevserverPeer *peer,
              SignetXmlNode       *iq,
              SignetXmlNode       *form,
              const char          *phone)
{
  g_autofree char *e164 = NULL;
  g_autofree char *jid = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  Provider *provider;

  if (self->terms_url != NULL && !form_get_boolean (form, "accept-terms"))
    return error_reply (self, iq, "bad-request", "modify", 400, TEXT_TERMS, TRUE);

  e164 = parse_e164 (phone);
  if (e164 == NULL)
    return error_reply (self, iq, "bad-request", "modify", 400, TEXT_BAD_NUMBER, TRUE);

  jid = jid_for_e164 (self, e164);
  locker = g_mutex_locker_new (&self->lock);

  /* The conflict comes before throttling and before any state is made, so
   * "conflict, then force" costs no attempt. */
  if (!form_get_boolean (form, "force") && g_hash_table_contains (self->registered, jid))
    {
      g_debug ("Verification request refused: already registered");
      return error_reply (self, iq, "conflict", "modify", 409, TEXT_CONFLICT, TRUE);
    }

  provider = select_provider (self, form);

  /* Counted once per request.  (Kontalk counts again when it retries with
   * the fallback provider; that only made the tests harder to reason
   * about.) */
  if (!security_pass (self, peer->address, e164))
    {
      g_debug ("Verification request throttled");
      return error_reply (self, iq, "service-unavailable", "wait", 503, TEXT_THROTTLED, TRUE);
    }

  return start_verification (self, iq, jid, e164, provider);
}

/* Step 2: the code, on a connection with the bridge certificate ----------- */

/* The JID a user id names: its address, which must be in this domain.
 * Kontalk reads the keyring's first user id and nothing else. */
static char *
jid_for_user_id (DevserverKontalk *self,
                 const char       *user_id)
{
  g_autofree char *email = devserver_user_id_get_email (user_id);
  const char *at = email != NULL ? strrchr (email, '@') : NULL;

  if (at == NULL || at == email || g_ascii_strcasecmp (at + 1, self->domain) != 0)
    return NULL;

  return g_strdup_printf ("%.*s@%s", (int) (at - email), email, self->domain);
}

/* What each provider's endVerification accepts. */
static gboolean
code_matches (DevserverKontalk            *self,
              const DevserverVerification *verification,
              const char                  *code)
{
  gsize length;

  switch (verification->challenge)
    {
    case DEVSERVER_CHALLENGE_PIN:
      return g_strcmp0 (code, verification->code) == 0;

    case DEVSERVER_CHALLENGE_MISSEDCALL:
      /* The caller's number ends with the digits; like CheckMobi, only the
       * last ones of what was typed count, so typing the whole number works. */
      length = strlen (verification->code);
      return code != NULL && strlen (code) >= length &&
             strcmp (code + strlen (code) - length, verification->code) == 0;

    case DEVSERVER_CHALLENGE_CALLERID:
      /* The provider saw the call (or not); any code is ignored. */
      return g_get_monotonic_time () - verification->created >= self->callerid_delay_usec;

    case DEVSERVER_CHALLENGE_NONE:
    default:
      return FALSE;
    }
}

static char *
base64_lines (const guint8 *data,
              gsize         length)
{
  g_autofree char *base64 = g_base64_encode (data, length);
  gsize base64_length = strlen (base64);
  GString *text = g_string_sized_new (base64_length + base64_length / BASE64_LINE_LENGTH + 1);

  for (gsize i = 0; i < base64_length; i += BASE64_LINE_LENGTH)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_len (text, base64 + i, MIN (BASE64_LINE_LENGTH, base64_length - i));
    }

  return g_string_free (text, FALSE);
}

static SignetXmlNode *
code_accepted (DevserverKontalk *self,
               SignetXmlNode    *iq,
               GBytes           *signed_key)
{
  g_autofree char *value = NULL;
  SignetXmlNode *form;
  SignetXmlNode *reply = result_with_form (self, iq, NULL, DEVSERVER_NS_REGISTER_CODE, &form);

  if (self->garbage_key)
    {
      g_autofree guint8 *garbage = g_malloc (GARBAGE_KEY_LENGTH);

      for (gsize i = 0; i < GARBAGE_KEY_LENGTH; i++)
        garbage[i] = (guint8) g_random_int_range (0, 256);
      value = base64_lines (garbage, GARBAGE_KEY_LENGTH);
    }
  else
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (signed_key, &length);

      value = base64_lines (data, length);
    }

  form_add_field (form, "publickey", "text-single", "Signed public key", value);
  return reply;
}

static SignetXmlNode *
handle_code (DevserverKontalk    *self,
             const DevserverPeer *peer,
             SignetXmlNode       *iq,
             SignetXmlNode       *form)
{
  const char *code = form_get_value (form, "code");
  g_autoptr(DevserverBridgeKey) key = NULL;
  g_autoptr(DevserverVerification) verification = NULL;
  g_autoptr(GBytes) signed_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *jid = NULL;

  /* Kontalk takes the public key from the TLS client certificate, never
   * from the form, and checks the key before the code. */
  if (peer->certificate == NULL)
    {
      g_debug ("Code refused: no client certificate");
      return error_reply (self, iq, "bad-request", "modify", 400, TEXT_INVALID_PUBKEY, TRUE);
    }

  key = devserver_bridge_key_from_certificate (peer->certificate, &error);
  if (key != NULL)
    jid = jid_for_user_id (self, key->user_id);
  if (jid == NULL)
    {
      g_debug ("Code refused: %s", error != NULL ? error->message : "no user id in this domain");
      return error_reply (self, iq, "bad-request", "modify", 400, TEXT_INVALID_PUBKEY, TRUE);
    }

  /* A lost request (expired, or never made) is a wrong code too. */
  verification = devserver_kontalk_dup_verification (self, jid);
  if (verification == NULL || !code_matches (self, verification, code))
    {
      g_debug ("Code refused: %s", verification == NULL ? "no pending verification" : "wrong code");
      return error_reply (self, iq, "bad-request", "modify", 400, TEXT_INVALID_CODE, TRUE);
    }

  signed_key = devserver_pgp_certify (self->pgp, key->keyring, key->fingerprint,
                                      self->no_certify ? NULL : key->user_id, &error);
  if (signed_key == NULL && g_error_matches (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_KEY))
    {
      g_debug ("Code refused: %s", error->message);
      return error_reply (self, iq, "bad-request", "modify", 400, TEXT_INVALID_PUBKEY, TRUE);
    }
  if (signed_key == NULL)
    {
      g_warning ("%s", error->message);
      return error_reply (self, iq, "internal-server-error", "wait", 500, TEXT_PGP_ERROR, TRUE);
    }

  devserver_kontalk_complete_verification (self, jid, key->fingerprint);
  g_debug ("Code accepted, key %s", self->no_certify ? "returned uncertified" : "certified");

  return code_accepted (self, iq, signed_key);
}

/* Key rollover -------------------------------------------------------------- */

static GBytes *
decode_field (SignetXmlNode *form,
              const char    *var)
{
  const char *text = form_get_value (form, var);
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  if (text == NULL || *text == '\0')
    return NULL;

  decoded = g_base64_decode (text, &length);
  return length > 0 ? g_bytes_new_take (g_steal_pointer (&decoded), length) : NULL;
}

static char *dup_account_fingerprint (DevserverKontalk *self,
                                      const char       *jid);

/* The new key's user id must be the session's JID (verifyPublicKey); the
 * certified key becomes the account's and the old one stays revoked. */
static SignetXmlNode *
rollover_continue (DevserverKontalk    *self,
                   const DevserverPeer *peer,
                   SignetXmlNode       *iq,
                   GBytes              *public_key,
                   const char          *old_fingerprint)
{
  g_autoptr(DevserverBridgeKey) key = devserver_bridge_key_from_keyring (public_key, NULL);
  g_autofree char *jid = key != NULL ? jid_for_user_id (self, key->user_id) : NULL;
  g_autoptr(GBytes) signed_key = NULL;
  g_autoptr(GError) error = NULL;

  if (jid == NULL || g_ascii_strcasecmp (jid, peer->jid) != 0)
    return error_reply (self, iq, "forbidden", "auth", 403, TEXT_INVALID_PUBKEY, FALSE);

  signed_key = devserver_pgp_certify (self->pgp, public_key, key->fingerprint, key->user_id, &error);
  if (signed_key == NULL)
    {
      g_debug ("New key refused: %s", error->message);
      return error_reply (self, iq, "bad-request", "modify", 400, TEXT_INVALID_PUBKEY, TRUE);
    }

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->registered, g_strdup (peer->jid), g_strdup (key->fingerprint));
  if (old_fingerprint != NULL)
    g_hash_table_add (self->revoked, g_ascii_strup (old_fingerprint, -1));
  g_mutex_unlock (&self->lock);
  g_debug ("Key replaced by %s", key->fingerprint);

  return code_accepted (self, iq, signed_key);
}

/* KontalkIqRegister on an authenticated session: a new key with the old
 * one revoked, checked against the account's fingerprint. */
static SignetXmlNode *
handle_rollover (DevserverKontalk    *self,
                 const DevserverPeer *peer,
                 SignetXmlNode       *iq,
                 SignetXmlNode       *form)
{
  g_autofree char *stored = dup_account_fingerprint (self, peer->jid);
  g_autoptr(GBytes) public_key = decode_field (form, "publickey");
  g_autoptr(GBytes) revoked = decode_field (form, "revoked");
  g_autoptr(GError) error = NULL;

  if (public_key == NULL || (stored != NULL && revoked == NULL))
    return error_reply (self, iq, "bad-request", "modify", 400, TEXT_MALFORMED, TRUE);

  if (stored != NULL &&
      (g_hash_table_contains (self->refuse_revocation, peer->jid) ||
       !devserver_pgp_check_revoked (self->pgp, revoked, stored, &error)))
    {
      g_debug ("Revocation refused: %s", error != NULL ? error->message : "--refuse-revocation");
      return error_reply (self, iq, "forbidden", "auth", 403, TEXT_INVALID_REVOKED, FALSE);
    }

  return rollover_continue (self, peer, iq, public_key, stored);
}

/* Whether @iq is the first key rollover of a number in @numbers (once:
 * the next rollover of that number goes through). */
static gboolean
first_rollover_of (DevserverKontalk    *self,
                   GHashTable          *numbers,
                   const DevserverPeer *peer,
                   SignetXmlNode       *iq)
{
  SignetXmlNode *query = signet_xml_node_get_child (iq, "query", SIGNET_NS_REGISTER);
  SignetXmlNode *form = query != NULL ? signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS) : NULL;

  g_autoptr(GMutexLocker) locker = NULL;

  if (form == NULL || form_get_value (form, "revoked") == NULL || peer->jid == NULL)
    return FALSE;

  locker = g_mutex_locker_new (&self->lock);
  return g_hash_table_remove (numbers, peer->jid);
}

gboolean
devserver_kontalk_drops (DevserverKontalk    *self,
                         const DevserverPeer *peer,
                         SignetXmlNode       *iq)
{
  return first_rollover_of (self, self->drop_rekey, peer, iq);
}

gboolean
devserver_kontalk_garbles (DevserverKontalk    *self,
                           const DevserverPeer *peer,
                           SignetXmlNode       *iq)
{
  return first_rollover_of (self, self->garble_rekey, peer, iq);
}

static SignetXmlNode *
handle_set (DevserverKontalk    *self,
            const DevserverPeer *peer,
            SignetXmlNode       *iq,
            SignetXmlNode       *query)
{
  SignetXmlNode *form = signet_xml_node_get_child (query, "x", SIGNET_NS_DATA_FORMS);
  const char *phone;

  if (form == NULL)
    return error_reply (self, iq, "bad-request", "modify", 400, TEXT_MALFORMED, TRUE);

  if (g_strcmp0 (form_get_value (form, "FORM_TYPE"), DEVSERVER_NS_REGISTER_PRIVATEKEY) == 0)
    return upload_private_key (self, peer, iq, form);
  if (peer->jid != NULL && form_get_value (form, "publickey") != NULL)
    return handle_rollover (self, peer, iq, form);

  /* Kontalk looks for the phone field whatever the FORM_TYPE, and takes
   * any other form for the code step (its FIXME: the FORM_TYPE is never
   * checked). */
  phone = form_get_value (form, "phone");
  if (phone != NULL)
    return handle_phone (self, peer, iq, form, phone);

  return handle_code (self, peer, iq, form);
}

SignetXmlNode *
devserver_kontalk_handle_iq (DevserverKontalk    *self,
                             const DevserverPeer *peer,
                             SignetXmlNode       *iq)
{
  SignetXmlNode *query = signet_xml_node_get_child (iq, "query", SIGNET_NS_REGISTER);
  const char *type = signet_xml_node_get_attribute (iq, "type");

  g_return_val_if_fail (query != NULL, NULL);

  if (!self->registration_enabled)
    return error_reply (self, iq, "not-allowed", "cancel", 405, TEXT_NOT_ALLOWED, TRUE);

  if (g_strcmp0 (type, "get") == 0)
    return handle_get (self, iq, query);
  if (g_strcmp0 (type, "set") == 0)
    return handle_set (self, peer, iq, query);

  return error_reply (self, iq, "bad-request", "modify", 400, TEXT_BAD_TYPE, TRUE);
}

/* XEP-0189: the server's key and the keys of its users ----------------- */

/* One line of Base64, as tigase.util.Base64 writes it. */
static SignetXmlNode *
pubkey_result (DevserverKontalk *self,
               SignetXmlNode    *iq,
               GBytes           *key)
{
  const char *to = signet_xml_node_get_attribute (iq, "to");
  SignetXmlNode *reply = devserver_stanza_new_reply (iq, to != NULL ? to : self->domain, "result");
  gsize length;
  const guint8 *data = g_bytes_get_data (key, &length);
  g_autofree char *base64 = g_base64_encode (data, length);

  signet_xml_node_add_text_child (reply, "pubkey", SIGNET_NS_PUBKEY, base64);
  return reply;
}

static char *
dup_account_fingerprint (DevserverKontalk *self,
                         const char       *jid)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_strdup (g_hash_table_lookup (self->registered, jid));
}

/* PublicKeyPublish.sendPublicKey: the key stored for an account. */
static SignetXmlNode *
user_key_reply (DevserverKontalk *self,
                SignetXmlNode    *iq,
                const char       *jid)
{
  g_autofree char *fingerprint = dup_account_fingerprint (self, jid);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;

  if (fingerprint == NULL)
    return error_reply (self, iq, "item-not-found", "cancel", 404, TEXT_PUBKEY_MISSING, TRUE);

  key = devserver_pgp_export (self->pgp, fingerprint, &error);
  if (key == NULL)
    {
      g_debug ("%s", error->message);
      return error_reply (self, iq, "internal-server-error", "wait", 500, TEXT_PUBKEY_FAILED, TRUE);
    }

  return pubkey_result (self, iq, key);
}

static char *
bare_jid (const char *jid)
{
  const char *slash = strchr (jid, '/');

  return slash != NULL ? g_strndup (jid, (gsize) (slash - jid)) : g_strdup (jid);
}

static gboolean
jid_in_domain (DevserverKontalk *self,
               const char       *jid)
{
  const char *at = strrchr (jid, '@');

  return at != NULL && g_ascii_strcasecmp (at + 1, self->domain) == 0;
}

SignetXmlNode *
devserver_kontalk_handle_pubkey (DevserverKontalk    *self,
                                 const DevserverPeer *peer,
                                 SignetXmlNode       *iq)
{
  const char *to = signet_xml_node_get_attribute (iq, "to");
  g_autofree char *to_bare = to != NULL ? bare_jid (to) : NULL;

  if (g_strcmp0 (signet_xml_node_get_attribute (iq, "type"), "get") != 0)
    return error_reply (self, iq, "bad-request", "modify", 400, TEXT_BAD_TYPE, TRUE);

  /* Addressed to the server: its key.  Kontalk first asks whether "to" is
   * the user's own JID, which Tigase answers by throwing before the login,
   * so a stream that has not logged in gets the key only by leaving "to"
   * out. */
  if (to == NULL || g_ascii_strcasecmp (to, self->domain) == 0)
    {
      if (to != NULL && peer->jid == NULL)
        return error_reply (self, iq, "not-authorized", "auth", 401, TEXT_NOT_AUTHORIZED, TRUE);

      return pubkey_result (self, iq, devserver_pgp_get_public_key (self->pgp));
    }

  /* Tigase drops a stanza for another entity from a stream that has not
   * logged in, with nothing but a log line. */
  if (peer->jid == NULL)
    {
      g_debug ("Public key request before the login dropped");
      return NULL;
    }

  if (jid_in_domain (self, to_bare))
    return user_key_reply (self, iq, to_bare);

  return error_reply (self, iq, "remote-server-not-found", "cancel", 404,
                      "No other servers are reachable from here.", FALSE);
}

/* Login: SASL EXTERNAL with the bridge certificate ------------------------- */

/* KontalkKeyring.postAuthenticate: a key other than the account's is
 * accepted only while the account's key is still valid and older than it
 * (key rollback protection).  Called without the lock. */
static gboolean
key_may_replace (DevserverKontalk         *self,
                 const char               *stored,
                 const DevserverBridgeKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_jid = NULL;
  gint64 stored_created = 0;

  if (stored == NULL || g_ascii_strcasecmp (stored, key->fingerprint) == 0)
    return TRUE;

  stored_jid = devserver_pgp_validate (self->pgp, stored, self->domain, &stored_created, &error);
  if (stored_jid == NULL)
    {
      g_debug ("Login refused: the account's key is no longer valid (%s)", error->message);
      return FALSE;
    }

  if (stored_created >= key->created)
    {
      g_debug ("Login refused: the key is not newer than the account's key");
      return FALSE;
    }

  return TRUE;
}

/* Kontalk creates the account if it is missing (the server purges idle
 * ones) and stores the fingerprint of the key that logged in. */
static gboolean
accept_login (DevserverKontalk         *self,
              const char               *jid,
              const DevserverBridgeKey *key)
{
  g_autofree char *stored = dup_account_fingerprint (self, jid);
  g_autoptr(GMutexLocker) locker = NULL;

  if (!key_may_replace (self, stored, key))
    return FALSE;

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_replace (self->registered, g_strdup (jid), g_strdup (key->fingerprint));
  return TRUE;
}

static gboolean
authzid_matches (const char *authzid,
                 const char *jid)
{
  g_autofree char *bare = NULL;

  if (authzid == NULL || *authzid == '\0')
    return TRUE;

  bare = bare_jid (authzid);
  return g_ascii_strcasecmp (bare, jid) == 0;
}

static gboolean
is_forgotten (DevserverKontalk *self,
              const char       *fingerprint)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *upper = g_ascii_strup (fingerprint, -1);

  return g_hash_table_contains (self->forgotten, upper);
}

static gboolean
is_revoked (DevserverKontalk *self,
            const char       *fingerprint)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *upper = g_ascii_strup (fingerprint, -1);

  return g_hash_table_contains (self->revoked, upper);
}

void
devserver_kontalk_forget_keys (DevserverKontalk *self)
{
  g_autofree char *line = NULL;
  GHashTableIter iter;
  gpointer fingerprint;
  guint n = 0;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->registered);
  while (g_hash_table_iter_next (&iter, NULL, &fingerprint))
    if (fingerprint != NULL)
      {
        g_hash_table_add (self->forgotten, g_ascii_strup (fingerprint, -1));
        n++;
      }
  g_mutex_unlock (&self->lock);

  line = g_strdup_printf ("FORGOTTEN %u\n", n);
  print_line (line, NULL);
}

char *
devserver_kontalk_login (DevserverKontalk    *self,
                         const DevserverPeer *peer,
                         const char          *authzid)
{
  g_autoptr(DevserverBridgeKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *jid = NULL;
  g_autofree char *line = NULL;

  if (self->refuse_login)
    {
      g_debug ("Login refused (--refuse-login)");
      return NULL;
    }

  if (peer->certificate == NULL)
    return NULL;

  key = devserver_bridge_key_from_certificate (peer->certificate, &error);
  if (key != NULL)
    email = devserver_pgp_authenticate (self->pgp, key->keyring, key->fingerprint,
                                        self->domain, &error);
  if (email == NULL)
    {
      g_debug ("Login refused: %s", error->message);
      return NULL;
    }

  jid = jid_for_user_id (self, email);
  if (jid == NULL || !authzid_matches (authzid, jid))
    {
      g_debug ("Login refused: the authorization identity is not the key's");
      return NULL;
    }

  if (is_revoked (self, key->fingerprint))
    {
      g_debug ("Login refused: the key was revoked");
      return NULL;
    }

  if (is_forgotten (self, key->fingerprint))
    {
      g_debug ("Login refused: the server no longer takes this key");
      return NULL;
    }

  if (!accept_login (self, jid, key))
    return NULL;

  line = g_strdup_printf ("LOGIN %s\n", jid);
  print_line (line, NULL);
  return g_steal_pointer (&jid);
}

/* Shared state ------------------------------------------------------------- */

DevserverVerification *
devserver_kontalk_dup_verification (DevserverKontalk *self,
                                    const char       *jid)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  DevserverVerification *verification = g_hash_table_lookup (self->pending, jid);

  if (verification == NULL)
    return NULL;

  if (expired (self, verification->created))
    {
      g_hash_table_remove (self->pending, jid);
      return NULL;
    }

  return verification_copy (verification);
}

void
devserver_kontalk_complete_verification (DevserverKontalk *self,
                                         const char       *jid,
                                         const char       *fingerprint)
{
  g_autofree char *line = NULL;
  g_autofree char *upper = NULL;
  gboolean existed;

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->pending, jid);
  g_hash_table_remove (self->stored_pins, jid);
  existed = g_hash_table_contains (self->registered, jid);
  g_hash_table_replace (self->registered, g_strdup (jid), g_strdup (fingerprint));
  upper = g_ascii_strup (fingerprint, -1);
  g_hash_table_remove (self->forgotten, upper);
  g_mutex_unlock (&self->lock);

  /* Kontalk deletes the old account first, and its removeUser sends
   * <presence type='unsubscribed'/> to every contact on its roster: one
   * line stands for all of them. */
  if (existed)
    {
      line = g_strdup_printf ("UNSUBSCRIBED %s\n", jid);
      print_line (line, NULL);
    }
}

/* The JIDs of @numbers into @jids. */
static gboolean
add_numbers (DevserverKontalk   *self,
             GHashTable         *jids,
             const char * const *numbers,
             const char         *option,
             GError            **error)
{
  for (guint i = 0; numbers != NULL && numbers[i] != NULL; i++)
    {
      g_autofree char *e164 = parse_e164 (numbers[i]);

      if (e164 == NULL)
        {
          g_set_error (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_OPTION,
                       "%s needs an E.164 number such as +15555215554", option);
          return FALSE;
        }
      g_hash_table_add (jids, jid_for_e164 (self, e164));
    }

  return TRUE;
}

static gboolean
add_registered (DevserverKontalk *self,
                const char       *number,
                GError          **error)
{
  g_autofree char *e164 = parse_e164 (number);

  if (e164 == NULL)
    {
      g_set_error (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_OPTION,
                   "--registered needs an E.164 number such as +15555215554");
      return FALSE;
    }

  g_hash_table_replace (self->registered, jid_for_e164 (self, e164), NULL);
  return TRUE;
}

static gboolean
add_provider (DevserverKontalk  *self,
              DevserverChallenge type,
              guint              failing_challenges,
              GError           **error)
{
  if (find_provider (self, type) != NULL)
    {
      g_set_error (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_OPTION,
                   "There can be only one provider of challenge type %s",
                   devserver_challenge_to_string (type));
      return FALSE;
    }

  g_ptr_array_add (self->providers, provider_new (type, failing_challenges));
  return TRUE;
}

static gboolean
setup_providers (DevserverKontalk              *self,
                 const DevserverKontalkOptions *options,
                 GError                       **error)
{
  if (!add_provider (self, options->default_challenge, options->failing_challenges, error))
    return FALSE;
  self->default_provider = g_ptr_array_index (self->providers, 0);

  if (options->fallback_challenge != DEVSERVER_CHALLENGE_NONE)
    {
      if (!add_provider (self, options->fallback_challenge, options->failing_challenges, error))
        return FALSE;
      self->fallback_provider = g_ptr_array_index (self->providers, 1);
    }

  for (guint i = 0; i < options->n_extra_challenges; i++)
    {
      if (!add_provider (self, options->extra_challenges[i], options->failing_challenges, error))
        return FALSE;
    }

  return TRUE;
}

DevserverKontalk *
devserver_kontalk_new (const DevserverKontalkOptions *options,
                       GError                       **error)
{
  g_autoptr(DevserverKontalk) self = g_new0 (DevserverKontalk, 1);

  g_return_val_if_fail (options->domain != NULL, NULL);
  g_return_val_if_fail (options->default_challenge != DEVSERVER_CHALLENGE_NONE, NULL);

  g_mutex_init (&self->lock);
  self->domain = g_strdup (options->domain);
  self->registration_enabled = options->registration_enabled;
  self->terms_url = g_strdup (options->terms_url);
  self->brand_image = g_strdup (options->brand_image);
  self->brand_link = g_strdup (options->brand_link);
  self->codes_file = g_strdup (options->codes_file);
  self->throttle_window_usec = (gint64) options->throttle_window_seconds * G_USEC_PER_SEC;
  self->throttle_attempts = options->throttle_attempts;
  self->code_expiry_usec = (gint64) options->code_expiry_seconds * G_USEC_PER_SEC;
  self->callerid_delay_usec = (gint64) options->callerid_delay_ms * G_TIME_SPAN_MILLISECOND;
  self->no_certify = options->no_certify;
  self->garbage_key = options->garbage_key;
  self->refuse_login = options->refuse_login;

  self->providers = g_ptr_array_new_with_free_func (g_free);
  self->registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->forgotten = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refuse_revocation = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drop_rekey = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->garble_rekey = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->private_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) linked_key_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) devserver_verification_free);
  self->stored_pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->throttle_ip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->throttle_phone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->throttle_prefix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!setup_providers (self, options, error))
    return NULL;

  for (guint i = 0; options->registered != NULL && options->registered[i] != NULL; i++)
    {
      if (!add_registered (self, options->registered[i], error))
        return NULL;
    }
  if (!add_numbers (self, self->refuse_revocation, options->refuse_revocation, "--refuse-revocation", error) ||
      !add_numbers (self, self->drop_rekey, options->drop_rekey, "--drop-rekey", error) ||
      !add_numbers (self, self->garble_rekey, options->garble_rekey, "--garble-rekey", error))
    return NULL;

  /* Last: the options are all good before GnuPG starts. */
  self->pgp = devserver_pgp_new (options->state_dir, options->domain, error);
  if (self->pgp == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

void
devserver_kontalk_free (DevserverKontalk *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->pgp, devserver_pgp_free);
  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->registered, g_hash_table_unref);
  g_clear_pointer (&self->forgotten, g_hash_table_unref);
  g_clear_pointer (&self->revoked, g_hash_table_unref);
  g_clear_pointer (&self->refuse_revocation, g_hash_table_unref);
  g_clear_pointer (&self->drop_rekey, g_hash_table_unref);
  g_clear_pointer (&self->garble_rekey, g_hash_table_unref);
  g_clear_pointer (&self->private_keys, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->stored_pins, g_hash_table_unref);
  g_clear_pointer (&self->throttle_ip, g_hash_table_unref);
  g_clear_pointer (&self->throttle_phone, g_hash_table_unref);
  g_clear_pointer (&self->throttle_prefix, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_free (self->domain);
  g_free (self->terms_url);
  g_free (self->brand_image);
  g_free (self->brand_link);
  g_free (self->codes_file);
  g_free (self);
}

void
devserver_kontalk_cleanup (DevserverKontalk *self)
{
  devserver_pgp_cleanup (self->pgp);
}

const char *
devserver_kontalk_get_domain (DevserverKontalk *self)
{
  return self->domain;
}

gboolean
devserver_kontalk_get_registration_enabled (DevserverKontalk *self)
{
  return self->registration_enabled;
}
