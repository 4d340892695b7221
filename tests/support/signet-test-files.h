/* signet-test-files.h: files and folders the tests make and check.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and, if it is a folder (not a link to one), all under it. */
void signet_test_rm_rf       (const char *path);
/* @path's permission bits are @mode (0600, say). */
void signet_test_assert_mode (const char *path,
                              guint       mode);

G_END_DECLS
