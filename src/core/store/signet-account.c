/* signet-account.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-account.h"
#include "signet-core-enums.h"
#include "signet-property.h"

/* Attribute and record values, indexed by enum value. */
static const char * const kind_names[] = {
  [SIGNET_ACCOUNT_KIND_KONTALK] = "kontalk",
  [SIGNET_ACCOUNT_KIND_XMPP] = "xmpp",
  [SIGNET_ACCOUNT_KIND_KONTALK_PENDING] = "kontalk-pending",
  [SIGNET_ACCOUNT_KIND_CADMIUM] = "cadmium",
  [SIGNET_ACCOUNT_KIND_CADMIUM_TOKEN] = "cadmium-token",
};

const char *
signet_account_kind_to_string (SignetAccountKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;

  return kind_names[kind];
}

gboolean
signet_account_kind_from_string (const char        *string,
                                 SignetAccountKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i], string) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

/* SignetAccount */

struct _SignetAccount
{
  GObject parent_instance;

  SignetAccountKind kind;
  char              *server;
  char              *jid;
  char              *phone;
  char              *display_name;
  char              *fingerprint;
  GDateTime         *created;
  gboolean keyring_stored;
  char              *host;
  guint16 port;
  gboolean direct_tls;
  char              *trusted_sha256;
};

G_DEFINE_FINAL_TYPE (SignetAccount, signet_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SERVER,
  PROP_JID,
  PROP_PHONE,
  PROP_DISPLAY_NAME,
  PROP_FINGERPRINT,
  PROP_CREATED,
  PROP_KEYRING_STORED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
signet_account_constructed (GObject *object)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  G_OBJECT_CLASS (signet_account_parent_class)->constructed (object);

  if (self->created == NULL)
    self->created = g_date_time_new_now_utc ();
}

static void
signet_account_finalize (GObject *object)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->trusted_sha256, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);

  G_OBJECT_CLASS (signet_account_parent_class)->finalize (object);
}

static void
signet_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_KEYRING_STORED:
      g_value_set_boolean (value, self->keyring_stored);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SignetAccount *self = SIGNET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;
    case PROP_JID:
      self->jid = g_value_dup_string (value);
      break;
    case PROP_PHONE:
      signet_account_set_phone (self, g_value_get_string (value));
      break;
    case PROP_DISPLAY_NAME:
      signet_account_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_FINGERPRINT:
      signet_account_set_fingerprint (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      signet_account_set_created (self, g_value_get_boxed (value));
      break;
    case PROP_KEYRING_STORED:
      signet_account_set_keyring_stored (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_account_class_init (SignetAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags identity = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = signet_account_constructed;
  object_class->finalize = signet_account_finalize;
  object_class->get_property = signet_account_get_property;
  object_class->set_property = signet_account_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SIGNET_TYPE_ACCOUNT_KIND, SIGNET_ACCOUNT_KIND_KONTALK, identity);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, identity);
  properties[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL, identity);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_KEYRING_STORED] =
    g_param_spec_boolean ("keyring-stored", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_account_init (SignetAccount *self)
{
}

SignetAccount *
signet_account_new (SignetAccountKind kind,
                    const char       *server,
                    const char       *jid)
{
  g_return_val_if_fail (kind == SIGNET_ACCOUNT_KIND_KONTALK || kind == SIGNET_ACCOUNT_KIND_XMPP ||
                        kind == SIGNET_ACCOUNT_KIND_CADMIUM, NULL);
  g_return_val_if_fail (server != NULL && *server != '\0', NULL);
  g_return_val_if_fail (jid != NULL && *jid != '\0', NULL);

  return g_object_new (SIGNET_TYPE_ACCOUNT,
                       "kind", kind,
                       "server", server,
                       "jid", jid,
                       NULL);
}

SignetAccountKind
signet_account_get_kind (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), SIGNET_ACCOUNT_KIND_KONTALK);

  return self->kind;
}

const char *
signet_account_get_server (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->server;
}

const char *
signet_account_get_jid (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->jid;
}

const char *
signet_account_get_phone (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->phone;
}

static void
set_string (SignetAccount *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  signet_property_set_string (G_OBJECT (self), field, value, properties[prop_id]);
}

void
signet_account_set_phone (SignetAccount *self,
                          const char    *phone)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  set_string (self, &self->phone, phone, PROP_PHONE);
}

const char *
signet_account_get_display_name (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

void
signet_account_set_display_name (SignetAccount *self,
                                 const char    *display_name)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  set_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
signet_account_get_fingerprint (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->fingerprint;
}

void
signet_account_set_fingerprint (SignetAccount *self,
                                const char    *fingerprint)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  set_string (self, &self->fingerprint, fingerprint, PROP_FINGERPRINT);
}

GDateTime *
signet_account_get_created (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->created;
}

void
signet_account_set_created (SignetAccount *self,
                            GDateTime     *created)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  /* Construction passes NULL; constructed() then sets "now". */
  signet_property_set_date_time (G_OBJECT (self), &self->created, created,
                                 properties[PROP_CREATED]);
}

gboolean
signet_account_get_keyring_stored (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), FALSE);

  return self->keyring_stored;
}

void
signet_account_set_keyring_stored (SignetAccount *self,
                                   gboolean       keyring_stored)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  signet_property_set_boolean (G_OBJECT (self), &self->keyring_stored, keyring_stored,
                               properties[PROP_KEYRING_STORED]);
}

const char *
signet_account_get_host (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->host;
}

guint16
signet_account_get_port (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), 0);

  return self->port;
}

gboolean
signet_account_get_direct_tls (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), FALSE);

  return self->direct_tls;
}

const char *
signet_account_get_trusted_sha256 (SignetAccount *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (self), NULL);

  return self->trusted_sha256;
}

void
signet_account_set_connection (SignetAccount *self,
                               const char    *host,
                               guint16        port,
                               gboolean       direct_tls,
                               const char    *trusted_sha256)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT (self));

  g_free (self->host);
  self->host = host != NULL && *host != '\0' ? g_strdup (host) : NULL;
  self->port = self->host != NULL ? port : 0;
  self->direct_tls = direct_tls;
  g_free (self->trusted_sha256);
  self->trusted_sha256 = g_strdup (trusted_sha256);
}
