/* devserver-cadmium.h: signet-devserver's Cadmium mode
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @argv asks for the Cadmium mode (--cadmium). */
gboolean devserver_cadmium_requested (int    argc,
                                      char **argv);
/* Runs the Cadmium mode until SIGTERM or SIGINT; returns the exit status. */
int      devserver_cadmium_main      (int    argc,
                                      char **argv);

G_END_DECLS
