/* signet-property.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-property.h"

gboolean
signet_property_set_string (GObject    *object,
                            char      **field,
                            const char *value,
                            GParamSpec *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
signet_property_set_boolean (GObject    *object,
                             gboolean   *field,
                             gboolean    value,
                             GParamSpec *pspec)
{
  value = !!value;
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
signet_property_set_date_time (GObject    *object,
                               GDateTime **field,
                               GDateTime  *value,
                               GParamSpec *pspec)
{
  if (value == NULL || (*field != NULL && g_date_time_equal (*field, value)))
    return FALSE;

  g_clear_pointer (field, g_date_time_unref);
  *field = g_date_time_ref (value);
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}
