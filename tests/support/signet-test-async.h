/* signet-test-async.h: waiting for asynchronous results in a test.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*SignetTestPredicate) (gpointer data);

/* How long signet_test_async_wait() waits before it fails the test: far
 * longer than any call takes, short of the slowest test's own timeout.
 * Both grow by SIGNET_TEST_TIMEOUT_MULTIPLIER, which build-aux/sanitize
 * sets to the factor it gives meson's timeouts. */
#define SIGNET_TEST_ASYNC_TIMEOUT_SECONDS (120 * signet_test_timeout_multiplier ())

/* SIGNET_TEST_TIMEOUT_MULTIPLIER, 1 when unset. */
guint         signet_test_timeout_multiplier     (void);

/* GAsyncReadyCallback that stores a reference to @result in the
 * GAsyncResult * that @user_data points to. */
void          signet_test_async_callback         (GObject             *source,
                                                  GAsyncResult        *result,
                                                  gpointer             user_data);
/* Iterates the thread-default main context until *@slot is set (by
 * signet_test_async_callback()) and returns it; fails the test after
 * SIGNET_TEST_ASYNC_TIMEOUT_SECONDS. */
GAsyncResult *signet_test_async_wait             (GAsyncResult       **slot);
/* The same, adding to *@ticks one for each 10 ms timeout the context ran
 * meanwhile: a count near zero means something blocked it. */
GAsyncResult *signet_test_async_wait_ticking     (GAsyncResult       **slot,
                                                  guint               *ticks);
/* The same for any pointer that a callback or signal handler sets. */
gpointer      signet_test_async_wait_for_pointer (gpointer            *slot);
/* Iterates the thread-default main context until *@flag is set, failing the
 * test after @timeout_seconds. */
void          signet_test_async_wait_until       (gboolean            *flag,
                                                  guint                timeout_seconds);
/* Iterates it until @predicate (@data) is TRUE, failing the test after
 * @timeout_seconds; @what names what it waited for. */
void          signet_test_async_wait_for         (SignetTestPredicate  predicate,
                                                  gpointer             data,
                                                  guint                timeout_seconds,
                                                  const char          *what);

G_END_DECLS
