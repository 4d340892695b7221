/* signet-bench.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "signet-bench.h"

void
signet_bench_mark (const char *phase)
{
  static gsize enabled = 0;

  if (g_once_init_enter (&enabled))
    g_once_init_leave (&enabled, g_strcmp0 (g_getenv ("SIGNET_BENCH"), "1") == 0 ? 2 : 1);

  if (enabled != 2)
    return;

  /* One write per line, so that marks from several threads stay whole. */
  fprintf (stderr, "MARK %s %" G_GINT64_FORMAT "\n", phase, g_get_monotonic_time ());
}
