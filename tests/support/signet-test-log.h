/* signet-test-log.h: what the core logs while a test watches.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs the log writer (once, in main()): messages of the core's log
 * domains, at any level, go to the capture while one runs, else to GLib's
 * default writer. */
void       signet_test_log_capture_install (void);
void       signet_test_log_capture_start   (void);
/* Ends the capture, asserting that no message contains @forbidden (a phone
 * number, for example); returns the messages. */
GPtrArray *signet_test_log_capture_stop    (const char *forbidden);

G_END_DECLS
