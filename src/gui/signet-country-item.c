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
#include "signet-phone.h"

struct _SignetCountryItem
{
  GObject  parent_instance;

  char    *region;
  char    *name;
  char    *label;
  char    *collate_key;
  guint    calling_code;
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
  g_clear_pointer (&self->collate_key, g_free);

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
  self->collate_key = g_utf8_collate_key (self->name, -1);

  return self;
}

static SignetCountryItem *
new_no_country (void)
{
  SignetCountryItem *self = g_object_new (SIGNET_TYPE_COUNTRY_ITEM, NULL);

  self->name = g_strdup (_("Choose a Country"));
  self->label = g_strdup (self->name);
  self->collate_key = g_strdup ("");

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
