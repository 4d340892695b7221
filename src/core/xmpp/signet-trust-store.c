/* signet-trust-store.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Which server certificates a person chose to trust, beyond what the system
 * trusts: one SHA-256 fingerprint per server domain, pinned in the settings
 * or trusted for this run only (a command-line option, a sign-up resumed
 * with the certificate it was started with).  Domains compare without
 * case; fingerprints are kept in the form SignetConnection compares. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "signet-trust-store.h"

#define SETTINGS_SCHEMA "im.signet.Signet"
#define PINNED_KEY "pinned-certificates"

struct _SignetTrustStore
{
  GObject parent_instance;

  GSettings  *settings;
  /* Pins when there are no settings, and temporary trust; by lowercase
   * domain. */
  GHashTable *pinned;
  GHashTable *temporary;
};

G_DEFINE_FINAL_TYPE (SignetTrustStore, signet_trust_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (signet-trust-store-error-quark, signet_trust_store_error)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
signet_trust_store_dispose (GObject *object)
{
  SignetTrustStore *self = (SignetTrustStore *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_trust_store_parent_class)->dispose (object);
}

static void
signet_trust_store_finalize (GObject *object)
{
  SignetTrustStore *self = (SignetTrustStore *) object;

  g_clear_pointer (&self->pinned, g_hash_table_unref);
  g_clear_pointer (&self->temporary, g_hash_table_unref);

  G_OBJECT_CLASS (signet_trust_store_parent_class)->finalize (object);
}

static void
signet_trust_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetTrustStore *self = SIGNET_TRUST_STORE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SignetTrustStore *self = SIGNET_TRUST_STORE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_trust_store_class_init (SignetTrustStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_trust_store_dispose;
  object_class->finalize = signet_trust_store_finalize;
  object_class->get_property = signet_trust_store_get_property;
  object_class->set_property = signet_trust_store_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_trust_store_init (SignetTrustStore *self)
{
  self->pinned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->temporary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * signet_trust_store_new:
 * @settings: (nullable): settings with the "pinned-certificates" key, of
 *   type a{ss}
 *
 * Returns: (transfer full): a new #SignetTrustStore
 */
SignetTrustStore *
signet_trust_store_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (SIGNET_TYPE_TRUST_STORE, "settings", settings, NULL);
}

/**
 * signet_trust_store_new_default:
 *
 * A command-line tool or a test may run where Signet's schema is not
 * installed, and g_settings_new() aborts then: without it, pins last as
 * long as the store.
 *
 * Returns: (transfer full): a new #SignetTrustStore
 */
SignetTrustStore *
signet_trust_store_new_default (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, PINNED_KEY))
    settings = g_settings_new_full (schema, NULL, NULL);

  return signet_trust_store_new (settings);
}

/**
 * signet_trust_store_get_settings:
 *
 * Returns: (transfer none) (nullable): where pins are saved
 */
GSettings *
signet_trust_store_get_settings (SignetTrustStore *self)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_STORE (self), NULL);

  return self->settings;
}

char *
signet_trust_store_dup_pinned (SignetTrustStore *self,
                               const char       *domain)
{
  g_autofree char *key = NULL;
  g_autoptr(GVariant) pinned = NULL;
  const char *sha256 = NULL;

  g_return_val_if_fail (SIGNET_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  key = g_ascii_strdown (domain, -1);
  if (self->settings == NULL)
    return g_strdup (g_hash_table_lookup (self->pinned, key));

  pinned = g_settings_get_value (self->settings, PINNED_KEY);
  if (!g_variant_lookup (pinned, key, "&s", &sha256))
    return NULL;

  /* Whatever a hand-edited setting holds, hand out the form a connection
   * compares, or nothing. */
  return signet_certificate_normalize_sha256 (sha256);
}

char *
signet_trust_store_dup_trusted (SignetTrustStore *self,
                                const char       *domain)
{
  g_autofree char *key = NULL;
  const char *sha256;

  g_return_val_if_fail (SIGNET_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  key = g_ascii_strdown (domain, -1);
  sha256 = g_hash_table_lookup (self->temporary, key);
  if (sha256 != NULL)
    return g_strdup (sha256);

  return signet_trust_store_dup_pinned (self, domain);
}

static void
save_pin (GSettings  *settings,
          const char *key,
          const char *sha256)
{
  g_autoptr(GVariant) pinned = g_settings_get_value (settings, PINNED_KEY);
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

  g_settings_set_value (settings, PINNED_KEY, g_variant_builder_end (&builder));
}

/* Trusts @sha256 for @domain in @table, or pins it in the settings when
 * @table is %NULL; @sha256 %NULL forgets what @table holds. */
static gboolean
remember (SignetTrustStore *self,
          GHashTable       *table,
          const char       *domain,
          const char       *sha256,
          GError          **error)
{
  g_autofree char *key = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (SIGNET_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (domain != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = g_ascii_strdown (domain, -1);
  normalized = signet_certificate_normalize_sha256 (sha256);
  if (sha256 != NULL && normalized == NULL)
    {
      g_set_error (error, SIGNET_TRUST_STORE_ERROR, SIGNET_TRUST_STORE_ERROR_INVALID_FINGERPRINT,
                   _("A certificate fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits."));
      return FALSE;
    }

  if (table == NULL)
    save_pin (self->settings, key, normalized);
  else if (normalized == NULL)
    g_hash_table_remove (table, key);
  else
    g_hash_table_replace (table, g_steal_pointer (&key), g_steal_pointer (&normalized));

  return TRUE;
}

/**
 * signet_trust_store_pin:
 * @domain: a server's XMPP domain
 * @sha256: a SHA-256 fingerprint in any form
 *   signet_certificate_normalize_sha256() accepts
 *
 * Returns: %TRUE if @sha256 is a SHA-256 fingerprint and was pinned
 */
gboolean
signet_trust_store_pin (SignetTrustStore *self,
                        const char       *domain,
                        const char       *sha256,
                        GError          **error)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  return remember (self, self->settings != NULL ? NULL : self->pinned, domain, sha256, error);
}

/**
 * signet_trust_store_trust_temporarily:
 * @domain: a server's XMPP domain
 * @sha256: (nullable): a SHA-256 fingerprint in any form
 *   signet_certificate_normalize_sha256() accepts, or %NULL
 *
 * A fingerprint trusted this way wins over a pinned one.
 *
 * Returns: %TRUE unless @sha256 is set and not a SHA-256 fingerprint
 */
gboolean
signet_trust_store_trust_temporarily (SignetTrustStore *self,
                                      const char       *domain,
                                      const char       *sha256,
                                      GError          **error)
{
  g_return_val_if_fail (SIGNET_IS_TRUST_STORE (self), FALSE);

  return remember (self, self->temporary, domain, sha256, error);
}

/**
 * signet_trust_store_apply:
 *
 * Call before signet_connection_connect_async().  Leaves @connection's
 * trusted fingerprint alone when nothing is trusted for its domain.
 */
void
signet_trust_store_apply (SignetTrustStore *self,
                          SignetConnection *connection)
{
  g_autofree char *sha256 = NULL;

  g_return_if_fail (SIGNET_IS_TRUST_STORE (self));
  g_return_if_fail (SIGNET_IS_CONNECTION (connection));

  sha256 = signet_trust_store_dup_trusted (self, signet_connection_get_domain (connection));
  if (sha256 != NULL)
    signet_connection_set_trusted_sha256 (connection, sha256);
}
