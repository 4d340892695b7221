/* signet-module.h: parts of the core opened when first used (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIGNET_MODULE_ERROR (signet_module_error_quark ())

typedef enum
{
  /* The module's file is missing, cannot be opened, or is of another build. */
  SIGNET_MODULE_ERROR_MISSING,
} SignetModuleError;

GQuark        signet_module_error_quark (void);

/* The name of the one symbol each module exports: a function that takes
 * the ABI version its caller was built with and returns the module's table
 * of functions, or NULL when it was built with another. */
#define SIGNET_MODULE_TABLE_SYMBOL "signet_module_get_table"

typedef gconstpointer (*SignetModuleGetTable) (guint abi);

/* The table of module @name ("signet-http" for signet-http.so), opened on
 * the first call from any thread and kept for the life of the process.
 * Modules are looked for in $SIGNET_MODULE_DIR when it is set, in the build
 * tree when the program runs from it, else where they are installed. */
gconstpointer signet_module_get       (const char *name,
                                       guint       abi,
                                       GError    **error);

/* Whether module @name was opened already: for the benchmarks and tests
 * that check what starting up loads. */
gboolean      signet_module_is_loaded (const char *name);

G_END_DECLS
