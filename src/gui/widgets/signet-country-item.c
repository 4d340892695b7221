/* signet-country-item.c: one row of the country list.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-country-item.h"
#include "signet-core.h"

struct _SignetCountryItem
{
  GObject parent_instance;

  char    *region;
  char    *name;
  char    *label;
  char    *display_label;
  char    *collate_key;
  /* The name folded for searching: lower case, without accents. */
  char    *search_key;
  guint calling_code;
  /* Whether libphonenumber takes a bare "+CC" for this country: Italy
   * for +39, not the Vatican. */
  gboolean main_for_code;
};

G_DEFINE_FINAL_TYPE (SignetCountryItem, signet_country_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGION,
  PROP_NAME,
  PROP_CALLING_CODE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
signet_country_item_finalize (GObject *object)
{
  SignetCountryItem *self = (SignetCountryItem *) object;

  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->display_label, g_free);
  g_clear_pointer (&self->collate_key, g_free);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (signet_country_item_parent_class)->finalize (object);
}

static void
signet_country_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetCountryItem *self = SIGNET_COUNTRY_ITEM (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CALLING_CODE:
      g_value_set_uint (value, self->calling_code);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_country_item_class_init (SignetCountryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_country_item_finalize;
  object_class->get_property = signet_country_item_get_property;

  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALLING_CODE] =
    g_param_spec_uint ("calling-code", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_country_item_init (SignetCountryItem *self)
{
}

/* Lower case and without accents, so that "turk" finds "Türkiye" and
 * "reunion" "Réunion". */
static char *
fold_for_search (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  g_autoptr(GString) bare = g_string_new (NULL);

  if (decomposed == NULL)
    return g_strdup ("");

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, -1);
}

/* "+39" isolated left to right inside @label: in a right-to-left
 * language the "+" would otherwise land after the digits. */
static char *
isolate_code (const char *label,
              guint       calling_code)
{
  g_autofree char *code = g_strdup_printf ("+%u", calling_code);
  const char *at = strstr (label, code);

  if (at == NULL)
    return g_strdup (label);

  return g_strdup_printf ("%.*s\u2066%s\u2069%s", (int) (at - label), label, code, at + strlen (code));
}

SignetCountryItem *
signet_country_item_new (const char *region)
{
  SignetCountryItem *self;

  g_return_val_if_fail (region != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_COUNTRY_ITEM, NULL);
  self->region = g_ascii_strup (region, -1);
  self->name = signet_country_get_name (region);
  self->calling_code = signet_phone_region_get_country_code (region);
  /* Translators: a country in the country list, e.g. "Italy (+39)". */
  self->label = g_strdup_printf (C_("country", "%s (+%u)"), self->name, self->calling_code);
  self->display_label = isolate_code (self->label, self->calling_code);
  self->collate_key = g_utf8_collate_key (self->name, -1);
  self->search_key = fold_for_search (self->name);
  if (self->calling_code != 0)
    {
      g_autofree char *prefix = g_strdup_printf ("+%u", self->calling_code);
      g_autofree char *guess = signet_phone_guess_region (prefix);

      self->main_for_code = g_strcmp0 (guess, self->region) == 0;
    }

  return self;
}

static SignetCountryItem *
new_no_country (void)
{
  SignetCountryItem *self = g_object_new (SIGNET_TYPE_COUNTRY_ITEM, NULL);

  self->name = g_strdup (_("Choose a Country"));
  self->label = g_strdup (self->name);
  self->display_label = g_strdup (self->name);
  self->collate_key = g_strdup ("");
  self->search_key = g_strdup ("");

  return self;
}

const char *
signet_country_item_get_region (SignetCountryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_COUNTRY_ITEM (self), NULL);

  return self->region;
}

const char *
signet_country_item_get_name (SignetCountryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_COUNTRY_ITEM (self), NULL);

  return self->name;
}

guint
signet_country_item_get_calling_code (SignetCountryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_COUNTRY_ITEM (self), 0);

  return self->calling_code;
}

const char *
signet_country_item_get_label (SignetCountryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_COUNTRY_ITEM (self), NULL);

  return self->label;
}

const char *
signet_country_item_get_display_label (SignetCountryItem *self)
{
  g_return_val_if_fail (SIGNET_IS_COUNTRY_ITEM (self), NULL);

  return self->display_label;
}

/* Whether @c starts a word of a name: "gui" finds "Papua New Guinea". */
static gboolean
starts_word (const char *key,
             const char *at)
{
  gunichar before;

  if (at == key)
    return TRUE;

  before = g_utf8_get_char (g_utf8_prev_char (at));
  return !g_unichar_isalnum (before);
}

gboolean
signet_country_item_match (SignetCountryItem *self,
                           const char        *query,
                           guint             *rank)
{
  g_autofree char *folded = NULL;
  const char *p;
  guint best = G_MAXUINT;

  g_return_val_if_fail (SIGNET_IS_COUNTRY_ITEM (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  if (self->region == NULL)
    return FALSE;

  /* "+39", "39" and "0039" are calling codes. */
  folded = g_strstrip (fold_for_search (query));
  p = folded;
  if (*p == '+')
    p++;
  else if (g_str_has_prefix (p, "00"))
    p += 2;
  while (*p == ' ')
    p++;
  if (*p == '\0')
    {
      best = 0;
    }
  else if (strspn (p, "0123456789") == strlen (p))
    {
      g_autofree char *code = g_strdup_printf ("%u", self->calling_code);

      if (g_str_equal (code, p))
        best = self->main_for_code ? 0 : 1;
      else if (g_str_has_prefix (code, p))
        best = 2;
    }
  else
    {
      /* The start of the name first, then the start of a word, then
       * anywhere: "ger" gives Germany before Algeria and Niger. */
      for (const char *at = strstr (self->search_key, folded); at != NULL;
           at = strstr (g_utf8_next_char (at), folded))
        {
          guint r = at == self->search_key ? 0 : starts_word (self->search_key, at) ? 1 : 2;

          best = MIN (best, r);
        }
    }

  if (rank != NULL)
    *rank = best;

  return best != G_MAXUINT;
}

gint
signet_country_item_compare (SignetCountryItem *a,
                             SignetCountryItem *b)
{
  return strcmp (a->collate_key, b->collate_key);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SignetCountryItem *item_a = *(SignetCountryItem * const *) a;
  const SignetCountryItem *item_b = *(SignetCountryItem * const *) b;

  return strcmp (item_a->collate_key, item_b->collate_key);
}

GListModel *
signet_country_item_list_new (void)
{
  g_autoptr(GListStore) store = g_list_store_new (SIGNET_TYPE_COUNTRY_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) regions = signet_phone_get_regions ();

  for (guint i = 0; regions != NULL && regions[i] != NULL; i++)
    {
      /* "001" and friends are non-geographic entities, not countries. */
      if (!g_ascii_isalpha (regions[i][0]))
        continue;
      g_ptr_array_add (items, signet_country_item_new (regions[i]));
    }

  g_ptr_array_sort_with_data (items, compare_items, NULL);
  /* For a locale without a region: type the number with "+". */
  g_ptr_array_insert (items, 0, new_no_country ());
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

guint
signet_country_item_list_find (GListModel *list,
                               const char *region)
{
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (list), G_MAXUINT);

  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SignetCountryItem) item = g_list_model_get_item (list, i);

      if (region == NULL ? item->region == NULL
                         : item->region != NULL && g_ascii_strcasecmp (item->region, region) == 0)
        return i;
    }

  return G_MAXUINT;
}
