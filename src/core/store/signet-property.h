/* signet-property.h: setters that notify only on change (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Each stores @value in *@field and notifies @pspec on @object, unless
 * *@field already equals @value.  Returns whether it changed. */
gboolean signet_property_set_string    (GObject     *object,
                                        char       **field,
                                        const char  *value,
                                        GParamSpec  *pspec);
gboolean signet_property_set_boolean   (GObject     *object,
                                        gboolean    *field,
                                        gboolean     value,
                                        GParamSpec  *pspec);
/* A NULL @value is ignored: construction passes NULL when no time is given. */
gboolean signet_property_set_date_time (GObject     *object,
                                        GDateTime  **field,
                                        GDateTime   *value,
                                        GParamSpec  *pspec);

G_END_DECLS
