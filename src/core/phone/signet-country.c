/* signet-country.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Localized country names from iso-codes: the English names come from its
 * JSON table, their translations from its "iso_3166-1" gettext domain. */

#include "config.h"

#include <libintl.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "signet-phone.h"

#define ISO_3166_DOMAIN "iso_3166-1"

#ifndef ISO_CODES_PREFIX
#define ISO_CODES_PREFIX "/usr"
#endif

/* Regions libphonenumber has and ISO 3166-1 does not. */
static const struct {
  const char *code;
  const char *name;
} extra_regions[] = {
  { "AC", N_("Ascension Island") },
  { "TA", N_("Tristan da Cunha") },
  { "XK", N_("Kosovo") },
};

static void
add_country (GHashTable *names,
             JsonObject *country)
{
  const char *code = json_object_get_string_member_with_default (country, "alpha_2", NULL);
  const char *name;

  /* "Bolivia" reads better in a list than "Bolivia, Plurinational State of",
   * and iso-codes translates both. */
  name = json_object_get_string_member_with_default (country, "common_name", NULL);
  if (name == NULL)
    name = json_object_get_string_member_with_default (country, "name", NULL);

  if (code != NULL && name != NULL)
    g_hash_table_insert (names, g_strdup (code), g_strdup (name));
}

/* Region code → untranslated name.  Translation happens on every lookup so
 * that names follow the current LC_MESSAGES. */
static GHashTable *
load_names (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *countries;

  path = g_build_filename (ISO_CODES_PREFIX, "share", "iso-codes", "json", "iso_3166-1.json",
                           NULL);
  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_warning ("Could not read the country names in %s: %s", path, error->message);
      return g_steal_pointer (&names);
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "3166-1")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "3166-1")))
    {
      g_warning ("Unexpected contents in %s", path);
      return g_steal_pointer (&names);
    }

  countries = json_object_get_array_member (json_node_get_object (root), "3166-1");

  for (guint i = 0; i < json_array_get_length (countries); i++)
    {
      JsonNode *node = json_array_get_element (countries, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_country (names, json_node_get_object (node));
    }

  return g_steal_pointer (&names);
}

static gpointer
init_names (gpointer data)
{
  g_autofree char *localedir = g_build_filename (ISO_CODES_PREFIX, "share", "locale", NULL);

  bindtextdomain (ISO_3166_DOMAIN, localedir);
  /* Whatever the locale's codeset, GTK wants UTF-8. */
  bind_textdomain_codeset (ISO_3166_DOMAIN, "UTF-8");

  return load_names ();
}

static GHashTable *
get_names (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, init_names, NULL);
}

char *
signet_country_get_name (const char *region)
{
  g_autofree char *code = NULL;
  const char *name;

  g_return_val_if_fail (region != NULL, g_strdup (""));

  code = g_ascii_strup (region, -1);

  name = g_hash_table_lookup (get_names (), code);
  if (name != NULL)
    return g_strdup (dgettext (ISO_3166_DOMAIN, name));

  for (gsize i = 0; i < G_N_ELEMENTS (extra_regions); i++)
    {
      if (g_str_equal (code, extra_regions[i].code))
        return g_strdup (_(extra_regions[i].name));
    }

  return g_steal_pointer (&code);
}
